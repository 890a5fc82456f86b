package authelia

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/guidec/guidec/internal/diag"
)

// TestReferencePageIsLatest: a page without a Tested Versions section (a
// reference page of a documentation tree) is checked as documenting
// latest, the newest release guidec knows: it gets exactly the findings of
// a guide tested with that release, which differ from an older release's.
func TestReferencePageIsLatest(t *testing.T) {
	if effectiveVersion("") != newestKnown {
		t.Fatalf("a page without tested versions gets %s, want latest (%s)", effectiveVersion("").full(), newestKnown.full())
	}
	blocks := guideOf(
		"webauthn:\n  user_verification: 'preferred'\nauthentication_backend:\n  ldap:\n    address: 'ldaps://ldap.example.com'\n    permit_feature_detection_failure: false\n",
		client(with(confidential, "scopes: ['openid', 'authelia.pam']")...),
	)
	keys := func(l diag.List) []string {
		var out []string
		for _, d := range l {
			p := d.Start()
			out = append(out, fmt.Sprintf("%s@%d:%d", d.Code, p.Line, p.Column))
		}
		return out
	}
	page := keys(scanGuide("page.md", blocks).run(""))
	latest := keys(scanGuide("page.md", blocks).run(newestKnown.full()))
	older := keys(scanGuide("page.md", blocks).run("4.39.15"))
	if !slices.Equal(page, latest) {
		t.Errorf("page without tested versions:\n%s\nguide tested with latest:\n%s", strings.Join(page, "\n"), strings.Join(latest, "\n"))
	}
	if slices.Equal(page, older) || len(page) == 0 {
		t.Errorf("the page's findings %v do not tell latest from 4.39.15 %v: the blocks test nothing", page, older)
	}
}

// TestBaseline: the release the upgrade report compares other releases
// with, for each way a guide can name its tested version.
func TestBaseline(t *testing.T) {
	cases := map[string]string{
		"":        newestKnown.full(), // a reference page documents latest
		"4.38.17": "4.38.17",
		"v4.39.2": "4.39.2",
		"4.39":    "4.39.20", // the newest of the line
		"4.39.x":  "4.39.20",
		"4.38":    "4.38.19",
		"4.37.5":  "4.38.0",  // older than guidec knows: the oldest rules
		"4.38.25": "4.38.19", // never released: the line's last
		"4.39.25": "4.39.20", // newer than guidec knows: latest
		"4.40":    "4.39.20",
		"5.0.1":   "4.39.20",
	}
	for in, want := range cases {
		if got := baseline(in).full(); got != want {
			t.Errorf("baseline(%q) = %s, want %s", in, got, want)
		}
	}
}
