package authelia

import (
	"testing"

	"github.com/guidec/guidec/internal/diag"
)

// TestClaimAttributeSeverity covers the severity of an unknown custom claim
// attribute: without an authentication backend in the guide it may be an
// extra attribute of the reader's backend (a warning), unless it is a near
// miss of a built-in attribute, a typo (an error).
func TestClaimAttributeSeverity(t *testing.T) {
	policy := func(attr string) string {
		return "identity_providers:\n  oidc:\n    claims_policies:\n      p:\n        custom_claims:\n          roles:\n            attribute: '" + attr + "'\n"
	}
	for _, tc := range []struct {
		attr string
		want diag.Severity
	}{
		{"group", diag.Error},       // groups
		{"emial", diag.Error},       // email
		{"display_nme", diag.Error}, // display_name
		{"memberOf", diag.Warning},  // an LDAP name, maybe an extra attribute
		{"department", diag.Warning},
	} {
		g := scanGuide("guide.md", guideOf(policy(tc.attr)))
		var got []diag.Severity
		for _, d := range g.run("") {
			if d.Code == "authelia-claims-policy-attribute" {
				got = append(got, d.Severity)
			}
		}
		if len(got) != 1 || got[0] != tc.want {
			t.Errorf("attribute %q: severities %v, want one %v", tc.attr, got, tc.want)
		}
	}
}
