package consistency

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/guidec/guidec/internal/check"
	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/testenv"
)

// fence wraps body in a code block with a title.
func fence(title, body string) string {
	return "```yaml {title=\"" + title + "\"}\n" + body + "```\n\n"
}

// TestLinearInputs checks guides made of n repetitions of a construct that
// made the checker super-linear, and requires the time to grow about
// linearly with n.
func TestLinearInputs(t *testing.T) {
	gen := func(n int, line func(i int) string) string {
		var b strings.Builder
		for i := range n {
			b.WriteString(line(i))
		}
		return b.String()
	}
	assume := "## Assumptions\n\n- Application Root URL: https://app.example.com/\n- Client ID: c0\n\n"
	tests := []struct {
		name  string
		guide func(n int) string
	}{
		{"clients and app values that name them", func(n int) string {
			return assume + fence("configuration.yml", "identity_providers:\n  oidc:\n    clients:\n"+gen(n, func(i int) string {
				return fmt.Sprintf("      - client_id: 'c%d'\n        redirect_uris: ['https://app.example.com/cb%d']\n", i, i)
			})) + fence("app.yml", gen(n, func(i int) string {
				return fmt.Sprintf("k%d: {redirect_uri: 'https://app.example.com/x%d', client_id: 'c%d'}\n", i, i, i)
			}))
		}},
		{"one snippet naming every client", func(n int) string {
			return fence("configuration.yml", "identity_providers:\n  oidc:\n    clients:\n"+gen(n, func(i int) string {
				return fmt.Sprintf("      - client_id: 'c%d'\n        redirect_uris: ['http://127.0.0.1:%d/cb']\n", i, 1000+i)
			})) + fence("app.yml", gen(n, func(i int) string {
				return fmt.Sprintf("a%d: {client_id: 'c%d', redirect_uri: 'http://127.0.0.1/x%d'}\n", i, i, i)
			}))
		}},
		{"client ids that match no client", func(n int) string {
			return fence("configuration.yml", "identity_providers:\n  oidc:\n    clients:\n"+gen(n, func(i int) string {
				return fmt.Sprintf("      - client_id: 'c%d'\n", i)
			})) + fence("app.yml", gen(n, func(i int) string { return fmt.Sprintf("s%d: {client_id: 'z%d'}\n", i, i) }))
		}},
		{"many blocks of fragments of many clients", func(n int) string {
			return fence("configuration.yml", "identity_providers:\n  oidc:\n    clients:\n"+gen(n, func(i int) string {
				return fmt.Sprintf("      - client_id: 'c%d'\n        public: true\n", i%4)
			})) + fence("more.yml", "identity_providers:\n  oidc:\n    clients:\n"+gen(n, func(i int) string {
				return fmt.Sprintf("      - client_id: 'c%d'\n        scopes: ['s%d']\n", i%4, i)
			}))
		}},
		{"one client listed through many aliases", func(n int) string {
			return fence("configuration.yml", "x: &c\n  client_id: 'a'\n  redirect_uris:\n"+gen(n, func(i int) string {
				return fmt.Sprintf("    - 'https://app.example.com/%d'\n", i)
			})+"identity_providers:\n  oidc:\n    clients: ["+strings.Repeat("*c, ", n)+"*c]\n")
		}},
		{"a compose environment shared by many services", func(n int) string {
			return fence(".env", gen(n, func(i int) string { return fmt.Sprintf("V%d=a\n", i) })) +
				fence("compose.yml", "x-env: &env\n"+gen(n, func(i int) string { return fmt.Sprintf("  V%d: b\n", i) })+"services:\n"+
					gen(n, func(i int) string { return fmt.Sprintf("  s%d: {environment: *env}\n", i) }))
		}},
		{"many services with an environment", func(n int) string {
			return fence("compose.yml", "services:\n"+gen(n, func(i int) string {
				return fmt.Sprintf("  s%d:\n    environment:\n      OIDC_CLIENT_ID: c%d\n    image: x\n", i, i)
			}))
		}},
		{"values on one line", func(n int) string {
			return fence("app.yml", "{"+gen(n, func(i int) string { return fmt.Sprintf("redirect_uri_%d: 'https://é.example.com/%d', ", i, i) })+"}\n")
		}},
		{"values in embedded JSON", func(n int) string {
			return fence("app.yml", gen(n, func(i int) string {
				return fmt.Sprintf("p%d: '{\"client_id\": \"c%d\", \"redirect_uri\": \"https://a/%d\"}'\n", i, i, i)
			}))
		}},
		{"many root URL assumptions", func(n int) string {
			return "## Assumptions\n\n" + gen(n, func(i int) string { return fmt.Sprintf("- Application Root URL: https://app.example.com/p%d/\n", i) }) + "\n" +
				fence("configuration.yml", "identity_providers:\n  oidc:\n    clients:\n      - client_id: 'a'\n        redirect_uris:\n"+
					gen(n, func(i int) string { return fmt.Sprintf("          - 'https://app.example.com/q%d'\n", i) }))
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			testenv.Linear(t, 100, func(n int) func() {
				f, snips, texts := mdGuide("g.md", []byte(tt.guide(n)))
				return func() {
					p := &check.Pass{File: f, Name: "g", Snippets: snips, Texts: texts, Report: func(diag.Diagnostic) {}}
					New(nil).Run(p)
				}
			})
		})
	}
}

// TestAliasBombs builds the model of app-side snippets whose aliases
// expand exponentially and requires the values recorded to stay within a
// small multiple of the snippet's scalars.
func TestAliasBombs(t *testing.T) {
	const depth = 20
	chain := func(open, item, close string) string {
		var b strings.Builder
		b.WriteString("a0: &a0 {client_id: 'x', redirect_uri: 'https://a/cb', secret: 's'}\n")
		for i := 1; i < depth; i++ {
			fmt.Fprintf(&b, "a%d: &a%d %s", i, i, open)
			for j := range 2 {
				fmt.Fprintf(&b, item, j, i-1)
			}
			b.WriteString(close + "\n")
		}
		return b.String()
	}
	tests := []struct{ name, body string }{
		{"mappings", chain("{", "k%d: *a%d, ", "}")},
		{"sequences", chain("[", "*a%[2]d, %[1]d, ", "]")},
		{"merge keys", chain("{<<: [", "*a%[2]d, *a%[2]d, ", "]}")},
		{"compose services", "x: &e {OIDC_CLIENT_ID: c}\nservices:\n" + strings.Repeat("  - {environment: *e}\n", 0) + chain("{", "s%d: {environment: *a%d}, ", "}")},
		{"embedded JSON", "j: &j '{\"client_id\": \"c\", \"redirect_uri\": \"https://a/\"}'\n" + chain("[", "*j, *a%[2]d, ", "]")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, snips, texts := mdGuide("g.md", []byte(fence("app.yml", tt.body)))
			m := build(&check.Pass{File: f, Name: "g", Snippets: snips, Texts: texts, Report: func(diag.Diagnostic) {}})
			if limit := 50 * depth; len(m.app) > limit {
				t.Errorf("%d values recorded from %d lines, want at most %d", len(m.app), depth, limit)
			}
			if len(m.app) == 0 {
				t.Errorf("no value recorded")
			}
		})
	}
}

// TestAliasBombsChecker runs the whole checker on block and flow
// mappings whose aliases name aliases, forty deep: a rule that follows
// aliases visits 2^40 nodes and never returns (the walks of
// consistency-key-emptied and consistency-indent-skipped did, on a YAML
// test file of a Debian package). The deadline only tells a hang from
// a run that takes milliseconds.
func TestAliasBombsChecker(t *testing.T) {
	const depth = 40
	var block, flow strings.Builder
	block.WriteString("a0: &a0\n  client_id: x\n  empty:\n  next: y\n")
	flow.WriteString("a0: &a0 {client_id: 'x', secret: 's'}\n")
	for i := 1; i < depth; i++ {
		fmt.Fprintf(&block, "a%d: &a%d\n  k0: *a%d\n  k1: *a%d\n  list:\n    - *a%d\n    - *a%d\n", i, i, i-1, i-1, i-1, i-1)
		fmt.Fprintf(&flow, "a%d: &a%d {k0: *a%d, k1: *a%d}\n", i, i, i-1, i-1)
	}
	for name, body := range map[string]string{"block": block.String(), "flow": flow.String()} {
		done := make(chan struct{})
		go func() {
			defer close(done)
			f, snips, texts := mdGuide("g.md", []byte(fence("app.yml", body)+fence("compose.yml", "services:\n  app:\n    image: x\n    environment: &e\n      A: b\n  other:\n    environment: *e\n")))
			New(nil).Run(&check.Pass{File: f, Name: "g", Snippets: snips, Texts: texts, Report: func(diag.Diagnostic) {}})
		}()
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			t.Fatalf("%s: the checker did not return in 30 s on %d nested aliases", name, depth)
		}
	}
}
