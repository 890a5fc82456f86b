package consistency

import (
	"fmt"
	"strings"
	"testing"

	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/snippet"
	"github.com/guidec/guidec/internal/source"
)

// schemaSite is a name of a closed schema written in a guide: its span in
// the guide and the names it must not be mutated into.
type schemaSite struct {
	span   source.Span
	name   string
	format string
	known  []string
	fold   bool // the schema ignores case (Apache)
}

// schemaSites returns the mod_auth_openidc directives, caddy-security
// identity provider directives and Terraform arguments of known resource
// types written in the guide, as the checker's scanners find them.
func schemaSites(content []byte, name string) []schemaSite {
	f, snips, _ := mdGuide(name, content)
	var out []schemaSite
	add := func(s *snippet.Snippet, sp source.Span, n, format string, known []string, fold bool) {
		g := s.GuideSpan(sp)
		if string(f.Content[g.Start:g.End]) == n {
			out = append(out, schemaSite{g, n, format, known, fold})
		}
	}
	for _, s := range snips {
		switch {
		case isCaddyfile(s):
			for _, d := range scanCaddyfile(s.Text) {
				if len(d.Blocks) > 0 && strings.HasPrefix(d.Blocks[len(d.Blocks)-1], "oauth identity provider ") && contains(caddySecurityIdPDirectives, d.Name.Text) {
					add(s, d.Name.Span, d.Name.Text, "caddy", caddySecurityIdPDirectives, false)
				}
			}
		case scanFormat(s) == snippet.Conf:
			for off := 0; off < len(s.Text); {
				end := off + strings.IndexByte(string(s.Text[off:])+"\n", '\n')
				line := string(s.Text[off:end])
				i := blanksFrom(line, 0)
				if j := strings.IndexAny(line[i:]+" ", " \t"); apacheKnown[strings.ToLower(line[i:i+j])] {
					add(s, source.Span{Start: off + i, End: off + i + j}, line[i:i+j], "apache", apacheOIDCDirectives, true)
				}
				off = end + 1
			}
		case scanFormat(s) == snippet.HCL:
			for _, a := range scanHCL(s.Text) {
				key := strings.TrimSuffix(a.Type+"."+a.Block, ".")
				if known, ok := terraformResources[key]; ok && contains(known, a.Name) {
					add(s, a.Span, a.Name, "hcl", known, false)
				}
			}
		}
	}
	return out
}

// misspell returns the misspelling of kind i%4 of name: a letter dropped,
// doubled, two neighbours swapped, or one replaced, at a place that
// rotates with i; "" when it gives a known name or the name itself.
func misspell(name string, i int, known []string, fold bool) (string, string) {
	n := len(name)
	at := 1 + (i/4)%max(1, n-2) // not the first letter
	if at >= n-1 {
		at = n - 2
	}
	var bad, what string
	switch i % 4 {
	case 0:
		bad, what = name[:at]+name[at+1:], "dropped"
	case 1:
		bad, what = name[:at+1]+name[at:], "doubled"
	case 2:
		bad, what = name[:at]+string(name[at+1])+string(name[at])+name[at+2:], "swapped"
	default:
		r := byte('x')
		if name[at] == 'x' || name[at] == 'X' {
			r = 'q'
		}
		bad, what = name[:at]+string(r)+name[at+1:], "replaced"
	}
	for _, k := range known {
		if bad == k || fold && strings.EqualFold(bad, k) {
			return "", what
		}
	}
	if bad == name {
		return "", what
	}
	return bad, what
}

// TestUnknownKeyMutations misspells every mod_auth_openidc directive,
// caddy-security identity provider directive and argument of a known
// Terraform resource type of the guides, each in turn with a letter
// dropped, doubled, swapped or replaced, and requires
// consistency-unknown-key on its line and column; changing the case of an
// Apache directive, which Apache ignores, must give nothing.
func TestUnknownKeyMutations(t *testing.T) {
	gs, v := mutationGuides(t)
	var c tally
	formats := map[string]int{}
	kinds := map[string]int{}
	caseChanges := 0
	i := 0
	for _, g := range gs {
		for _, s := range schemaSites(g.content, g.name) {
			for round := 0; round < 2; round++ {
				bad, what := misspell(s.name, i, s.known, s.fold)
				i++
				if bad == "" {
					continue
				}
				mutated := append(append(append([]byte{}, g.content[:s.span.Start]...), bad...), g.content[s.span.End:]...)
				f := source.NewFile(g.name, mutated)
				pos := f.Position(s.span.Start)
				found := false
				for _, d := range runChecker(t, g.name, mutated, v) {
					if d.Code == "consistency-unknown-key" && d.Start() == pos && d.Hint == "write "+s.name {
						found = true
					}
				}
				formats[s.format]++
				kinds[what]++
				c.add(found, fmt.Sprintf("%s:%d:%d %s %s -> %s (%s)", g.name, pos.Line, pos.Column, s.format, s.name, bad, what))
			}
			if s.fold {
				// Apache matches directive names in any case.
				mutated := append(append(append([]byte{}, g.content[:s.span.Start]...), strings.ToLower(s.name)...), g.content[s.span.End:]...)
				for _, d := range runChecker(t, g.name, mutated, v) {
					if d.Code == "consistency-unknown-key" {
						t.Errorf("%s: %s in lower case: %s", g.name, s.name, d.Message)
					}
				}
				caseChanges++
			}
		}
	}
	t.Logf("formats %v, mutations %v, %d Apache case changes", formats, kinds, caseChanges)
	c.check(t, "misspelt schema names", 60, 1)
	if formats["apache"] < 10 || formats["caddy"] < 10 || formats["hcl"] < 20 {
		t.Errorf("formats %v: the sites are not read", formats)
	}
}

// TestAppFormatValueMutations changes the client id, secret, redirect URI,
// scope and issuer URL that the Caddyfile, Apache and Terraform snippets
// of the guides give the application, and requires the consistency
// finding of that value on its line.
func TestAppFormatValueMutations(t *testing.T) {
	gs, v := mutationGuides(t)
	var c tally
	byKind := map[kind]int{}
	codes := map[kind]string{
		kindClientID: "consistency-client-id", kindSecret: "consistency-secret", kindRedirect: "consistency-redirect-uri",
		kindScope: "consistency-scope", kindIssuer: "consistency-issuer", kindAuthMethod: "consistency-auth-method",
	}
	byIndex := func(g mutationGuide) map[int]*snippet.Snippet {
		_, snips, _ := mdGuide(g.name, g.content)
		out := map[int]*snippet.Snippet{}
		for _, s := range snips {
			out[s.Index] = s
		}
		return out
	}
	for _, g := range gs {
		snips := byIndex(g)
		for n, av := range g.m.app {
			s := snips[av.Group]
			code, ok := codes[av.Kind]
			if s == nil || !ok || !isCaddyfile(s) && scanFormat(s) != snippet.Conf && scanFormat(s) != snippet.HCL {
				continue
			}
			sp := av.Value.Span
			bad := mutateValue(av.Kind, string(g.content[sp.Start:sp.End]), n)
			if bad == "" {
				continue
			}
			mutated := append(append(append([]byte{}, g.content[:sp.Start]...), bad...), g.content[sp.End:]...)
			line := strings.Count(string(g.content[:sp.Start]), "\n") + 1
			found := false
			for _, d := range runChecker(t, g.name, mutated, v) {
				if d.Code == code && d.Start().Line == line && d.Severity == diag.Error {
					found = true
				}
			}
			byKind[av.Kind]++
			c.add(found, fmt.Sprintf("%s:%d %s %q -> %q", g.name, line, av.Kind, av.Value.Text, bad))
		}
	}
	t.Logf("values mutated: %v", byKind)
	c.check(t, "app-format values", 12, 1)
	for _, k := range []kind{kindClientID, kindSecret, kindRedirect, kindScope, kindIssuer, kindAuthMethod} {
		if byKind[k] == 0 {
			t.Errorf("no %s mutated: the sites are not read", k)
		}
	}
}

// mutateValue returns a wrong value of kind k for v, the text of a value
// in the guide (site variables as written), the mistake rotating with n:
// a letter dropped or doubled in an id or secret, a path or host changed
// in a redirect URI, a scope misspelt (one the client does not grant),
// the Authelia host misspelt in an issuer URL, another token endpoint
// auth method than the client's; "" when v holds no place
// for it.
func mutateValue(k kind, v string, n int) string {
	switch k {
	case kindClientID, kindSecret:
		if len(v) < 3 || strings.Contains(v, "{{") {
			return ""
		}
		if n%2 == 0 {
			return v[:len(v)-1]
		}
		return v + v[len(v)-1:]
	case kindRedirect:
		if n%2 == 0 {
			return v + "x"
		}
		return strings.Replace(v, "://", "://x", 1)
	case kindScope:
		for _, w := range []string{"profile", "email", "groups"} {
			if strings.Contains(v, w) {
				return strings.Replace(v, w, w[:len(w)-2]+w[len(w)-1:]+w[len(w)-2:len(w)-1], 1)
			}
		}
	case kindAuthMethod:
		if v == "client_secret_post" {
			return "client_secret_basic"
		}
		return "client_secret_post"
	case kindIssuer:
		for _, host := range []string{`nojs="auth"`, "://auth."} {
			if strings.Contains(v, host) {
				return strings.Replace(v, host, strings.Replace(host, "auth", "atuh", 1), 1)
			}
		}
	}
	return ""
}

// TestCaddyProviderNameMutations misspells each statement of the name of
// a caddy-security identity provider in turn (its block, a portal's
// enable identity provider, an authorization policy's set auth url, the
// registered redirect URI's /oauth2/NAME/authorization-code-callback)
// and requires one finding, on the statement's line.
func TestCaddyProviderNameMutations(t *testing.T) {
	gs, v := mutationGuides(t)
	var c tally
	i := 0
	for _, g := range gs {
		_, snips, _ := mdGuide(g.name, g.content)
		var names []string
		for _, s := range snips {
			if isCaddyfile(s) {
				ps, _ := caddyProviders(scanCaddyfile(s.Text))
				for _, p := range ps {
					names = append(names, p.name.Text)
				}
			}
		}
		for _, name := range names {
			// Every whole-word occurrence of the name in the guide that
			// states the provider.
			for _, pat := range []string{"provider " + name + " {", "provider " + name + "\n", "/oauth2/" + name + "\n", "/oauth2/" + name + "/authorization-code-callback"} {
				for off := 0; ; {
					k := strings.Index(string(g.content[off:]), pat)
					if k < 0 {
						break
					}
					at := off + k + strings.Index(pat, name)
					off = at + len(name)
					for round := 0; round < 4; round++ {
						bad, what := misspell(name, i, names, false)
						i++
						if bad == "" {
							continue
						}
						mutated := append(append(append([]byte{}, g.content[:at]...), bad...), g.content[at+len(name):]...)
						line := strings.Count(string(g.content[:at]), "\n") + 1
						var got []string
						for _, d := range runChecker(t, g.name, mutated, v) {
							if d.Severity == diag.Error {
								got = append(got, fmt.Sprintf("%d %s", d.Start().Line, d.Code))
							}
						}
						c.add(len(got) == 1 && strings.HasPrefix(got[0], fmt.Sprint(line, " ")),
							fmt.Sprintf("%s:%d %q %s -> %s (%s): %v", g.name, line, pat, name, bad, what, got))
					}
				}
			}
		}
	}
	c.check(t, "caddy-security provider names", 12, 1)
}
