package escapehatch

import (
	"strings"
	"testing"

	"github.com/guidec/guidec/internal/check"
	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/source"
)

func TestEscapeHatch(t *testing.T) {
	cases := []struct {
		name    string
		body    string
		tested  bool   // the guide has a Tested Versions heading
		want    string // the hint, or "" for no finding
		fixText string // the guide after the fix, when there is one
	}{
		{"declared", "{{% oidc-common bugs=\"claims-hydration\" %}}\n{{% oidc-escape-hatch-claims-hydration %}}\n", true, "", ""},
		{"not declared", "{{% oidc-common bugs=\"other\" %}}\n{{% oidc-escape-hatch-claims-hydration %}}\n", true,
			"add claims-hydration to the bugs parameter of oidc-common", "{{% oidc-common bugs=\"other,claims-hydration\" %}}\n{{% oidc-escape-hatch-claims-hydration %}}\n"},
		{"no bugs parameter", "{{% oidc-common %}}\n{{% oidc-escape-hatch-claims-hydration %}}\n", true,
			"add claims-hydration to the bugs parameter of oidc-common", "{{% oidc-common bugs=\"claims-hydration\" %}}\n{{% oidc-escape-hatch-claims-hydration %}}\n"},
		// The hint names a place the guide has: oidc-common makes the
		// Before You Begin section, so it cannot be where to call it.
		{"no oidc-common call", "{{% oidc-escape-hatch-claims-hydration %}}\n", true,
			"call {{% oidc-common bugs=\"claims-hydration\" %}} after the Tested Versions list", ""},
		{"no oidc-common call nor Tested Versions", "{{% oidc-escape-hatch-claims-hydration %}}\n", false,
			"call {{% oidc-common bugs=\"claims-hydration\" %}} before the configuration steps", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := source.NewFile("g/index.md", []byte(tc.body))
			var l diag.List
			p := &check.Pass{File: f, Report: l.Add}
			if tc.tested {
				p.Texts = []check.Text{{Kind: check.Heading, Level: 2, Text: "Tested Versions"}}
			}
			Checker.Run(p)
			if tc.want == "" {
				if len(l) != 0 {
					t.Errorf("unexpected finding: %s", l[0].Message)
				}
				return
			}
			if len(l) != 1 || l[0].Hint != tc.want {
				t.Fatalf("got %d findings %v, want one with hint %q", len(l), l, tc.want)
			}
			if tc.fixText != "" {
				if l[0].Fix == nil {
					t.Fatal("no fix")
				}
				got := tc.body
				for i := len(l[0].Fix.Edits) - 1; i >= 0; i-- {
					e := l[0].Fix.Edits[i]
					got = got[:e.Span.Start] + e.NewText + got[e.Span.End:]
				}
				if got != tc.fixText {
					t.Errorf("fixed guide %q, want %q", got, tc.fixText)
				}
			}
			if !strings.HasPrefix(tc.body[l[0].Span.Start:], "oidc-escape-hatch-") {
				t.Errorf("reported at %q, not at the escape hatch's name", tc.body[l[0].Span.Start:])
			}
		})
	}
}
