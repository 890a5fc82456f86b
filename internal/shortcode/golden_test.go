package shortcode

import (
	"flag"
	"fmt"
	"html/template"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// goldenCases are calls of each shipped template; their expansions are
// compared with testdata/golden/TEMPLATE.golden.
var goldenCases = map[string][]struct {
	name, body string
	vars       []Variable // site variables; nil means the defaults
}{
	"sitevar": {
		{"plain", `https://{{< sitevar name="domain" nojs="example.com" >}}/`, nil},
		{"format", `{{< sitevar name="domain" nojs="example.com" format="regex" >}}`, nil},
		{"escaped quotes", `url: "https://{{< sitevar name=\"subdomain-authelia\" nojs=\"auth\" >}}.{{< sitevar name=\"domain\" nojs=\"example.com\" >}}"`, nil},
		{"hostile nojs", `{{< sitevar name="domain" nojs="<script>alert(1)</script>" >}}`, nil},
	},
	"sitevar-preferences": {
		{"defaults", "{{< sitevar-preferences >}}", nil},
		{"typed variables", "{{< sitevar-preferences >}}", []Variable{
			{Name: "domain", Label: "Domain", Type: "text", Default: "example.com"},
			{Name: "port", Label: "Port", Type: "number", Default: "9091"},
			{Name: "tls", Label: "Use \"TLS\"", Type: "boolean", Default: "true"},
			{Name: "debug", Type: "boolean", Default: "false"},
		}},
		{"unknown type", "{{< sitevar-preferences >}}", []Variable{{Name: "x", Type: "color"}}},
	},
	"callout": {
		{"spliced", "{{< callout context=\"tip\" title=\"Did you know?\" icon=\"outline/rocket\" >}}\nSee [the docs][docs] and `{{< sitevar name=\"domain\" nojs=\"example.com\" >}}`.\n{{< /callout >}}\n\n[docs]: https://example.com/", nil},
		{"in a list", "1. Step\n\n   {{< callout context=\"caution\" title=\"Note\" >}}\n   Indented.\n   {{< /callout >}}\n2. Next", nil},
		{"inline", `Text {{< callout context="danger" >}}*inline*{{< /callout >}} more`, nil},
		{"hostile title", `{{< callout context="note" title="<img src=x onerror=alert(1)>" >}}x{{< /callout >}}`, nil},
	},
	"figure": {
		{"width", `{{< figure src="shot.png" alt="The settings page" width="200" >}}`, nil},
		{"caption and style", `{{< figure src="shot.png" alt="A" caption="Step 1 & 2" style="padding-right: 10px" >}}`, nil},
		{"natural size", `{{< figure src="shot.png" alt="A" >}}`, nil},
	},
	"oidc-common": {
		{"plain", "{{% oidc-common %}}", nil},
		{"all bugs", `{{% oidc-common bugs="claims-hydration,client-credentials-encoding, claim-binding" %}}`, nil},
		{"link bases", `{{% oidc-common faq="/faq/" config="/config/oidc/" %}}`, nil},
	},
	"oidc-escape-hatch-claims-hydration": {
		{"defaults", "{{% oidc-escape-hatch-claims-hydration %}}", nil},
		{"client", `{{% oidc-escape-hatch-claims-hydration client_id="romm" claims="email, name" %}}`, nil},
		{"policy", `{{% oidc-escape-hatch-claims-hydration client_id="app" policy_name="shared" %}}`, nil},
		{"disabled", `{{% oidc-escape-hatch-claims-hydration example="disable" %}}`, nil},
	},
}

func TestGolden(t *testing.T) {
	set := loadSet(t)
	opts := Options{
		Page: PageInfo{Title: "App", Path: "app/index.md", URL: "/app/", Resources: fstest.MapFS{"shot.png": pngFile(t, 400, 300)}},
		Markdownify: func(s string) (template.HTML, error) {
			return template.HTML("<p>[markdownify] " + template.HTMLEscapeString(s) + "</p>"), nil
		},
	}
	for _, name := range set.Names() {
		t.Run(name, func(t *testing.T) {
			cases := goldenCases[name]
			if len(cases) == 0 {
				t.Fatalf("no golden cases for template %s", name)
			}
			var b strings.Builder
			for _, c := range cases {
				f, span := guide(c.body)
				o := opts
				o.Site.Variables = c.vars
				ex, diags := Expand(set, f, span, o)
				fmt.Fprintf(&b, "=== %s\n--- input\n%s\n--- markdown\n%s\n", c.name, c.body, ex.Markdown)
				for i, r := range ex.Calls {
					fmt.Fprintf(&b, "--- call %d: %s block=%v var=%q format=%q text=%q\n%s\n", i, r.Name, r.Block, r.Var, r.Format, r.Text, r.HTML)
				}
				for _, d := range diags {
					p := d.Start()
					fmt.Fprintf(&b, "--- diagnostic %d:%d %s %s: %s\n", p.Line, p.Column, d.Severity, d.Code, d.Message)
				}
				checkExpanded(t, c.name, f, ex)
			}
			path := filepath.Join("testdata", "golden", name+".golden")
			if *update {
				if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if string(want) != b.String() {
				t.Errorf("%s differs from the output (run go test -update and review the diff):\n%s", path, b.String())
			}
		})
	}
}
