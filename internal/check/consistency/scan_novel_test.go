package consistency

import (
	"fmt"
	"strings"
	"testing"
)

// spans renders assignments as section/key=value, checking that each raw
// value's span holds it.
func spans(t *testing.T, in string, as []assignment) string {
	t.Helper()
	var out []string
	for _, a := range as {
		if a.Raw && in[a.ValueSpan.Start:a.ValueSpan.End] != a.Value {
			t.Errorf("%s: span holds %q, value %q", a.Key, in[a.ValueSpan.Start:a.ValueSpan.End], a.Value)
		}
		out = append(out, fmt.Sprintf("%s/%s=%s", a.Section, a.Key, a.Value))
	}
	return strings.Join(out, " ")
}

func TestScanDirectives(t *testing.T) {
	in := "<VirtualHost *:443>\n  OIDCClientID apache\n  OIDCScope \"openid email\"\n" +
		"  key = value\n  server_name app.example.com;\n  <Location />\n  Require valid-user # x\n"
	got := spans(t, in, scanDirectives([]byte(in)))
	want := "/OIDCClientID=apache /OIDCScope=openid email /server_name=app.example.com /Require=valid-user"
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestScanXML(t *testing.T) {
	in := "<?xml version=\"1.0\"?>\n<Plugin>\n  <OidConfigs>\n    <OidClientId>jellyfin</OidClientId>\n" +
		"    <Empty></Empty>\n    <Odd>x</Other>\n  </OidConfigs>\n  <Top a=\"b\"> v </Top>\n</Plugin>\n"
	got := spans(t, in, scanXML([]byte(in)))
	want := "Plugin.OidConfigs/OidClientId=jellyfin Plugin/Top=v"
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	// Java's properties XML and the like name the setting in an attribute.
	in = "<properties>\n  <entry key='openid.clientId'>traccar</entry>\n  <property name=\"oidc.issuer\">https://auth.example.com</property>\n  <entry key=>x</entry>\n</properties>\n"
	got = spans(t, in, scanXML([]byte(in)))
	want = "properties/openid.clientId=traccar properties/oidc.issuer=https://auth.example.com properties/entry=x"
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestScanAssignmentsArrayItems(t *testing.T) {
	in := "resource \"r\" \"x\" {\n  allowed_redirect_uris = [\n    \"https://a/cb\",\n    'https://b/cb'\n  ]\n  user_claim = \"sub\"\n}\n"
	got := spans(t, in, scanAssignments([]byte(in)))
	want := "/allowed_redirect_uris=https://a/cb /allowed_redirect_uris=https://b/cb /user_claim=sub"
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestFlagValuesSpaced(t *testing.T) {
	in := "pveum realm add authelia --type openid \\\n  --client-id 'proxmox' --autocreate 1 --verbose --set a=b --x=\"y\"\n"
	var got []string
	for _, f := range flagValues(in) {
		if in[f.span.Start:f.span.End] != f.value {
			t.Errorf("%s: span holds %q", f.key, in[f.span.Start:f.span.End])
		}
		got = append(got, f.key+"="+f.value)
	}
	want := "type=openid client-id=proxmox autocreate=1 a=b x=y"
	if strings.Join(got, " ") != want {
		t.Errorf("got  %s\nwant %s", strings.Join(got, " "), want)
	}
}

// TestFlagValuesOneDash: Go's flag package takes -name value as --name
// value; a one-letter option (-e, -n) is a POSIX short one and is not read.
func TestFlagValuesOneDash(t *testing.T) {
	tests := []struct{ in, want string }{
		{"boundary auth-methods create oidc \\\n  -issuer 'https://auth.example.com' \\\n  -client-id boundary -max-age 0\n", "issuer=https://auth.example.com client-id=boundary max-age=0"},
		{"vault write auth/oidc/config -client-secret=\"x\" -verbose -format json", "client-secret=x format=json"},
		{"kubectl -n authelia get pods -o wide", ""},
		{"docker run -e A=b -p 80:80 img", "A=b"},
		{"cmd -claims-scopes profile -claims-scopes email", "claims-scopes=profile claims-scopes=email"},
	}
	for _, tt := range tests {
		var got []string
		for _, f := range flagValues(tt.in) {
			if tt.in[f.span.Start:f.span.End] != f.value {
				t.Errorf("%s: span holds %q", f.key, tt.in[f.span.Start:f.span.End])
			}
			got = append(got, f.key+"="+f.value)
		}
		if g := strings.Join(got, " "); g != tt.want {
			t.Errorf("flagValues(%q)\ngot  %s\nwant %s", tt.in, g, tt.want)
		}
	}
}

// TestScanAssignmentsInlineObject: an object closed on its line is read as
// the same object spread over lines; one holding anything but quoted
// strings is left to scanLine, as before.
func TestScanAssignmentsInlineObject(t *testing.T) {
	tests := []struct{ in, want string }{
		{"remote_app = {\n    \"client_kwargs\": {\"scope\": \"openid profile\", 'x': 'y',},\n}\n", "remote_app.client_kwargs/scope=openid profile remote_app.client_kwargs/x=y"},
		{"'opts' => ['a' => 'b'], 'k' => {'scope' => 'openid email'}\n", "/opts=['a'"},
		{"client_kwargs: { scope: 'openid email' }, // comment\n", "client_kwargs/scope=openid email"},
		{"kw = {\"scope\": \"openid, email\"}\n", "/kw={\"scope\":"},
		{"kw = {\"a\": {\"b\": \"c\"}}\n", "/kw={\"a\": {\"b\": \"c\"}}"},
		{"kw = {\"a\": get(\"c\")}\n", "/kw={\"a\": get(\"c\")}"},
		{"kw = {\"t\": \"{{ user.name }}\"}\n", "kw/t={{ user.name }}"},
	}
	for _, tt := range tests {
		if got := spans(t, tt.in, scanAssignments([]byte(tt.in))); got != tt.want {
			t.Errorf("scanAssignments(%q)\ngot  %s\nwant %s", tt.in, got, tt.want)
		}
	}
}
