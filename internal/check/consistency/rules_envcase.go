package consistency

import (
	"fmt"
	"strings"

	"github.com/guidec/guidec/internal/check"
	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/snippet"
)

// checkEnvCase reports a variable whose name is not in capitals among the
// variables of one .env file or Compose environment that all are (at
// least three of them, or two that begin with the same word as it:
// auth_oidc_client_id beside AUTH_OIDC_ISSUER and AUTH_OIDC_SECRET):
// names are case-sensitive, the application reads the names its
// documentation gives, in capitals, and the lower-case one sets nothing
// it reads (ebk_auth_oauth2_provider among EBK_AUTH_*, url among
// OIDC_*). A file with two or more such names writes them so on purpose.
func checkEnvCase(m *model, r *reporter) {
	for _, vars := range [][]envVar{m.dotenv, m.compose} {
		byFile := map[string][]envVar{}
		var order []string
		for _, e := range vars {
			if _, ok := byFile[e.Where]; !ok {
				order = append(order, e.Where)
			}
			byFile[e.Where] = append(byFile[e.Where], e)
		}
		for _, w := range order {
			envCaseIn(m, r, byFile[w])
		}
	}
}

// envCaseIn is checkEnvCase for the variables of one file.
func envCaseIn(m *model, r *reporter, vars []envVar) {
	upper, names := 0, map[string]bool{}
	var odd []envVar
	for _, e := range vars {
		if names[e.Name] {
			continue
		}
		names[e.Name] = true
		switch {
		case upperName(e.Name):
			upper++
		case upperName(strings.ToUpper(e.Name)):
			odd = append(odd, e)
		default:
			return // a name of another shape (camelCase, dots): not this file's convention
		}
	}
	if len(odd) != 1 || upper < 2 {
		return
	}
	e := odd[0]
	if upper < 3 && !sharedHead(e.Name, vars) {
		return
	}
	want := strings.ToUpper(e.Name)
	if names[want] || r.seen[e.Value.Span] {
		return
	}
	at := keyValue(r.p.File.Content, appValue{Key: e.Name, Value: e.Value})
	if r.seen[at.Span] {
		return
	}
	r.report(at, diag.Warning, "consistency-env-case", "write "+want,
		fmt.Sprintf("variable %s is not in capitals like the other variables of %s: names are case-sensitive, and the application reads %s", e.Name, e.Where, want))
}

// sharedHead reports whether every other variable of vars begins with the
// first word of name (up to its first '_'), whatever the case.
func sharedHead(name string, vars []envVar) bool {
	head, _, ok := strings.Cut(name, "_")
	if !ok {
		return false
	}
	for _, e := range vars {
		if e.Name == name {
			continue
		}
		h, _, ok := strings.Cut(e.Name, "_")
		if !ok || !strings.EqualFold(h, head) {
			return false
		}
	}
	return true
}

// checkKeyCase reports the one key of a mapping, section or command
// line's key=value arguments that is capitalised or in capitals while the
// others, at least three, are in lower case (Client_secret among
// client_id, config_url, scopes=; camelCase is a convention of its own,
// left alone): keys are
// case-sensitive, and the application reads the lower-case one (INI
// files aside: see caseBlind). A group
// with two or more such keys writes them so on purpose; names the writer
// chooses (Compose services, labels) and instructions' labels are left
// alone, and so is Authelia's configuration (its schema knows its keys).
func checkKeyCase(m *model, r *reporter) {
	type place struct {
		group   int
		parents string
	}
	type group struct {
		n   int
		odd []int
	}
	groups := map[place]*group{}
	var order []place
	for i := range m.app {
		av := &m.app[i]
		if av.Group < 0 || av.Label || namedByWriter(av.Parents) {
			continue
		}
		k := place{av.Group, av.Parents}
		g := groups[k]
		if g == nil {
			g = &group{}
			groups[k] = g
			order = append(order, k)
		}
		switch {
		case lowerKey(av.Key):
			g.n++
		case capitalised(av.Key) || av.Key != "" && av.Key[0] >= 'A' && av.Key[0] <= 'Z' && upperName(av.Key):
			g.odd = append(g.odd, i)
		default:
			g.n = -1 << 30 // another shape (camelCase, dots and capitals): no convention
		}
	}
	for _, k := range order {
		g := groups[k]
		if g.n < 3 || len(g.odd) != 1 || caseBlind(r.p, k.group) {
			continue
		}
		av := m.app[g.odd[0]]
		want := strings.ToLower(av.Key)
		if r.seen[av.Value.Span] || r.p.Reported(av.Value.Span) {
			continue
		}
		at := keyValue(r.p.File.Content, av)
		if at.Text != av.Key || r.seen[at.Span] || r.p.Reported(at.Span) {
			continue
		}
		r.report(at, diag.Warning, "consistency-key-case", "write "+want,
			fmt.Sprintf("key %s is not in lower case like the other keys beside it in %s: keys are case-sensitive, and the application reads %s", av.Key, av.Where, want))
	}
}

// caseBlind reports whether the snippet of index i is an INI file, whose
// keys most readers take in any case (Python's configparser lowers them,
// Windows' profile functions ignore case).
func caseBlind(p *check.Pass, i int) bool {
	for _, s := range p.Snippets {
		if s.Index == i {
			return scanFormat(s) == snippet.INI
		}
	}
	return false
}

// capitalised reports whether key has a capital first letter and no
// other: Client_secret, Scopes (ClientSecret is another convention).
func capitalised(key string) bool {
	if key == "" || key[0] < 'A' || key[0] > 'Z' {
		return false
	}
	for i := 1; i < len(key); i++ {
		if c := key[i]; !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// lowerKey reports whether key is a name in lower case: letters, digits
// and '_', beginning with a letter.
func lowerKey(key string) bool {
	if key == "" || key[0] < 'a' || key[0] > 'z' {
		return false
	}
	for i := 0; i < len(key); i++ {
		if c := key[i]; !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}
