package consistency

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/guidec/guidec/internal/check"
	"github.com/guidec/guidec/internal/lazyre"
	"github.com/guidec/guidec/internal/source"
)

// Facts stated in Markdown tables and in prose (the labelled list items of
// the Assumptions are findAssumptions', other list items itemValues'), as
// app-side values: the reader types them into the application's settings.
// A table or a sentence in the Assumptions section states facts too (the
// redirect URI a root URL implies, a table of the client's settings).
//
// A table states a fact in a body cell whose label is the first cell of
// its row ("| Client ID | `myapp` |") or, failing that, the header cell of
// its column ("| Client ID | Redirect URI |" over one row of values). A
// label counts when classifyKey gives it a kind; the value is the cell's
// only inline code span, else the cell's text when it is one token.
//
// A sentence states a fact in an inline code span next to a label, in the
// forms of step-by-step instructions: "Set the Redirect URI to `…`",
// "Configure **Client ID** as `…`", "the Client ID is `…`", "Client ID:
// `…`", "Enter `…` in the **Client ID** field", "Paste `…` into Callback
// URL". Only code spans are values: prose words never are.

// tableValues returns the facts of the guide's tables.
func tableValues(texts []check.Text) []appValue {
	// One pass groups the cells by table (a guide of many small tables
	// must not cost tables × texts).
	// A label cell labels every cell of its row or column: its label is
	// read once.
	type cell struct {
		text    int // index in texts
		label   string
		k       kind
		labeled bool
	}
	type table struct {
		cells map[[2]int]int // indexes in cells
		body  []int          // indexes in texts
	}
	tables := map[int]*table{}
	var cells []cell
	var order []int
	for i, t := range texts {
		if t.Table == 0 || t.Col == 0 {
			continue
		}
		tb := tables[t.Table]
		if tb == nil {
			tb = &table{cells: map[[2]int]int{}}
			tables[t.Table] = tb
			order = append(order, t.Table)
		}
		tb.cells[[2]int{t.Row, t.Col}] = len(cells)
		cells = append(cells, cell{text: i})
		if t.Row > 0 {
			tb.body = append(tb.body, i)
		}
	}
	// labelOf returns the label of the cell at (row, col) of tb.
	labelOf := func(tb *table, at [2]int) (label string, k kind, ok bool) {
		i, ok := tb.cells[at]
		if !ok {
			return "", kindNone, false
		}
		c := &cells[i]
		if !c.labeled {
			c.label, c.k = cellLabel(texts[c.text])
			c.labeled = true
		}
		return c.label, c.k, true
	}
	var out []appValue
	for _, id := range order {
		tb := tables[id]
		for _, ti := range tb.body {
			t := texts[ti]
			label, k := "", kindNone
			if t.Col > 1 {
				if l, lk, ok := labelOf(tb, [2]int{t.Row, 1}); ok {
					label, k = l, lk
				}
			}
			if k == kindNone {
				// The column's header names the value when the row's
				// label names nothing a rule knows; the row's label stays
				// the key otherwise (a misspelt Token Endpiont, not the
				// header's Value).
				if l, lk, ok := labelOf(tb, [2]int{0, t.Col}); ok && (lk != kindNone || label == "") {
					label, k = l, lk
				}
			}
			sp, ok := cellValue(t, k == kindScope || k == kindResponseType)
			if !ok {
				continue
			}
			if k == kindNone {
				// A row of another name whose value is one of Authelia's
				// endpoints (Portainer's Resource URL: …/api/oidc/userinfo)
				// is an endpoint; another URL is kept for the rules that
				// judge URLs by value (a Logout URL on Authelia's host).
				v := t.Text[sp.Start:sp.End]
				if endpointValue(v) {
					k = kindEndpoint
				} else if u, ok := literalURL(v); (!ok || !isWeb(u)) && !labelTypo(label) {
					// A row whose label misspells a setting's (Client
					// Secert) is kept, for consistency-key-spelling.
					continue
				}
			}
			out = append(out, appValue{Kind: k, Key: label, Where: whereOf(t, "the table"), Group: -1, Label: true,
				Value: value{Text: t.Text[sp.Start:sp.End], Span: t.GuideSpan(sp)}})
		}
	}
	return out
}

// endpointValue reports whether v is an http(s) URL whose path ends in
// the path of one of Authelia's OpenID Connect endpoints, or lies under
// /api/oidc/.
func endpointValue(v string) bool {
	u, ok := literalURL(v)
	if !ok || !isWeb(u) {
		return false
	}
	path := strings.TrimRight(u.EscapedPath(), "/")
	if strings.Contains(path, "/api/oidc/") {
		return true // one of them, or a misspelling of one
	}
	for p := range endpointPaths {
		if strings.HasSuffix(path, p) {
			return true
		}
	}
	return false
}

// cellLabel returns a label cell's text and kind.
func cellLabel(t check.Text) (string, kind) {
	l := labelCore(strings.TrimSpace(t.Text))
	if len(l) > 60 {
		return "", kindNone
	}
	return l, classifyKey("", l)
}

// labelCore returns a label without a remark in parentheses after it
// (Xen Orchestra's "Client identifier (key)", "Client Secret
// (optional)"): the remark says something of the field, the words
// before it name it.
func labelCore(l string) string {
	if !strings.HasSuffix(l, ")") {
		return l
	}
	i := strings.LastIndexByte(l, '(')
	if i <= 0 || strings.ContainsAny(l[i+1:len(l)-1], "()") {
		return l
	}
	if core := strings.TrimSpace(l[:i]); core != "" {
		return core
	}
	return l
}

// cellValue returns the value of a body cell: its only code span, else
// its trimmed text when that is one token, or, for a list (of scopes),
// words.
func cellValue(t check.Text, list bool) (source.Span, bool) {
	if len(t.Code) == 1 {
		c := t.Code[0]
		v := t.Text[c.Start:c.End]
		after := strings.TrimSpace(strings.TrimRight(t.Text[c.End:], ". "))
		if strings.HasPrefix(after, "(") && strings.HasSuffix(after, ")") && !strings.Contains(after[1:], "(") {
			after = "" // a remark on the value: `https://…/cb` (read only)
		}
		if strings.TrimSpace(t.Text[:c.Start]) == "" && after == "" && (list || !strings.ContainsAny(v, " \t")) {
			return c, c.Len() > 0
		}
		return source.Span{}, false
	}
	if len(t.Code) > 1 {
		return source.Span{}, false
	}
	s := strings.TrimSpace(t.Text)
	if s == "" || strings.Contains(s, "\n") || !list && strings.ContainsAny(s, " \t") {
		return source.Span{}, false
	}
	i := strings.Index(t.Text, s)
	return source.Span{Start: i, End: i + len(s)}, true
}

var (
	// afterRE matches the text after a value's code span when the verb
	// comes first: "Enter `x` in the Client ID field", "Paste `x` into
	// Callback URL". Group 1 is the label phrase. (The forms before a
	// span are read by beforeLabel, verbBefore and nounBefore.)
	afterRE = lazyre.New(`(?i)^\s+(?:in|into|as|for)\s+(?:the\s+|your\s+)?([A-Za-z][\w .»/-]{0,60}?)(?:\s+(?:field|option|setting|box|input|text box))?\s*(?:[.,;:!)]|$|\s+(?:and|then|of|on|in)\b)`)
	// nounAfterRE matches a redirect URI named right after a value's
	// code span, without a verb.
	nounAfterRE = lazyre.New(`(?i)^\s+(redirect ur[il]|callback ur[il])\b`)
)

// whereAssumptions names the Assumptions section in messages. A fact
// stated there describes the setup (the redirect URI a root URL implies)
// rather than something the reader copies, so a disagreement there is a
// warning: the guide is wrong, the reader's copy still works (see
// descriptive).
const whereAssumptions = "the Assumptions"

// whereOf names where t is for messages: the Assumptions, else other.
func whereOf(t check.Text, other string) string {
	if inAssumptions(t.Section) {
		return whereAssumptions
	}
	return other
}

// descriptive reports whether av describes the setup rather than being a
// value the reader copies (see whereAssumptions).
func descriptive(av appValue) bool { return av.Where == whereAssumptions }

// assumedKinds are the facts the labelled items of the Assumptions state
// (see findAssumptions): a sentence there restates the assumption rather
// than something the reader types into the application.
var assumedKinds = map[kind]bool{kindClientID: true, kindSecret: true, kindAppURL: true, kindIssuer: true}

// maxLookBack bounds how far before a code span proseValues looks for its
// label.
const maxLookBack = 160

// proseValues returns the facts stated by sentences of paragraphs and list
// items outside the Assumptions.
func proseValues(texts []check.Text) []appValue {
	var out []appValue
	for _, t := range texts {
		if t.Kind == check.Heading || t.Table != 0 || len(t.Code) == 0 || inAssumptions(t.Section) && isFact(t.Text) {
			// The labelled items of the Assumptions are findAssumptions';
			// their other sentences ("This option determines the
			// redirect URI in the format of `…`") state facts too.
			continue
		}
		from := 0 // where the current statement starts: after the last value
		for i, c := range t.Code {
			if code := t.Text[c.Start:c.End]; strings.Contains(code, " --") || strings.Contains(code, " -e ") || strings.HasPrefix(code, "--") && strings.Contains(code, "=") {
				// A command to run (kubectl create secret …
				// --from-literal=client-secret=…): its options.
				for _, f := range flagValues(code) {
					sp := source.Span{Start: c.Start + f.span.Start, End: c.Start + f.span.End}
					out = append(out, appValue{Kind: classifyKey("", f.key), Key: f.key, Where: "the command", Group: -1,
						Value: value{Text: f.value, Span: t.GuideSpan(sp)}})
				}
				continue
			}
			if c.Start < from {
				continue
			}
			// A label and its verb are short: looking back a bounded
			// window keeps a paragraph of many code spans linear.
			before := t.Text[sentenceStart(t.Text, max(from, c.Start-maxLookBack), c.Start):c.Start]
			label, _ := beforeLabel(before)
			if label != "" {
				if _, k := phraseKind(label); k == kindNone {
					// "The redirect URI Memos sends is": the phrase
					// before "is" names nothing, the noun in it does.
					if l, ok := nounBefore(before); ok {
						label = l
					}
				}
			}
			if label == "" && verbBefore(before) {
				end := len(t.Text)
				if i+1 < len(t.Code) {
					end = t.Code[i+1].Start
				}
				if m := afterRE.FindStringSubmatch(t.Text[c.End:end]); m != nil {
					label = m[1]
				}
			}
			if label == "" {
				// "builds its redirect URI `x`", "uses the `x` redirect
				// URI": the noun names the value beside it.
				end := len(t.Text)
				if i+1 < len(t.Code) {
					end = t.Code[i+1].Start
				}
				if l, ok := nounBefore(before); ok {
					label = l
				} else if m := nounAfterRE.FindStringSubmatch(t.Text[c.End:end]); m != nil {
					label = m[1]
				}
			}
			if proseMethod(t, c, before) {
				if _, lk := phraseKind(label); label == "" || lk != kindAuthMethod {
					// An auth method named by Authelia's spelling in a
					// sentence that is no instruction to set a field of
					// that name ("authenticates to the token endpoint
					// with …"): what the application does.
					from = c.End
					out = append(out, appValue{Kind: kindAuthMethod, Key: proseMethodKey, Where: whereOf(t, "the instructions"), Group: -1,
						Value: value{Text: t.Text[c.Start:c.End], Span: t.GuideSpan(c)}})
					continue
				}
			}
			if label == "" {
				continue
			}
			label, k := phraseKind(label)
			if k == kindNone || inAssumptions(t.Section) && assumedKinds[k] {
				continue
			}
			v := t.Text[c.Start:c.End]
			if k != kindScope && k != kindResponseType && strings.ContainsAny(v, " \t") {
				continue
			}
			from = c.End
			out = append(out, appValue{Kind: k, Key: label, Where: whereOf(t, "the instructions"), Group: -1,
				Value: value{Text: v, Span: t.GuideSpan(c)}})
		}
	}
	return out
}

// proseMethodKey is the key of an auth method a sentence states.
const proseMethodKey = "the token endpoint auth method"

// proseMethods are the token endpoint auth methods a sentence names by
// Authelia's own spelling (none is an English word too).
var proseMethods = []string{"client_secret_basic", "client_secret_post", "client_secret_jwt", "private_key_jwt"}

// proseMethod reports whether the code span v of t, with no label before
// it, is the statement of the application's token endpoint auth method
// ("sends the credentials in the body, hence `client_secret_post`"): it is
// one of proseMethods, the only one t names, and the sentence weighs no
// alternative (not, instead, unlike, default, or).
func proseMethod(t check.Text, c source.Span, before string) bool {
	v := t.Text[c.Start:c.End]
	if !slices.Contains(proseMethods, v) {
		return false
	}
	for _, o := range t.Code {
		if w := t.Text[o.Start:o.End]; w != v && slices.Contains(proseMethods, w) {
			return false
		}
	}
	after := t.Text[c.End:]
	if i := strings.Index(after, ". "); i >= 0 {
		after = after[:i]
	}
	sentence := strings.ToLower(before + " " + after + " ")
	for _, w := range []string{" not ", "n't ", "instead", "rather", "unlike", "default", " or ", "either", "neither", "only if", "unless", "support"} {
		if strings.Contains(sentence, w) {
			return false
		}
	}
	return true
}

// sentenceStart returns where the statement ending at end starts: after
// the last sentence end (". ", "! ", "? ", or "." at the end of a line) in text[from:end],
// or after " and " when a value came before ("set A to `x` and B to `y`").
func sentenceStart(text string, from, end int) int {
	seg := text[from:end]
	// A line break inside a paragraph is a blank to the reader (a soft
	// break): "in the format of\n`…`" is one statement. A sentence ends
	// before it only when punctuation says so.
	for at := len(seg) - 2; at >= 0; at-- {
		if c, next := seg[at], seg[at+1]; c == '.' && (next == ' ' || next == '\n') || (c == '!' || c == '?') && next == ' ' {
			return from + at + 1
		}
	}
	if from > 0 {
		if j := lastAnd(seg); j >= 0 {
			return from + j + len(" and ")
		}
	}
	return from
}

// lastAnd returns strings.LastIndex(strings.ToLower(seg), " and "), an
// offset in the lowercased text, without lowercasing ASCII text.
func lastAnd(seg string) int {
	for i := 0; i < len(seg); i++ {
		if seg[i] >= utf8.RuneSelf {
			return strings.LastIndex(strings.ToLower(seg), " and ")
		}
	}
	for j := len(seg) - len(" and "); j >= 0; j-- {
		if seg[j] == ' ' && seg[j+1]|0x20 == 'a' && seg[j+2]|0x20 == 'n' && seg[j+3]|0x20 == 'd' && seg[j+4] == ' ' {
			return j
		}
	}
	return -1
}

// phraseKind returns the kind of a label phrase, read from its longest
// tail of at most five words that has one ("Note that the Authelia Root
// URL" is the Authelia Root URL, not a "Root URL"), and the shortest tail
// of that kind as the label for messages.
func phraseKind(phrase string) (string, kind) {
	ws := strings.Fields(phrase)
	ws = ws[len(ws)-min(5, len(ws)):]
	// The key a tail of words normalises to is the tail of the words'
	// normalised keys (normalizeKey drops the blanks between them):
	// norm[at[i]:] is the key of ws[i:].
	var at [5]int
	var b strings.Builder
	for i, w := range ws {
		at[i] = b.Len()
		b.WriteString(normalizeKey(w))
	}
	norm := b.String()
	k := kindNone
	for i := 0; i < len(ws) && k == kindNone; i++ {
		k = classifyNormal("", norm[at[i]:])
	}
	if k == kindNone {
		return "", kindNone
	}
	for i := len(ws) - 1; i >= 0; i-- {
		if classifyNormal("", norm[at[i]:]) == k {
			return strings.Join(ws[i:], " "), k
		}
	}
	return "", kindNone
}
