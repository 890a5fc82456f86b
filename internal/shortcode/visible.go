package shortcode

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// visibleText returns the text a reader sees in s: the text tokens of the
// HTML concatenated, entities decoded, script and style content skipped.
func visibleText(s string) string {
	// IndexByte, many bytes at a time, rather than ContainsAny, a byte
	// at a time: outputs run to kilobytes.
	if strings.IndexByte(s, '<') < 0 && strings.IndexByte(s, '&') < 0 {
		return s
	}
	if t, ok := plainElementsText(s); ok {
		return t
	}
	return tokenizerText(s)
}

// tokenizerText is visibleText through x/net/html's tokenizer: the general
// path, and the reference FuzzVisibleText holds the fast paths to.
func tokenizerText(s string) string {
	var b strings.Builder
	z := html.NewTokenizer(strings.NewReader(s))
	skip := 0 // depth inside script or style
	for {
		switch z.Next() {
		case html.ErrorToken:
			return b.String()
		case html.TextToken:
			if skip == 0 {
				b.Write(z.Text())
			}
		case html.StartTagToken:
			if isRawText(z) {
				skip++
			}
		case html.EndTagToken:
			if isRawText(z) && skip > 0 {
				skip--
			}
		}
	}
}

func isRawText(z *html.Tokenizer) bool {
	name, _ := z.TagName()
	a := atom.Lookup(name)
	return a == atom.Script || a == atom.Style
}

// plainElementsText is visibleText for the usual output of a shortcode,
// such as `<span class="sitevar" data-sitevar="domain">example.com</span>`:
// start and end tags with plain attributes, around text without entities,
// NUL or CR. The tokenizer, whose 4 KiB buffer was a tenth of what a build
// allocated, is then not needed. ok is false for anything else, including
// elements whose content the tokenizer reads as raw text.
func plainElementsText(s string) (text string, ok bool) {
	if strings.IndexByte(s, '&') >= 0 || strings.IndexByte(s, 0) >= 0 || strings.IndexByte(s, '\r') >= 0 {
		return "", false
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		j := strings.IndexByte(s[i:], '<')
		if j < 0 {
			b.WriteString(s[i:])
			break
		}
		b.WriteString(s[i : i+j])
		end, ok := plainTag(s, i+j)
		if !ok {
			return "", false
		}
		i = end
	}
	return b.String(), true
}

// plainTag reads the tag at s[i] == '<' and returns the offset after it:
// `<name attr="v" attr='v' attr>` or `</name>`, names of ASCII letters,
// digits and '-', one or more spaces between attributes, and no raw-text
// element.
func plainTag(s string, i int) (int, bool) {
	i++
	end := i < len(s) && s[i] == '/'
	if end {
		i++
	}
	n := tagName(s, i)
	if n == i || !isLetter(s[i]) || rawTextElement(s[i:n]) {
		return 0, false
	}
	for i = n; i < len(s); {
		switch {
		case s[i] == '>':
			return i + 1, true
		case end || s[i] != ' ':
			return 0, false
		}
		for i < len(s) && s[i] == ' ' {
			i++
		}
		if i < len(s) && s[i] == '>' {
			return i + 1, true
		}
		a := tagName(s, i)
		if a == i || !isLetter(s[i]) {
			return 0, false
		}
		i = a
		if i < len(s) && s[i] == '=' {
			if i+1 >= len(s) || s[i+1] != '"' && s[i+1] != '\'' {
				return 0, false
			}
			q := strings.IndexByte(s[i+2:], s[i+1])
			if q < 0 {
				return 0, false
			}
			i += 2 + q + 1
		}
	}
	return 0, false
}

func tagName(s string, i int) int {
	for i < len(s) && (isLetter(s[i]) || '0' <= s[i] && s[i] <= '9' || s[i] == '-') {
		i++
	}
	return i
}

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// rawTextElement reports whether the tokenizer reads the content of the
// element name as raw text rather than as markup.
func rawTextElement(name string) bool {
	// By length first: most names are none of these, and lowering each
	// one cost more than the comparisons.
	switch len(name) {
	case 3:
		return strings.EqualFold(name, "xmp")
	case 5:
		return strings.EqualFold(name, "style") || strings.EqualFold(name, "title")
	case 6:
		return strings.EqualFold(name, "iframe") || strings.EqualFold(name, "script")
	case 7:
		return strings.EqualFold(name, "noembed")
	case 8:
		return strings.EqualFold(name, "noframes") || strings.EqualFold(name, "noscript") || strings.EqualFold(name, "textarea")
	case 9:
		return strings.EqualFold(name, "plaintext")
	}
	return false
}
