package tests

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/guidec/guidec/internal/diag"
)

// pointEdit is one single-point mistake: it changes one line of a guide
// and returns the guide and the 1-based line it changed, or ok false when
// the guide has no line it applies to. n picks among the applicable lines
// (and varies the form of the mistake) so that guides are mutated at
// different places.
type pointEdit struct {
	name string
	edit func(g []byte, n int) (out []byte, line int, ok bool)
	// inserts says the edit adds its line rather than changing one: the
	// baseline's findings below it moved down by one.
	inserts bool
}

// yamlKV matches a YAML line "  key: value" (optionally a "- " item).
var yamlKV = regexp.MustCompile(`^(\s*(?:- )?)([A-Za-z_][A-Za-z0-9_]*):( +)(.*)$`)

// quoted matches a line holding one quoted value, single or double.
var quoted = regexp.MustCompile(`^([^'"]*)(['"])([A-Za-z0-9][A-Za-z0-9_.:/-]*)(['"])(\s*(?:#.*)?)$`)

// onLine returns an edit that applies change to the n-th line (mod count)
// whose fence info string satisfies inFence and for which change succeeds.
func onLine(inFence func(info string) bool, change func(line string, n int) (string, bool)) func([]byte, int) ([]byte, int, bool) {
	return func(g []byte, n int) ([]byte, int, bool) {
		ls, f := guideLines(g)
		var idx []int
		for i := range ls {
			if !isFenceBody(f[i]) || !inFence(f[i]) || strings.Contains(ls[i], "{{") || strings.Contains(ls[i], "\t") {
				continue
			}
			if _, ok := change(ls[i], n); ok {
				idx = append(idx, i)
			}
		}
		if len(idx) == 0 {
			return nil, 0, false
		}
		i := idx[n%len(idx)]
		ls[i], _ = change(ls[i], n)
		return []byte(strings.Join(ls, "\n")), i + 1, true
	}
}

func isFenceBody(info string) bool {
	return info != "" && info != "frontmatter" && info != "fence-start" && info != "fence-end"
}

func yamlFence(info string) bool {
	return strings.HasPrefix(info, "```yaml") || strings.HasPrefix(info, "```yml")
}

// autheliaFence reports a yaml fence that is Authelia's configuration, by
// its title.
func autheliaFence(info string) bool {
	return yamlFence(info) && strings.Contains(info, `"configuration.yml"`)
}

func anyFence(string) bool { return true }

func envFence(info string) bool {
	return strings.Contains(info, ".env") || strings.HasPrefix(info, "```env")
}

// enumKeys are Authelia client options with a closed set of values.
var enumKeys = regexp.MustCompile(`^\s*(?:- )?(token_endpoint_auth_method|authorization_policy|consent_mode|pkce_challenge_method|userinfo_signed_response_alg|id_token_signed_response_alg|access_token_signed_response_alg|token_endpoint_auth_signing_alg|introspection_signed_response_alg|authorization_signed_response_alg|response_modes|policy):\s*'([a-z][a-z0-9_]+)'\s*$`)

var pointEdits = []pointEdit{
	// A YAML key without the space after its colon: a plain scalar
	// "key:'value'" where a key was expected.
	{"yaml-no-space", onLine(yamlFence, func(l string, n int) (string, bool) {
		m := yamlKV.FindStringSubmatch(l)
		if m == nil || m[4] == "" || m[4][0] != '\'' && m[4][0] != '"' {
			return "", false
		}
		return m[1] + m[2] + ":" + m[4], true
	}), false},
	// A key moved out of its mapping by two spaces.
	{"yaml-dedent", func(g []byte, n int) ([]byte, int, bool) {
		ls, f := guideLines(g)
		var idx []int
		for i := 1; i < len(ls); i++ {
			if !isFenceBody(f[i]) || !yamlFence(f[i]) || f[i-1] != f[i] || strings.Contains(ls[i], "{{") {
				continue
			}
			m, p := yamlKV.FindStringSubmatch(ls[i]), yamlKV.FindStringSubmatch(ls[i-1])
			if m == nil || p == nil || m[1] != p[1] || len(m[1]) < 4 || strings.Contains(m[1], "-") || m[4] == "" {
				continue
			}
			idx = append(idx, i)
		}
		if len(idx) == 0 {
			return nil, 0, false
		}
		i := idx[n%len(idx)]
		ls[i] = ls[i][2:]
		return []byte(strings.Join(ls, "\n")), i + 1, true
	}, false},
	// A misspelt value of an Authelia enum.
	{"enum-typo", onLine(autheliaFence, func(l string, n int) (string, bool) {
		m := enumKeys.FindStringSubmatchIndex(l)
		if m == nil {
			return "", false
		}
		v := l[m[4]:m[5]]
		return l[:m[4]] + v[:len(v)-1] + l[m[5]:], true
	}), false},
	// A misspelt Authelia client option.
	{"key-typo", onLine(autheliaFence, func(l string, n int) (string, bool) {
		m := regexp.MustCompile(`^(\s*(?:- )?)(client_name|redirect_uris|authorization_policy|require_pkce|grant_types|response_types|userinfo_signed_response_alg|token_endpoint_auth_method|consent_mode)(:.*)$`).FindStringSubmatch(l)
		if m == nil {
			return "", false
		}
		k := m[2]
		return m[1] + k[:2] + k[3:] + m[3], true
	}), false},
	// Typographic quotes around a value, as a word processor writes them.
	{"smart-quotes", onLine(anyFence, func(l string, n int) (string, bool) {
		m := quoted.FindStringSubmatch(l)
		if m == nil || m[2] != m[4] {
			return "", false
		}
		o, c := "\u2018", "\u2019"
		if m[2] == `"` {
			o, c = "\u201C", "\u201D"
		}
		return m[1] + o + m[3] + c + m[5], true
	}), false},
	// A non-breaking space after a YAML colon.
	{"nbsp", onLine(yamlFence, func(l string, n int) (string, bool) {
		m := yamlKV.FindStringSubmatch(l)
		if m == nil || m[4] == "" || m[3] != " " {
			return "", false
		}
		return m[1] + m[2] + ":\u00A0" + m[4], true
	}), false},
	// A zero-width space inside a value.
	{"zero-width", onLine(anyFence, func(l string, n int) (string, bool) {
		m := quoted.FindStringSubmatch(l)
		if m == nil || len(m[3]) < 2 {
			return "", false
		}
		return m[1] + m[2] + m[3][:1] + "\u200B" + m[3][1:] + m[4] + m[5], true
	}), false},
	// A YAML line indented with a tab.
	{"yaml-tab", onLine(yamlFence, func(l string, n int) (string, bool) {
		m := yamlKV.FindStringSubmatch(l)
		if m == nil || !strings.HasPrefix(m[1], "  ") {
			return "", false
		}
		return "\t" + l[2:], true
	}), false},
	// A .env line that lost its '='.
	{"env-no-equals", onLine(envFence, func(l string, n int) (string, bool) {
		m := regexp.MustCompile(`^([A-Z][A-Z0-9_]*)=(\S.*)$`).FindStringSubmatch(l)
		if m == nil {
			return "", false
		}
		return m[1] + " " + m[2], true
	}), false},
	// The provider's client_id changed.
	{"provider-client-id", onLine(autheliaFence, func(l string, n int) (string, bool) {
		m := regexp.MustCompile(`^(\s*(?:- )?client_id:\s*)(['"]?)([A-Za-z0-9][A-Za-z0-9_.-]*)(['"]?)(\s*(?:#.*)?)$`).FindStringSubmatch(l)
		if m == nil {
			return "", false
		}
		return m[1] + m[2] + m[3] + "x" + m[4] + m[5], true
	}), false},
	// A key written twice in a row.
	{"yaml-duplicate", func(g []byte, n int) ([]byte, int, bool) {
		ls, f := guideLines(g)
		var idx []int
		for i := range ls {
			if isFenceBody(f[i]) && yamlFence(f[i]) && !strings.Contains(ls[i], "{{") {
				if m := yamlKV.FindStringSubmatch(ls[i]); m != nil && !strings.Contains(m[1], "-") && m[4] != "" {
					idx = append(idx, i)
				}
			}
		}
		if len(idx) == 0 {
			return nil, 0, false
		}
		i := idx[n%len(idx)]
		ls = append(ls[:i+1], append([]string{ls[i]}, ls[i+1:]...)...)
		return []byte(strings.Join(ls, "\n")), i + 2, true
	}, true},
	// A quoted YAML value that lost its closing quote.
	{"yaml-unclosed-quote", onLine(yamlFence, func(l string, n int) (string, bool) {
		m := yamlKV.FindStringSubmatch(l)
		if m == nil || len(m[4]) < 3 || m[4][0] != '\'' || !strings.HasSuffix(m[4], "'") {
			return "", false
		}
		return strings.TrimSuffix(l, "'"), true
	}), false},
	// A key that lost its colon. (A list item "- key value" that nothing
	// follows is a valid string, which only the application could refuse:
	// the item must be followed by its entry's other keys.)
	{"yaml-no-colon", func(g []byte, n int) ([]byte, int, bool) {
		ls, f := guideLines(g)
		var idx []int
		for i := 0; i+1 < len(ls); i++ {
			if !isFenceBody(f[i]) || !yamlFence(f[i]) || strings.Contains(ls[i], "{{") {
				continue
			}
			m := yamlKV.FindStringSubmatch(ls[i])
			if m == nil || m[4] == "" || strings.HasPrefix(m[4], "#") {
				continue
			}
			if strings.Contains(m[1], "-") {
				next := yamlKV.FindStringSubmatch(ls[i+1])
				if f[i+1] != f[i] || next == nil || len(next[1]) != len(m[1]) {
					continue
				}
			}
			idx = append(idx, i)
		}
		if len(idx) == 0 {
			return nil, 0, false
		}
		i := idx[n%len(idx)]
		m := yamlKV.FindStringSubmatch(ls[i])
		ls[i] = m[1] + m[2] + m[3] + m[4]
		return []byte(strings.Join(ls, "\n")), i + 1, true
	}, false},
	// The last key of a nested mapping moved out to its parent's level,
	// where it is valid YAML but a key of the wrong mapping.
	{"yaml-dedent-valid", func(g []byte, n int) ([]byte, int, bool) {
		ls, f := guideLines(g)
		var idx []int
		for i := 1; i+1 < len(ls); i++ {
			if !isFenceBody(f[i]) || !autheliaFence(f[i]) || f[i-1] != f[i] || strings.Contains(ls[i], "{{") {
				continue
			}
			m, p := yamlKV.FindStringSubmatch(ls[i]), yamlKV.FindStringSubmatch(ls[i-1])
			if m == nil || p == nil || len(m[1]) != len(p[1]) || strings.Contains(m[1], "-") || len(m[1]) < 4 || m[4] == "" {
				continue
			}
			// the next line leaves the mapping for its parent's level or ends the block
			next := len(ls[i+1]) - len(strings.TrimLeft(ls[i+1], " -"))
			if f[i+1] == f[i] && next >= len(m[1]) {
				continue
			}
			idx = append(idx, i)
		}
		if len(idx) == 0 {
			return nil, 0, false
		}
		i := idx[n%len(idx)]
		// the parent key: the nearest line above that is less indented
		m := yamlKV.FindStringSubmatch(ls[i])
		ind := len(m[1])
		for j := i - 1; j >= 0 && f[j] == f[i]; j-- {
			t := strings.TrimLeft(ls[j], " ")
			if t == "" || strings.HasPrefix(t, "#") {
				continue
			}
			if k := len(ls[j]) - len(t); k < ind {
				if strings.HasPrefix(t, "- ") {
					ind = k // an entry of a list: out to the list's parent
					continue
				}
				ls[i] = strings.Repeat(" ", k) + strings.TrimLeft(ls[i], " ")
				return []byte(strings.Join(ls, "\n")), i + 1, true
			}
		}
		return nil, 0, false
	}, false},
	// The application's client id changed in a .env file.
	{"env-client-id", onLine(envFence, func(l string, n int) (string, bool) {
		m := regexp.MustCompile(`^([A-Z][A-Z0-9_]*CLIENT_ID)=([A-Za-z0-9][A-Za-z0-9_.-]*)$`).FindStringSubmatch(l)
		if m == nil {
			return "", false
		}
		return m[1] + "=" + m[2] + "x", true
	}), false},
	// The client an escape hatch adds options to changed.
	{"escape-hatch-client-id", func(g []byte, n int) ([]byte, int, bool) {
		ls, _ := guideLines(g)
		re := regexp.MustCompile(`^(\{\{% oidc-escape-hatch-[a-z-]+ .*client_id=")([A-Za-z0-9_.-]+)(".*)$`)
		for i, l := range ls {
			if m := re.FindStringSubmatch(l); m != nil {
				ls[i] = m[1] + m[2] + "x" + m[3]
				return []byte(strings.Join(ls, "\n")), i + 1, true
			}
		}
		return nil, 0, false
	}, false},
	// A list entry that lost its "- ".
	{"yaml-no-dash", func(g []byte, n int) ([]byte, int, bool) {
		ls, f := guideLines(g)
		item := regexp.MustCompile(`^(\s*)- ('[^']*')\s*$`)
		var idx []int
		for i := 1; i < len(ls); i++ {
			if isFenceBody(f[i]) && yamlFence(f[i]) && f[i-1] == f[i] && item.MatchString(ls[i]) && item.MatchString(ls[i-1]) && !strings.Contains(ls[i], "{{") {
				idx = append(idx, i)
			}
		}
		if len(idx) == 0 {
			return nil, 0, false
		}
		i := idx[n%len(idx)]
		m := item.FindStringSubmatch(ls[i])
		ls[i] = m[1] + "  " + m[2]
		return []byte(strings.Join(ls, "\n")), i + 1, true
	}, false},
	// An INI line that lost its '='.
	{"ini-no-equals", onLine(func(i string) bool { return strings.HasPrefix(i, "```ini") }, func(l string, n int) (string, bool) {
		m := regexp.MustCompile(`^([A-Za-z_][A-Za-z0-9_.]*)\s*=\s*(\S.*)$`).FindStringSubmatch(l)
		if m == nil {
			return "", false
		}
		return m[1] + " " + m[2], true
	}), false},
	// A JSON member followed by a comma where the object ends.
	{"json-trailing-comma", func(g []byte, n int) ([]byte, int, bool) {
		ls, f := guideLines(g)
		var idx []int
		for i := 0; i+1 < len(ls); i++ {
			if strings.HasPrefix(f[i], "```json") && f[i+1] == f[i] && regexp.MustCompile(`^\s*"[^"]+":\s*("[^"]*"|true|false|[0-9]+)\s*$`).MatchString(ls[i]) &&
				regexp.MustCompile(`^\s*[}\]]`).MatchString(ls[i+1]) {
				idx = append(idx, i)
			}
		}
		if len(idx) == 0 {
			return nil, 0, false
		}
		i := idx[n%len(idx)]
		ls[i] += ","
		return []byte(strings.Join(ls, "\n")), i + 1, true
	}, false},
	// A boolean option written as a word YAML does not read as one.
	{"bool-word", onLine(autheliaFence, func(l string, n int) (string, bool) {
		m := regexp.MustCompile(`^(\s*(?:- )?(?:public|require_pkce):\s*)(true|false)\s*$`).FindStringSubmatch(l)
		if m == nil {
			return "", false
		}
		return m[1] + "'" + map[string]string{"true": "yes please", "false": "nope"}[m[2]] + "'", true
	}), false},
	// An enum value in the wrong case.
	{"enum-case", onLine(autheliaFence, func(l string, n int) (string, bool) {
		m := regexp.MustCompile(`^(\s*(?:- )?(?:token_endpoint_auth_method|authorization_policy|consent_mode|pkce_challenge_method):\s*')([A-Za-z_0-9]+)('.*)$`).FindStringSubmatch(l)
		if m == nil || strings.ToUpper(m[2]) == m[2] {
			return "", false
		}
		return m[1] + strings.ToUpper(m[2]) + m[3], true
	}), false},
	// A grant type the client's scopes do not allow, in a client that has
	// no refresh_token grant yet (else the edit is a duplicate, which is
	// reported at the later of the two).
	{"grant-refresh", func(g []byte, n int) ([]byte, int, bool) {
		if bytes.Contains(g, []byte("'refresh_token'")) {
			return nil, 0, false
		}
		return onLine(autheliaFence, func(l string, n int) (string, bool) {
			m := regexp.MustCompile(`^(\s*- )'authorization_code'\s*$`).FindStringSubmatch(l)
			if m == nil {
				return "", false
			}
			return m[1] + "'refresh_token'", true
		})(g, n)
	}, false},
	// A site variable whose name is misspelt.
	{"sitevar-typo", func(g []byte, n int) ([]byte, int, bool) {
		ls, f := guideLines(g)
		var idx []int
		for i, l := range ls {
			if f[i] != "frontmatter" && strings.Contains(l, `sitevar name="domain"`) {
				idx = append(idx, i)
			}
		}
		if len(idx) == 0 {
			return nil, 0, false
		}
		i := idx[n%len(idx)]
		ls[i] = strings.Replace(ls[i], `sitevar name="domain"`, `sitevar name="domian"`, 1)
		return []byte(strings.Join(ls, "\n")), i + 1, true
	}, false},
	// A JSON member that lost its comma.
	{"json-no-comma", onLine(func(i string) bool { return strings.HasPrefix(i, "```json") }, func(l string, n int) (string, bool) {
		if !regexp.MustCompile(`^\s*"[^"]+":\s*("[^"]*"|true|false|[0-9]+),\s*$`).MatchString(l) {
			return "", false
		}
		return strings.TrimRight(strings.TrimSpace(l), ",") + "", true
	}), false},
}

// TestOneRootCause applies single-point edits to our guides and to the
// corpus and requires exactly one new finding (error or warning) per
// edit, on the edited line itself: a mistake must be reported once, where
// the writer has to change it, not as a cascade of symptoms elsewhere.
func TestOneRootCause(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	site, sc := copyFS(t, os.DirFS("../site")), copyFS(t, os.DirFS("../shortcodes"))
	type guideFile struct{ name, path string }
	var all []guideFile
	for _, dir := range []string{"../guides", corpusDir(t)} {
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			all = append(all, guideFile{e.Name(), filepath.Join(dir, e.Name(), "index.md")})
		}
	}
	total, good := 0, 0
	per := map[string][2]int{}
	var bad []string
	for n, gf := range all {
		g, err := os.ReadFile(gf.path)
		if err != nil {
			continue
		}
		// The guide's figures: without them its shortcodes fail, the
		// page is not checked, and no edit of it can be found.
		res := resources(t, filepath.Dir(filepath.Dir(gf.path)), gf.name)
		base := map[string]int{}
		for _, d := range checkOneWith(t, gf.name, g, res, site, sc, nil) {
			base[findingKey(d)]++
		}
		for _, m := range pointEdits {
			out, line, ok := m.edit(g, n)
			if !ok {
				continue
			}
			total++
			c := per[m.name]
			c[0]++
			shift := 0
			if m.inserts {
				shift = line
			}
			got := freshFindings(checkOneWith(t, gf.name, out, res, site, sc, nil), base, shift)
			var s []string
			for _, d := range got {
				s = append(s, fmt.Sprintf("%d %s: %s [hint: %s]", d.Start().Line, d.Code, d.Message, d.Hint))
			}
			report := fmt.Sprintf("%s in %s at line %d %q: got %q", m.name, gf.path, line, lineOf(out, line), s)
			if len(got) == 1 && got[0].Start().Line == line {
				good++
				c[1]++
				if os.Getenv("ROOTCAUSE_LOG") != "" {
					t.Log("ok: " + report)
				}
			} else {
				bad = append(bad, report)
			}
			per[m.name] = c
		}
	}
	sort.Strings(bad)
	for _, b := range bad {
		t.Log(b)
	}
	t.Logf("%d of %d edits gave one finding at the edit; by kind (edits, good): %v", good, total, per)
	for _, m := range pointEdits {
		c := per[m.name]
		switch floor, pending := pendingKinds[m.name]; {
		case c[0] == 0:
			t.Errorf("kind %s was applied nowhere", m.name)
		case pending && float64(c[1]) < floor*float64(c[0]):
			t.Errorf("kind %s: %d of %d edits gave one error at the edit, fewer than the %.0f%% reached", m.name, c[1], c[0], 100*floor)
		case !pending && c[1] != c[0]:
			t.Errorf("kind %s: %d of %d edits gave no error, several, or one elsewhere", m.name, c[0]-c[1], c[0])
		}
	}
}

// pendingKinds are the edits whose one finding is check/consistency's to
// give (a client id changed on one side only, which only the comparison
// of the Assumptions, the provider's client and the application's
// configuration can place), with the share of them reported once at the
// edit today: a floor that must not fall. The escape hatch case is
// authelia's (authelia-client-fragment-orphan) and passes.
var pendingKinds = map[string]float64{
	// 93 of 94. Left: ocis's generated client ids, which the guide
	// states nowhere else: no other statement to compare with.
	"provider-client-id": 0.98,
}

// findingKey identifies a finding across two versions of a guide whose
// lines did not move (not by its message, which may quote the edited value).
func findingKey(d diag.Diagnostic) string {
	return fmt.Sprintf("%d %s", d.Start().Line, d.Code)
}

// freshFindings returns the errors and warnings of l that the baseline
// does not hold (a cascade of warnings is a cascade too); a
// line was inserted at line inserted (0: none), so the baseline's lines
// after it are one less.
func freshFindings(l diag.List, base map[string]int, inserted int) diag.List {
	seen := map[string]int{}
	var out diag.List
	for _, d := range l {
		if d.Severity == diag.Info {
			continue
		}
		line := d.Start().Line
		if inserted > 0 && line > inserted {
			line--
		}
		k := fmt.Sprintf("%d %s", line, d.Code)
		seen[k]++
		if seen[k] > base[k] {
			out = append(out, d)
		}
	}
	return out
}

func lineOf(g []byte, line int) string {
	ls := strings.Split(string(g), "\n")
	if line < 1 || line > len(ls) {
		return ""
	}
	return ls[line-1]
}
