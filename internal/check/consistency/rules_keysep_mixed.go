package consistency

import (
	"fmt"
	"strings"

	"github.com/guidec/guidec/internal/diag"
)

// checkMixedSeparators reports a key that joins its words with both '-'
// and '_' (only-start_if_oidc_is_available, GRAMPSWEB-OIDC_CLIENT_ID)
// in a mapping whose other keys, three at least, each use one and the
// same separator: a program reads its keys as spelt, and a key spelt two
// ways at once is one of them with a slipped separator. The siblings
// decide which (two were too few: version-or-regional_version beside
// two names of a Google API file is a name). A compose environment's variables count too (the
// shell's names take no '-' at all); a .env's never reach the model, as
// env-syntax refuses them. Keys the writer names (services, labels…),
// dotted keys (Traefik labels, Java properties) and x- extensions are
// left alone: their parts are names from elsewhere, joined as those
// names are spelt.
func checkMixedSeparators(m *model, r *reporter) {
	// Most guides have no key with both: nothing to group then.
	n := len(m.app) + len(m.listKeys) + len(m.mapKeys)
	any := false
	for i := 0; i < n && !any; i++ {
		k := m.keyAt(i).Key
		any = strings.IndexByte(k, '-') >= 0 && strings.IndexByte(k, '_') >= 0
	}
	if !any {
		return
	}
	type sibling struct {
		snippet int
		parents string
	}
	groups := map[sibling][]int{}
	files := map[int]*sepTally{}
	for i := range len(m.app) + len(m.listKeys) + len(m.mapKeys) {
		av := m.keyAt(i)
		if av.Group < 0 || av.Label || !strings.ContainsAny(av.Key, "_-") || !plainWords(av.Key) || namedByWriter(av.Parents) || !mappingFile(r.p.Snippets, av.Group) {
			continue
		}
		g := sibling{av.Group, av.Parents}
		groups[g] = append(groups[g], i)
		if files[av.Group] == nil {
			files[av.Group] = &sepTally{seen: map[string]bool{}, mixed: -1}
		}
		files[av.Group].add(av.Key, i)
	}
	for g, keys := range groups {
		t := &sepTally{seen: map[string]bool{}, mixed: -1}
		for _, i := range keys {
			t.add(m.keyAt(i).Key, i)
		}
		if t.mixed < 0 {
			continue
		}
		// A mapping of one to three keys says little: the snippet's other
		// mappings then tell its convention (komga's one key beside
		// spring's client-id, client-secret, issuer-uri…), if they
		// agree and hold no other mixed key.
		if t.under+t.dash < 3 {
			if f := files[g.snippet]; f.mixed == t.mixed && f.under+f.dash >= 3 {
				t = f
			}
		}
		if t.under > 0 && t.dash > 0 || t.under+t.dash < 3 {
			continue
		}
		av := m.keyAt(t.mixed)
		style, other := "_", "-"
		if t.dash > 0 {
			style, other = "-", "_"
		}
		at := keyValue(r.p.File.Content, *av)
		if at.Text != av.Key || r.seen[at.Span] || r.seen[av.Value.Span] || r.p.Reported(at.Span) {
			continue
		}
		where := "beside it in"
		if t == files[g.snippet] {
			where = "of"
		}
		fixed := strings.ReplaceAll(av.Key, other, style)
		r.report(at, diag.Warning, "consistency-key-separator", "write "+fixed,
			fmt.Sprintf("'%s' joins its words with both '-' and '_' where the other %d keys %s %s use '%s' only: the program reads its keys as spelt", av.Key, t.under+t.dash, where, av.Where, style))
	}
}

// sepTally counts the distinct keys of a mapping or a file by the
// separator they join their words with.
type sepTally struct {
	seen        map[string]bool
	under, dash int
	// mixed is the index (keyAt) of the one key using both, -1 for
	// none, -2 for several: several make a convention, not a slip.
	mixed int
}

func (t *sepTally) add(k string, i int) {
	if t.seen[k] {
		return
	}
	t.seen[k] = true
	u, d := strings.Contains(k, "_"), strings.Contains(k, "-")
	switch {
	case u && d:
		if t.mixed == -1 {
			t.mixed = i
		} else {
			t.mixed = -2
		}
	case u:
		t.under++
	default:
		t.dash++
	}
}

// plainWords reports whether key is words of letters and digits joined
// by '-' and '_' alone, not an x- extension: a dotted, slashed or
// spaced key joins names from elsewhere (a Traefik router, a Java
// package, a URL), each spelt its own way.
func plainWords(key string) bool {
	if len(key) < 3 || strings.HasPrefix(key, "x-") || strings.HasPrefix(key, "X-") {
		return false
	}
	for i := 0; i < len(key); i++ {
		c := key[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return key[0] != '-' && key[0] != '_' && key[len(key)-1] != '-' && key[len(key)-1] != '_'
}
