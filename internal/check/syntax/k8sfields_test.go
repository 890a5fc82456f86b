package syntax

import (
	"fmt"
	"slices"
	"testing"

	"github.com/guidec/guidec/internal/testenv"
)

func TestK8sFields(t *testing.T) {
	for _, c := range []struct {
		name, body string
		want       []string // line:col of k8s-unknown-field
	}{
		{"stringData misspelt", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: app\nstrinData:\n  a: b\n", []string{"6:1"}},
		{"apiVersion misspelt", "apiVesion: v1\nkind: ConfigMap\nmetadata:\n  name: app\ndata:\n  a: b\n", []string{"2:1"}},
		{"kind misspelt", "apiVersion: v1\nkid: ConfigMap\nmetadata:\n  name: app\n", []string{"3:1"}},
		{"metadata field misspelt", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\n  namspace: auth\n", []string{"6:3"}},
		{"spec misspelt", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\nsepc:\n  replicas: 1\n", []string{"6:1"}},
		// Not objects, or nothing misspelt.
		{"an object", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: app\n  namespace: auth\nstringData:\n  a: b\n", nil},
		{"an application's YAML", "kind: app\nspecs:\n  a: b\n", nil},
		{"chart values", "image:\n  tag: 1\ndata:\n  a: b\n", nil},
		{"an unknown field no near miss", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: app\nextra: 1\n", nil},
	} {
		guide := tick("'''yaml {title=\"x.yaml\"}\n" + c.body + "'''\n")
		_, snips := testenv.ScanGuide("g.md", []byte(guide))
		var got []string
		for _, d := range runChecker(snips) {
			if d.Code != "k8s-unknown-field" {
				t.Errorf("%s: %s", c.name, format(d))
				continue
			}
			p := d.Start()
			got = append(got, fmt.Sprintf("%d:%d", p.Line, p.Column))
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: findings at %v, want %v", c.name, got, c.want)
		}
	}
}
