package parser

import "testing"

// TestHTMLBlockFilter checks the fork's prefilter against the expressions
// it stands for: on every line made of up to four blanks, '<', any byte or
// a tag name in various cases, and an ending, an expression the filter
// rules out never matches.
func TestHTMLBlockFilter(t *testing.T) {
	exprs := []struct {
		bit   htmlBlockFilter
		match func([]byte) bool
	}{
		{htmlFilter1, htmlBlockType1OpenRegexp().Match},
		{htmlFilter2, htmlBlockType2OpenRegexp().Match},
		{htmlFilter3, htmlBlockType3OpenRegexp().Match},
		{htmlFilter4, htmlBlockType4OpenRegexp().Match},
		{htmlFilter5, htmlBlockType5OpenRegexp().Match},
		{htmlFilter67, htmlBlockType6Regexp().Match},
		{htmlFilter67, htmlBlockType7Regexp().Match},
	}
	var seconds []string
	for c := 0; c < 256; c++ {
		seconds = append(seconds, string(rune(c))[:1], string([]byte{byte(c)}))
	}
	seconds = append(seconds, "script", "SCRIPT", "ſcript", "Pre", "style", "textarea", "TEXTAREA", "div", "DIV",
		"/div", "/ div", "!--", "![CDATA[", "!DOCTYPE", "?php", "a href=\"x\"", "custom-tag", "", "ſ")
	endings := []string{"", "\n", ">", ">\n", " x>\n", "/>\n", " a=1>\n", "\r\n"}
	matched := 0
	for _, pre := range []string{"", " ", "  ", "   ", "    ", "\t"} {
		for _, second := range seconds {
			for _, end := range endings {
				line := []byte(pre + "<" + second + end)
				f := htmlBlockFilterOf(line)
				for i, e := range exprs {
					if !e.match(line) {
						continue
					}
					matched++
					if f&e.bit == 0 {
						t.Fatalf("%q: expression %d matches, the filter (%06b) rules it out", line, i, f)
					}
				}
			}
		}
	}
	if matched < 1000 {
		t.Fatalf("only %d matches: the lines do not exercise the expressions", matched)
	}
}
