package compose

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/guidec/guidec/internal/guide/yamlpos"
	"github.com/guidec/guidec/internal/testenv"
)

// mark is where a case expects a finding: the test removes it from the
// snippet and expects the finding's start at its place in the guide.
const mark = "⟦"

// defects are Compose snippets with one defect each (or none); mark shows
// where the finding must start.
var defects = []struct {
	name, code, body string
}{
	{"service key typo", "compose-unknown-key", "services:\n  web:\n    image: nginx\n    ⟦enviroment:\n      A: '1'\n"},
	{"volumes typo", "compose-unknown-key", "services:\n  web:\n    image: nginx\n    ⟦volumnes:\n      - ./data:/data\n"},
	{"depends_on typo", "compose-unknown-key", "services:\n  web:\n    image: nginx\n    ⟦depends_no:\n      - db\n"},
	{"top-level typo", "compose-unknown-key", "services:\n  web:\n    image: nginx\n⟦netwroks:\n  default: {}\n"},
	{"nested typo", "compose-unknown-key", "services:\n  web:\n    image: nginx\n    healthcheck:\n      test: [CMD, 'true']\n      ⟦intervall: 10s\n"},
	{"labels under healthcheck", "compose-unknown-key", "services:\n  web:\n    image: nginx\n    healthcheck:\n      test: [CMD, 'true']\n      ⟦labels:\n        a: b\n"},
	{"labels indented as a service", "compose-unknown-key", "services:\n  web:\n    image: nginx\n  ⟦labels:\n    traefik.enable: 'true'\n"},
	{"environment indented as a service (list)", "compose-unknown-key", "services:\n  web:\n    image: nginx\n  ⟦environment:\n    - A=1\n"},
	{"folded environment", "compose-type", "services:\n  web:\n    image: nginx\n    environment:\n      ⟦A=1\n      B=2\n"},
	{"folded labels", "compose-type", "services:\n  web:\n    image: nginx\n    labels:\n      ⟦traefik.enable=true\n      traefik.http.routers.web.rule=Host(`x`)\n"},
	{"labels a plain string", "compose-type", "services:\n  web:\n    image: nginx\n    labels: ⟦traefik\n"},
	{"environment value a mapping", "compose-type", "services:\n  web:\n    image: nginx\n    environment:\n      ⟦A: {b: 1}\n"},
	{"environment item a mapping", "compose-type", "services:\n  web:\n    image: nginx\n    environment:\n      - ⟦A: 1\n"},
	{"depends_on a number", "compose-type", "services:\n  web:\n    image: nginx\n    depends_on: ⟦3\n"},
	{"healthcheck interval a number", "compose-type", "services:\n  web:\n    image: nginx\n    healthcheck:\n      interval: ⟦10\n"},
	{"healthcheck bad duration", "compose-invalid", "services:\n  web:\n    image: nginx\n    healthcheck:\n      timeout: ⟦10x\n"},
	{"ports bad container port", "compose-invalid", "services:\n  web:\n    image: nginx\n    ports:\n      - '8080:80'\n      - ⟦'80:abc'\n"},
	{"ports host port out of range", "compose-invalid", "services:\n  web:\n    image: nginx\n    ports:\n      - ⟦99999:80\n"},
	{"mem_limit not a size", "compose-invalid", "services:\n  web:\n    image: nginx\n    mem_limit: ⟦lots\n"},
	{"restart policy not an enum of pull_policy", "compose-invalid", "services:\n  web:\n    image: nginx\n    pull_policy: ⟦sometimes\n"},
	{"unclosed interpolation", "compose-interpolation", "services:\n  web:\n    image: ⟦${IMAGE\n"},
	{"merged typo", "compose-unknown-key", "x-common: &common\n  ⟦enviroment:\n    A: '1'\nservices:\n  web:\n    <<: *common\n    image: nginx\n"},
	{"environment entry with a blank for '='", "compose-invalid", "services:\n  web:\n    image: nginx\n    environment:\n      - A=1\n      - ⟦OIDC_CLIENT_ID app\n"},
	{"quoted environment entry with a tab for '='", "compose-invalid", "services:\n  web:\n    image: nginx\n    environment:\n      - ⟦'OIDC_SCOPES\topenid email'\n"},
	{"label entry with a blank for '='", "compose-invalid", "services:\n  web:\n    image: nginx\n    labels:\n      - ⟦traefik.enable true\n"},
	{"build arg with a blank for '='", "compose-invalid", "services:\n  web:\n    build:\n      context: .\n      args:\n        - ⟦VERSION 1.2\n"},
	{"dotted service name", "compose-unknown-key", "services:\n  my.web:\n    image: nginx\n    ⟦enviroment: {}\n"},
	{"service named x-…", "compose-invalid", "services:\n  x-web:\n    image: nginx\n    healthcheck:\n      timeout: ⟦10x\n"},

	{"variables are never judged", "", "services:\n  web:\n    image: ${IMAGE:-nginx}\n    ports:\n      - '${PORT}:80'\n    cpus: ${CPUS}\n    healthcheck:\n      interval: ${INTERVAL:-30s}\n      timeout: ${TIMEOUT}\n"},
	{"excerpt: no image, references elsewhere", "", "services:\n  web:\n    environment:\n      - A=1\n    depends_on: [db]\n    volumes: [data:/data]\n    networks: [proxy]\n"},
	{"list and mapping forms", "", "services:\n  web:\n    image: nginx\n    environment:\n      A: '1'\n      B:\n    labels:\n      - traefik.enable=true\n      - NAME\n"},
	{"document end marker", "", "services:\n  web:\n    image: nginx\n...\n"},
	{"entries with '=' or a lone name, and a command with blanks", "", "services:\n  web:\n    image: nginx\n    command: serve --port 80\n    environment:\n      - GREETING=hello world\n      - HOME\n"},
	{"escaped dollar", "", "services:\n  web:\n    image: nginx\n    command: echo $$HOME\n"},
	{"extensions are free-form", "", "x-defaults:\n  timeout: 10x\nservices:\n  web:\n    image: nginx\n    x-meta:\n      healthcheck: {timeout: 10x}\n    healthcheck:\n      x-note: [1, {timeout: 10x}]\n"},
	{"files named are never read", "", "services:\n  web:\n    image: nginx\n    label_file: ./labels.env\n    env_file: [app.env, {path: ./other.env, required: true}]\n"},
}

// layouts embed a snippet in a guide: as a top-level fence, inside a list
// item (an indented fence) and with CRLF line ends.
var layouts = []struct {
	name         string
	indent, crlf bool
}{
	{"plain", false, false},
	{"indented", true, false},
	{"crlf", false, true},
	{"indented crlf", true, true},
}

// embed returns a guide holding body in a compose.yml fence, and the
// guide offset of mark (-1 when there is none).
func embed(body string, indent, crlf bool) (string, int) {
	pre := "# Guide\n\nSome text.\n\n"
	fence := "```yaml {title=\"compose.yml\"}\n"
	ind := ""
	if indent {
		pre += "1. Write the file:\n\n"
		ind = "    "
	}
	var b strings.Builder
	b.WriteString(pre + ind + fence)
	for _, l := range strings.SplitAfter(body, "\n") {
		if l != "" {
			b.WriteString(ind + l)
		}
	}
	b.WriteString(ind + "```\n\nMore text.\n")
	g := b.String()
	if crlf {
		g = strings.ReplaceAll(g, "\n", "\r\n")
	}
	at := strings.Index(g, mark)
	return strings.Replace(g, mark, "", 1), at
}

func TestDefects(t *testing.T) {
	for _, c := range defects {
		for _, l := range layouts {
			t.Run(c.name+"/"+l.name, func(t *testing.T) {
				g, at := embed(c.body, l.indent, l.crlf)
				f, snips := testenv.ScanGuide("guide.md", []byte(g))
				got := runChecker(snips)
				if c.code == "" {
					if len(got) != 0 {
						t.Fatalf("want no finding, got %v", got)
					}
					return
				}
				p := f.Position(at)
				want := fmt.Sprintf("guide.md:%d:%d %s:", p.Line, p.Column, c.code)
				if len(got) != 1 || !strings.HasPrefix(format(got[0]), want) {
					var s []string
					for _, d := range got {
						s = append(s, format(d))
					}
					t.Fatalf("want one finding %s…, got %q", want, s)
				}
			})
		}
	}
}

// TestPositions pins a few positions by hand, so that TestDefects' marks
// cannot agree with a shifted computation.
func TestPositions(t *testing.T) {
	for _, c := range []struct {
		layout int
		body   string
		want   string
	}{
		{0, "services:\n  web:\n    enviroment: {}\n", "guide.md:8:5 compose-unknown-key: unknown key enviroment in service web"},
		{1, "services:\n  web:\n    enviroment: {}\n", "guide.md:10:9 compose-unknown-key: unknown key enviroment in service web"},
		{3, "services:\n  web:\n    environment:\n      A=1\n", "guide.md:11:11 compose-type: environment is one string"},
		{2, "services:\n  web:\n    ports:\n      - 'x:80'\n", "guide.md:9:9 compose-invalid: invalid ports entry"},
	} {
		l := layouts[c.layout]
		g, _ := embed(c.body, l.indent, l.crlf)
		_, snips := testenv.ScanGuide("guide.md", []byte(g))
		got := runChecker(snips)
		if len(got) != 1 || !strings.HasPrefix(format(got[0]), c.want) {
			t.Errorf("%s %q: got %v, want %s…", l.name, c.body, got, c.want)
		}
	}
}

// TestHints checks the near-miss suggestions and the "belongs elsewhere"
// hints.
func TestHints(t *testing.T) {
	for _, c := range []struct{ body, hint string }{
		{"services:\n  web:\n    enviroment: {}\n", "did you mean environment?"},
		{"services:\n  web:\n    volumnes: []\n", "did you mean volumes?"},
		{"services:\n  web:\n    depends-on: []\n", "did you mean depends_on?"},
		{"servics:\n  web: {}\nnetworks: {}\n", "did you mean services?"},
		{"services:\n  web:\n    healthcheck:\n      labels: {a: b}\n", "labels is a key of a service"},
		{"services:\n  labels:\n    a: b\n", "indent labels under the service it configures"},
		{"services:\n  web:\n    environment: |\n      A=1\n      B=2\n", "write each entry as a list item"},
		{"services:\n  web:\n    healthcheck:\n      interval: 30\n", "write a duration with its unit"},
		{"services:\n  web:\n    depends_on: 3\n", "write a mapping or a list here"},
	} {
		g, _ := embed(c.body, false, false)
		_, snips := testenv.ScanGuide("guide.md", []byte(g))
		got := runChecker(snips)
		if len(got) != 1 || !strings.Contains(got[0].Hint, c.hint) {
			t.Errorf("%q: got %v, want one finding whose hint holds %q", c.body, got, c.hint)
		}
	}
}

// TestDetection checks which YAML documents are taken for Compose files.
func TestDetection(t *testing.T) {
	for _, c := range []struct {
		info, body string
		want       bool
	}{
		{"yaml", "services:\n  web:\n    image: x\n", true},
		{"yaml", "services:\n  web:\n    image: x\nnetwroks: {}\n", true},
		{"yaml", "x-env: &e {}\nservices: {}\n", true},
		{`yaml {title="docker-compose.yaml"}`, "networks:\n  proxy: {}\n", true},
		{`yaml {title="compose.override.yml"}`, "services:\n  web: {}\n", true},
		{`{title="compose.yml"}`, "services:\n  web: {}\n", true},
		{"yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports: []\n", false},
		{`yaml {title="compose.yml"}`, "apiVersion: apps/v1\nkind: Deployment\nservices: {}\n", false},
		{"yaml", "services:\n  web: {}\nhttp:\n  routers: {}\n", false},
		{"yaml", "http:\n  services:\n    web: {}\n", false},
		{"yaml", "services: [a, b]\n", false},
		{`yaml {title="compose.yml"}`, "  web:\n    image: x\n", false},
		{"toml", "services = 1\n", false},
		{"json", `{"services": {"web": {}}}`, false},
	} {
		g := "```" + c.info + "\n" + c.body + "```\n"
		_, snips := testenv.ScanGuide("guide.md", []byte(g))
		got := false
		for _, root := range mappingRoots(yamlpos.DecodeStream(snips[0].Text)) {
			got = got || yamlish(snips[0]) && isCompose(snips[0], root)
		}
		if got != c.want {
			t.Errorf("%s %q: compose = %v, want %v", c.info, c.body, got, c.want)
		}
	}
}

// TestSeveralFindings checks that one snippet yields every independent
// finding, schema and loader ones alike, in order.
func TestSeveralFindings(t *testing.T) {
	body := "services:\n  web:\n    image: nginx\n    enviroment: {}\n    ports:\n      - '80:abc'\n    mem_limit: lots\n    labels: x\n"
	g, _ := embed(body, false, false)
	_, snips := testenv.ScanGuide("guide.md", []byte(g))
	var got []string
	for _, d := range runChecker(snips) {
		got = append(got, fmt.Sprintf("%d %s", d.Start().Line, d.Code))
	}
	want := []string{"9 compose-unknown-key", "11 compose-invalid", "12 compose-invalid", "13 compose-type"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestHostile checks inputs that must cost little and never panic.
func TestHostile(t *testing.T) {
	laughs := "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
	for i := 'b'; i <= 'j'; i++ {
		p := string(i - 1)
		laughs += fmt.Sprintf("%c: &%c [*%s, *%s, *%s, *%s, *%s, *%s, *%s, *%s, *%s, *%s]\n", i, i, p, p, p, p, p, p, p, p, p, p)
	}
	laughs += "services:\n  web:\n    command: *j\n"
	for _, c := range []struct {
		name, body string
		want       int
	}{
		{"billion laughs", laughs, 0},
		{"numbers JSON cannot carry", "services:\n  web:\n    cpus: .inf\n    mem_swappiness: .nan\n", 2},
		{"huge integer (YAML reads a float, as compose does)", "services:\n  web:\n    pids_limit: 99999999999999999999999\n", 0},
		{"non-string keys", "services:\n  web:\n    environment:\n      1: a\n      true: b\n", 0},
		{"tags", "services:\n  web:\n    image: !!binary aGVsbG8=\n    ports: !reset []\n", 0},
		{"timestamp", "services:\n  web:\n    image: 2001-12-14\n", 0},
		{"two documents", "services:\n  a:\n    enviroment: {}\n---\nservices:\n  b:\n    volumnes: []\n", 2},
		{"deep nesting", "services:\n  web:\n    x-deep: " + strings.Repeat("[", 150) + strings.Repeat("]", 150) + "\n", 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			g, _ := embed(c.body, false, false)
			_, snips := testenv.ScanGuide("guide.md", []byte(g))
			got := runChecker(snips)
			if len(got) != c.want {
				t.Errorf("got %d findings %v, want %d", len(got), got, c.want)
			}
		})
	}
}

// TestRenameFix checks the machine fix of a clear near miss, and that an
// unclear one gets a hint only.
func TestRenameFix(t *testing.T) {
	for _, c := range []struct{ body, fixed string }{
		{"services:\n  web:\n    enviroment: {}\n", "    environment: {}\n"},
		{"services:\n  web:\n    depends_no: [db]\n", "    depends_on: [db]\n"},
		{"servcies:\n  web: {}\n", "services:\n"},
		{"services:\n  web:\n    healthcheck:\n      intervall: 1s\n", "      interval: 1s\n"},
		{"services:\n  web:\n    x: 1\n", ""},
		{"services:\n  web:\n    environment:\n      - OIDC_CLIENT_ID  app # note\n", "      - OIDC_CLIENT_ID=app # note\n"},
		{"services:\n  web:\n    environment:\n      - \"OIDC_CLIENT_ID app\"\n", ""},
	} {
		for _, l := range layouts {
			g, _ := embed(c.body, l.indent, l.crlf)
			f, snips := testenv.ScanGuide("guide.md", []byte(g))
			got := runChecker(snips)
			if len(got) != 1 {
				t.Fatalf("%q: got %v, want one finding", c.body, got)
			}
			fix := got[0].Fix
			if c.fixed == "" {
				if fix != nil {
					t.Errorf("%q: unexpected fix %+v", c.body, fix)
				}
				continue
			}
			if fix == nil || len(fix.Edits) != 1 {
				t.Fatalf("%s %q: no fix", l.name, c.body)
			}
			e := fix.Edits[0]
			out := string(f.Content[:e.Span.Start]) + e.NewText + string(f.Content[e.Span.End:])
			if !strings.Contains(strings.ReplaceAll(out, "\r", ""), c.fixed) {
				t.Errorf("%s %q: fixed guide lacks %q:\n%s", l.name, c.body, c.fixed, out)
			}
			if _, snips := testenv.ScanGuide("guide.md", []byte(out)); len(runChecker(snips)) != 0 {
				t.Errorf("%s %q: the fixed guide still has findings", l.name, c.body)
			}
		}
	}
}
