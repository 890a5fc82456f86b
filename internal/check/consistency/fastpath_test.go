package consistency

import (
	"slices"
	"strings"
	"testing"

	"github.com/guidec/guidec/internal/source"
)

// The fast paths of the checker (ASCII scans; filters that skip a regexp
// or a parse that cannot match) are compared here with the plain forms
// they replace.

func inAssumptionsPlain(section string) bool {
	const w = "assumption"
	for i := 0; i+len(w) <= len(section); i++ {
		if strings.EqualFold(section[i:i+len(w)], w) {
			return true
		}
	}
	return false
}

func sentenceStartPlain(text string, from, end int) int {
	seg := text[from:end]
	if at := max(strings.LastIndex(seg, ". "), strings.LastIndex(seg, ".\n"), strings.LastIndex(seg, "! "), strings.LastIndex(seg, "? ")); at >= 0 {
		return from + at + 1
	}
	if from > 0 {
		if j := strings.LastIndex(strings.ToLower(seg), " and "); j >= 0 {
			return from + j + len(" and ")
		}
	}
	return from
}

func phraseKindPlain(phrase string) (string, kind) {
	ws := strings.Fields(phrase)
	k := kindNone
	for n := min(5, len(ws)); n >= 1 && k == kindNone; n-- {
		k = classifyKey("", strings.Join(ws[len(ws)-n:], " "))
	}
	if k == kindNone {
		return "", kindNone
	}
	for n := 1; n <= min(5, len(ws)); n++ {
		if l := strings.Join(ws[len(ws)-n:], " "); classifyKey("", l) == k {
			return l, k
		}
	}
	return "", kindNone
}

func compareFastPaths(t *testing.T, s string) {
	t.Helper()
	if got, want := normalizeKey(s), normalizeRunes(s); got != want {
		t.Errorf("normalizeKey(%q) = %q, want %q", s, got, want)
	}
	if got, want := inAssumptions(s), inAssumptionsPlain(s); got != want {
		t.Errorf("inAssumptions(%q) = %v, want %v", s, got, want)
	}
	for from := 0; from <= len(s); from += 1 + len(s)/4 {
		if got, want := sentenceStart(s, from, len(s)), sentenceStartPlain(s, from, len(s)); got != want {
			t.Errorf("sentenceStart(%q, %d) = %d, want %d", s, from, got, want)
		}
	}
	gl, gk := phraseKind(s)
	if wl, wk := phraseKindPlain(s); gl != wl || gk != wk {
		t.Errorf("phraseKind(%q) = %q, %v; want %q, %v", s, gl, gk, wl, wk)
	}
}

func TestFastPathsRandom(t *testing.T) {
	pieces := []string{
		"client", "ID", "Secret", "redirect", "URI", "the", "Issuer", "URL", "OIDC", "base", "secured", "logout", "scope",
		"Assumptions", "ASSUMPTION", "aſſumption", "and", "AND", " ", " ", "  ", "\t", "\n", ". ", ".\n", "! ", "? ",
		"_", "-", ".", "K", "İ", "é", "\xff", "9", "x", "Provider", "Endpoint", "oauth", "token", "auth", "method",
	}
	randomTexts(5, 6, 50000, 9, pieces, func(s string) { compareFastPaths(t, s) })
}

func FuzzFastPaths(f *testing.F) {
	for _, s := range []string{"", "Client ID", "OIDC_CLIENT_SECRET", "assumptions", "Set A to x and B to", "İ and K"} {
		f.Add(s)
	}
	f.Fuzz(compareFastPaths)
}

func compareYAMLMapping(t *testing.T, text []byte) {
	t.Helper()
	if got, want := yamlMapping(text) != nil, parsedMapping(text) != nil; got != want {
		t.Errorf("yamlMapping(%q) found a mapping: %v; parsing gives %v", text, got, want)
	}
}

func TestYAMLMappingFilterRandom(t *testing.T) {
	pieces := []string{
		"a", "key", "b c", ":", ": ", ":\n", "?", "? ", " ", "\n", "\t", "\r\n", "{", "}", "[", "]", ",", "#", "'", "\"",
		"- ", "x: 1\n", "y: 2\n", "z: 3\n", "\xc2\x85", "\xe2\x80\xa8", "\xe2\x80\xa9", "\x00", "$", "|", "&a ", "*a",
		"---\n", "...\n", "%YAML 1.2\n", "\xff\xfe", "\xef\xbb\xbf", "http://h:80", "  ", "!!map ",
		"[x:y]", "[a: 1, b: 2, c: 3]", "{a:1,b:2,c:3}", "a: [x:y]\n", "\"k\":v\n", "? [a]\n",
	}
	randomTexts(7, 8, 30000, 12, pieces, func(s string) { compareYAMLMapping(t, []byte(s)) })
}

func FuzzYAMLMappingFilter(f *testing.F) {
	for _, s := range []string{"a: 1\nb: 2\nc: 3\n", "{a, b, c}", "? a\n? b\n? c\n", "docker run -e A=b:c img", "a:\xc2\x85b:\xc2\x85c:"} {
		f.Add([]byte(s))
	}
	f.Fuzz(compareYAMLMapping)
}

// flagValuesPlain is flagValues running every regexp on every text.
func flagValuesPlain(text string) []cliFlag {
	var out []cliFlag
	add := func(m []int) {
		vs, ve := m[4], m[5]
		if q := text[vs]; q == '\'' || q == '"' {
			vs, ve = vs+1, ve-1
		}
		out = append(out, cliFlag{key: text[m[2]:m[3]], value: text[vs:ve], span: source.Span{Start: vs, End: ve}, env: envFlag(text[m[0]:m[2]])})
	}
	for _, m := range flagRE.FindAllStringSubmatchIndex(text, -1) {
		add(m)
	}
	for _, m := range emptyEnvFlagRE.FindAllStringSubmatchIndex(text, -1) {
		out = append(out, cliFlag{key: text[m[2]:m[3]], span: source.Span{Start: m[3] + 1, End: m[3] + 1}, env: true})
	}
	for _, m := range emptyFlagRE.FindAllStringSubmatchIndex(text, -1) {
		out = append(out, cliFlag{key: text[m[2]:m[3]], span: source.Span{Start: m[3] + 1, End: m[3] + 1}})
	}
	for _, m := range spacedFlagRE.FindAllStringSubmatchIndex(text, -1) {
		if !strings.Contains(text[m[4]:m[5]], "=") {
			add(m)
		}
	}
	for _, m := range goFlagRE.FindAllStringSubmatchIndex(text, -1) {
		if !strings.Contains(text[m[4]:m[5]], "=") {
			add(m)
		}
	}
	out = bareFlags(text, out)
	slices.SortStableFunc(out, func(a, b cliFlag) int { return a.span.Start - b.span.Start })
	return out
}

func TestBareFlags(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want []cliFlag
	}{
		{"cmd \\\n  -client-secret \\\n  -other x\n", []cliFlag{{key: "client-secret", span: source.Span{Start: 22, End: 22}}}},
		{"cmd --client-id \\\n  app \\\n  --x y\n", []cliFlag{{key: "client-id", value: "app", span: source.Span{Start: 20, End: 23}}}},
		{"cmd --client-id \\\n 'a b'\n", []cliFlag{{key: "client-id", value: "a b", span: source.Span{Start: 20, End: 23}}}},
		{"cmd --client-secret\n", []cliFlag{{key: "client-secret", span: source.Span{Start: 19, End: 19}}}},
		{"cmd --enable-pkce \\\n --x y\n", nil}, // a switch
		{"cmd --client-id \\\n 'a\nb'\n", nil},  // no plain value: not judged
	} {
		if got := bareFlags(tt.in, nil); !slices.Equal(got, tt.want) {
			t.Errorf("bareFlags(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
	}
}

func compareFlagValues(t *testing.T, text string) {
	t.Helper()
	if got, want := flagValues(text), flagValuesPlain(text); !slices.Equal(got, want) {
		t.Errorf("flagValues(%q) = %v, want %v", text, got, want)
	}
}

func TestFlagValuesRandom(t *testing.T) {
	pieces := []string{"--", "-", "-e", "--env", "--set", "--from-literal", "=", "= ", "a", "KEY", "x.y", " ", "\t", "\n", "'v'", `"v"`, "v", "\\", "|", "=\n"}
	randomTexts(9, 10, 30000, 12, pieces, func(s string) { compareFlagValues(t, s) })
}

func FuzzFlagValues(f *testing.F) {
	for _, s := range []string{"docker run -e A= -e B=b --name x img", "kubectl create secret --from-literal=client-secret=abc", "--client-id 'x'"} {
		f.Add(s)
	}
	f.Fuzz(compareFlagValues)
}

func compareLineFilters(t *testing.T, line string) {
	t.Helper()
	if got, want := opener(line), openerRE.FindStringSubmatch(line); !slices.Equal(got, want) {
		t.Errorf("opener(%q) = %q, want %q", line, got, want)
	}
	if got, want := listItem(line, true), listItemRE.FindStringSubmatchIndex(line); !slices.Equal(got, want) {
		t.Errorf("listItem(%q) = %v, want %v", line, got, want)
	}
}

func TestLineFiltersRandom(t *testing.T) {
	pieces := []string{" ", "\t", "\r", "\f", "'", `"`, "key", "a.b-c", "=>", "=", ":", "[", "{", "array(", "(", ",", "x", "]", "\\"}
	randomTexts(11, 12, 30000, 8, pieces, func(s string) { compareLineFilters(t, s) })
}
