package syntax

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/guidec/guidec/internal/testenv"
)

func TestSecretData(t *testing.T) {
	const head = "'''yaml {title=\"secret.yaml\"}\napiVersion: v1\nkind: Secret\nmetadata:\n  name: app\ntype: Opaque\n"
	for _, c := range []struct {
		name, guide string
		want        []string // line:col of k8s-secret-data-base64
		fixed       string   // the guide after the fixes, "" for none
	}{
		{"stringData renamed", head + "data:\n  client-id: 'app'\n  client-secret: 'insecure_secret'\n'''\n",
			[]string{"7:1"}, head + "stringData:\n  client-id: 'app'\n  client-secret: 'insecure_secret'\n'''\n"},
		{"one plain value alone", head + "data:\n  OIDC_CLIENT_SECRET: insecure_secret\n'''\n",
			[]string{"7:1"}, head + "stringData:\n  OIDC_CLIENT_SECRET: insecure_secret\n'''\n"},
		{"one plain among base64", head + "data:\n  id: YXBw\n  secret: insecure_secret\n  url: aHR0cHM6Ly9hdXRoLmV4YW1wbGUuY29t\n'''\n",
			[]string{"9:11"}, ""},
		{"padding lost", head + "data:\n  id: YXBw\n  secret: YQ\n'''\n", []string{"9:11"}, ""},
		{"a number", head + "data:\n  id: YXBw\n  port: 8080\n'''\n", []string{"9:9"}, ""},
		{"flow style", head + "data: {id: YXBw, secret: 'a b'}\n'''\n", []string{"7:26"}, ""},
		{"in a List", "'''yaml\napiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: Secret\n    data:\n      a: YXBw\n      b: not base64\n'''\n", []string{"9:10"}, ""},
		{"second document", "'''yaml\nkind: ConfigMap\ndata:\n  a: plain\n---\nkind: Secret\ndata:\n  a: plain\n'''\n", []string{"7:1"},
			"'''yaml\nkind: ConfigMap\ndata:\n  a: plain\n---\nkind: Secret\nstringData:\n  a: plain\n'''\n"},
		// Fine.
		{"stringData", head + "stringData:\n  client-secret: 'insecure_secret'\n'''\n", nil, ""},
		{"base64", head + "data:\n  id: YXBw\n  secret: aW5zZWN1cmVfc2VjcmV0\n  empty: ''\n  none:\n'''\n", nil, ""},
		{"base64 over lines", head + "data:\n  key: |\n    aW5zZWN1cmVf\n    c2VjcmV0\n'''\n", nil, ""},
		{"helm", head + "data:\n  secret: {{ .Values.secret | b64enc | quote }}\n  id: '{{ .Values.id }}'\n'''\n", nil, ""},
		{"placeholder", head + "data:\n  secret: <base64 of the client secret>\n'''\n", nil, ""},
		{"envsubst", head + "data:\n  secret: ${CLIENT_SECRET_B64}\n'''\n", nil, ""},
		{"a ConfigMap", "'''yaml\napiVersion: v1\nkind: ConfigMap\ndata:\n  a: plain text\n'''\n", nil, ""},
		{"another API's Secret", "'''yaml\napiVersion: example.com/v1\nkind: Secret\ndata:\n  a: plain text\n'''\n", nil, ""},
	} {
		guide := tick(c.guide)
		_, snips := testenv.ScanGuide("g.md", []byte(guide))
		var got []string
		var edits = []string{}
		l := runChecker(snips)
		for _, d := range l {
			if d.Code != "k8s-secret-data-base64" {
				if d.Code != "yaml-syntax" || c.name != "helm" {
					t.Errorf("%s: %s", c.name, format(d))
				}
				continue
			}
			p := d.Start()
			got = append(got, fmt.Sprintf("%d:%d", p.Line, p.Column))
			if d.Fix != nil {
				edits = append(edits, d.Fix.Message)
				if fixed := string(applyEdits([]byte(guide), d.Fix.Edits)); fixed != tick(c.fixed) {
					t.Errorf("%s: fixed to %q, want %q", c.name, fixed, tick(c.fixed))
				}
			}
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: findings at %v, want %v", c.name, got, c.want)
		}
		if (len(edits) > 0) != (c.fixed != "") {
			t.Errorf("%s: fixes %v, want one: %v", c.name, edits, c.fixed != "")
		}
	}
}

// FuzzSecretData checks that no YAML makes the Secret check panic, and
// that a finding lies in the text.
func FuzzSecretData(f *testing.F) {
	for _, s := range []string{
		"kind: Secret\ndata:\n  a: b\n",
		"kind: Secret\ndata: {a: 1, b: true, c: ~}\n",
		"kind: List\nitems:\n- kind: Secret\n  data:\n    a: 'x y'\n",
		"kind: Secret\ndata:\n  a: !!binary YQ==\n  b: &x c\n  c: *x\n",
		"kind: Secret\ndata: []\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !strings.Contains(s, "Secret") {
			return
		}
		for _, fd := range validateYAML([]byte(s)) {
			if fd.span.Start < 0 || fd.span.End > len(s) || fd.span.Start > fd.span.End {
				t.Fatalf("%q: span %v", s, fd.span)
			}
		}
	})
}
