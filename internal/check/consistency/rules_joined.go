package consistency

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/source"
)

// checkJoinedLines reports an environment variable whose value runs into
// the next variable's assignment: two lines joined when a line break was
// lost (CLIENT_ID=appCLIENT_SECRET=s, or a Compose list's
// "- A=false      - B=false"). The first variable gets the rest of the
// line as its value and the second is not set at all. The name inside the
// value must be one the guide sets elsewhere, or an upper-case name that
// shares its first word with the variable's own (CONCOURSE_OIDC_CLIENT_ID
// and CONCOURSE_OIDC_CLIENT_SECRET) or names an OpenID Connect setting
// (OIDC_ISSUER), and it must not follow a character that
// starts a parameter in a URL or a command line (?a=b&c=d, --flag=v).
func checkJoinedLines(m *model, r *reporter) {
	if len(m.dotenv)+len(m.compose)+len(m.runEnv) == 0 {
		return
	}
	var names map[string]bool // made when a value first needs it
	for _, vars := range [][]envVar{m.dotenv, m.compose, m.runEnv} {
		for _, e := range vars {
			if r.seen[e.Value.Span] || e.Value.Span.Start <= 0 || e.Value.Span.Start > len(r.p.File.Content) {
				continue
			}
			// The line as written from the value on: a quoted value
			// ends before what was joined to it (A="x"B="y"), and a
			// site variable's value is not the guide's text.
			c := r.p.File.Content
			end := len(c)
			if k := bytes.IndexByte(c[e.Value.Span.Start:], '\n'); k >= 0 {
				end = e.Value.Span.Start + k
			}
			end = e.Value.Span.Start + len(bytes.TrimRight(c[e.Value.Span.Start:end], "\r"))
			if bytes.IndexByte(c[e.Value.Span.Start:end], '=') < 0 {
				continue // no second assignment: most values
			}
			raw := string(c[e.Value.Span.Start:end])
			if names == nil {
				names = guideNames(m)
			}
			at, name := joinedName(e.Name, raw, names)
			if at < 0 {
				continue
			}
			r.seen[e.Value.Span] = true
			r.report(value{Text: raw[at:], Span: source.Span{Start: e.Value.Span.Start + at, End: end}}, diag.Error, "consistency-lines-joined", "put "+name+" on a line of its own",
				fmt.Sprintf("the value of %s in %s runs into %s=…: two lines were joined, so %s is not set and %s gets the rest of the line", e.Name, e.Where, name, name, e.Name))
		}
	}
}

// guideNames returns the names of the guide's variables and keys.
func guideNames(m *model) map[string]bool {
	names := map[string]bool{}
	for _, vs := range [][]envVar{m.dotenv, m.compose, m.runEnv} {
		for _, x := range vs {
			names[x.Name] = true
		}
	}
	for _, av := range m.app {
		names[av.Key] = true
	}
	return names
}

// joinedName returns where, in the value v of the variable key, a second
// assignment NAME= starts, and NAME; -1 when there is none.
func joinedName(key, v string, names map[string]bool) (int, string) {
	first, _, _ := strings.Cut(key, "_")
	// Each '=' ends a candidate name: walk back to its start.
	for off := 0; ; {
		j := strings.IndexByte(v[off:], '=')
		if j < 0 {
			return -1, ""
		}
		j += off
		off = j + 1
		i := j
		for i > 0 && envNameByte(v[i-1]) {
			i--
		}
		// The name starts at an upper-case letter: where the walk back
		// stopped (after "- ", a Compose list's next item), or glued to
		// the end of a value in lower case or digits, where the walk
		// took the value's tail too (uiTEMPORAL_…, AutheliaOIDC_…).
		for k := i; k < j; k++ {
			if v[k] < 'A' || v[k] > 'Z' || k > i && !(v[k-1] >= 'a' && v[k-1] <= 'z' || v[k-1] >= '0' && v[k-1] <= '9') {
				continue
			}
			if k > 0 && joinedAt(key, first, v, k, j, names) {
				return k, v[k:j]
			}
		}
	}
}

// joinedAt reports whether v[k:j], followed by '=', is the assignment
// of another variable joined to the value of key (see joinedName).
func joinedAt(key, first, v string, k, j int, names map[string]bool) bool {
	p := v[k-1]
	if p == '_' || strings.IndexByte("?&;,-=", p) >= 0 {
		return false // a parameter of a URL or a command line
	}
	if (p == ' ' || p == '\t') && !strings.HasSuffix(strings.TrimRight(v[:k], " \t"), " -") {
		// After a blank, only a Compose list's next item: a shell line
		// sets several variables for one command (A=x B=y cmd).
		return false
	}
	name := v[k:j]
	if name == key || !strings.Contains(name, "_") {
		return false
	}
	return names[name] || upperName(name) && (len(first) >= 2 && strings.HasPrefix(name, first+"_") || classifyKey("", name) != kindNone)
}

// envNameByte reports whether c may be part of a variable's name.
func envNameByte(c byte) bool {
	return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_'
}

// upperName reports whether name is written in upper case (with digits
// and underscores), as environment variables are.
func upperName(name string) bool {
	for i := 0; i < len(name); i++ {
		if c := name[i]; !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}
