package compose

import (
	"testing"

	"gopkg.in/yaml.v3"
)

// TestLoadDeterministic requires the same loader error for the same model
// on every run, where compose-go's own validation picks one of several at
// random (its walk follows Go's map order).
func TestLoadDeterministic(t *testing.T) {
	cases := []struct{ name, yaml, want string }{
		{"external volume with two conflicting keys",
			"volumes:\n  v: {driver: local, external: true, name: x, driver_opts: {a: b}}\n",
			`volumes.v: conflicting parameters "external" and "driver" specified`},
		{"two faulty volumes",
			"volumes:\n  b: {external: true, labels: {a: b}}\n  a: {external: true, driver: local}\n",
			`volumes.a: conflicting parameters "external" and "driver" specified`},
		{"faults in several sections",
			"volumes:\n  v: {external: true, driver: local}\nsecrets:\n  s: {file: a, environment: B}\nconfigs:\n  c: {}\n",
			`configs.c: one of file|environment|content must be set`},
		{"two bad host addresses",
			"services:\n  web:\n    image: nginx\n    ports: [{target: 80, host_ip: 'nope'}, {target: 81, host_ip: 'also'}]\n",
			`services.web.ports.[]: invalid ip address: nope`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var m map[string]any
			if err := yaml.Unmarshal([]byte(c.yaml), &m); err != nil {
				t.Fatal(err)
			}
			for range 40 {
				err := load(m)
				if err == nil {
					t.Fatalf("the loader accepts %q", c.yaml)
				}
				if got := loaderMessage(err); got != c.want {
					t.Fatalf("load = %q, want %q", got, c.want)
				}
			}
		})
	}
}
