package consistency

import (
	"bytes"
	"fmt"

	"github.com/guidec/guidec/internal/check"
	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/source"
)

// Slips of the keyboard that checkKeyWords mends (see wordSlip).
const (
	slipDropped = 'd' // a letter left out: enaled
	slipDoubled = 'o' // a letter typed twice: securrity
	slipSwapped = 's' // two neighbours swapped: opneid
)

// minKeyWord is the shortest word of a key that checkKeyWords mends when
// a letter was dropped or doubled; a swap is mended from minKeySwap
// letters (odic, tpye): one letter more or less in a shorter word makes
// another word too often (hot, roes), a swap seldom does.
const (
	minKeyWord = 5
	minKeySwap = 4
	maxKeyWord = 32
)

// checkKeyWords reports a key of an application's configuration one of
// whose words is no word but one slip of the keyboard from a word that
// settings are named with (server_ostname, "opneId", ENABLE_FEATUE_AUTH,
// secuity:), or from a word the guide writes twice elsewhere, in its
// other keys or its sentences. The application knows its keys by their
// exact spelling: it ignores the misspelt one, and the setting keeps its
// default (or the section its children configure is never read). A
// warning: guidec knows no application's list of keys, and the word may
// be a name of the application's own; so a word the guide writes twice
// or more is taken for such a name, and words that are words
// (configWords, their inflections, legitKeyWords) are never mended.
//
// Authelia's configuration is not read here (its keys are checked against
// its schema), nor the instructions' labels, nor a key a shortcode writes.
func checkKeyWords(m *model, p *check.Pass, r *reporter) {
	content := p.File.Content
	var pending []keyWordTypo // words with no partner in configWords
	for i := range len(m.app) + len(m.listKeys) + len(m.mapKeys) {
		av := m.keyAt(i)
		if av.Group < 0 || len(av.Key) < minKeySwap {
			continue
		}
		var small [16]wordSpan
		ws := keyWords(av.Key, small[:0])
		for j, w := range ws {
			if j+1 < len(ws) && doubledHump(av.Key, w, ws[j+1]) {
				// clientSSecret: the capital that starts a hump typed
				// twice, which the split reads as a hump of its own.
				next := ws[j+1]
				t := keyWordTypo{av: i, w: wordSpan{w.start, next.end}, kind: slipDoubled}
				t.bad = string(lowerInto(nil, av.Key[w.start:next.end]))
				t.good = t.bad[1:]
				reportKeyWord(m, r, content, t, false)
				continue
			}
			t, ok := mendKeyWord(av.Key, w)
			if !ok {
				continue
			}
			t.av = i
			if t.good == "" {
				pending = append(pending, t)
				continue
			}
			reportKeyWord(m, r, content, t, false)
		}
	}
	if len(pending) == 0 {
		return
	}
	// The words the guide writes in other keys and in its sentences, one
	// slip from a pending word, counted only now: few guides get here.
	live := 0
	for i := range pending {
		t := &pending[i]
		// A word written twice or more is a name of the guide's own
		// (GRAMPSWEB), not a slip: most pending words stop here, at the
		// cost of a search for the word as written.
		av := m.keyAt(t.av)
		if wordsAsWritten(content, av.Key[t.w.start:t.w.end], 2) > 1 {
			t.av = -1
			continue
		}
		live++
	}
	if live == 0 {
		return
	}
	counts := map[[2]string]int{}
	count := func(s string, skip int) {
		eachKeyWord(s, func(w string) {
			if len(w) < minKeySwap-1 || len(w) > maxKeyWord+1 {
				return
			}
			var buf [maxKeyWord + 1]byte
			lw := lowerInto(buf[:0], w)
			for i := range pending {
				t := &pending[i]
				if t.av < 0 || t.av == skip || len(lw)-len(t.bad) > 1 || len(t.bad)-len(lw) > 1 {
					continue
				}
				if k := wordSlip(t.bad, string(lw), t.head, t.tail); k != 0 && keySlipLong(t.bad, k) {
					counts[[2]string{t.bad, string(lw)}]++
				}
			}
		})
	}
	for i := range len(m.app) + len(m.listKeys) + len(m.mapKeys) {
		count(m.keyAt(i).Key, i)
	}
	for _, t := range p.Texts {
		count(t.Text, -1)
	}
	for i := range pending {
		t := pending[i]
		if t.av < 0 {
			continue
		}
		for pair, n := range counts {
			if pair[0] == t.bad && n > 1 && !hasDigit(pair[1]) && (t.good == "" || pair[1] < t.good) {
				t.good = pair[1] // the same word whatever the map's order
			}
		}
		if t.good != "" {
			reportKeyWord(m, r, content, t, true)
		}
	}
}

// keyWordTypo is a word of a key that checkKeyWords may report: the
// word as written, lower-cased (bad), the word it mends to (good, ""
// while unknown), its span in the key and whether a slip may touch its
// first (head) and last (tail) letter.
type keyWordTypo struct {
	av         int // index for keyAt; -1 once ruled out
	w          wordSpan
	bad, good  string
	head, tail bool
	kind       byte
}

// keyAt returns the i-th key of the application's snippets: m.app, then
// m.listKeys, then m.mapKeys.
func (m *model) keyAt(i int) *appValue {
	switch {
	case i < len(m.app):
		return &m.app[i]
	case i < len(m.app)+len(m.listKeys):
		return &m.listKeys[i-len(m.app)]
	}
	return &m.mapKeys[i-len(m.app)-len(m.listKeys)]
}

// mendKeyWord judges the word w of key. ok is false for a word that is
// one (configWords, its inflections, legitKeyWords) or that cannot be
// judged (a digit, too short or long). Otherwise good is the word of
// configWords it is one slip from, or "" when there is none.
func mendKeyWord(key string, w wordSpan) (keyWordTypo, bool) {
	word := key[w.start:w.end]
	if len(word) < minKeySwap || len(word) > maxKeyWord {
		return keyWordTypo{}, false
	}
	var buf [maxKeyWord]byte
	lw := buf[:0]
	for i := 0; i < len(word); i++ {
		c := word[i]
		switch {
		case c >= 'A' && c <= 'Z':
			c += 'a' - 'A'
		case c < 'a' || c > 'z':
			return keyWordTypo{}, false // a digit: versions, numbered names
		}
		lw = append(lw, c)
	}
	if knownKeyWord(lw) {
		return keyWordTypo{}, false
	}
	// A slip at the key's first or last letter makes another name
	// (typo.Slip): only a word inside the key may have lost its first
	// letter (server_ostname) or gained a last one.
	t := keyWordTypo{w: w, head: w.start > 0, tail: w.end < len(key)}
	// One slip keeps the first or the last letter of a word of four
	// letters or more: only the words that share one are candidates.
	first, last := configFirst[lw[0]], configLast[lw[len(lw)-1]]
	for j := range len(first) + len(last) {
		var c string
		if j < len(first) {
			c = configWords[first[j]]
		} else if c = configWords[last[j-len(first)]]; c[0] == lw[0] {
			continue // a candidate of first already
		}
		if d := len(c) - len(lw); d > 1 || d < -1 {
			continue
		}
		if k := wordSlip(string(lw), c, t.head, t.tail); k != 0 && keySlipLong(string(lw), k) {
			if t.good == "" || c < t.good {
				t.good, t.kind = c, k
			}
		}
	}
	if t.good == "" && len(lw) >= minCompound {
		t.good, t.kind = mendCompound(lw)
	}
	t.bad = string(lw)
	return t, true
}

// minCompound is the shortest word mendCompound judges: two words of
// four letters or so, one of them misspelt.
const minCompound = 8

// mendCompound returns the word lw (lower case) meant when it is two
// words run together (clientsecret, accesscontrol, the camel-case humps
// of a key written in lower case), one of them with a slip: a word of
// configWords misspelt (clientecret, clinetid), or two letters swapped
// across the joint (clienstecret). It returns "" when there is none.
func mendCompound(lw []byte) (string, byte) {
	var buf [maxKeyWord + 1]byte
	for k := 2; k <= len(lw)-2; k++ {
		p, s := lw[:k], lw[k:]
		pk, sk := compoundPart(p), compoundPart(s)
		switch {
		case pk && len(s) >= minKeySwap:
			// The second word misspelt: its first letter is inside
			// the word, so a slip may touch it (clientecret).
			if good, kind := mendPart(s, true); good != "" {
				return string(p) + good, kind
			}
		case sk && len(p) >= minKeySwap:
			if good, kind := mendPart(p, false); good != "" {
				return good + string(s), kind
			}
		}
		// Two letters swapped across the joint: clien|stecret.
		if lw[k-1] != lw[k] {
			sw := append(buf[:0], lw...)
			sw[k-1], sw[k] = sw[k], sw[k-1]
			if len(p) >= 3 && len(s) >= 3 && compoundPart(sw[:k]) && compoundPart(sw[k:]) {
				return string(sw), slipSwapped
			}
		}
	}
	return "", 0
}

// compoundPart reports whether w is a word a compound key is made of:
// one of configWords, oidcWords or settingWords (id, url, api too).
func compoundPart(w []byte) bool {
	return configWordSet[string(w)] || oidcWordSet[string(w)] || settingWords[string(w)]
}

// mendPart returns the word of configWords that w is one slip from
// inside a compound (head: the slip may touch its first letter; its last
// letter is inside the compound when head is false), or "".
func mendPart(w []byte, head bool) (string, byte) {
	if !keySlipLong(string(w), slipSwapped) || knownKeyWord(w) {
		return "", 0
	}
	first, last := configFirst[w[0]], configLast[w[len(w)-1]]
	for j := range len(first) + len(last) {
		var c string
		if j < len(first) {
			c = configWords[first[j]]
		} else if c = configWords[last[j-len(first)]]; c[0] == w[0] {
			continue
		}
		if d := len(c) - len(w); d > 1 || d < -1 {
			continue
		}
		if k := wordSlip(string(w), c, head, !head); k != 0 && keySlipLong(string(w), k) {
			return c, k
		}
	}
	return "", 0
}

// doubledHump reports whether w is one capital letter of key that the
// hump after it, next, starts with again, and next is a word keys are made
// of (the S of clientSSecret): a letter typed twice at a hump.
func doubledHump(key string, w, next wordSpan) bool {
	if w.end-w.start != 1 || next.start != w.end || next.end-next.start < minKeySwap || key[w.start] != key[next.start] || !isUpperASCII(key[w.start]) {
		return false
	}
	if w.start > 0 && !isLowerASCII(key[w.start-1]) {
		return false // an acronym's letters (XXSS), not a hump
	}
	var buf [maxKeyWord]byte
	word := key[next.start:next.end]
	if len(word) > maxKeyWord {
		return false
	}
	lw := lowerInto(buf[:0], word)
	return configWordSet[string(lw)] || oidcWordSet[string(lw)] || settingWords[string(lw)]
}

// keySlipLong reports whether bad is long enough to be mended from a slip
// of kind k (minKeyWord, minKeySwap).
func keySlipLong(bad string, k byte) bool {
	return len(bad) >= minKeyWord || k == slipSwapped && len(bad) >= minKeySwap
}

// knownKeyWord reports whether lw (lower case) is a word keys are made
// of: a word of configWords, oidcWords or settingWords, an inflection of
// one, or a word legitKeyWords lists.
func knownKeyWord(lw []byte) bool {
	if configWordSet[string(lw)] || oidcWordSet[string(lw)] || settingWords[string(lw)] || legitKeyWords[string(lw)] || legitNearWords[string(lw)] {
		return true
	}
	for _, suf := range inflections {
		if n := len(lw) - len(suf); n >= 3 && string(lw[n:]) == suf && configWordSet[string(lw[:n])] {
			return true
		}
	}
	// Two words run together (providername, clientid): no slip.
	if len(lw) >= minCompound {
		for k := 2; k <= len(lw)-2; k++ {
			if compoundPart(lw[:k]) && compoundPart(lw[k:]) {
				return true
			}
		}
	}
	return false
}

// inflections are the endings that make words of configWords into other
// words (timeouts, trusted, mappers, logging).
var inflections = []string{"s", "es", "d", "ed", "r", "er", "ers", "ing", "ings", "ion", "ions", "ly"}

// wordSlip returns the slip that makes good into bad (slipDropped,
// slipDoubled, slipSwapped), or 0 when none does. The slip may touch the
// first letter of good only when head is set, and its last letter only
// when tail is set.
func wordSlip(bad, good string, head, tail bool) byte {
	switch len(bad) - len(good) {
	case -1:
		for i := 0; i < len(good); i++ {
			if i > 0 && bad[i-1] != good[i-1] {
				break
			}
			if bad[i:] == good[i+1:] && (i > 0 || head) && (i < len(good)-1 || tail) {
				return slipDropped
			}
		}
	case 1:
		for i := 1; i < len(bad); i++ {
			if bad[i-1] != good[i-1] {
				break
			}
			if bad[i] == bad[i-1] && bad[i+1:] == good[i:] && (i < len(bad)-1 || tail) {
				return slipDoubled
			}
		}
	case 0:
		i := 0
		for i < len(bad) && bad[i] == good[i] {
			i++
		}
		if i+1 < len(bad) && bad[i] == good[i+1] && bad[i+1] == good[i] && bad[i+2:] == good[i+2:] && (i > 0 || head) {
			return slipSwapped
		}
	}
	return 0
}

// reportKeyWord reports t, unless its key is not written where the model
// says (a shortcode's output), the guide writes its word elsewhere (a
// name of its own), or another finding covers the key. ownWord says the
// word meant is one the guide writes, not one of configWords.
func reportKeyWord(m *model, r *reporter, content []byte, t keyWordTypo, ownWord bool) {
	av := m.keyAt(t.av)
	if r.seen[av.Value.Span] || r.p.Reported(av.Value.Span) {
		return
	}
	kv := keyValue(content, *av)
	sp := kv.Span
	if kv.Text != av.Key || sp.Start < 0 || sp.End > len(content) || string(content[sp.Start:sp.End]) != av.Key {
		return
	}
	if inShortcode(content, sp.Start) {
		return // a shortcode's argument: not the key as the reader sees it
	}
	at := source.Span{Start: sp.Start + t.w.start, End: sp.Start + t.w.end}
	if !ownWord && wordCountFold(content, t.bad) > 1 {
		return // a name the guide writes twice is its own, not a slip
	}
	if r.p.Reported(at) || r.seenOverlaps(sp) {
		return
	}
	word := av.Key[t.w.start:t.w.end]
	fixed := av.Key[:t.w.start] + sameCase(word, t.good) + av.Key[t.w.end:]
	why := "a word settings are named with"
	if ownWord {
		why = "which the guide writes elsewhere"
	}
	r.report(value{Text: word, Span: at}, diag.Warning, "consistency-key-word-typo", "write "+fixed,
		fmt.Sprintf("key %s (in %s): '%s' is no word, and one slip from '%s', %s: the application reads no key %s, so the setting keeps its default", av.Key, av.Where, word, t.good, why, av.Key))
}

// inShortcode reports whether offset i of the guide is inside a Hugo
// shortcode call ({{< sitevar nojs="…" >}}) on its line.
func inShortcode(content []byte, i int) bool {
	line := content[bytes.LastIndexByte(content[:i], '\n')+1 : i]
	o := bytes.LastIndex(line, []byte("{{"))
	return o >= 0 && !bytes.Contains(line[o:], []byte("}}"))
}

// wordCountFold counts, up to 2, the occurrences of the lower-case word
// w in text as a word of its own whatever its case: neither letter nor
// digit on either side, except where a camel-case hump starts or ends it
// (opneId holds opne).
func wordCountFold(text []byte, w string) int {
	n := 0
	for i := 0; i+len(w) <= len(text); i++ {
		c := text[i] | 0x20
		if c != w[0] || !equalFoldASCII(text[i:i+len(w)], w) {
			continue
		}
		end := i + len(w)
		if i > 0 && isAlnum(text[i-1]) && !(isLowerASCII(text[i-1]) && isUpperASCII(text[i])) {
			continue
		}
		if end < len(text) && isAlnum(text[end]) && !(isUpperASCII(text[end]) && isLowerASCII(text[end-1])) {
			continue
		}
		if n++; n > 1 {
			return n
		}
	}
	return n
}

// wordsAsWritten counts, up to limit, the occurrences of w in text as a word
// of its own (see wordCountFold), in the case it is written.
func wordsAsWritten(text []byte, w string, limit int) int {
	n := 0
	for i := 0; ; {
		j := bytes.Index(text[i:], []byte(w))
		if j < 0 {
			return n
		}
		j += i
		i = j + 1
		end := j + len(w)
		if j > 0 && isAlnum(text[j-1]) && !(isLowerASCII(text[j-1]) && isUpperASCII(text[j])) {
			continue
		}
		if end < len(text) && isAlnum(text[end]) && !(isUpperASCII(text[end]) && isLowerASCII(text[end-1])) {
			continue
		}
		if n++; n >= limit {
			return n
		}
	}
}

// equalFoldASCII reports whether b is the lower-case s in any case.
func equalFoldASCII(b []byte, s string) bool {
	for i := 0; i < len(s); i++ {
		c := b[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != s[i] {
			return false
		}
	}
	return true
}

func isLowerASCII(c byte) bool { return c >= 'a' && c <= 'z' }
func isUpperASCII(c byte) bool { return c >= 'A' && c <= 'Z' }

// lowerInto appends s in lower case to b.
func lowerInto(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		b = append(b, c)
	}
	return b
}

// eachKeyWord calls f with each word of s as keyWords splits a key: runs
// of letters and digits, and their camel-case humps.
func eachKeyWord(s string, f func(string)) {
	start := 0
	for start < len(s) {
		for start < len(s) && !isAlnum(s[start]) {
			start++
		}
		end := start
		for end < len(s) && isAlnum(s[end]) {
			end++
		}
		if end > start {
			var small [16]wordSpan
			run := s[start:end]
			if end-start <= maxKeyWord*2 {
				for _, w := range keyWords(run, small[:0]) {
					f(run[w.start:w.end])
				}
			}
		}
		start = end
	}
}

// configWordSet holds configWords; configFirst and configLast list the
// indexes in configWords of the words beginning, and ending, with each
// letter.
var (
	configWordSet           = setOf(configWords)
	configFirst, configLast = func() (first, last [256][]uint16) {
		for i, w := range configWords {
			first[w[0]] = append(first[w[0]], uint16(i))
			last[w[len(w)-1]] = append(last[w[len(w)-1]], uint16(i))
		}
		return first, last
	}()
)

// legitKeyWords are real words one slip from a word of configWords that
// keys are made of (form beside from, sing beside sign is not one).
var legitKeyWords = setOf([]string{
	"form", "forms", "provide", "provided", "spot", "stop",
})
