package consistency

import (
	"fmt"
	"strings"

	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/snippet"
)

// checkKeySeparators reports the one key of an application's mapping that
// joins its words with the other separator than every sibling does
// (client-secret among client_id, issuer_url, redirect_url, scopes;
// object_src among script-src, style-src, img-src), or with both
// (only-start_if_oidc_is_available): a program reads its keys as they are
// spelt, and the names of one mapping follow one convention, so the odd
// one is a key the program does not know. At least three siblings must
// agree, or two when the odd key is the twin of one of them (client-secret
// beside client_id, hasTwin), and the odd key must be the only one: a mapping that mixes the
// two on purpose (a list of names the writer chose, a program that
// accepts both) has more. Keys in capitals (environment variables), keys
// the writer names (services, labels…) and keys another rule reported
// are left alone. A warning: some programs read both spellings.
func checkKeySeparators(m *model, r *reporter) {
	type sibling struct {
		snippet int
		parents string
	}
	groups := map[sibling][]int{}
	for i := range len(m.app) + len(m.listKeys) + len(m.mapKeys) {
		av := m.keyAt(i)
		if av.Group < 0 || av.Label || !strings.ContainsAny(av.Key, "_-") || upperName(av.Key) || namedByWriter(av.Parents) || !mappingFile(r.p.Snippets, av.Group) {
			continue
		}
		g := sibling{av.Group, av.Parents}
		groups[g] = append(groups[g], i)
	}
	for _, keys := range groups {
		if len(keys) < 3 {
			continue
		}
		// The keys of a mapping appear once each here whatever the
		// lists they came from: count each spelling once.
		seen := map[string]bool{}
		under, dash, mixed := 0, 0, 0
		oddUnder, oddDash, oddMixed := -1, -1, -1
		for _, i := range keys {
			k := m.keyAt(i).Key
			if seen[k] {
				continue
			}
			seen[k] = true
			u, d := strings.Contains(k, "_"), strings.Contains(k, "-")
			switch {
			case u && d:
				mixed++
				oddMixed = i
			case u:
				under++
				oddUnder = i
			default:
				dash++
				oddDash = i
			}
		}
		odd, style := -1, ""
		switch {
		case under >= 3 && dash+mixed == 1:
			odd, style = max(oddDash, oddMixed), "_"
		case dash >= 3 && under+mixed == 1:
			odd, style = max(oddUnder, oddMixed), "-"
		case under == 2 && dash == 1 && mixed == 0 && hasTwin(m, keys, oddDash, '_'):
			// Two agree, and the odd key is the twin of one of them
			// (client-secret beside client_id): a pair of settings is
			// spelt alike.
			odd, style = oddDash, "_"
		case dash == 2 && under == 1 && mixed == 0 && hasTwin(m, keys, oddUnder, '-'):
			odd, style = oddUnder, "-"
		}
		if odd < 0 {
			continue
		}
		av := m.keyAt(odd)
		at := keyValue(r.p.File.Content, *av)
		if at.Text != av.Key || r.seen[at.Span] || r.seen[av.Value.Span] || r.p.Reported(at.Span) {
			continue
		}
		other := "-"
		if style == "-" {
			other = "_"
		}
		fixed := strings.ReplaceAll(av.Key, other, style)
		r.report(at, diag.Warning, "consistency-key-separator", "write "+fixed,
			fmt.Sprintf("'%s' joins its words with '%s' where the other %d keys beside it in %s use '%s': the program reads its keys as spelt", av.Key, other, max(under, dash), av.Where, style))
	}
	checkMixedSeparators(m, r)
}

// hasTwin reports whether a key of keys other than odd joins its words
// with sep and shares its first word with the key at odd (client_id for
// client-secret).
func hasTwin(m *model, keys []int, odd int, sep byte) bool {
	k := m.keyAt(odd).Key
	first := k[:max(strings.IndexAny(k, "_-"), 0)]
	if len(first) < 2 {
		return false
	}
	for _, i := range keys {
		o := m.keyAt(i).Key
		if i != odd && len(o) > len(first) && o[len(first)] == sep && strings.EqualFold(o[:len(first)], first) {
			return true
		}
	}
	return false
}

// mappingFile reports whether the snippet of index i is a file of keys
// (YAML, JSON, TOML, INI, HCL, properties), by its language or else its
// title: a command line's flags and a program's code name other things
// than a mapping's keys, and a .env's names are the shell's.
func mappingFile(snips []*snippet.Snippet, i int) bool {
	if i < 0 || i >= len(snips) || snips[i] == nil {
		return false
	}
	s := snips[i]
	f := s.LangFormat()
	if f == snippet.None {
		f = s.TitleFormat()
	}
	switch f.Family() {
	case snippet.YAML, snippet.JSON, snippet.TOML, snippet.INI, snippet.HCL, snippet.Properties:
		return true
	}
	return false
}
