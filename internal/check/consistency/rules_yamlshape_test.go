package consistency

import (
	"fmt"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/guide/yamlpos"
	"github.com/guidec/guidec/internal/snippet"
)

func TestEmptiedKeys(t *testing.T) {
	wantLines(t, "consistency-key-emptied", []lineCase{
		{"a section's child dedented", ymlFence("config.yaml", "security:", "oidc:", "  issuer-url: 'https://auth.example.com'", "  client-id: 'app'"), 2},
		{"a scalar child dedented", ymlFence("warpgate.yaml", "external_host: 'a'", "http:", "listen: '0.0.0.0:443'", "sso_providers: []"), 3},
		{"a first child indented too deep", ymlFence("config.yaml", "security:", "  oidc:", "  issuer-url: 'https://auth.example.com'", "  client-id: 'app'"), 3},
		{"deep in a Helm values file", ymlFence("values.yaml", "hub:", "  config:", "    JupyterHub:", "    authenticator_class: 'generic-oauth'"), 4},
		{"a key with no name", ymlFence("config.yaml", "attributes:", "  '':", "  parameter_name: 'x'"), 0},
		{"in a list item", ymlFence("config.yaml", "upstream_oauth2:", "  providers:", "    - id: 'a'", "      claims:", "      imports: {}"), 5},
		{"comments between", ymlFence("config.yaml", "auth:", "# the provider", "", "oidc:", "  client_id: 'a'"), 2},
		{"no title", fenceLines("yaml", "spec:", "containers:", "  - name: 'a'"), 2},
		// Quiet.
		{"names with no value: Compose volumes", ymlFence("compose.yml", "services:", "  app:", "    image: 'a'", "volumes:", "  data:", "  config:"), 0},
		{"one named volume", ymlFence("compose.yml", "volumes:", "  data:", "networks:", "  proxy:", "  default:"), 0},
		{"several empty keys: a set", ymlFence("config.yaml", "users:", "  alice:", "  bob:", "  carol: 'admin'"), 0},
		{"an empty last key", ymlFence("config.yaml", "oidc:", "  client_id: 'a'", "  scopes:"), 0},
		{"an explicit null", ymlFence("config.yaml", "cache: null", "oidc:", "  client_id: 'a'"), 0},
		{"a tilde", ymlFence("config.yaml", "cache: ~", "oidc:", "  client_id: 'a'"), 0},
		{"an empty flow mapping", ymlFence("config.yaml", "cache: {}", "oidc:", "  client_id: 'a'"), 0},
		{"Authelia's configuration", ymlFence("configuration.yml", "identity_providers:", "oidc:", "  clients: []"), 0},
		{"an empty client secret: consistency-secret's", "## Assumptions\n\n- Client ID: app\n- Client Secret: insecure_secret\n\n" + ymlFence("configuration.yml", strings.Split(strings.TrimSuffix(clientYAML("app", digestOfInsecure), "\n"), "\n")...) + ymlFence("config.yaml", "oidc:", "  client_id: 'app'", "  client_secret:", "  redirect_url: 'https://app.example.com/cb'"), 0},
		{"the same without the secret's error", ymlFence("config.yaml", "oidc:", "  client_id: 'app'", "  client_secret:", "  redirect_url: 'https://app.example.com/cb'"), 4},
		{"not YAML", fenceLines(`toml {title="a.toml"}`, "[a]", "b = 1"), 0},
	})
}

// TestEmptiedKeyMutations moves the first child of each mapping of the
// application YAML of the corpus's and the novel guides (Authelia's own
// configuration aside) to its parent's indentation, and one indentation
// step deeper (when it has siblings), and requires a finding within a line of it whenever the
// snippet still parses (yaml-syntax reports the others). Generated
// snippets vary the key, the depth and the child's kind.
func TestEmptiedKeyMutations(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	var less, more, gen tally
	try := func(c *tally, name, content string, line int, newLine, what string) {
		lines := strings.SplitAfter(content, "\n")
		lines[line-1] = newLine
		mutated := strings.Join(lines, "")
		_, snips, _ := mdGuide(name, []byte(mutated))
		for _, s := range snips {
			if !s.ParseYAML().OK() {
				return // yaml-syntax's
			}
		}
		if shape(name, mutated) == shape(name, content) {
			return // the same tree: a sequence may sit at its key's column
		}
		found := false
		for _, d := range runChecker(t, name, []byte(mutated), nil) {
			if l := d.Start().Line; d.Code == "consistency-key-emptied" && l >= line-1 && l <= line+1 {
				found = true
			}
		}
		c.add(found, fmt.Sprintf("%s:%d: %s %q", name, line, what, strings.TrimRight(newLine, "\n")))
	}
	// Generated: key words, depths, children that are scalars, mappings
	// and lists.
	children := [][]string{{"issuer: 'https://a'", "client_id: 'b'"}, {"oidc:", "  client_id: 'b'", "  secret: 'c'"}, {"scopes:", "  - 'openid'", "name: 'x'"}}
	for _, key := range []string{"security", "auth", "oidc", "providers", "config", "spec", "metadata"} {
		for depth := 0; depth < 3; depth++ {
			for ci, ch := range children {
				ind := strings.Repeat("  ", depth)
				var body []string
				for d := 0; d < depth; d++ {
					body = append(body, strings.Repeat("  ", d)+fmt.Sprintf("level%d:", d))
				}
				body = append(body, ind+key+":")
				for _, l := range ch {
					body = append(body, ind+"  "+l)
				}
				body = append(body, ind+"other: 'x'")
				g := "# Guide\n\n```yaml {title=\"app.yaml\"}\n" + strings.Join(body, "\n") + "\n```\n"
				first := 4 + depth + 1
				try(&gen, "gen.md", g, first, ind+ch[0]+"\n", fmt.Sprintf("dedent %s depth %d child %d", key, depth, ci))
				try(&gen, "gen.md", g, first, ind+"    "+ch[0]+"\n", fmt.Sprintf("indent %s depth %d child %d", key, depth, ci))
			}
		}
	}
	eachAppYAML(t, func(g appYAMLGuide, s *snippet.Snippet) {
		name, content, lines := g.name, g.content, g.lines
		var walk func(n *yaml.Node, parents string)
		walk = func(n *yaml.Node, parents string) {
			n = yamlpos.Deref(n)
			if n == nil {
				return
			}
			for i, c := range n.Content {
				if n.Kind == yaml.MappingNode && i%2 == 1 {
					walk(c, parents+n.Content[i-1].Value)
				} else if n.Kind != yaml.MappingNode {
					walk(c, parents)
				}
			}
			if n.Kind != yaml.MappingNode || n.Style&yaml.FlowStyle != 0 {
				return
			}
			for i := 0; i+1 < len(n.Content); i += 2 {
				k, v := n.Content[i], yamlpos.Deref(n.Content[i+1])
				if v == nil || v.Kind != yaml.MappingNode || v.Style&yaml.FlowStyle != 0 || len(v.Content) < 2 {
					continue
				}
				c := v.Content[0]
				if c.Line != k.Line+1 || c.Column <= k.Column {
					continue
				}
				kv := b2guide(s, c)
				if kv < 1 || kv > len(lines) {
					continue
				}
				text := lines[kv-1]
				trimmed := strings.TrimLeft(text, " ")
				lead := len(text) - len(trimmed)
				step := c.Column - k.Column
				if lead < step || !strings.HasPrefix(trimmed, c.Value) {
					continue
				}
				// A Compose service left empty is the compose
				// checker's (compose-type, compose-unknown-key).
				if !namedByWriter(normalizeKey(parents)) {
					try(&less, name, content, kv, text[step:], "dedent")
				}
				if cv := yamlpos.Deref(v.Content[1]); !namedByWriter(normalizeKey(parents+k.Value)) && (len(v.Content) >= 4 || cv != nil && len(cv.Content) > 0) {
					// An only child without children indented
					// deeper is still its parent's: no mistake.
					try(&more, name, content, kv, strings.Repeat(" ", step)+text, "indent")
				}
			}
		}
		for _, r := range s.ParseYAML().Roots() {
			walk(r, "")
		}
	})
	gen.check(t, "generated first children moved", 40, 0.95)
	less.check(t, "first children dedented", 100, 0.9)
	more.check(t, "first children indented", 40, 0.9)
}

// oneStep reports whether the block mappings of docs under keys are all
// indented by one step of two columns or more, with three blocks or more
// to tell it: one a deletion removes, one it deepens and one to compare.
func oneStep(docs []*yaml.Node) bool {
	steps := map[int]int{}
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		if n = yamlpos.Deref(n); n == nil {
			return
		}
		for i, c := range n.Content {
			if v := yamlpos.Deref(c); n.Kind == yaml.MappingNode && i%2 == 1 && v != nil && v.Kind == yaml.MappingNode && v.Style&yaml.FlowStyle == 0 && len(v.Content) > 0 && v.Content[0].Line > n.Content[i-1].Line {
				steps[v.Content[0].Column-n.Content[i-1].Column]++
			}
			walk(c)
		}
	}
	for _, d := range docs {
		walk(d)
	}
	for st, n := range steps {
		return len(steps) == 1 && st >= 2 && n >= 3
	}
	return false
}

// shape renders the YAML trees of the guide's snippets, positions aside.
func shape(name, guide string) string {
	_, snips, _ := mdGuide(name, []byte(guide))
	var b strings.Builder
	for _, s := range snips {
		for _, r := range s.ParseYAML().Roots() {
			out, err := yaml.Marshal(r)
			if err != nil {
				return guide
			}
			b.Write(out)
		}
	}
	return b.String()
}

// b2guide is the guide line of node n of snippet s, 0 when unknown.
func b2guide(s *snippet.Snippet, n *yaml.Node) int {
	v := newYAMLBuf(s, 0, len(s.Text)).value(n)
	if v.Span.Start <= 0 || v.Span.Start > len(s.File.Content) {
		return 0
	}
	return strings.Count(string(s.File.Content[:v.Span.Start]), "\n") + 1
}

func TestSkippedIndent(t *testing.T) {
	wantLines(t, "consistency-indent-skipped", []lineCase{
		{"a parent deleted", ymlFence("config.yaml", "appConfig:", "    enableOidc: true", "    oidc:", "      clientId: 'dashy'", "      endpoint: 'https://auth.example.com'"), 3},
		{"a parent of one child with children", ymlFence("values.yaml", "hub:", "  db:", "    type: sqlite", "config:", "    JupyterHub:", "      authenticator_class: 'generic-oauth'"), 6},
		{"four-space steps around a deep block", ymlFence("config.yaml", "a:", "    b:", "        c: 1", "        d: 2", "    e:", "            f: 1", "            g: 2"), 7},
		// Quiet.
		{"one key indented deeper: the same tree", ymlFence("warpgate.yaml", "http:", "    listen: '0.0.0.0:443'", "sso:", "  name: 'a'", "  kind: 'b'"), 0},
		{"a file that indents by four", ymlFence("proxy.yaml", "policies:", "    name: 'a'", "    routes:", "        a: 1", "        b: 2"), 0},
		{"no other block to tell the step", ymlFence("config.yaml", "security:", "    issuer-url: 'a'", "    client-id: 'b'"), 0},
		{"two deep blocks: a style", ymlFence("config.yaml", "a:", "    b: 1", "    c: 2", "d:", "    e: 1", "    f: 2", "g:", "  h: 1", "  i: 2"), 0},
		{"steps of three", ymlFence("config.yaml", "a:", "  b:", "   c: 1", "   d: 2"), 0},
	})
}

// TestSkippedIndentMutations deletes, in the application YAML of the
// corpus's and the novel guides, the line of each key whose value is a
// block of two keys or more (or of one key with children) under a key
// of its own, and requires a finding within a line of the deletion when
// the snippet still parses and its other blocks share one step.
func TestSkippedIndentMutations(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	var c tally
	eachAppYAML(t, func(g appYAMLGuide, s *snippet.Snippet) {
		name, content, lines := g.name, g.content, g.lines
		var walk func(n *yaml.Node, root bool)
		walk = func(n *yaml.Node, root bool) {
			n = yamlpos.Deref(n)
			if n == nil {
				return
			}
			for i, ch := range n.Content {
				walk(ch, false)
				// A top-level key deleted leaves an indented document
				// (an excerpt's shape; Compose's is stray services).
				if root || n.Kind != yaml.MappingNode || i%2 == 0 || n.Style&yaml.FlowStyle != 0 {
					continue
				}
				// n.Content[i-1] is the key to delete, under a key
				// of a block mapping (n is its value's mapping).
				k, v := n.Content[i-1], yamlpos.Deref(ch)
				if v == nil || v.Kind != yaml.MappingNode || v.Style&yaml.FlowStyle != 0 || len(v.Content) < 4 || len(n.Content) != 2 || v.Content[0].Line != k.Line+1 {
					continue
				}
				line := b2guide(s, k)
				if line < 2 || line > len(lines) || strings.HasPrefix(strings.TrimSpace(lines[line-1]), "- ") {
					continue // an item's dash goes with the line
				}
				mutated := strings.Join(lines[:line-1], "") + strings.Join(lines[line:], "")
				_, ms, _ := mdGuide(name, []byte(mutated))
				if ms[s.Index] == nil || !ms[s.Index].ParseYAML().OK() || shape(name, mutated) == shape(name, content) {
					continue
				}
				if !oneStep(s.ParseYAML().Roots()) {
					continue // steps mixed, or too few blocks to tell one
				}
				found := false
				for _, d := range runChecker(t, name, []byte(mutated), nil) {
					if l := d.Start().Line; d.Code == "consistency-indent-skipped" && l >= line-1 && l <= line+1 {
						found = true
					}
				}
				c.add(found, fmt.Sprintf("%s:%d: %q deleted", name, line, strings.TrimSpace(lines[line-1])))
			}
		}
		for _, r := range s.ParseYAML().Roots() {
			walk(r, true)
		}
	})
	c.check(t, "parent keys deleted", 15, 0.9)
}

func TestFoldedItems(t *testing.T) {
	wantLines(t, "consistency-item-folded", []lineCase{
		{"an environment item indented deeper", ymlFence("compose.yml", "services:", "  app:", "    environment:", "      - A=1", "        - B=2", "      - C=3"), 5},
		{"a redirect URI indented deeper", ymlFence("config.yaml", "redirect_uris:", "  - http://localhost:3000/cb", "    - http://localhost:10001/cb"), 3},
		{"a command's flag", ymlFence("workflow.yaml", "spec:", "  args:", "    - server", "      - --auth-mode=sso", "    - --secure"), 4},
		{"the items of a deleted key under a value", ymlFence("config.yaml", "oidc:", "  scope: openid", "    - profile", "    - email", "  client_id: app"), 3},
		// Quiet.
		{"a quoted value", ymlFence("config.yaml", "a:", "  - 'x", "    - y'"), 0},
		{"a plain value with a dash inside", ymlFence("config.yaml", "a:", "  - x - y", "  - z"), 0},
		{"a folded block", ymlFence("config.yaml", "a: >", "  x", "  - y"), 0},
		{"a long plain value over lines", ymlFence("config.yaml", "a: some long", "  text that goes on", "b: 1"), 0},
	})
}

// TestFoldedItemMutations indents, in the application YAML of the
// corpus's and the novel guides, each item after the first of a block
// list of plain scalars two columns deeper, and requires a finding within
// a line of it whenever the snippet still parses and its tree changed.
func TestFoldedItemMutations(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	var c tally
	eachAppYAML(t, func(g appYAMLGuide, s *snippet.Snippet) {
		name, content, lines := g.name, g.content, g.lines
		var walk func(n *yaml.Node)
		walk = func(n *yaml.Node) {
			if n == nil {
				return
			}
			for _, ch := range n.Content {
				walk(ch)
			}
			if n.Kind != yaml.SequenceNode || n.Style&yaml.FlowStyle != 0 {
				return
			}
			for i := 1; i < len(n.Content); i++ {
				it, prev := n.Content[i], n.Content[i-1]
				if it.Kind != yaml.ScalarNode || prev.Kind != yaml.ScalarNode || prev.Style != 0 || it.Line != prev.Line+1 {
					continue
				}
				line := b2guide(s, it)
				if line < 1 || line > len(lines) || !strings.HasPrefix(strings.TrimSpace(lines[line-1]), "- ") {
					continue
				}
				mutated := strings.Join(lines[:line-1], "") + "  " + strings.Join(lines[line-1:], "")
				_, ms, _ := mdGuide(name, []byte(mutated))
				if ms[s.Index] == nil || !ms[s.Index].ParseYAML().OK() || shape(name, mutated) == shape(name, content) {
					continue
				}
				found := false
				for _, d := range runChecker(t, name, []byte(mutated), nil) {
					// A rule that read the folded value (a scope '-'
					// consistency-scope refuses) reports it first, and
					// this rule then leaves the value alone.
					if l := d.Start().Line; l >= line-1 && l <= line+1 && (d.Code == "consistency-item-folded" || d.Severity == diag.Error) {
						found = true
					}
				}
				c.add(found, fmt.Sprintf("%s:%d: %q indented", name, line, strings.TrimSpace(lines[line-1])))
			}
		}
		for _, r := range s.ParseYAML().Roots() {
			walk(r)
		}
	})
	c.check(t, "list items indented deeper", 45, 0.95)
}

// FuzzYAMLShape runs the consistency checker on any YAML text of an
// application's snippet: the shape rules (empty keys, skipped
// indentation, folded items) must never panic, whatever the tree.
func FuzzYAMLShape(f *testing.F) {
	for _, s := range []string{"security:\noidc:\n  a: 1\n", "a:\n    b: 1\n    c:\n      d: 1\n", "a:\n  - x\n    - y\n", "a: &x\n  b:\n  c: *x\n", "- a:\n  b:\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		if strings.Contains(body, "```") {
			return
		}
		g := "```yaml {title=\"config.yaml\"}\n" + body + "\n```\n"
		runChecker(t, "app", []byte(g), nil)
	})
}
