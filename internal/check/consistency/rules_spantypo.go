package consistency

import (
	"bytes"
	"fmt"
	"slices"
	"strings"

	"github.com/guidec/guidec/internal/check"
	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/source"
	"github.com/guidec/guidec/internal/typo"
)

// minSpanTypo is the shortest code span checkSpanTypos judges: shorter
// words are one slip from too many others.
const minSpanTypo = 5

// checkSpanTypos reports a code span in the guide's sentences, lists and
// tables (a group, a key, a client id, a command, a file name) that the
// guide writes nowhere else and that is one slip of the keyboard from a
// word the guide's snippets or other code spans do write (argocd-dmins
// for the argocd-admins of the configuration, kubctl for kubectl,
// access_oken for access_token): the reader types what the sentence
// says, and the setting or command it names does not exist. A warning:
// the sentence may name something else on purpose.
func checkSpanTypos(m *model, p *check.Pass, r *reporter) {
	// The candidates first: code spans the guide's source holds once. Most
	// guides have few, and words are counted only for them.
	type candidate struct {
		t  int // index in p.Texts
		c  source.Span
		v  string
		at source.Span // v in the guide's source
	}
	var cands []candidate
	// first[b] has bit n set when a candidate of n-1, n or n+1 bytes
	// starts with b (n < 64): the only words worth counting.
	var first [256]uint64
	content := p.File.Content
	// A code span written twice is no candidate: counted once here, which
	// spares most the search of the whole guide below.
	spanCount := map[string]int{}
	for _, t := range p.Texts {
		for _, c := range t.Code {
			spanCount[t.Text[c.Start:c.End]]++
		}
	}
	for i, t := range p.Texts {
		if t.Kind == check.Heading {
			continue
		}
		for _, c := range t.Code {
			v := strings.TrimRight(t.Text[c.Start:c.End], ".:,")
			if len(v) < minSpanTypo || spanCount[t.Text[c.Start:c.End]] > 1 || strings.ContainsAny(v, " \t") || hasDigit(v) || strings.Contains(v, "://") {
				continue // URLs are the URL rules' to judge
			}
			sp := t.GuideSpan(source.Span{Start: c.Start, End: c.Start + len(v)})
			if sp.Start < 0 || sp.End > len(content) || string(content[sp.Start:sp.End]) != v {
				continue // written by a shortcode, or escaped: not the writer's word
			}
			cands = append(cands, candidate{i, c, v, sp})
			if n := len(v); n < 63 {
				first[v[0]] |= 7 << (n - 1)
			}
		}
	}
	// The keys of the application's snippets too: a key the guide writes
	// once (role_attrbute_path) one slip from a word it writes elsewhere
	// (the role_attribute_path its sentences name).
	for _, av := range m.app {
		v := av.Key
		if av.Group < 0 || len(v) < minSpanTypo || strings.ContainsAny(v, " \t") || hasDigit(v) || r.seen[av.Value.Span] || r.p.Reported(av.Value.Span) {
			continue // a value reported already: its key's mistake is told there (consistency-env-name)
		}
		kv := keyValue(p.File.Content, av)
		sp := kv.Span
		if kv.Text != v || sp.Start < 0 || sp.End > len(content) || string(content[sp.Start:sp.End]) != v {
			continue
		}
		cands = append(cands, candidate{t: -1, c: sp, v: v, at: sp})
		if n := len(v); n < 63 {
			first[v[0]] |= 7 << (n - 1)
		}
	}
	if len(cands) == 0 {
		return
	}
	// The words one slip from a candidate start with its first letter.
	// A snippet's word is looked up in its bytes, and becomes a string
	// only the first time: most of the guide's words are in snippets.
	words := map[string]wordUse{}
	addBytes := func(w []byte, inSnippet bool) {
		if u, ok := words[string(w)]; ok {
			if u.n++; inSnippet {
				u.inSnippet = true
			}
			words[u.w] = u
			return
		}
		k := string(w)
		words[k] = wordUse{w: k, n: 1, inSnippet: inSnippet}
	}
	add := func(w string, inSnippet bool) {
		u := words[w]
		u.w, u.n, u.inSnippet = w, u.n+1, u.inSnippet || inSnippet
		words[w] = u
	}
	for _, s := range p.Snippets {
		if s != nil {
			eachWord(s.Text, func(w []byte) {
				if near(first, w) {
					addBytes(w, true)
				}
			})
			// The file a snippet is titled with is a name the guide
			// writes (`confi.yaml` in a sentence, config.yaml above the
			// block).
			if t := s.Title(); len(t) >= minSpanTypo-1 && near(first, t) {
				add(t, true)
			}
		}
	}
	for _, t := range p.Texts {
		if t.Kind == check.Heading {
			// A heading names what its section is about (#### mquote).
			eachWord(t.Text, func(w string) {
				if near(first, w) {
					add(w, false)
				}
			})
		}
		for _, c := range t.Code {
			eachWord(t.Text[c.Start:c.End], func(w string) {
				if near(first, w) {
					add(w, false)
				}
			})
		}
	}
	// The words in order, so that a candidate reads only those with its
	// first letter, and the first that fits is the same whatever the
	// map's order.
	sorted := make([]string, 0, len(words))
	for w := range words {
		sorted = append(sorted, w)
	}
	slices.Sort(sorted)
	for _, cd := range cands {
		v := cd.v
		want := ""
		i, _ := slices.BinarySearch(sorted, v[:1])
		for ; i < len(sorted) && sorted[i][0] == v[0]; i++ {
			// The word meant is established: written twice, or in a
			// snippet (two code spans one slip apart, each once, are two
			// names, such as the prefixes authelia_at_ and authelia_ac_).
			if w := sorted[i]; len(w)-len(v) <= 1 && len(v)-len(w) <= 1 && w != v && (words[w].n > 1 || words[w].inSnippet) && !hasDigit(w) && typo.Slip(v, w) && !sameName(v, w) {
				want = w
				break
			}
		}
		if want == "" || cd.t < 0 && reportedKey(m, r, want) {
			continue // the pair is another rule's finding (consistency-env-name)
		}
		// Only now, for the rare candidate with a partner, the search of
		// the whole guide: a name the source writes twice is no slip.
		if k := bytes.Index(content, []byte(v)); k != cd.at.Start || bytes.Contains(content[cd.at.End:], []byte(v)) {
			continue // written elsewhere too
		}
		sp := cd.c
		if cd.t >= 0 {
			sp = p.Texts[cd.t].GuideSpan(cd.c)
		}
		if r.p.Reported(sp) || r.seenOverlaps(sp) {
			continue // another rule said what is wrong with it
		}
		r.report(value{Text: v, Span: sp}, diag.Warning, "consistency-span-typo", "write "+want,
			fmt.Sprintf("'%s' is written nowhere else in the guide, and is one slip from '%s', which it writes elsewhere: the reader types a name that does not exist", v, want))
	}
}

// reportedKey reports whether a value of the application's key k carries a
// finding of this checker.
func reportedKey(m *model, r *reporter, k string) bool {
	for _, av := range m.app {
		if av.Key == k && r.seen[av.Value.Span] {
			return true
		}
	}
	return false
}

// sameName reports whether a and b are one name in two spellings that
// formats choose (client_id, client-id, clientid; clientId, clientID):
// they differ only in case or in '_', '-' and '.'.
func sameName(a, b string) bool {
	drop := func(r rune) rune {
		if r == '-' || r == '.' || r == '_' {
			return -1
		}
		return r
	}
	return strings.EqualFold(strings.Map(drop, a), strings.Map(drop, b))
}

// near reports whether w starts with the first byte of a candidate whose
// length is within one of its own (see first in checkSpanTypos).
func near[T string | []byte](first [256]uint64, w T) bool {
	return len(w) < 64 && first[w[0]]&(1<<len(w)) != 0
}

// wordUse is how often checkSpanTypos met a word, and whether in a
// snippet; w is the word, the map's own key.
type wordUse struct {
	w         string
	n         int
	inSnippet bool
}

// eachWord calls f with each word of text of four letters or more: the
// runs between blanks, quotes, brackets and the punctuation of
// assignments, without a trailing ':', '.' or ','.
func eachWord[T string | []byte](text T, f func(T)) {
	for i := 0; i < len(text); {
		// Skip the breaks, then take the word up to the next one: every
		// byte is looked up once (the whole of every snippet is read).
		for i < len(text) && wordBreaks[text[i]] {
			i++
		}
		start := i
		for i < len(text) && !wordBreaks[text[i]] {
			i++
		}
		if i-start < minSpanTypo-1 {
			continue
		}
		// The trailing ':', '.' and ',' off, as strings.TrimRight would.
		end := i
		for end > start && (text[end-1] == ':' || text[end-1] == '.' || text[end-1] == ',') {
			end--
		}
		if end-start >= minSpanTypo-1 {
			f(text[start:end])
		}
	}
}

// wordBreaks holds the bytes that separate the words eachWord finds.
var wordBreaks = func() (t [256]bool) {
	for _, c := range " \t\n\r'\"`=,;()[]{}<>|$*" {
		t[c] = true
	}
	return t
}()

// hasDigit reports whether s holds a digit: versions, ports and
// numbered names (app1, app2) differ by a digit on purpose.
func hasDigit(s string) bool {
	for i := 0; i < len(s); i++ {
		if '0' <= s[i] && s[i] <= '9' {
			return true
		}
	}
	return false
}

// seenOverlaps reports whether a finding of this checker covers part of sp.
func (r *reporter) seenOverlaps(sp source.Span) bool {
	for s := range r.seen {
		if s.Start < sp.End && sp.Start < s.End {
			return true
		}
	}
	return false
}
