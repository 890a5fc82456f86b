package links

import (
	"slices"
	"strings"
	"testing"
)

// TestCheckAwayVocabulary checks the third kind of evidence on a guide
// checked alone: a path word one slip from a word of docWords, with
// nothing else in the run to compare it with, and what it leaves alone.
func TestCheckAwayVocabulary(t *testing.T) {
	for _, c := range []struct {
		name, body string
		want       string // the hint's respelling, "" for no finding
	}{
		{"letter dropped", "[a]: ../../introdction.md\n", "../../introduction.md"},
		{"letters swapped", "[a]: ../../intorduction.md\n", "../../introduction.md"},
		{"letter doubled", "[a]: ../../introducttion.md\n", "../../introduction.md"},
		{"in a directory", "[a]: ../../../../configuraton/identity-providers/openid-connect/clients.md\n", "../../../../configuration/identity-providers/openid-connect/clients.md"},
		{"in a hyphenated segment", "[a]: ../../../../configuration/identity-provders/openid-connect/clients.md\n", "../../../../configuration/identity-providers/openid-connect/clients.md"},
		{"file name of a plural", "[a]: ../../../../configuration/identity-providers/openid-connect/clints.md\n", "../../../../configuration/identity-providers/openid-connect/clients.md"},
		{"right", "[a]: ../../introduction.md\n[b]: ../../../../configuration/identity-providers/openid-connect/clients.md\n", ""},
		{"a singular of a listed plural", "[a]: ../../guide.md\n", ""},
		{"a plural of a listed singular", "[a]: ../../proxys.md\n", ""},
		{"a short word", "[a]: ../../usge.md\n", ""},
		{"a five-letter swap", "[a]: ../../setpu.md\n", "../../setup.md"},
		{"a word with a digit", "[a]: ../../introdction2.md\n", ""},
		{"an application's name", "[a]: ../../grafana/index.md\n", ""},
		{"a word written twice", "[a]: ../../introdction.md\n[b]: ../../introdction.md#x\n", ""},
		{"a web URL", "[a]: https://example.com/introdction\n", ""},
		{"ignored by the guide", "[a]: ../../introdction.md\n", ""},
	} {
		name := "app"
		if strings.HasPrefix(c.name, "ignored") {
			name += "!"
		}
		got := ""
		for _, d := range CheckAway(awayRun(t, map[string]string{name: c.body}), 1) {
			if d.Code != "link-target-typo" {
				continue
			}
			got = strings.TrimSuffix(strings.TrimPrefix(d.Hint, "did you mean '"), "'?")
		}
		if got != c.want {
			t.Errorf("%s: hint %q, want %q", c.name, got, c.want)
		}
	}
}

// TestDocWords keeps docWords sorted and free of repeats (vocabSlips and
// isDocWord search it by halves) and of words under five letters, which
// no slip is looked for near.
func TestDocWords(t *testing.T) {
	if !slices.IsSorted(docWords) || len(slices.Compact(slices.Clone(docWords))) != len(docWords) {
		t.Error("docWords is not sorted or holds a word twice")
	}
	for _, w := range docWords {
		if len(w) < 5 {
			t.Errorf("%q: shorter than five letters", w)
		}
	}
}
