package shortcode

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// visibleText returns the text a reader sees in s: the text tokens of the
// HTML concatenated, entities decoded, script and style content skipped.
func visibleText(s string) string {
	if !strings.ContainsAny(s, "<&") {
		return s
	}
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
