package compose

import (
	"fmt"
	"strings"
	"testing"

	"github.com/guidec/guidec/internal/testenv"
)

// TestLoaderVariables requires the loader's findings not to depend on the
// order compose-go meets values in: many typed values that depend on the
// environment (which compose-go, with the variable unset, cannot cast)
// are set aside without a finding, whatever their number, and a real
// error among them is found in every run; so is nothing in a file whose
// every value depends on the environment, its configs' external included.
func TestLoaderVariables(t *testing.T) {
	var b strings.Builder
	b.WriteString("services:\n  web:\n    image: nginx\n")
	for _, k := range []string{"privileged", "read_only", "stdin_open", "tty", "init", "oom_kill_disable"} {
		fmt.Fprintf(&b, "    %s: ${FLAG}\n", k)
	}
	b.WriteString("    cpu_shares: ${SHARES}\n    mem_swappiness: ${SWAP}\n    pids_limit: ${PIDS}\n    stop_grace_period: 10s\n")
	withVars := b.String()
	for _, c := range []struct {
		name, body string
		want       int // compose-invalid findings
	}{
		{"variables only", withVars, 0},
		{"variables and a bad port", withVars + "    ports:\n      - '80:80:80:80'\n", 1},
		{"external from a variable", "configs:\n  one:\n    external: ${EXT}\nsecrets:\n  two:\n    external: ${EXT}\n", 0},
	} {
		g, _ := embed(c.body, false, false)
		var first string
		for run := range 20 {
			_, snips := testenv.ScanGuide("guide.md", []byte(g))
			got := runChecker(snips)
			n := 0
			var s strings.Builder
			for _, d := range got {
				if d.Code == "compose-invalid" {
					n++
				}
				fmt.Fprintln(&s, d.Start().Line, d.Code, d.Message)
			}
			if n != c.want {
				t.Fatalf("%s, run %d: %d compose-invalid findings, want %d:\n%s", c.name, run, n, c.want, s.String())
			}
			if run == 0 {
				first = s.String()
			} else if s.String() != first {
				t.Fatalf("%s: run %d found\n%s\nrun 0\n%s", c.name, run, s.String(), first)
			}
		}
	}
}
