package consistency

import (
	"strings"
	"unicode/utf8"
)

// Hand-written matchers for the labels of list items (findAssumptions,
// itemValues) and of sentences (proseValues). Each one returns exactly what
// its regular expression (quoted in its comment, and kept in
// labelscan_test.go, which compares both on every input it is given)
// returns. They run for every list item and every code span of a guide:
// the regexps cost more than the rest of the consistency checker, a
// regexp anchored at the end of the text ($) because Go's matcher tries
// every start position over a large program, the anchored ones because
// their bounded repetitions ({1,60}) make programs whose every state the
// matcher visits; reading the text directly costs a few comparisons.
//
// Their rules are those of Go's regexp package: (?i) compares runes under
// Unicode simple folding (an ASCII letter also matches its other case, 's'
// also matches 'ſ' U+017F, 'k' also 'K' U+212A), \s is [\t\n\f\r ], \w and
// \b are ASCII, . is any rune but \n, and of the matches the leftmost one
// is taken, then the first by the pattern's order of preference.

// isSpaceRE reports whether b is in \s.
func isSpaceRE(b byte) bool {
	return b == ' ' || b == '\t' || b == '\n' || b == '\f' || b == '\r'
}

// isWordRE reports whether r is in \w (what \b looks at).
func isWordRE(r rune) bool {
	return r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
}

// foldEq reports whether r matches c, a lowercase ASCII letter or another
// ASCII byte, under (?i).
func foldEq(r rune, c byte) bool {
	if r == rune(c) {
		return true
	}
	if c < 'a' || c > 'z' {
		return false
	}
	return r == rune(c-'a'+'A') || c == 's' && r == '\u017f' || c == 'k' && r == '\u212a'
}

// foldLetter reports whether r is in [A-Za-z] under (?i).
func foldLetter(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '\u017f' || r == '\u212a'
}

// foldPrefix returns the length of the prefix of s that matches word (in
// lowercase) under (?i), or -1.
func foldPrefix(s, word string) int {
	i := 0
	for j := 0; j < len(word); j++ {
		if i >= len(s) {
			return -1
		}
		r, w := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, w = utf8.DecodeRuneInString(s[i:])
		}
		if !foldEq(r, word[j]) {
			return -1
		}
		i += w
	}
	return i
}

// foldSuffix returns where the suffix of s that matches word (in
// lowercase) under (?i) starts, or -1.
func foldSuffix(s, word string) int {
	i := len(s)
	for j := len(word) - 1; j >= 0; j-- {
		if i == 0 {
			return -1
		}
		r, w := rune(s[i-1]), 1
		if r >= utf8.RuneSelf {
			r, w = utf8.DecodeLastRuneInString(s[:i])
		}
		if !foldEq(r, word[j]) {
			return -1
		}
		i -= w
	}
	return i
}

// trimSpaceRE returns the length of s without its trailing \s.
func trimSpaceRE(s string) int {
	t := len(s)
	for t > 0 && isSpaceRE(s[t-1]) {
		t--
	}
	return t
}

// leadingSpaces returns how many \s bytes s starts with.
func leadingSpaces(s string) int {
	n := 0
	for n < len(s) && isSpaceRE(s[n]) {
		n++
	}
	return n
}

// wordBoundary reports whether \b holds at i in s.
func wordBoundary(s string, i int) bool {
	before, after := false, false
	if i > 0 {
		r, _ := utf8.DecodeLastRuneInString(s[:i])
		before = isWordRE(r)
	}
	if i < len(s) {
		r, _ := utf8.DecodeRuneInString(s[i:])
		after = isWordRE(r)
	}
	return before != after
}

// spaceBefore returns, for a word of s that starts at i and must follow
// \s+, where that run of blanks starts, or -1 when none precedes it.
func spaceBefore(s string, i int) int {
	if i <= 0 || !isSpaceRE(s[i-1]) {
		return -1
	}
	for i > 0 && isSpaceRE(s[i-1]) {
		i--
	}
	return i
}

// span is the interval of positions [lo, hi].
type span struct{ lo, hi int }

var (
	// beforeVerbs, beforeArticles, beforeNouns and beforeEnds are the
	// alternatives of beforeLabel's pattern, in its order.
	beforeVerbs    = []string{"set", "change", "configure", "update", "fill in", "enter", "use"}
	beforeArticles = []string{"the", "your"}
	beforeNouns    = []string{"field", "option", "setting", "value", "box", "input"}
	beforeEnds     = []string{"to", "as", "with", "should be", "must be", "is", "in the format of", "in the form of"}
)

// beforeLabel returns the label phrase at the end of before, the text
// before a value's code span ("Set the Redirect URI to", "Configure Client
// ID as", "the Client ID is", "Client ID:"), as group 1 of
//
//	(?i)(?:^|\b(?:set|change|configure|update|fill in|enter|use)\s+)(?:the\s+|your\s+)?([A-Za-z][\w .»/-]{0,60}?)\s*(?:\s(?:field|option|setting|value|box|input)\s*)?(?:\s(?:to|as|with|should be|must be|is|in the (?:format|form) of)|:|=)\s*$
//
// does. The part after the label depends only on where the label ends, so
// the ends it allows are found once, from the end of the text; the label
// is then the shortest one from the first start that reaches one of them.
func beforeLabel(before string) (string, bool) {
	ends := labelEnds(before)
	if len(ends) == 0 {
		return "", false
	}
	for pos := 0; ; {
		if pos == 0 {
			if l, ok := labelAfterArticle(before, 0, ends); ok {
				return l, true
			}
		}
		if wordBoundary(before, pos) {
			for _, v := range beforeVerbs {
				n := foldPrefix(before[pos:], v)
				if n < 0 {
					continue
				}
				ws := leadingSpaces(before[pos+n:])
				if ws == 0 {
					continue
				}
				if l, ok := labelAfterArticle(before, pos+n+ws, ends); ok {
					return l, true
				}
			}
		}
		if pos == len(before) {
			return "", false
		}
		_, w := utf8.DecodeRuneInString(before[pos:])
		pos += w
	}
}

// labelAfterArticle reads the pattern's (?:the\s+|your\s+)? and label from p.
// The label starts with a letter, so \s+ takes every blank.
func labelAfterArticle(s string, p int, ends []span) (string, bool) {
	for _, a := range beforeArticles {
		if n := foldPrefix(s[p:], a); n >= 0 {
			if ws := leadingSpaces(s[p+n:]); ws > 0 {
				if l, ok := shortestLabel(s, p+n+ws, ends); ok {
					return l, true
				}
			}
		}
	}
	return shortestLabel(s, p, ends)
}

// shortestLabel returns the pattern's ([A-Za-z][\w .»/-]{0,60}?) from g: the
// shortest one that ends in one of ends.
func shortestLabel(s string, g int, ends []span) (string, bool) {
	if g >= len(s) {
		return "", false
	}
	r, w := utf8.DecodeRuneInString(s[g:])
	if !foldLetter(r) {
		return "", false
	}
	e := g + w
	for n := 1; ; n++ {
		for _, sp := range ends {
			if e >= sp.lo && e <= sp.hi {
				return s[g:e], true
			}
		}
		if n == 61 || e == len(s) {
			return "", false
		}
		r, w := utf8.DecodeRuneInString(s[e:])
		if !(isWordRE(r) || foldLetter(r) || r == ' ' || r == '.' || r == '»' || r == '/' || r == '-') {
			return "", false
		}
		e += w
	}
}

// labelEnds returns where beforeLabel's label may end: the positions e from
// which the rest of s matches
// \s*(?:\s(?:field|…)\s*)?(?:\s(?:to|…)|:|=)\s*$.
func labelEnds(s string) []span {
	t := trimSpaceRE(s)
	var ends []span
	add := func(q int) { // q: where the ending (its \s, ':' or '=') starts
		w0 := q
		for w0 > 0 && isSpaceRE(s[w0-1]) {
			w0--
		}
		ends = append(ends, span{w0, q})
		for _, n := range beforeNouns {
			if i := foldSuffix(s[:w0], n); i >= 0 {
				if w1 := spaceBefore(s, i); w1 >= 0 {
					ends = append(ends, span{w1, i - 1})
				}
			}
		}
	}
	if t > 0 && (s[t-1] == ':' || s[t-1] == '=') {
		add(t - 1)
	}
	for _, x := range beforeEnds {
		if i := foldSuffix(s[:t], x); i > 0 && isSpaceRE(s[i-1]) {
			add(i - 1)
		}
	}
	return ends
}

// verbBefore reports whether before ends with a verb of the form "Enter
// `x` in the Client ID field", as
//
//	(?i)\b(?:enter|paste|put|type|use|set|add|fill in|insert|specify)\s*$
//
// matches.
func verbBefore(before string) bool {
	t := trimSpaceRE(before)
	for _, v := range []string{"enter", "paste", "put", "type", "use", "set", "add", "fill in", "insert", "specify"} {
		if i := foldSuffix(before[:t], v); i >= 0 && wordBoundary(before, i) {
			return true
		}
	}
	return false
}

// nounBefore returns the redirect URI named right before a value's code
// span, as group 1 of
//
//	(?i)\b(redirect ur[il]|callback ur[il])(?:\s+(?:shown|displayed|used|sent)(?:\s+by(?:\s+the)?\s+(?:\w+|\[\w+\]))?|(?:\s+the)?\s+(?:\w+|\[\w+\])\s+(?:sends|uses|expects|shows|displays))?(?:\s+(?:is|will be))?\s*$
//
// does: the leftmost of the nouns that the optional words after it allow.
// A short clause may say whose redirect URI it is ("the redirect URI used
// by Memos is", "the redirect URI the application sends is").
func nounBefore(before string) (string, bool) {
	t := trimSpaceRE(before)
	// ends: where the noun may end, after taking away the optional words.
	ends := []int{t}
	for _, x := range []string{"is", "will be"} {
		if i := foldSuffix(before[:t], x); i >= 0 {
			if w := spaceBefore(before, i); w >= 0 {
				ends = append(ends, w)
			}
		}
	}
	participle := func(e int) {
		for _, x := range []string{"shown", "displayed", "used", "sent"} {
			if i := foldSuffix(before[:e], x); i >= 0 {
				if w := spaceBefore(before, i); w >= 0 {
					ends = append(ends, w)
				}
			}
		}
	}
	for _, e := range ends[:len(ends):len(ends)] {
		participle(e)
		// "shown by [the] X": a participle, "by", then \s+ \w+ ending at e
		// (the whole run of word bytes, after a blank).
		ws := wordOrLinkStart(before, e)
		if w := spaceBefore(before, ws); ws < e && w >= 0 {
			wordEnds := []int{w} // (?:\s+the)? before the word: the noun ends before either
			if i := foldSuffix(before[:w], "the"); i >= 0 {
				if w2 := spaceBefore(before, i); w2 >= 0 {
					wordEnds = append(wordEnds, w2)
				}
			}
			for _, we := range wordEnds {
				if i := foldSuffix(before[:we], "by"); i >= 0 {
					if w3 := spaceBefore(before, i); w3 >= 0 {
						participle(w3)
					}
				}
			}
		}
		// "[the] X sends": the word is the verb's, another word before it.
		for _, v := range []string{"sends", "uses", "expects", "shows", "displays"} {
			i := foldSuffix(before[:e], v)
			if i < 0 {
				continue
			}
			ss := spaceBefore(before, i)
			if ss < 0 {
				continue
			}
			se := wordOrLinkStart(before, ss)
			if se == ss {
				continue
			}
			if w4 := spaceBefore(before, se); w4 >= 0 {
				ends = append(ends, w4)
				if i := foldSuffix(before[:w4], "the"); i >= 0 {
					if w5 := spaceBefore(before, i); w5 >= 0 {
						ends = append(ends, w5)
					}
				}
			}
		}
	}
	best, at := "", -1
	for _, e := range ends {
		for _, n := range []string{"redirect url", "redirect uri", "callback url", "callback uri"} {
			if i := foldSuffix(before[:e], n); i >= 0 && wordBoundary(before, i) && (at < 0 || i < at) {
				best, at = before[i:e], i
			}
		}
	}
	return best, at >= 0
}

// foldWordStart returns where the run of (?i)\w runes ending at e in s
// starts: under (?i) Go's \w also holds 'ſ' (U+017F) and the Kelvin sign.
func foldWordStart(s string, e int) int {
	for e > 0 {
		r, w := utf8.DecodeLastRuneInString(s[:e])
		if !isWordRE(r) && r != '\u017f' && r != '\u212a' {
			break
		}
		e -= w
	}
	return e
}

// wordOrLinkStart returns where the (?i)(?:\w+|\[\w+\]) ending at e in
// s starts (a name, or a name that is a reference link: [Memos]), or e.
func wordOrLinkStart(s string, e int) int {
	if e == 0 || s[e-1] != ']' {
		return foldWordStart(s, e)
	}
	if ws := foldWordStart(s, e-1); ws < e-1 && ws > 0 && s[ws-1] == '[' {
		return ws - 1
	}
	return e
}

// itemMatch locates the parts of a labelled list item: the label is
// text[LabelStart:LabelEnd], the value starts at Value.
type itemMatch struct{ LabelStart, LabelEnd, Value int }

// blanksFrom returns where the run of [ \t] at i in s ends.
func blanksFrom(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	return i
}

// markerAt reports whether a bold marker (** or __) starts at i in s.
func markerAt(s string, i int) bool {
	return i+1 < len(s) && (s[i] == '*' && s[i+1] == '*' || s[i] == '_' && s[i+1] == '_')
}

// afterMarker returns where [ \t]*(?:\*\*|__)?[ \t]* from i ends, as
// its greedy first choice does.
func afterMarker(s string, i int) int {
	i = blanksFrom(s, i)
	if markerAt(s, i) {
		i = blanksFrom(s, i+2)
	}
	return i
}

// colonAfter returns where [ \t]*(?:\([^)]*\))?[ \t]*:, with
// (?:\*\*|__)?[ \t]* before the colon when marker is set, matched from i
// ends, or -1. Only one choice can match: the parenthesis runs to the first
// ')' after it, and a '(' or marker left unmatched is not a colon.
func colonAfter(s string, i int, marker bool) int {
	i = blanksFrom(s, i)
	if i < len(s) && s[i] == '(' {
		j := strings.IndexByte(s[i+1:], ')')
		if j < 0 {
			return -1
		}
		i = blanksFrom(s, i+2+j)
	}
	if marker && markerAt(s, i) {
		i = blanksFrom(s, i+2)
	}
	if i < len(s) && s[i] == ':' {
		return i + 1
	}
	return -1
}

// factLabels are the labels of the Assumptions, in lowercase.
var factLabels = []string{"application root url", "authelia root url", "client id", "client secret"}

// matchFact matches "Client ID: romm" with optional bold markers (when the
// text still has its markup), an optional parenthetical ("Client ID
// (Key):") and optional backticks around the value, as
//
//	(?i)^[ \t]*(?:\*\*|__)?[ \t]*(application root url|authelia root url|client id|client secret)[ \t]*(?:\([^)]*\))?[ \t]*:[ \t]*(?:\*\*|__)?[ \t]*(.*)$
//
// does (its groups 1 and 2). The label starts with a letter, so the
// blanks and marker before it are taken whole; the value runs to the end
// of the text, which must not hold a line break.
func matchFact(s string) (itemMatch, bool) {
	if strings.IndexByte(s, ':') < 0 {
		return itemMatch{}, false // most items: no label at all
	}
	p := afterMarker(s, 0)
	for _, l := range factLabels {
		n := foldPrefix(s[p:], l)
		if n < 0 {
			continue
		}
		c := colonAfter(s, p+n, false)
		if c < 0 || strings.IndexByte(s[c:], '\n') >= 0 {
			continue
		}
		return itemMatch{LabelStart: p, LabelEnd: p + n, Value: afterMarker(s, c)}, true
	}
	return itemMatch{}, false
}

// isFact reports whether matchFact matches s.
func isFact(s string) bool {
	_, ok := matchFact(s)
	return ok
}

// matchSetting matches a list item that states a setting: "Issuer URL:
// https://…", "plugin»oauthgeneric»key: dokuwiki." (code spans and bold
// markers are gone from the reader-visible text, or tolerated), as
//
//	^[ \t]*(?:\*\*|__)?[ \t]*([^:`]{1,60}?)[ \t]*(?:\([^)]*\))?[ \t]*(?:\*\*|__)?[ \t]*:[ \t]*(?:\*\*|__)?[ \t]*
//
// does (group 1, and the end of the match as the value's start). The
// label may take blanks and markers that the pattern's first choices
// give it, so its starts are tried in the pattern's order: after the
// blanks, the marker and the blanks; after the leading blanks; then
// each blank fewer.
func matchSetting(s string) (itemMatch, bool) {
	if strings.IndexByte(s, ':') < 0 {
		return itemMatch{}, false // no colon for a label to end at
	}
	n1 := blanksFrom(s, 0)
	if markerAt(s, n1) {
		for g := blanksFrom(s, n1+2); g >= n1+2; g-- {
			if m, ok := settingFrom(s, g); ok {
				return m, true
			}
		}
	}
	for g := n1; g >= 0; g-- {
		if m, ok := settingFrom(s, g); ok {
			return m, true
		}
	}
	return itemMatch{}, false
}

// colonMayFollow holds the bytes that can start what colonAfter(s, i,
// true) matches: a blank, a parenthesis, a marker (** or __) or the colon.
var colonMayFollow = [256]bool{' ': true, '\t': true, '(': true, '*': true, '_': true, ':': true}

// settingFrom matches matchSetting's label from g: the shortest one, of 1
// to 60 runes other than ':' and '`', that a colon follows.
func settingFrom(s string, g int) (itemMatch, bool) {
	e := g
	for range 60 {
		if e >= len(s) {
			break
		}
		r, w := utf8.DecodeRuneInString(s[e:])
		if r == ':' || r == '`' {
			break
		}
		e += w
		// colonAfter fails at once unless a blank, '(', a marker or
		// the colon comes next: most label ends are inside a word.
		if e < len(s) && colonMayFollow[s[e]] {
			if c := colonAfter(s, e, true); c >= 0 {
				return itemMatch{LabelStart: g, LabelEnd: e, Value: afterMarker(s, c)}, true
			}
		}
	}
	return itemMatch{}, false
}
