package consistency

import (
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
			if names == nil {
				names = map[string]bool{}
				for _, vs := range [][]envVar{m.dotenv, m.compose, m.runEnv} {
					for _, x := range vs {
						names[x.Name] = true
					}
				}
				for _, av := range m.app {
					names[av.Key] = true
				}
			}
			// The line as written from the value on: a quoted value
			// ends before what was joined to it (A="x"B="y"), and a
			// site variable's value is not the guide's text.
			raw := lineFrom(r.p.File.Content, e.Value.Span.Start)
			at, name := joinedName(e.Name, raw, names)
			if at < 0 {
				continue
			}
			end := e.Value.Span.Start + len(raw)
			r.seen[e.Value.Span] = true
			r.report(value{Text: raw[at:], Span: source.Span{Start: e.Value.Span.Start + at, End: end}}, diag.Error, "consistency-lines-joined", "put "+name+" on a line of its own",
				fmt.Sprintf("the value of %s in %s runs into %s=…: two lines were joined, so %s is not set and %s gets the rest of the line", e.Name, e.Where, name, name, e.Name))
		}
	}
}

// joinedName returns where, in the value v of the variable key, a second
// assignment NAME= starts, and NAME; -1 when there is none.
func joinedName(key, v string, names map[string]bool) (int, string) {
	first, _, _ := strings.Cut(key, "_")
	for i := 1; i < len(v); i++ {
		// A name starts at an upper-case letter glued to the end of a
		// lower-case value or a digit, or after "- "; not after an
		// upper-case letter (inside a name) nor after what starts a
		// parameter of a URL or a command line.
		c, p := v[i], v[i-1]
		if !(c >= 'A' && c <= 'Z') || p >= 'A' && p <= 'Z' || p == '_' || strings.IndexByte("?&;,-=", p) >= 0 {
			continue
		}
		if (p == ' ' || p == '\t') && !strings.HasSuffix(strings.TrimRight(v[:i], " \t"), " -") {
			// After a blank, only a Compose list's next item: a shell
			// line sets several variables for one command
			// (A=x B=y cmd).
			continue
		}
		j := i
		for j < len(v) && envNameByte(v[j]) {
			j++
		}
		if j >= len(v) || v[j] != '=' {
			continue
		}
		name := v[i:j]
		if name == key || !strings.Contains(name, "_") {
			continue
		}
		if names[name] || upperName(name) && (len(first) >= 2 && strings.HasPrefix(name, first+"_") || classifyKey("", name) != kindNone) {
			return i, name
		}
	}
	return -1, ""
}

// envNameByte reports whether c may be part of a variable's name.
func envNameByte(c byte) bool {
	return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_'
}

// lineFrom returns the text of content from start to the end of its
// line.
func lineFrom(content []byte, start int) string {
	end := start
	for end < len(content) && content[end] != '\n' && content[end] != '\r' {
		end++
	}
	return string(content[start:end])
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
