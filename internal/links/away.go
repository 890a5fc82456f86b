package links

import (
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/source"
	"github.com/guidec/guidec/internal/typo"
)

// Away is a link a guide wrote whose target leaves the checked tree (an
// Outside target): guidec cannot look at the page it names, but the other
// links of the run that leave the tree tell how its path is spelt.
// The per-page stage records these (AwayOf) and CheckAway weighs them once
// every page is done, so that a finding does not depend on which guides a
// worker happened to see first.
type Away struct {
	File *source.File
	// Span is the destination as the guide wrote it (the link's span when
	// the destination cannot be found in it).
	Span source.Span
	Dest string // as written, trimmed
	// Path is the destination's path resolved against its page, relative
	// to the source root and cleaned ("../introduction.md" for
	// "../../introduction.md" written in NAME/index.md), or the cleaned
	// path of a site-absolute link: the same place has the same Path
	// whichever guide links to it.
	Path string
	// Mute reports that the guide ignores link-target-typo: its link still
	// counts as evidence for the others.
	Mute bool
}

// AwayOf returns the Away of u, a link written in guide from, when its
// target leaves the tree and the guide wrote it: a shortcode's output or
// an href in HTML is left alone, and so is a destination whose path
// cannot be read.
func AwayOf(from string, u Use) (Away, bool) {
	if u.Target.Kind != Outside || u.Call != "" || u.HTML {
		return Away{}, false
	}
	d := strings.TrimSpace(u.Dest)
	p := d
	if i := strings.IndexAny(p, "?#"); i >= 0 {
		p = p[:i]
	}
	if strings.ContainsAny(p, "%\\") {
		// Escapes: read the path as Resolve did.
		pu, err := url.Parse(d)
		if err != nil {
			return Away{}, false
		}
		p = pu.Path
	}
	if p == "" {
		return Away{}, false
	}
	if strings.HasPrefix(p, "/") {
		p = path.Clean(p)
	} else {
		p = path.Join(from, p)
	}
	return Away{File: u.File, Span: u.schemeSpan(d), Dest: d, Path: p}, true
}

// maxAwayGroup bounds the spellings of one place CheckAway compares with
// each other, and maxAwayWords the word comparisons of the run: a tree of
// thousands of distinct targets outside it gives no evidence worth their
// product in time. Past either bound those links are left alone.
const (
	maxAwayGroup = 512
	maxAwayWords = 2_000_000
)

// CheckAway reports the links of ws (every link of a run whose target
// leaves the tree) whose path is most likely misspelt (link-target-typo).
// guides is the number of guides the run checked. Two kinds of evidence
// count, both from the run's own links:
//
//   - the place: another spelling reaches the same place but for one
//     path segment, which is one typo.Slip from this link's, and that
//     spelling is written at least twice (once, when the run checks one
//     guide and this spelling is written once too: then either may be the
//     slip, and the finding says so);
//   - the word: a word of the path (split at / - _ .) is written once
//     among the run's links out of the tree, one typo.Slip from a word
//     they write at least twice;
//   - the vocabulary: such a word is one typo.Slip from a word that
//     documentation sites name their pages with (docWords), which holds
//     for a guide checked alone too.
//
// A link written once and used many times (a reference definition)
// counts once. Anchors, queries and words with digits are left alone.
// The result does not depend on the order of ws.
func CheckAway(ws []Away, guides int) diag.List {
	if len(ws) == 0 {
		return nil
	}
	ws = writings(ws)
	count := make(map[string]int, len(ws))
	for _, w := range ws {
		count[w.Path]++
	}
	var out diag.List
	done := map[int]bool{}
	for i, d := range placeSlips(ws, count, guides) {
		out.Add(d)
		done[i] = true
	}
	for i, d := range wordSlips(ws) {
		if !done[i] {
			out.Add(d)
			done[i] = true
		}
	}
	for i, d := range vocabSlips(ws) {
		if !done[i] {
			out.Add(d)
		}
	}
	return out
}

// writings returns ws with each written link once (a reference
// definition appears once per use), in the order of their files and
// positions.
func writings(ws []Away) []Away {
	ws = slices.Clone(ws)
	slices.SortFunc(ws, func(a, b Away) int {
		if c := strings.Compare(fileName(a.File), fileName(b.File)); c != 0 {
			return c
		}
		if a.Span.Start != b.Span.Start {
			return a.Span.Start - b.Span.Start
		}
		return strings.Compare(a.Dest, b.Dest)
	})
	return slices.CompactFunc(ws, func(a, b Away) bool {
		return a.File == b.File && a.Span == b.Span && a.Dest == b.Dest
	})
}

func fileName(f *source.File) string {
	if f == nil {
		return ""
	}
	return f.Name
}

// placeSlips returns, by index in ws, the findings of the first kind of
// evidence: another spelling of the same place.
func placeSlips(ws []Away, count map[string]int, guides int) map[int]diag.Diagnostic {
	// Paths that differ in segment k alone share the key of the path with
	// that segment blanked: group by it, and compare within the groups.
	type member struct {
		path string
		seg  int
	}
	groups := map[string][]member{}
	var keys []string
	for p := range count {
		segs := strings.Split(p, "/")
		for k, s := range segs {
			if !slipWord(s) {
				continue
			}
			key := strings.Join(segs[:k], "/") + "/\x00" + strconv.Itoa(k) + "/" + strings.Join(segs[k+1:], "/")
			if groups[key] == nil {
				keys = append(keys, key)
			}
			groups[key] = append(groups[key], member{p, k})
		}
	}
	slices.Sort(keys)
	type pick struct {
		want     string // the spelling meant
		seg      string // this link's segment, and the one meant
		wantSeg  string
		n        int  // how often the spelling meant is written
		oneOfTwo bool // either spelling may be the slip
	}
	best := map[string]pick{} // misspelt path → the evidence
	for _, key := range keys {
		g := groups[key]
		if len(g) < 2 || len(g) > maxAwayGroup {
			continue
		}
		slices.SortFunc(g, func(a, b member) int { return strings.Compare(a.path, b.path) })
		for _, a := range g {
			na := count[a.path]
			sa := segment(a.path, a.seg)
			for _, b := range g {
				nb := count[b.path]
				if a.path == b.path || !outweighs(nb, na, guides) {
					continue
				}
				sb := segment(b.path, b.seg)
				if !segSlip(sa, sb) {
					continue
				}
				p := pick{want: b.path, seg: sa, wantSeg: sb, n: nb, oneOfTwo: nb == 1}
				if old, ok := best[a.path]; ok && (old.n > p.n || old.n == p.n && old.want <= p.want) {
					continue
				}
				best[a.path] = p
			}
		}
	}
	if len(best) == 0 {
		return nil
	}
	out := map[int]diag.Diagnostic{}
	for i, w := range ws {
		p, ok := best[w.Path]
		if !ok || w.Mute {
			continue
		}
		fix := respell(w.Dest, p.seg, p.wantSeg)
		d := diag.Diagnostic{File: w.File, Span: w.Span, Severity: diag.Warning, Code: "link-target-typo"}
		if p.oneOfTwo {
			o := other(ws, p.want)
			d.Message = "link target " + quote(w.Dest) + " leaves the source tree, and the link " + quote(o.Dest) +
				" of this guide reaches the same place but spells " + quote(p.seg) + " as " + quote(p.wantSeg) + ": one of the two is misspelt"
			d.Hint = "spell both alike: " + quote(fix) + " if " + quote(p.wantSeg) + " is right"
			d.Related = []diag.Related{{File: o.File, Span: o.Span, Message: "the other spelling"}}
		} else {
			d.Message = "link target " + quote(w.Dest) + " leaves the source tree and cannot be verified, but it spells " + quote(p.seg) +
				" where " + strconv.Itoa(p.n) + " other links of this run to the same place spell " + quote(p.wantSeg)
			d.Hint = "did you mean " + quote(fix) + "?"
		}
		out[i] = d
	}
	return out
}

// outweighs reports whether a spelling written nb times is evidence
// against one written na times, in a run of guides guides: it is written
// twice or more, and more often; or, in a run of one guide, each is
// written once (either may then be the slip).
func outweighs(nb, na, guides int) bool {
	if nb >= 2 {
		return nb > na
	}
	return guides == 1 && nb == 1 && na == 1
}

// other returns the first writing of ws whose Path is p.
func other(ws []Away, p string) Away {
	for _, w := range ws {
		if w.Path == p {
			return w
		}
	}
	return Away{}
}

// segment returns the k-th segment of p, split at '/'.
func segment(p string, k int) string {
	for ; k > 0; k-- {
		_, p, _ = strings.Cut(p, "/")
	}
	s, _, _ := strings.Cut(p, "/")
	return s
}

// segSlip reports whether path segment a is b with one slip: of a word
// (split at - _ .), so that "provider.md" is not "providers.md" misspelt
// (a letter added at a word's end makes another name), or of a separator
// ("identityproviders" for "identity-providers").
func segSlip(a, b string) bool {
	if !typo.Slip(a, b) {
		return false
	}
	var wa, wb []string
	pathWords(a, func(w string) { wa = append(wa, w) })
	pathWords(b, func(w string) { wb = append(wb, w) })
	if len(wa) != len(wb) {
		return true // a separator dropped or doubled
	}
	diff := -1
	for i := range wa {
		if wa[i] != wb[i] {
			if diff >= 0 {
				return false
			}
			diff = i
		}
	}
	return diff >= 0 && typo.Slip(wa[diff], wb[diff])
}

// slipWord reports whether s is a word whose slips CheckAway weighs: it
// has a letter and no digit ("v4.38" and "2.0" are versions, ".." no
// name).
func slipWord(s string) bool {
	letter := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case '0' <= c && c <= '9':
			return false
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', c >= 0x80:
			letter = true
		}
	}
	return letter
}

// respell returns dest with its last whole path segment (or word) bad
// written as good, or dest when bad is not there as written (escaped).
func respell(dest, bad, good string) string {
	p := dest
	if i := strings.IndexAny(p, "?#"); i >= 0 {
		p = p[:i]
	}
	for end := len(p); end > 0; {
		i := strings.LastIndex(p[:end], bad)
		if i < 0 {
			break
		}
		j := i + len(bad)
		if (i == 0 || isPathSep(p[i-1])) && (j == len(p) || isPathSep(p[j])) {
			return dest[:i] + good + dest[j:]
		}
		end = i + len(bad) - 1
	}
	return dest
}

func isPathSep(c byte) bool { return c == '/' || c == '-' || c == '_' || c == '.' }

// pathWords calls f with each word of p, split at / - _ .
func pathWords(p string, f func(w string)) {
	start := 0
	for i := 0; i <= len(p); i++ {
		if i < len(p) && !isPathSep(p[i]) {
			continue
		}
		if i > start {
			f(p[start:i])
		}
		start = i + 1
	}
}

// wordSlips returns, by index in ws, the findings of the second kind of
// evidence: a word of a path written once, one slip from a word the run's
// links out of the tree write at least twice.
func wordSlips(ws []Away) map[int]diag.Diagnostic {
	count := map[string]int{}
	for _, w := range ws {
		pathWords(w.Path, func(s string) { count[s]++ })
	}
	// The words written twice or more, by first letter: a slip keeps it.
	var often []string
	for s, n := range count {
		if n >= 2 && len(s) >= 5 && slipWord(s) {
			often = append(often, s)
		}
	}
	if len(often) == 0 {
		return nil
	}
	slices.Sort(often)
	byFirst := map[byte][]string{}
	for _, s := range often {
		byFirst[s[0]] = append(byFirst[s[0]], s)
	}
	var out map[int]diag.Diagnostic
	work := 0
	for i, w := range ws {
		if w.Mute {
			continue
		}
		var bad, good string
		pathWords(w.Path, func(s string) {
			if good != "" || count[s] != 1 || len(s) < 4 || !slipWord(s) {
				return
			}
			for _, o := range byFirst[s[0]] {
				if work++; work > maxAwayWords {
					return
				}
				if len(o)-len(s) <= 1 && len(s)-len(o) <= 1 && typo.Slip(s, o) && (good == "" || count[o] > count[good]) {
					bad, good = s, o
				}
			}
		})
		if good == "" {
			continue
		}
		out = wordFinding(out, i, w, bad, good,
			"is written nowhere else in this run's links out of the tree, and is one slip from "+quote(good)+
				", which they write "+strconv.Itoa(count[good])+" times")
	}
	return out
}

// wordFinding adds to out (made when nil) the finding at index i of the
// word bad of w's path, which why says is a slip of good.
func wordFinding(out map[int]diag.Diagnostic, i int, w Away, bad, good, why string) map[int]diag.Diagnostic {
	if out == nil {
		out = map[int]diag.Diagnostic{}
	}
	out[i] = diag.Diagnostic{File: w.File, Span: w.Span, Severity: diag.Warning, Code: "link-target-typo",
		Message: "link target " + quote(w.Dest) + " leaves the source tree and cannot be verified, but its word " + quote(bad) + " " + why,
		Hint:    "did you mean " + quote(respell(w.Dest, bad, good)) + "?"}
	return out
}
