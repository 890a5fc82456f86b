package hugo

import (
	"testing"

	"github.com/guidec/guidec/internal/markdown"
)

// anchorTests are Hugo's own cases (markup/goldmark/autoid_test.go,
// generated on github.com) plus ours; "" means the same as github.
var anchorTests = []struct {
	in, github, ascii, blackfriday string
}{
	{"God is good: 神真美好", "god-is-good-神真美好", "god-is-good-", "god-is-good-神真美好"},
	{"Number 32", "number-32", "", "number-32"},
	{"Question?", "question", "", "question"},
	{"1+2=3", "123", "", "1-2-3"},
	{"Special !\"#$%&(parens)=?´* chars", "special-parens-chars", "", "special-parens-chars"},
	{"Resumé", "resumé", "resume", "resumé"},
	{"One-Hyphen", "one-hyphen", "", "one-hyphen"},
	{"Multiple--Hyphens", "multiple--hyphens", "", "multiple-hyphens"},
	{"Trailing hyphen-", "trailing-hyphen-", "", "trailing-hyphen"},
	{"Many   spaces  here", "many---spaces--here", "", "many-spaces-here"},
	{"Forward/slash", "forwardslash", "", "forward-slash"},
	{"Backward\\slash", "backwardslash", "", "backward-slash"},
	{"Under_score", "under_score", "", "under-score"},
	{"Nonbreaking\u00a0Space", "nonbreakingspace", "", "nonbreaking-space"},
	{"Tab\tSpace", "tab-space", "", "tab-space"},
	{"Trailing Space ", "trailing-space-", "", "trailing-space"},
	{"Let's try this, shall we?", "lets-try-this-shall-we", "", "let-s-try-this-shall-we"},
	{"Ça déjà vu, naïve Straße", "ça-déjà-vu-naïve-straße", "ca-deja-vu-naive-strae", "ça-déjà-vu-naïve-straße"},
	{"Ⅳ. Roman ½", "-roman-", "", "ⅳ-roman-½"}, // Ⅳ is a number, not a letter
	{"", "", "", ""},
	{"!!!", "", "", ""},
}

func TestAnchorize(t *testing.T) {
	for _, tt := range anchorTests {
		ascii := tt.ascii
		if ascii == "" {
			ascii = tt.github
		}
		for typ, want := range map[IDType]string{IDGitHub: tt.github, IDGitHubASCII: ascii, IDBlackfriday: tt.blackfriday} {
			if got := Anchorize(tt.in, typ); got != want {
				t.Errorf("Anchorize(%q, %s) = %q, want %q", tt.in, typ, got, want)
			}
		}
	}
}

// TestAnchorizeMatchesMarkdown ties our github ids to the ones package
// markdown gives headings, so that fragments checked here are the ids
// written there.
func TestAnchorizeMatchesMarkdown(t *testing.T) {
	for _, tt := range anchorTests {
		if tt.in == "" || tt.github == "" {
			continue
		}
		if got, want := Anchorize(tt.in, IDGitHub), markdown.GitHubID(tt.in); got != want {
			t.Errorf("Anchorize(%q) = %q, markdown.GitHubID = %q", tt.in, got, want)
		}
	}
}

func TestIDs(t *testing.T) {
	ids := NewIDs(IDGitHub)
	ids.Put("intro-1")
	var got []string
	for _, h := range []string{"Intro", "Intro", "Intro", "", "?", "Setup"} {
		got = append(got, ids.Generate(h))
	}
	want := []string{"intro", "intro-2", "intro-3", "heading", "heading-1", "setup"}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("ids = %v, want %v", got, want)
			break
		}
	}
	if !IDGitHubASCII.Valid() || IDType("gitlab").Valid() {
		t.Error("Valid")
	}
}
