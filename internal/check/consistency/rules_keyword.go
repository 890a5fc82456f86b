package consistency

import (
	"bytes"
	"fmt"
	"math/bits"
	"strings"

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
	// The words with no partner in configWords, on the stack while few.
	var pendBuf [8]keyWordTypo
	pending := pendBuf[:0]
	var short shortWords
	for i := range len(m.app) + len(m.listKeys) + len(m.mapKeys) {
		av := m.keyAt(i)
		if av.Group < 0 || len(av.Key) < minShortKeyWord || namedByWriter(av.Parents) {
			continue
		}
		var small [16]wordSpan
		ws := keyWords(av.Key, small[:0])
		for j, w := range ws {
			if w.end-w.start <= maxShortKeyWord {
				short.check(m, r, content, i, w)
			}
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
	var lens uint64    // bit n: a pending word has n letters, within one
	var ends [256]bool // the first and last letters of pending words
	// The same name recurs in many keys (GRAMPSWEB_OIDC_…): it is
	// searched for once.
	var owned map[string]bool
	for i := range pending {
		t := &pending[i]
		// A word written twice or more is a name of the guide's own
		// (GRAMPSWEB), not a slip: most pending words stop here, at the
		// cost of a search for the word as written.
		word := m.keyAt(t.av).Key[t.w.start:t.w.end]
		var b [maxKeyWord]byte
		if knownKeyWord(lowerInto(b[:0], word)) {
			t.av = -1
			continue
		}
		own, seen := owned[word]
		if !seen {
			own = wordsAsWritten(content, word, 2) > 1
			if owned == nil {
				owned = map[string]bool{}
			}
			owned[word] = own
		}
		if own {
			t.av = -1
			continue
		}
		t.bad = string(lowerInto(b[:0], word))
		live++
		// The words one slip from it have its length within one, and
		// its first or its last letter.
		for n := len(t.bad) - 1; n <= len(t.bad)+1; n++ {
			lens |= 1 << n
		}
		ends[t.bad[0]], ends[t.bad[len(t.bad)-1]] = true, true
	}
	if live == 0 {
		return
	}
	minLen := bits.TrailingZeros64(lens)
	counts := map[[2]string]int{}
	count := func(s string, skip int) {
		eachKeyWord(s, minLen, func(w string) {
			if len(w) > maxKeyWord+1 || lens&(1<<len(w)) == 0 || !ends[w[0]|0x20] && !ends[w[len(w)-1]|0x20] {
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

// namedEntries are the mappings whose keys the writer names, not the
// application (normalised): Compose's services, volumes, networks,
// configs and secrets, Kubernetes' labels and annotations, Traefik's
// routers and middlewares. A service named oics is a service.
var namedEntries = []string{"services", "volumes", "networks", "configs", "secrets", "labels", "annotations", "routers", "middlewares"}

// namedByWriter reports whether keys under parents (normalised, see
// appValue.Parents) are names the writer chose (namedEntries).
func namedByWriter(parents string) bool {
	for _, n := range namedEntries {
		if strings.HasSuffix(parents, n) {
			return true
		}
	}
	return false
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
	lw, ok := lowerLetters(buf[:0], word)
	if !ok {
		return keyWordTypo{}, false // a digit: versions, numbered names
	}
	if keyWordSet[string(lw)] {
		return keyWordTypo{}, false // the common case: a word keys are made of
	}
	// A slip at the key's first or last letter makes another name
	// (typo.Slip): only a word inside the key may have lost its first
	// letter (server_ostname) or gained a last one.
	t := keyWordTypo{w: w, head: w.start > 0, tail: w.end < len(key)}
	t.good, t.kind = slipPartner(lw, t.head, t.tail)
	if t.good == "" && len(lw) >= minCompound {
		var known bool
		if t.good, t.kind, known = mendCompound(lw, t.head, t.tail); known {
			return keyWordTypo{}, false
		}
	}
	if t.good != "" {
		if knownKeyWord(lw) {
			return keyWordTypo{}, false
		}
		t.bad = string(lw) // pending words get theirs once they are judged
	}
	return t, true
}

// slipPartner returns the word of configWords that lw (lower case) is
// one slip from (wordSlip with head and tail), the first in order of
// several, or "" when there is none.
func slipPartner(lw []byte, head, tail bool) (string, byte) {
	if len(lw) < minKeySwap || len(lw) > maxKeyWord || lw[0] < 'a' || lw[0] > 'z' || lw[len(lw)-1] < 'a' || lw[len(lw)-1] > 'z' {
		return "", 0
	}
	// One slip keeps the first or the last letter of a word of four
	// letters or more, and its length within one: only the words that
	// share both are candidates.
	var good string
	var kind byte
	for n := len(lw) - 1; n <= len(lw)+1; n++ {
		for _, bucket := range [2][]uint16{configByFirst[lw[0]-'a'][n], configByLast[lw[len(lw)-1]-'a'][n]} {
			for _, j := range bucket {
				c := configWords[j]
				if k := wordSlip(string(lw), c, head, tail); k != 0 && keySlipLong(string(lw), k) && (good == "" || c < good) {
					good, kind = c, k
				}
			}
		}
	}
	return good, kind
}

// configByFirst and configByLast list the indexes in configWords of the
// words of each length beginning, and ending, with each letter.
var configByFirst, configByLast = func() (first, last [26][maxKeyWord + 2][]uint16) {
	for i, w := range configWords {
		if n := len(w); n < maxKeyWord+2 {
			first[w[0]-'a'][n] = append(first[w[0]-'a'][n], uint16(i))
			last[w[n-1]-'a'][n] = append(last[w[n-1]-'a'][n], uint16(i))
		}
	}
	return first, last
}()

// minCompound is the shortest word mendCompound judges (clietid, a
// misspelt word and id): shorter ones split too many ways.
const minCompound = 7

// mendCompound returns the word lw (lower case) meant when it is two
// words run together (clientsecret, accesscontrol, the camel-case humps
// of a key written in lower case), one of them with a slip: a word of
// configWords misspelt (clientecret, clinetid), or two letters swapped
// across the joint (clienstecret). It returns "" when there is none.
func mendCompound(lw []byte, head, tail bool) (good string, kind byte, known bool) {
	for _, end := range derivations {
		if len(lw) > len(end)+2 && string(lw[len(lw)-len(end):]) == end {
			return "", 0, false // automation is no automati|on
		}
	}
	var buf [maxKeyWord + 1]byte
	for k := 2; k <= len(lw)-2; k++ {
		if compoundPart(lw[:k]) && compoundPart(lw[k:]) {
			return "", 0, true // providername, clientid: no slip
		}
	}
	for k := 2; k <= len(lw)-2; k++ {
		p, s := lw[:k], lw[k:]
		pk, sk := compoundPart(p), compoundPart(s)
		switch {
		case pk && len(s) >= minKeySwap:
			// The second word misspelt: its first letter is inside
			// the word, so a slip may touch it (clientecret).
			if good, kind := mendPart(s, true, tail); good != "" {
				return string(p) + good, kind, false
			}
		case sk && len(p) >= minKeySwap:
			if good, kind := mendPart(p, head, true); good != "" {
				return good + string(s), kind, false
			}
		}
		// Two letters swapped across the joint: clien|stecret.
		if lw[k-1] != lw[k] && len(p) >= 3 && len(s) >= 3 {
			sw := append(buf[:0], lw...)
			sw[k-1], sw[k] = sw[k], sw[k-1]
			if compoundPart(sw[:k]) && compoundPart(sw[k:]) {
				return string(sw), slipSwapped, false
			}
		}
	}
	return "", 0, false
}

// derivations are the endings that make a word of another (confirmation,
// exportable, management): a word that ends so is one word, whose end
// only looks like a misspelt word of its own (action, table).
var derivations = []string{"tion", "tions", "sion", "sions", "able", "ible", "ment", "ments", "ness", "ity", "ities", "ance", "ence"}

// compoundPart reports whether w is a word a compound key is made of:
// one of configWords, oidcWords or settingWords of three letters or
// more (url, api), or id. Shorter words (on, in) end too many words.
func compoundPart(w []byte) bool {
	return (len(w) >= 3 || string(w) == "id") && partWordSet[string(w)]
}

// mendPart returns the word of configWords that w, a part of a compound,
// is one slip from (head, tail: the slip may touch its first, its last
// letter: at the joint it may, at the key's ends it may not), or "".
func mendPart(w []byte, head, tail bool) (string, byte) {
	if keyWordSet[string(w)] || knownKeyWord(w) {
		return "", 0
	}
	return slipPartner(w, head, tail)
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
	if keyWordSet[string(lw)] {
		return true
	}
	for _, suf := range inflections {
		if n := len(lw) - len(suf); n >= 3 && string(lw[n:]) == suf && (configWordSet[string(lw[:n])] || len(suf) == 1 && stemOf(lw[:n])) {
			return true
		}
	}
	return stemOf(lw)
}

// stemOf reports whether lw is the word a word of configWords is made
// from: the singular of a plural in -s (asset for assets; acces is no
// singular of access), or the verb of a past in -d or of an agent in -r
// (expire for expired, handle for handler, provide for provider).
func stemOf(lw []byte) bool {
	n := len(lw)
	if n == 0 || n >= maxKeyWord {
		return false
	}
	var buf [maxKeyWord + 1]byte
	switch lw[n-1] {
	case 's':
		return false
	case 'e':
		if configWordSet[string(append(append(buf[:0], lw...), 'd'))] || configWordSet[string(append(append(buf[:0], lw...), 'r'))] {
			return true
		}
	}
	return configWordSet[string(append(append(buf[:0], lw...), 's'))]
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
	if wordCountFold(content, t.bad) > 1 {
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
		if !standsAlone(text, i, i+len(w)) {
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
		if !standsAlone(text, j, j+len(w)) {
			continue
		}
		if n++; n >= limit {
			return n
		}
	}
}

// standsAlone reports whether text[start:end] is a word of its own:
// neither letter nor digit on either side, except where a camel-case hump
// starts or ends it.
func standsAlone(text []byte, start, end int) bool {
	if start > 0 && isAlnum(text[start-1]) && !(isLowerASCII(text[start-1]) && isUpperASCII(text[start])) {
		return false
	}
	return end >= len(text) || !isAlnum(text[end]) || isUpperASCII(text[end]) && isLowerASCII(text[end-1])
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
// of letters and digits, and their camel-case humps. Runs of fewer than
// min bytes are skipped: their words are shorter still.
func eachKeyWord(s string, min int, f func(string)) {
	for start := 0; start < len(s); {
		for start < len(s) && !isAlnum(s[start]) {
			start++
		}
		end, humps := start, false
		for end < len(s) && isAlnum(s[end]) {
			if end > start && isUpperASCII(s[end]) {
				humps = true
			}
			end++
		}
		switch run := s[start:end]; {
		case len(run) < min:
		case !humps:
			f(run) // a word of a sentence: one word
		case len(run) <= maxKeyWord*2:
			var small [16]wordSpan
			for _, w := range keyWords(run, small[:0]) {
				f(run[w.start:w.end])
			}
		}
		start = end
	}
}

// configWordSet holds configWords; partWordSet the words of compound
// keys (configWords, oidcWords, settingWords); keyWordSet those and the
// real words near them (legitKeyWords, legitNearWords): the words
// checkKeyWords never mends, in one look-up.
var (
	configWordSet = setOf(configWords)
	partWordSet   = unionOf(configWordSet, oidcWordSet, settingWords)
	keyWordSet    = unionOf(partWordSet, legitKeyWords, legitNearWords)
)

// unionOf returns a set of the words of all sets.
func unionOf(sets ...map[string]bool) map[string]bool {
	u := map[string]bool{}
	for _, s := range sets {
		for w := range s {
			u[w] = true
		}
	}
	return u
}

// legitKeyWords are real words one slip from a word of configWords that
// a key may hold (form beside from, shard beside shared, director beside
// directory): never mended. Sing, one swap from sign, is not one: no
// setting sings.
var legitKeyWords = setOf([]string{
	"crate", "crates", "director", "directors", "diver", "elect", "ender", "filed", "filer", "form",
	"forms", "ranch", "river", "rusted", "sever", "shard", "shards", "shred", "singe", "spot",
	"sting", "stop", "widow",
})
