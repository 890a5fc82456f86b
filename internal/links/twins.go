package links

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/guidec/guidec/internal/diag"
)

// Twin is one of the headings of a page whose text gives the same id:
// Hugo keeps the first one's id and suffixes the others (-1, -2, …).
type Twin struct {
	ID     string // as published: the base, base-1, …
	Text   string // the heading's text
	Parent string // the text of the heading it sits under, "" at the top
}

// Twins maps each id base that several headings of a page share to those
// headings, in page order.
type Twins map[string][]Twin

// CheckTwins reports the links to the first of several headings that share
// an id where the link itself says a later one is meant
// (link-anchor-ambiguous). twins maps a page name to its Twins.
//
// A link "#foo" always reaches the first heading "foo"; the later ones are
// "#foo-1", "#foo-2". Which one the writer meant is read from evidence, and
// a link is reported only when the evidence names the section of a later
// twin and not that of the first:
//
//   - the headings the link sits under (a link in the same page): a later
//     twin's parent heading encloses the link and the first twin's parent
//     does not ("there is no [port](#port)" under "Address", whose own
//     "port" is #port-1, while #port is the "Port" under "Format");
//   - the link's text: it names, as a whole word, a later twin's parent
//     and not the first's ("[session.cookies[].name](…#name)", where
//     "cookies" holds #name-1 and #name is the top-level option).
//
// Twins whose parents have the same text ("Web GUI" under two sections
// both called "Application") give no evidence either way and are never
// reported; neither is a link to a suffixed id, which names its heading.
func CheckTwins(uses []Use, twins map[string]Twins) diag.List {
	var out diag.List
	for _, u := range uses {
		tg := u.Target
		if (tg.Kind != Anchor && tg.Kind != Guide) || tg.Fragment == "" {
			continue
		}
		ts := twins[tg.Guide][tg.Fragment]
		if len(ts) < 2 || ts[0].ID != tg.Fragment {
			continue
		}
		var evidence []string
		if tg.Kind == Anchor {
			evidence = u.Ancestors
		}
		first := ts[0]
		if first.Parent != "" && (containsFold(evidence, first.Parent) || hasWord(u.Text, first.Parent)) {
			continue
		}
		for _, t := range ts[1:] {
			if t.Parent == "" || strings.EqualFold(t.Parent, first.Parent) {
				continue
			}
			because := ""
			switch {
			case containsFold(evidence, t.Parent):
				because = "this link sits under " + quote(t.Parent)
			case hasWord(u.Text, t.Parent):
				because = "the link's text names " + quote(t.Parent)
			default:
				continue
			}
			where := "on this page"
			if tg.Kind == Guide {
				where = "on page " + quote(tg.Guide)
			}
			msg := "anchor #" + tg.Fragment + " reaches the first of " + strconv.Itoa(len(ts)) + " headings " + quote(first.Text) + " " + where +
				", the one " + under(first.Parent) + "; " + because + ", whose " + quote(t.Text) + " is #" + t.ID
			if u.Call != "" {
				msg += " (link written by shortcode " + quote(u.Call) + ")"
			}
			out.Add(diag.Diagnostic{File: u.File, Span: u.Span, Severity: diag.Warning, Code: "link-anchor-ambiguous", Message: msg,
				Hint: "link to #" + t.ID + " if that heading is meant, or give the headings distinct ids with {#id}"})
			break
		}
	}
	return out
}

func under(parent string) string {
	if parent == "" {
		return "at the top of the page"
	}
	return "under " + quote(parent)
}

func containsFold(list []string, s string) bool {
	for _, v := range list {
		if strings.EqualFold(v, s) {
			return true
		}
	}
	return false
}

// hasWord reports whether text holds phrase as whole words, ignoring case:
// the characters either side of it are not letters, digits or '_'.
func hasWord(text, phrase string) bool {
	t, p := strings.ToLower(text), strings.ToLower(strings.TrimSpace(phrase))
	if p == "" {
		return false
	}
	for from := 0; ; {
		i := strings.Index(t[from:], p)
		if i < 0 {
			return false
		}
		i += from
		end := i + len(p)
		if !wordByteBefore(t, i) && !wordByteAfter(t, end) {
			return true
		}
		from = i + 1
	}
}

func isWordRune(r rune) bool { return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) }

func wordByteBefore(s string, i int) bool {
	r, n := utf8.DecodeLastRuneInString(s[:i])
	return n > 0 && isWordRune(r)
}

func wordByteAfter(s string, i int) bool {
	r, n := utf8.DecodeRuneInString(s[i:])
	return n > 0 && isWordRune(r)
}
