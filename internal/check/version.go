package check

import (
	"strings"

	"github.com/guidec/guidec/internal/source"
)

// testedVersionsSection is the heading id of the section where guides list
// the versions they were tested with.
const testedVersionsSection = "tested-versions"

// TestedVersion returns the Authelia version a guide says it was tested
// with, such as "4.38.17", or "" when it names none. It reads the list items
// of the "Tested Versions" section: the first item that mentions Authelia,
// then the items nested under it (deeper Level) for a version like
// "v4.38.17"; a version written in the item itself ("Authelia v4.39.x")
// counts too. "v4.39.x" yields "4.39".
func TestedVersion(texts []Text) string {
	v, _ := TestedVersionSpan(texts)
	return v
}

// TestedVersionSpan is TestedVersion with the guide span of the version as
// written (zero when the text has no map to the guide), for findings about
// the version itself.
func TestedVersionSpan(texts []Text) (string, source.Span) {
	at := func(t Text, v string, i int) (string, source.Span) {
		return v, t.GuideSpan(source.Span{Start: i, End: i + len(v)})
	}
	for i, t := range texts {
		if t.Kind != Item || t.Section != testedVersionsSection || !strings.Contains(strings.ToLower(t.Text), "authelia") {
			continue
		}
		for _, u := range texts[i+1:] {
			if u.Section != t.Section || u.Kind == Heading || u.Kind == Item && u.Level <= t.Level {
				break
			}
			if u.Kind != Item {
				continue
			}
			if v, j := findVersion(u.Text); v != "" {
				return at(u, v, j)
			}
		}
		if v, j := findVersion(t.Text); v != "" {
			return at(t, v, j)
		}
	}
	return "", source.Span{}
}

// TestedVersionsSpan returns the span of what names, or should name, the
// Authelia release in a guide's Tested Versions section: the section's
// first item that mentions Authelia, else the section's heading. ok is
// false when the guide has no such section.
func TestedVersionsSpan(texts []Text) (sp source.Span, ok bool) {
	whole := func(t Text) source.Span { return t.GuideSpan(source.Span{Start: 0, End: len(t.Text)}) }
	for _, t := range texts {
		switch {
		case t.Section != testedVersionsSection:
			if ok {
				return sp, true // the section ended
			}
		case t.Kind == Heading:
			if !ok {
				sp, ok = whole(t), true
			}
		case ok && t.Kind == Item && strings.Contains(strings.ToLower(t.Text), "authelia"):
			return whole(t), true
		}
	}
	return sp, ok
}

// findVersion returns the first dotted version number in s ("v4.38.17" →
// "4.38.17"; "4.39.x" → "4.39") and where it starts. It needs at least
// major.minor, so that a bare number (a date, a count) is not taken for a
// version.
func findVersion(s string) (string, int) {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) || i > 0 && (isDigit(s[i-1]) || s[i-1] == '.') {
			continue
		}
		end, parts := i, 0
		for {
			j := end
			for j < len(s) && isDigit(s[j]) {
				j++
			}
			if j == end {
				break
			}
			parts++
			end = j
			if parts == 3 || end+1 >= len(s) || s[end] != '.' || !isDigit(s[end+1]) {
				break
			}
			end++
		}
		if parts >= 2 {
			return s[i:end], i
		}
	}
	return "", 0
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
