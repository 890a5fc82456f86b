package authelia

import (
	"bytes"
	"fmt"
	"slices"
	"unicode/utf8"

	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/source"
)

// A fragment (an entry that only adds options to a client, such as the
// claims-hydration escape hatch's) names its client by client_id. When no
// block of the guide defines a client with that id, one of the two ids is
// wrong: the fragment's, or the client's. Checking the fragment alone
// would report what the definition provides (a missing client_secret) at
// the fragment, whichever id was changed; instead one finding is reported,
// at the id the rest of the guide disagrees with, naming the other.

// maxMentionNotes bounds the notes that show where the guide writes the id
// it agrees on; maxMentions the places counted.
const (
	maxMentionNotes = 3
	maxMentions     = 64
	maxScanned      = 4096
)

// orphaned reports whether k.c is a fragment whose client no block of the
// guide defines.
func (k *clientCheck) orphaned() bool {
	c := k.c
	if c.ID.Text == "" || !isFragment(c) || k.g.incomplete || k.g.illustrative {
		return false
	}
	// A definition in this very snippet is a duplicate id, reported there.
	return len(k.g.definitions[c.ID.Text]) == 0
}

// orphan reports fragment k.c when no block defines its client. It
// returns true when the guide defines no client at all: the fragment is
// then not checked, since alone it would only lack what a definition
// provides. Otherwise it is checked with the closest definition (k.base).
func (k *clientCheck) orphan() bool {
	c := k.c
	if !k.orphanBase && (k.base != nil || !k.orphaned()) {
		return false
	}
	content := k.file.Content
	d := k.base
	// The votes: where the guide states either id outside the two blocks
	// (the fragment's own snippet names its claims policy after it, the
	// client's has it in its redirect URIs).
	skip := []source.Span{c.ID.Span, c.Snippet.Span}
	if d != nil {
		skip = append(skip, d.ID.Span, d.Snippet.Span)
	}
	fragMentions := k.g.mentions(content, c.ID.Text, skip)
	if d != nil {
		defMentions := k.g.mentions(content, d.ID.Text, skip)
		if fewerVotes(content, defMentions, fragMentions) {
			if !validID(d.ID.Text) {
				return false // the id rule reports it, at the same place
			}
			// The client's id is the odd one out: the guide names the
			// fragment's id elsewhere too.
			diagnostic := diag.Diagnostic{
				File: k.file, Span: d.ID.Span, Severity: diag.Error, Code: "authelia-client-fragment-orphan",
				Message: fmt.Sprintf("client_id '%s' is not the id the rest of the guide uses for this client: an entry of another block adds options to client '%s'", d.ID.Text, c.ID.Text),
				Hint:    fmt.Sprintf("use the same client_id everywhere ('%s', as the guide writes it elsewhere)", c.ID.Text),
				Related: []diag.Related{{File: k.file, Span: c.ID.Span, Message: fmt.Sprintf("adds options to client '%s'", c.ID.Text)}},
			}
			for _, sp := range exactFirst(content, fragMentions) {
				if len(diagnostic.Related) > maxMentionNotes {
					break
				}
				diagnostic.Related = append(diagnostic.Related, diag.Related{File: k.file, Span: sp, Message: fmt.Sprintf("'%s' here", c.ID.Text)})
			}
			k.diags.Add(diagnostic)
			return false
		}
	}
	if !validID(c.ID.Text) {
		return d == nil // the id rule reports it, at the same place
	}
	hint := "define the client in a block of the guide, or use the client_id of the client these options are for"
	var rel []diag.Related
	if d != nil {
		hint = fmt.Sprintf("use the client_id of the client these options are for ('%s')", d.ID.Text)
		rel = []diag.Related{{File: k.file, Span: d.ID.Span, Message: fmt.Sprintf("the guide's client '%s'", d.ID.Text)}}
	}
	k.diags.Add(diag.Diagnostic{
		File: k.file, Span: c.ID.Span, Severity: diag.Error, Code: "authelia-client-fragment-orphan",
		Message: fmt.Sprintf("this entry only adds options to client '%s', which no block of the guide defines", c.ID.Text),
		Hint:    hint, Related: rel,
	})
	return d == nil
}

// fewerVotes reports whether the places a of one id are fewer votes than
// the places b of the other: the places where the id is a whole value
// (quoted, in inline code, after '=': see exactFirst) decide first, since
// a word of prose or a link's text ("[Passbolt]", the product) states no
// client id; all places decide when those are as many.
func fewerVotes(content []byte, a, b []source.Span) bool {
	if ea, eb := countExact(content, a), countExact(content, b); ea != eb {
		return ea < eb
	}
	return len(a) < len(b)
}

// countExact counts the spans that are whole values (see exactFirst).
func countExact(content []byte, spans []source.Span) int {
	n := 0
	for _, sp := range spans {
		if exactValue(content, sp) {
			n++
		}
	}
	return n
}

// exactValue reports whether the id at sp is a whole value: quoted, in
// inline code, after '=' or a blank, and ending the value.
func exactValue(content []byte, sp source.Span) bool {
	before, after := byte(' '), byte('\n')
	if sp.Start > 0 {
		before = content[sp.Start-1]
	}
	if sp.End < len(content) {
		after = content[sp.End]
	}
	return bytes.IndexByte([]byte("'\"`= "), before) >= 0 && bytes.IndexByte([]byte("'\"` \r\n"), after) >= 0
}

// closestDefinition returns the client defined in the guide whose id is
// closest to id (the first in id order among equals), or nil when none is.
func (g *guideContext) closestDefinition(id string) *Client {
	ids := make([]string, 0, len(g.definitions))
	for d := range g.definitions {
		ids = append(ids, d)
	}
	slices.Sort(ids)
	var best *Client
	bestD := -1
	for _, d := range ids {
		if dist := distance(id, d); bestD < 0 || dist < bestD {
			best, bestD = g.definitions[d][0], dist
		}
	}
	return best
}

// validID reports whether id passes the client_id rules (identity).
func validID(id string) bool {
	return unreserved(id) && utf8.RuneCountInString(id) <= 100
}

// mentions returns the places where the guide states id as a fact: as a
// whole word (not inside a longer identifier) in a code block or a list
// item (the Assumptions), outside the spans skip; at most maxMentions of
// them, among the first maxScanned places the id is written at all (a
// hostile guide cannot make the count cost more).
func (g *guideContext) mentions(content []byte, id string, skip []source.Span) []source.Span {
	var out []source.Span
	if id == "" {
		return nil
	}
	in := func(sp source.Span, spans []source.Span) bool {
		for _, k := range spans {
			if sp.Start >= k.Start && sp.End <= k.End && k.End > k.Start {
				return true
			}
		}
		return false
	}
	for from, n := 0, 0; len(out) < maxMentions && n < maxScanned; n++ {
		i := indexFrom(content, id, from)
		if i < 0 {
			break
		}
		sp := source.Span{Start: i, End: i + len(id)}
		from = sp.End
		if i > 0 && wordByte(content[i-1]) || sp.End < len(content) && wordByte(content[sp.End]) {
			continue
		}
		if !in(sp, skip) && in(sp, g.facts) {
			out = append(out, sp)
		}
	}
	return out
}

// indexFrom is bytes.Index of s in b from offset from.
func indexFrom(b []byte, s string, from int) int {
	if from >= len(b) {
		return -1
	}
	i := bytes.Index(b[from:], []byte(s))
	if i < 0 {
		return -1
	}
	return from + i
}

// wordByte reports whether c continues an identifier.
func wordByte(c byte) bool {
	return c == '_' || c == '-' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// exactFirst orders spans so that the places where the id is a whole value
// (quoted, in inline code, after '=' or ': ') come before the ones where it
// is part of a longer text such as a host name.
func exactFirst(content []byte, spans []source.Span) []source.Span {
	out := slices.Clone(spans)
	exact := func(sp source.Span) bool { return exactValue(content, sp) }
	slices.SortStableFunc(out, func(a, b source.Span) int {
		switch ea, eb := exact(a), exact(b); {
		case ea && !eb:
			return -1
		case eb && !ea:
			return 1
		}
		return 0
	})
	return out
}
