package consistency

import (
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/guidec/guidec/internal/check"
	"github.com/guidec/guidec/internal/source"
)

// label is one of the facts a guide's Assumptions list states.
type label int

const (
	labelAppRoot label = iota
	labelAutheliaRoot
	labelClientID
	labelClientSecret
	numLabels
)

var labelNames = [numLabels]string{"Application Root URL", "Authelia Root URL", "Client ID", "Client Secret"}

// fact is one labelled list item: its label, its value, and the Text.
type fact struct {
	Label   label
	Value   value
	Section string
}

// assumptions holds the facts of the guide. For each label the primary fact
// comes first: the first one in a section named like "assumptions", else the
// first in the guide. Client IDs and secrets after the primary are
// instructions (values typed into the application), see instructionValues.
type assumptions struct {
	facts     [numLabels][]fact
	noPrimary [numLabels]bool // every fact of the label is an instruction
}

// primary returns the reference value for l.
func (a assumptions) primary(l label) (value, bool) {
	if len(a.facts[l]) == 0 || a.noPrimary[l] {
		return value{}, false
	}
	return a.facts[l][0].Value, true
}

// all returns every value stated for l.
func (a assumptions) all(l label) []value {
	var vs []value
	for _, f := range a.facts[l] {
		vs = append(vs, f.Value)
	}
	return vs
}

// findAssumptions collects labelled list items of every section.
func findAssumptions(texts []check.Text) assumptions {
	var a assumptions
	// Texts come in runs of one section: each section is read once.
	hasSection, last := false, ""
	for i, t := range texts {
		if i > 0 && t.Section == last {
			continue
		}
		last = t.Section
		if inAssumptions(t.Section) {
			hasSection = true
			break
		}
	}
	for _, t := range texts {
		if t.Kind != check.Item {
			continue
		}
		f, ok := parseFact(t)
		if !ok {
			continue
		}
		list := a.facts[f.Label]
		if inAssumptions(f.Section) && (len(list) == 0 || !inAssumptions(list[0].Section)) {
			list = append([]fact{f}, list...)
		} else {
			list = append(list, f)
		}
		a.facts[f.Label] = list
	}
	// A guide with an Assumptions section states its facts there: a
	// Client ID or Client Secret item elsewhere is an instruction, and
	// the label has no primary (see instructionValues).
	if hasSection {
		for l := range a.facts {
			if len(a.facts[l]) > 0 && !inAssumptions(a.facts[l][0].Section) {
				a.noPrimary[l] = true
			}
		}
	}
	return a
}

// inAssumptions reports whether a section id names the Assumptions. It
// runs for every text and table cell of a guide, so it does not allocate.
func inAssumptions(section string) bool {
	const w = "assumption"
	ascii := true
	for i := 0; i < len(section) && ascii; i++ {
		ascii = section[i] < utf8.RuneSelf
	}
	if ascii {
		// EqualFold of ASCII bytes: each byte of w is a lowercase letter,
		// which only itself and its capital match.
		for i := 0; i+len(w) <= len(section); i++ {
			j := 0
			for j < len(w) && section[i+j]|0x20 == w[j] {
				j++
			}
			if j == len(w) {
				return true
			}
		}
		return false
	}
	for i := 0; i+len(w) <= len(section); i++ {
		if strings.EqualFold(section[i:i+len(w)], w) {
			return true
		}
	}
	return false
}

// parseFact reads "Label: value" from an item. The value must be a single
// token (a URL, an id, a secret); prose such as "the secret you generated"
// is not a value.
func parseFact(t check.Text) (fact, bool) {
	m, ok := matchFact(t.Text)
	if !ok {
		return fact{}, false
	}
	var l label
	for i, n := range labelNames {
		if strings.EqualFold(t.Text[m.LabelStart:m.LabelEnd], n) {
			l = label(i)
		}
	}
	// An instruction's client id in words (a display name) is still a
	// statement of it, which checkUnfilled reports.
	sp, ok := codeValue(t, m.Value, l == labelClientID && !inAssumptions(t.Section))
	if !ok {
		sp, ok = factValue(t.Text, m.Value)
	}
	if !ok {
		return fact{}, false
	}
	v := value{Text: t.Text[sp.Start:sp.End], Span: t.GuideSpan(sp)}
	return fact{Label: l, Value: v, Section: t.Section}, true
}

// codeValue returns the code span that starts the value of t at off, as
// the reader copies it: blanks inside the backticks included (a stray blank
// is a mistake to report, not to trim away).
func codeValue(t check.Text, off int, words bool) (source.Span, bool) {
	for _, c := range t.Code {
		if c.End <= off {
			continue
		}
		// The label's pattern may have taken blanks that open the span
		// (`\tromm`): they are the value's.
		if c.Start < off && strings.TrimSpace(t.Text[c.Start:off]) != "" ||
			c.Start >= off && strings.TrimSpace(strings.Trim(t.Text[off:c.Start], "`")) != "" || c.Len() == 0 {
			return source.Span{}, false
		}
		v := strings.TrimSpace(t.Text[c.Start:c.End])
		if v == "" || strings.ContainsAny(v, " \t") && !words {
			return source.Span{}, false
		}
		return c, true
	}
	return source.Span{}, false
}

// factValue finds the value token of text starting at off: the content of
// the first `code span` when the text still has backticks, else the whole
// rest, which must be one token. One trailing sentence period is dropped.
func factValue(text string, off int) (source.Span, bool) {
	rest := text[off:]
	if strings.HasPrefix(rest, "`") {
		end := strings.IndexByte(rest[1:], '`')
		if end <= 0 {
			return source.Span{}, false
		}
		return source.Span{Start: off + 1, End: off + 1 + end}, true
	}
	rest = strings.TrimRight(rest, " \t\r\n")
	rest = strings.TrimSuffix(rest, ".")
	if rest == "" || strings.ContainsAny(rest, " \t`") {
		return source.Span{}, false
	}
	if n := len(rest); n > 2 && (rest[0] == '\'' || rest[0] == '"') && rest[n-1] == rest[0] {
		// 'https://app.example.com/callback': the quotes are not the value.
		return source.Span{Start: off + 1, End: off + n - 1}, true
	}
	return source.Span{Start: off, End: off + len(rest)}, true
}

// instructionValues returns the non-primary Client ID and Client Secret
// facts as app-side values: they are what the reader types into the
// application's settings.
func instructionValues(a assumptions) []appValue {
	var out []appValue
	for _, l := range []label{labelClientID, labelClientSecret} {
		k := kindClientID
		if l == labelClientSecret {
			k = kindSecret
		}
		skip := min(1, len(a.facts[l]))
		if a.noPrimary[l] {
			skip = 0
		}
		for _, f := range a.facts[l][skip:] {
			out = append(out, appValue{Kind: k, Key: labelNames[l], Where: "the instructions", Group: -1, Value: f.Value})
		}
	}
	return out
}

// listLabelTypo reports whether label, a label of no kind, is one word
// from a label of a list (Scpoe for Scope): its whole value is then read,
// for consistency-key-spelling to report the label.
func listLabelTypo(ctx, label string) bool {
	for _, r := range respellings(label) {
		if k := classifyKey(ctx, r.fixed); k == kindScope || k == kindResponseType {
			return true
		}
	}
	return false
}

// labelTypo reports whether label, a label of no kind, is one word from a
// label that names a setting (Client Secert for Client Secret).
func labelTypo(label string) bool {
	for _, r := range respellings(label) {
		if classifyKey("oidc", r.fixed) != kindNone {
			return true
		}
	}
	return false
}

// itemValues returns the settings the guide's step-by-step instructions
// state in list items outside the Assumptions (the four labels of the
// Assumptions are findAssumptions'), as app-side values: the reader types
// them into the application's settings.
//
// A section whose items state a client id or secret is a list of OpenID
// Connect settings: its labels are read in that context, so that
// windmill's "Config URL" is the provider's (see keyRule.Context).
func itemValues(texts []check.Text) []appValue {
	oidc := map[string]bool{} // sections that state a client id or secret
	// settings[i] is matchSetting's match in texts[i], found once for
	// both loops; a text without a ':' cannot state a setting.
	settings := make([]itemMatch, len(texts))
	found := make([]bool, len(texts))
	for i, t := range texts {
		if t.Kind != check.Item || !strings.Contains(t.Text, ":") {
			continue
		}
		if m, ok := matchSetting(t.Text); ok {
			settings[i], found[i] = m, true
			if k := classifyKey("", t.Text[m.LabelStart:m.LabelEnd]); k == kindClientID || k == kindSecret {
				oidc[t.Section] = true
			}
		}
	}
	var out []appValue
	for i, t := range texts {
		m := settings[i]
		if !found[i] || inAssumptions(t.Section) {
			continue
		}
		if m.Value == len(t.Text) || isFact(t.Text) {
			continue
		}
		label := labelCore(t.Text[m.LabelStart:m.LabelEnd])
		ctx := ""
		if oidc[t.Section] {
			ctx = "oidc"
		}
		k := classifyKey(ctx, label)
		var sp source.Span
		ok := false
		if k == kindScope || k == kindResponseType || k == kindNone && listLabelTypo(ctx, label) {
			sp, ok = restValue(t.Text, m.Value)
		} else if sp, ok = codeValue(t, m.Value, k == kindClientID); !ok {
			// A client id in words (the client's display name) is still
			// a statement of it, which checkUnfilled reports.
			sp, ok = factValue(t.Text, m.Value)
		}
		if !ok {
			continue
		}
		v := value{Text: t.Text[sp.Start:sp.End], Span: t.GuideSpan(sp)}
		out = append(out, appValue{Kind: k, Key: label, Where: "the instructions", Group: -1, Value: v, Label: true})
		if k == kindNone && strings.HasPrefix(v.Text, "{") {
			out = append(out, jsonItemValues(t, sp)...)
		}
	}
	return out
}

// jsonItemValues reads a JSON object typed into a field of the
// application ("Settings: `{"server_url":"https://…"}`"): each string
// member is a value of its key, at its place in the guide.
func jsonItemValues(t check.Text, sp source.Span) []appValue {
	text := t.Text[sp.Start:sp.End]
	var obj map[string]any
	if len(text) > maxItemJSON || json.Unmarshal([]byte(text), &obj) != nil {
		return nil
	}
	var out []appValue
	for _, k := range slices.Sorted(maps.Keys(obj)) {
		v, ok := obj[k].(string)
		if !ok || v == "" {
			continue
		}
		i := strings.Index(text, `"`+k+`"`)
		if i < 0 {
			continue
		}
		j := strings.Index(text[i+len(k)+2:], `"`+v+`"`)
		if j < 0 {
			continue // escaped in the JSON text: not where it is written
		}
		at := sp.Start + i + len(k) + 2 + j + 1
		vs := source.Span{Start: at, End: at + len(v)}
		out = append(out, appValue{Kind: classifyKey("", k), Key: k, Where: "the instructions", Group: -1, Value: value{Text: v, Span: t.GuideSpan(vs)}})
	}
	return out
}

// maxItemJSON bounds the JSON text of an instruction that is read.
const maxItemJSON = 1 << 14

// restValue returns the rest of text from off as a value of several words
// (a scope list), without a trailing sentence period.
func restValue(text string, off int) (source.Span, bool) {
	rest := strings.TrimRight(text[off:], " \t\r\n")
	rest = strings.TrimSuffix(rest, ".")
	if rest == "" || strings.Contains(rest, "`") {
		return source.Span{}, false
	}
	return source.Span{Start: off, End: off + len(rest)}, true
}
