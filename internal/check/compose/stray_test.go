package compose

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/guidec/guidec/internal/guide/yamlpos"
	"github.com/guidec/guidec/internal/snippet"
	"github.com/guidec/guidec/internal/testenv"
)

// findingLines runs the checker on guide and returns the lines of its
// findings of code.
func findingLines(guide, code string) []int {
	_, snips := testenv.ScanGuide("guide.md", []byte(guide))
	var lines []int
	for _, d := range runChecker(snips) {
		if d.Code == code {
			lines = append(lines, d.Start().Line)
		}
	}
	return lines
}

func TestStrayServices(t *testing.T) {
	fence := func(title string, lines ...string) string {
		return "```yaml {title=\"" + title + "\"}\n" + strings.Join(lines, "\n") + "\n```\n"
	}
	for _, c := range []struct {
		name, guide string
		want        string // lines of compose-unknown-key findings
	}{
		{"services: deleted above one service", fence("compose.yml", "  app:", "    image: 'nginx'", "    environment:", "      A: 'b'"), "[2]"},
		{"services: deleted above two services", fence("docker-compose.yaml", "  app:", "    image: 'nginx'", "  db:", "    image: 'postgres'", "    restart: 'always'"), "[2 4]"},
		{"two unindented services", fence("compose.yml", "app:", "  image: 'nginx'", "db:", "  command: ['run']"), "[2 4]"},
		{"four spaces", fence("compose.override.yml", "    web:", "        build: '.'", "        ports:", "          - '80:80'"), "[2]"},
		{"in a list item", "1. Write:\n\n   ```yaml {title=\"compose.yml\"}\n     app:\n       depends_on: ['db']\n       container_name: 'app'\n   ```\n", "[4]"},
		// Quiet.
		{"an excerpt of one service", fence("compose.yml", "app:", "  image: 'nginx'", "  environment:", "    A: 'b'"), "[]"},
		{"services to add to the guide's compose.yml", fence("compose.yml", "services:", "  proxy:", "    image: 'traefik'") + "\nAdd:\n\n" + fence("compose.yml", "  app:", "    image: 'nginx'"), "[]"},
		{"not titled as a Compose file", fence("values.yaml", "  app:", "    image: 'nginx'"), "[]"},
		{"labels alone", fence("compose.yml", "traefik.enable: 'true'", "traefik.http.routers.a.rule: 'Host(`a`)'"), "[]"},
		{"mappings that are no services", fence("compose.yml", "  app:", "    url: 'x'", "    image: 'y'"), "[]"},
		{"only keys top-level entries share", fence("compose.yml", "  a:", "    networks: {}", "  b:", "    volumes: {}"), "[]"},
		{"a Kubernetes manifest", fence("compose.yml", "apiVersion: v1", "kind: Pod", "spec:", "  image: x"), "[]"},
	} {
		if got := fmt.Sprint(findingLines(c.guide, "compose-unknown-key")); got != c.want {
			t.Errorf("%s: findings on lines %s, want %s", c.name, got, c.want)
		}
	}
}

func TestReferences(t *testing.T) {
	svc := func(lines ...string) string {
		return "```yaml {title=\"compose.yml\"}\nservices:\n  app:\n" + strings.Join(lines, "\n") + "\n```\n"
	}
	for _, c := range []struct {
		name, guide string
		want        string
	}{
		{"environment: deleted under image", svc("    image: nginx:1.27", "      - A=B", "      - C=D"), "[4]"},
		{"ports: deleted under container_name", svc("    container_name: app", "      - '80:80'"), "[4]"},
		{"volumes: deleted under hostname", svc("    hostname: app.example.com", "      - ./data:/data"), "[4]"},
		{"a blank in a quoted image", svc("    image: 'nginx latest'"), "[4]"},
		{"capitals in an image", svc("    image: Nginx"), "[4]"},
		{"a container name with a blank", svc("    container_name: 'my app'"), "[4]"},
		{"a hostname with an underscore", svc("    hostname: 'my_host'"), "[4]"},
		{"a blank beside a shortcode", svc(`    image: 'nginx:{{< sitevar name="v" nojs="1" >}} - A=B'`), "[4]"},
		// Quiet.
		{"valid", svc("    image: 'ghcr.io/a/b:1.2@sha256:"+strings.Repeat("a", 64)+"'", "    container_name: 'a_b.c-1'", "    hostname: 'a-1.example.com'"), "[]"},
		{"interpolated", svc("    image: '${REGISTRY:-docker.io}/app:${TAG}'", "    container_name: '$NAME'"), "[]"},
		{"a shortcode", svc(`    container_name: '{{< sitevar name="host" nojs="authelia" >}}'`), "[]"},
		{"a registry with a port", svc("    image: 'localhost:5000/app'"), "[]"},
	} {
		if got := fmt.Sprint(findingLines(c.guide, "compose-invalid")); got != c.want {
			t.Errorf("%s: findings on lines %s, want %s", c.name, got, c.want)
		}
	}
}

// TestStrayServiceMutations deletes the services: line of generated
// Compose files (one to three services, indented by two or four, keys
// from the service vocabulary, the fence plain or in a list item) and of
// every corpus and novel Compose snippet that starts with it, and
// requires a finding on the first service's line. It also deletes the
// line of a list key (environment, ports, volumes…) that follows a plain
// image, container_name or hostname, whose items then fold into that
// value, and requires a finding on the value's line.
func TestStrayServiceMutations(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	var strays, folds tally
	try := func(c *tally, guide string, del, want int, code, what string) {
		lines := strings.SplitAfter(guide, "\n")
		mutated := strings.Join(append(append([]string{}, lines[:del-1]...), lines[del:]...), "")
		got := findingLines(mutated, code)
		ok := false
		for _, l := range got {
			ok = ok || l == want
		}
		c.add(ok, fmt.Sprintf("%s: deleting line %d, want %s on %d, got %v", what, del, code, want, got))
	}
	// Generated files.
	keys := [][]string{{"image: 'nginx'"}, {"build: '.'"}, {"environment:", "  A: 'b'"}, {"ports:", "  - '80:80'"}, {"command: ['run']"}, {"container_name: 'app'"}, {"restart: 'always'"}, {"depends_on: ['db']"}, {"volumes:", "  - './a:/a'"}}
	for n := 1; n <= 3; n++ {
		for _, ind := range []string{"  ", "    "} {
			for _, item := range []bool{false, true} {
				for ki := range keys {
					var body []string
					body = append(body, "services:")
					for s := 0; s < n; s++ {
						body = append(body, fmt.Sprintf("%ssvc-%d:", ind, s))
						for _, k := range [][]string{keys[ki], keys[(ki+s+1)%len(keys)]} {
							for _, l := range k {
								body = append(body, ind+ind+l)
							}
						}
					}
					pre, fi := "# Guide\n\n", ""
					if item {
						pre, fi = "# Guide\n\n1. Write:\n\n", "   "
					}
					g := pre + fi + "```yaml {title=\"compose.yml\"}\n" + fi + strings.Join(body, "\n"+fi) + "\n" + fi + "```\n"
					first := strings.Count(pre, "\n") + 2
					try(&strays, g, first, first, "compose-unknown-key", fmt.Sprintf("generated %d×%q item=%v %v", n, ind, item, keys[ki]))
				}
			}
		}
	}
	for _, scalar := range []string{"image: nginx:1.27", "container_name: app", "hostname: app"} {
		for _, list := range [][]string{{"environment:", "  - A=B", "  - C=D"}, {"ports:", "  - '80:80'"}, {"volumes:", "  - ./a:/a"}, {"command:", "  - run"}, {"dns:", "  - 1.1.1.1"}} {
			body := []string{"services:", "  app:", "    " + scalar}
			for _, l := range list {
				body = append(body, "    "+l)
			}
			g := "# Guide\n\n```yaml {title=\"compose.yml\"}\n" + strings.Join(body, "\n") + "\n```\n"
			try(&folds, g, 7, 6, "compose-invalid", fmt.Sprintf("generated %s + %s", scalar, list[0]))
		}
	}
	// The corpus's and the novel guides' Compose snippets.
	var paths []string
	for _, dir := range []string{testenv.CorpusIfPresent(t), filepath.Join("..", "..", "..", "tests", "testdata", "novel")} {
		if dir == "" {
			continue
		}
		g, _ := filepath.Glob(filepath.Join(dir, "*", "index.md"))
		paths = append(paths, g...)
	}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		content := string(b)
		_, snips := testenv.ScanGuide(p, b)
		for _, s := range snips {
			if !yamlish(s) || !composeTitle.MatchString(strings.ToLower(s.FileName())) {
				continue
			}
			for _, root := range mappingRoots(s.ParseYAML()) {
				if !isCompose(s, root) {
					continue
				}
				svc := yamlpos.Deref(mapValue(root, "services"))
				if svc == nil || svc.Kind != yaml.MappingNode || len(svc.Content) == 0 {
					continue
				}
				// services: alone at the top, on the snippet's first line.
				if len(root.Content) == 2 && root.Content[0].Line == 1 && otherComposeTitled(s, snips) == 0 {
					del := guideLine(content, s, root.Content[0])
					try(&strays, content, del, del, "compose-unknown-key", filepath.Base(filepath.Dir(p)))
				}
				for i := 1; i < len(svc.Content); i += 2 {
					m := yamlpos.Deref(svc.Content[i])
					if m == nil || m.Kind != yaml.MappingNode {
						continue
					}
					for j := 0; j+3 < len(m.Content); j += 2 {
						k, v, nk, nv := m.Content[j], m.Content[j+1], m.Content[j+2], m.Content[j+3]
						if (k.Value != "image" && k.Value != "container_name" && k.Value != "hostname") || v.Style != 0 || v.Tag != "!!str" ||
							nv.Kind != yaml.SequenceNode || len(nv.Content) == 0 || nv.Content[0].Kind != yaml.ScalarNode || nk.Line != v.Line+1 || nv.Content[0].Line != nk.Line+1 {
							continue
						}
						try(&folds, content, guideLine(content, s, nk), guideLine(content, s, v), "compose-invalid", fmt.Sprintf("%s: %s + %s", filepath.Base(filepath.Dir(p)), k.Value, nk.Value))
					}
				}
			}
		}
	}
	strays.check(t, "services: deleted", 150, 0.95)
	folds.check(t, "a list key deleted under a scalar", 15, 0.95)
}

// otherComposeTitled counts the snippets of snips other than s titled as
// s is.
func otherComposeTitled(s *snippet.Snippet, snips []*snippet.Snippet) int {
	n := 0
	for _, o := range snips {
		if o != s && strings.EqualFold(o.FileName(), s.FileName()) {
			n++
		}
	}
	return n
}

// guideLine is the guide line of node n of snippet s.
func guideLine(content string, s *snippet.Snippet, n *yaml.Node) int {
	sp := s.GuideSpan(nodeSpan(s, n))
	return strings.Count(content[:sp.Start], "\n") + 1
}

// tally counts mutations made and found.
type tally struct {
	n, found int
	misses   []string
}

func (c *tally) add(ok bool, miss string) {
	c.n++
	if ok {
		c.found++
	} else {
		c.misses = append(c.misses, miss)
	}
}

func (c *tally) check(t *testing.T, what string, minN int, share float64) {
	t.Helper()
	t.Logf("%s: found %d of %d", what, c.found, c.n)
	for _, m := range c.misses {
		t.Logf("MISS %s", m)
	}
	if c.n < minN || float64(c.found) < share*float64(c.n) {
		t.Errorf("%s: found %d of %d, want ≥ %.0f%% of ≥ %d", what, c.found, c.n, 100*share, minN)
	}
}

// FuzzBadName checks that any value of any key is judged without a
// panic, and that a value with a blank outside what is filled in is
// never valid.
func FuzzBadName(f *testing.F) {
	for _, s := range []string{"nginx", "nginx - A=B", "{{< sitevar >}}", "${A} b", "a_b", "-x", strings.Repeat("a.", 200)} {
		f.Add("image", s)
		f.Add("container_name", s)
		f.Add("hostname", s)
	}
	f.Fuzz(func(t *testing.T, key, value string) {
		why := badName(key, value)
		if (key == "image" || key == "container_name" || key == "hostname") && !strings.Contains(value, "$") && !strings.Contains(value, "{{") && strings.Contains(value, " ") && why == "" {
			t.Errorf("%s %q: valid", key, value)
		}
	})
}
