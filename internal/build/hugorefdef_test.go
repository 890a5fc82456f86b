package build

import (
	"fmt"
	"testing"
)

// TestHugoRefDefOtherPage: in a Hugo content tree, a reference definition
// whose fragment names no heading of the page it links to is
// link-anchor-missing at the definition (the clients page's option
// headings keep their underscores: ### redirect_uris is #redirect_uris),
// and one that climbs above the content root is clamped there by GetPage
// (../shared/reference/hugo-links.md), so it reaches its page: no finding.
func TestHugoRefDefOtherPage(t *testing.T) {
	clients := "---\ntitle: \"Clients\"\n---\n\n## Options\n\n### redirect_uris\n\nText.\n\n### client_id\n\nText.\n"
	tests := []struct {
		name, def string
		want      string // "line code", "" for none
	}{
		{"fragment with hyphens", "../../../../configuration/clients.md#redirect-uris", "7 link-anchor-missing"},
		{"fragment without underscores", "../../../../configuration/clients.md#clientid", "7 link-anchor-missing"},
		{"fragment of the heading", "../../../../configuration/clients.md#redirect_uris", ""},
		{"no fragment", "../../../../configuration/clients.md", ""},
		{"one ../ too many, clamped at the content root", "../../../../../configuration/clients.md#client_id", ""},
		{"three too many", "../../../../../../../configuration/clients.md", ""},
		{"one ../ too few", "../../../configuration/clients.md", "7 link-broken"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{
				"configuration/clients.md": clients,
				"integration/openid-connect/clients/app/index.md": "---\ntitle: \"App\"\n---\n\n" +
					"See the [client configuration].\n\n" +
					"[client configuration]: " + tt.def + "\n",
			}
			res, _, err := runOpts(t, nil, hugoOpts(files))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, d := range res.Diags {
				got = append(got, fmt.Sprintf("%d %s", d.Start().Line, d.Code))
			}
			if tt.want == "" && len(got) != 0 || tt.want != "" && (len(got) != 1 || got[0] != tt.want) {
				t.Errorf("got %v, want %q", got, tt.want)
			}
		})
	}
}
