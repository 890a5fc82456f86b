package consistency

import (
	"strings"
	"testing"
)

func TestScanHCL(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"vault", "resource \"vault_jwt_auth_backend\" \"a\" {\n  path = \"oidc\"\n  oidc_client_id = \"vault\"\n  tune {\n    listing_visibility = \"unauth\"\n  }\n}\n",
			"vault_jwt_auth_backend.path vault_jwt_auth_backend.oidc_client_id vault_jwt_auth_backend.tune vault_jwt_auth_backend.tune.listing_visibility"},
		{"nested blocks", "resource \"nomad_acl_auth_method\" \"a\" {\n  config {\n    oidc_client_id = \"n\"\n    list_claim_mappings = {\n      \"a\" : \"b\"\n      k = \"v\"\n    }\n    oidc_client_assertion {\n      key_source = \"nomad\"\n    }\n  }\n  name = \"x\"\n}\n",
			"nomad_acl_auth_method.config nomad_acl_auth_method.config.oidc_client_id nomad_acl_auth_method.config.list_claim_mappings nomad_acl_auth_method.config.oidc_client_assertion nomad_acl_auth_method.config.oidc_client_assertion.key_source nomad_acl_auth_method.name"},
		{"list and map values", "resource \"r\" \"n\" {\n  uris = [\n    \"a\",\n  ]\n  claims = {\n    x = \"y\"\n  }\n  after = 1\n}\n",
			"r.uris r.claims r.after"},
		{"strings with braces", "resource \"r\" \"n\" {\n  a = \"${var.x} }\"\n  b = \"%{ if true }{%{ endif }\"\n  c = 2\n}\n",
			"r.a r.b r.c"},
		{"heredoc", "resource \"r\" \"n\" {\n  p = <<-EOT\n    }\n    x = 1\n  EOT\n  q = 1\n}\n", "r.p r.q"},
		{"comments", "# resource \"r\" \"n\" {\nresource \"r\" \"n\" { # {\n  /* } */ a = 1\n  // b = 2\n  c = 3\n}\n", "r.a r.c"},
		{"two resources, data and variable", "variable \"v\" {\n  default = 1\n}\ndata \"d\" \"n\" {\n  x = 1\n}\nresource \"r\" \"n\" {\n  y = 1\n}\nresource \"s\" \"m\" {\n  z = 1\n}\n",
			"r.y s.z"},
		{"comparison is no argument", "resource \"r\" \"n\" {\n  a = b == c\n  count = 1\n}\n", "r.a r.count"},
		{"unquoted type is no resource", "resource r n {\n  a = 1\n}\n", ""},
		{"unclosed", "resource \"r\" \"n\" {\n  a = \"x\n  b = 1\n", "r.a r.b"},
	}
	for _, tt := range tests {
		var got []string
		for _, a := range scanHCL([]byte(tt.in)) {
			if tt.in[a.Span.Start:a.Span.End] != a.Name {
				t.Errorf("%s: %s: span holds %q", tt.name, a.Name, tt.in[a.Span.Start:a.Span.End])
			}
			got = append(got, strings.TrimSuffix(a.Type+"."+a.Block, ".")+"."+a.Name)
		}
		if g := strings.Join(got, " "); g != tt.want {
			t.Errorf("%s: scanHCL(%q)\ngot  %s\nwant %s", tt.name, tt.in, g, tt.want)
		}
	}
}

// FuzzScanHCL: no panic, and every name's span holds it.
func FuzzScanHCL(f *testing.F) {
	for _, s := range []string{"resource \"a\" \"b\" {\n c = 1\n}\n", "resource \"a\" \"b\" {\n p = <<E\n}\nE\n}", "/*", "\"${\"}\"", "<<", "resource \"\" \"\" {\nx {\n", "]]]}}}"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		for _, a := range scanHCL([]byte(in)) {
			if a.Span.Start < 0 || a.Span.End > len(in) || in[a.Span.Start:a.Span.End] != a.Name || a.Name == "" {
				t.Fatalf("attr %+v in %q", a, in)
			}
		}
	})
}
