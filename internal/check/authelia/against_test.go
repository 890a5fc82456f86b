package authelia

import (
	"slices"
	"strings"
	"testing"

	"github.com/guidec/guidec/internal/check"
	"github.com/guidec/guidec/internal/diag"
)

// runAgainst checks blocks as tested with version and against targets, and
// returns only the findings of other releases, as "code: message".
func runAgainst(t *testing.T, version string, targets []string, blocks ...string) []string {
	t.Helper()
	g := scanGuide("guide.md", guideOf(blocks...))
	var out []string
	pass := &check.Pass{File: g.file, Snippets: g.snippets, Texts: g.texts, Version: version, Against: targets,
		Report: func(d diag.Diagnostic) {
			if strings.HasPrefix(d.Message, "on Authelia ") {
				if d.Fix != nil {
					t.Errorf("%s: a finding of another release carries a machine fix", d.Code)
				}
				out = append(out, d.Code+": "+d.Message)
			}
		}}
	Checker.Run(pass)
	return out
}

func TestAgainst(t *testing.T) {
	webauthn := "webauthn:\n  user_verification: 'preferred'\nauthentication_backend:\n  ldap:\n    permit_feature_detection_failure: false\n"
	cases := []struct {
		name, version string
		targets       []string
		blocks        []string
		want          []string // substrings, one per finding, in order
	}{
		{"upgrade to the newest 4.39", "4.38.17", []string{"4.39"}, []string{webauthn}, []string{
			"authelia-deprecated-key: on Authelia 4.39.20 (the guide is tested with 4.38.17; changed in 4.39.0): webauthn: option 'user_verification' is deprecated since Authelia 4.39",
			"authelia-deprecated-key: on Authelia 4.39.20 (the guide is tested with 4.38.17; changed in 4.39.16): authentication_backend: ldap: option 'permit_feature_detection_failure'",
		}},
		{"all reports each finding once, at its release", "4.38.17", []string{"all"}, []string{webauthn}, []string{
			"on Authelia 4.39.0 (the guide is tested with 4.38.17; changed in 4.39.0): webauthn",
			"on Authelia 4.39.16 (the guide is tested with 4.38.17; changed in 4.39.16): authentication_backend",
		}},
		{"the tested release itself adds nothing", "4.38.17", []string{"4.38.17"}, []string{webauthn}, nil},
		{"downgrade: a key that came later", "4.39.9", []string{"4.38"}, []string{client(with(confidential, "claims_policy: 'p'")...),
			"identity_providers:\n  oidc:\n    claims_policies:\n      p:\n        id_token: ['email']\n"}, []string{
			"authelia-key-version: on Authelia 4.38.19 (the guide is tested with 4.39.9; changed in 4.39.0): key 'claims_policy' requires Authelia 4.39 or later",
			"authelia-key-version: on Authelia 4.38.19 (the guide is tested with 4.39.9; changed in 4.39.0): key 'claims_policies'",
		}},
		{"a value of a later patch release", "4.39.9", []string{"4.39.0"}, []string{client(with(confidential, "id_token_signed_response_alg: 'HS256'", "client_secret: 'plaintext_secret_value'")...)}, []string{
			"changed in 4.39.2): client 'app': value 'HS256' of option 'id_token_signed_response_alg' requires Authelia 4.39.2",
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := runAgainst(t, tc.version, tc.targets, tc.blocks...)
			if len(got) != len(tc.want) {
				t.Fatalf("got %d findings, want %d:\n%s", len(got), len(tc.want), strings.Join(got, "\n"))
			}
			for i, w := range tc.want {
				if !strings.Contains(got[i], w) {
					t.Errorf("finding %d:\n got  %s\n want …%s…", i, got[i], w)
				}
			}
		})
	}
}

func TestParseReleases(t *testing.T) {
	got, err := ParseReleases([]string{"latest", "4.38", "4.39.2", "4.39.20"})
	if err != nil || !slices.Equal(got, []string{"4.38.19", "4.39.2", "4.39.20"}) {
		t.Errorf("got %v, %v", got, err)
	}
	all, err := ParseReleases([]string{"all"})
	if err != nil || len(all) < 5 || all[0] != "4.38.0" || all[len(all)-1] != "4.39.20" {
		t.Errorf("all: got %v, %v", all, err)
	}
	for _, bad := range []string{"4.40", "5.0", "4.38.25", "4.37", "x", ""} {
		if _, err := ParseReleases([]string{bad}); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}
