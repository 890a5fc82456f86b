package consistency

import (
	"fmt"
	"strings"

	"github.com/guidec/guidec/internal/check"
	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/source"
	"github.com/guidec/guidec/internal/typo"
)

// minSpanTypo is the shortest code span checkSpanTypos judges: shorter
// words are one slip from too many others.
const minSpanTypo = 5

// checkSpanTypos reports a code span in the guide's sentences, lists and
// tables (a group, a key, a client id, a command, a file name) that the
// guide writes nowhere else and that is one slip of the keyboard from a
// word the guide's snippets or other code spans do write (argocd-dmins
// for the argocd-admins of the configuration, kubctl for kubectl,
// access_oken for access_token): the reader types what the sentence
// says, and the setting or command it names does not exist. A warning:
// the sentence may name something else on purpose.
func checkSpanTypos(p *check.Pass, r *reporter) {
	words := map[string]int{}
	for _, s := range p.Snippets {
		if s != nil {
			addWords(words, string(s.Text))
		}
	}
	inSnippets := make(map[string]bool, len(words))
	for w := range words {
		inSnippets[w] = true
	}
	spans := 0
	for _, t := range p.Texts {
		if t.Kind == check.Heading {
			addWords(words, t.Text) // a heading names what its section is about
		}
		for _, c := range t.Code {
			addWords(words, t.Text[c.Start:c.End])
			spans++
		}
	}
	if spans == 0 {
		return
	}
	for _, t := range p.Texts {
		if t.Kind == check.Heading {
			continue
		}
		for _, c := range t.Code {
			v := strings.TrimRight(t.Text[c.Start:c.End], ".:,")
			if len(v) < minSpanTypo || words[v] > 1 || strings.ContainsAny(v, " \t") || hasDigitRun(v) || strings.Contains(v, "://") {
				// URLs are the URL rules' to judge.
				continue
			}
			want := ""
			for w := range words {
				// The word meant is established: written twice, or in a
				// snippet (two code spans one slip apart, each once, are
				// two names, such as the prefixes authelia_at_ and
				// authelia_ac_).
				if w[0] == v[0] && len(w)-len(v) <= 1 && len(v)-len(w) <= 1 && w != v && (words[w] > 1 || inSnippets[w]) && !hasDigitRun(w) && typo.Slip(v, w) {
					if want == "" || w < want {
						want = w // the same word whatever the map's order
					}
				}
			}
			if want == "" {
				continue
			}
			sp := t.GuideSpan(c)
			if r.p.Reported(sp) || r.seenOverlaps(sp) {
				continue // another rule said what is wrong with it
			}
			r.report(value{Text: v, Span: sp}, diag.Warning, "consistency-span-typo", "write "+want,
				fmt.Sprintf("'%s' is written nowhere else in the guide, and is one slip from '%s', which it writes elsewhere: the reader types a name that does not exist", v, want))
		}
	}
}

// addWords counts the words of text: runs between blanks, quotes,
// brackets and the punctuation of assignments, without a trailing ':',
// '.' or ','.
func addWords(words map[string]int, text string) {
	for _, w := range strings.FieldsFunc(text, wordBreak) {
		w = strings.TrimRight(w, ":.,")
		if len(w) >= minSpanTypo-1 {
			words[w]++
		}
	}
}

// wordBreak reports whether r separates the words addWords counts.
func wordBreak(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\r', '\'', '"', '`', '=', ',', ';', '(', ')', '[', ']', '{', '}', '<', '>', '|', '$', '*':
		return true
	}
	return false
}

// hasDigitRun reports whether s holds a digit: versions, ports and
// numbered names (app1, app2) differ by a digit on purpose.
func hasDigitRun(s string) bool { return strings.ContainsAny(s, "0123456789") }

// seenOverlaps reports whether a finding of this checker covers part of sp.
func (r *reporter) seenOverlaps(sp source.Span) bool {
	for s := range r.seen {
		if s.Start < sp.End && sp.Start < s.End {
			return true
		}
	}
	return false
}
