package hugo

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// IDType is Hugo's markup.goldmark.parser.autoHeadingIDType: how heading
// text becomes an id (and what the anchorize function returns).
type IDType string

// The id types Hugo knows.
const (
	// IDGitHub keeps letters (lower-cased), digits and '_', turns each
	// space, tab and '-' into '-' and drops anything else. Hugo's default.
	IDGitHub IDType = "github"
	// IDGitHubASCII is IDGitHub after removing accents (é → e), keeping
	// only ASCII.
	IDGitHubASCII IDType = "github-ascii"
	// IDBlackfriday is the Blackfriday v1 rule: runs of anything but
	// letters and numbers become one '-' between words, lower-cased.
	IDBlackfriday IDType = "blackfriday"
)

// Valid reports whether t is one of the types Hugo accepts.
func (t IDType) Valid() bool {
	return t == IDGitHub || t == IDGitHubASCII || t == IDBlackfriday
}

// Anchorize turns text into an id the way Hugo's anchorize function and
// heading ids do for the given type, without the "heading" fallback for
// empty results and without making it unique on the page (see IDs). An
// unknown type is treated as IDGitHub, as Hugo's sanitizer does.
func Anchorize(text string, t IDType) string {
	if t == IDBlackfriday {
		return blackfridayID(text)
	}
	ascii := t == IDGitHubASCII
	if ascii {
		text = removeAccents(text)
	}
	var b strings.Builder
	b.Grow(len(text))
	for _, r := range text {
		switch {
		case ascii && r >= utf8.RuneSelf:
		case r == '-' || r == ' ' || r == '\t':
			b.WriteByte('-')
		case r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// blackfridayID is Blackfriday's SanitizedAnchorName, which Hugo keeps for
// this id type: letters and numbers lower-cased, every run of other runes
// between two of them one '-', none at either end.
func blackfridayID(text string) string {
	var b strings.Builder
	b.Grow(len(text))
	dash := false
	for _, r := range text {
		if unicode.IsLetter(r) || unicode.IsNumber(r) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(unicode.ToLower(r))
			continue
		}
		dash = true
	}
	return b.String()
}

// removeAccents is Hugo's text.RemoveAccents: decompose (NFD), drop the
// nonspacing marks, recompose (NFC).
func removeAccents(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, s)
	if err != nil {
		return s
	}
	return out
}

// IDs hands out the ids of one page's headings as Hugo's idFactory does:
// an empty result becomes "heading", and an id already used on the page
// gets "-1", "-2", … appended (the first free one). It is not safe for
// concurrent use; make one per page.
type IDs struct {
	t    IDType
	used map[string]bool
}

// NewIDs returns an empty id set for one page.
func NewIDs(t IDType) *IDs { return &IDs{t: t, used: map[string]bool{}} }

// Generate returns the id of a heading with the given text and marks it
// used.
func (ids *IDs) Generate(text string) string {
	id := Anchorize(text, ids.t)
	if id == "" {
		id = "heading"
	}
	if ids.used[id] {
		base := id + "-"
		for i := 1; ; i++ {
			id = base + strconv.Itoa(i)
			if !ids.used[id] {
				break
			}
		}
	}
	ids.used[id] = true
	return id
}

// Put marks an explicit id ({#id} on a heading) used, so that generated ids
// avoid it.
func (ids *IDs) Put(id string) { ids.used[id] = true }
