package syntax

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// envPairRe is a KEY=value line of a .env snippet.
var envPairRe = regexp.MustCompile(`(?m)^([A-Za-z_][A-Za-z0-9_]*)=(.*)$`)

// TestSecretDataMutations breaks Kubernetes Secrets built from the guides'
// own values: the corpus's and novel guides' Secrets (their stringData)
// and every .env snippet's assignments (as a Secret of the same keys).
//
//   - stringData renamed data, in the guide's own Secret: one finding on
//     the data key, whose fix gives the Secret back;
//   - every value base64-encoded under data (the control): no finding;
//   - then one value left plain, its padding dropped, or a blank put in
//     it, first, middle or last, in block style with single, double or no
//     quotes and in flow style: one finding on that value's line.
func TestSecretDataMutations(t *testing.T) {
	type pair struct{ k, v string }
	sources := map[string][]pair{}
	renames, renamesFound := 0, 0
	for n, s := range snippetsWhere(t, func(k kind) bool { return k == kindYAML || k == kindEnv }) {
		var ps []pair
		if kindOf(s) == kindEnv {
			for _, m := range envPairRe.FindAllSubmatch(s.Text, -1) {
				v := strings.Trim(string(m[2]), `'"`)
				if v != "" && !templated(v) && !strings.ContainsAny(v, "'\"\\#") {
					ps = append(ps, pair{string(m[1]), v})
				}
			}
		} else if bytes.Contains(s.Text, []byte("kind: Secret")) {
			var doc struct {
				StringData yaml.Node `yaml:"stringData"`
			}
			if yaml.Unmarshal(s.Text, &doc) != nil {
				continue
			}
			sd := &doc.StringData
			for i := 0; i+1 < len(sd.Content); i += 2 {
				ps = append(ps, pair{sd.Content[i].Value, sd.Content[i+1].Value})
			}
			if len(ps) > 0 {
				renamed := bytes.Replace(s.Text, []byte("stringData:"), []byte("data:"), 1)
				line := bytes.Count(s.Text[:bytes.Index(s.Text, []byte("stringData:"))], []byte("\n")) + 1
				renames++
				if checkSecretMutation(t, n+" renamed", renamed, line, s.Text) {
					renamesFound++
				}
			}
		}
		if len(ps) > 0 {
			sources[n] = ps
		}
	}
	if len(sources) == 0 {
		t.Skip("no corpus")
	}
	quote := []func(string) string{
		func(v string) string { return "'" + strings.ReplaceAll(v, "'", "''") + "'" },
		func(v string) string { return fmt.Sprintf("%q", v) },
		func(v string) string { return v },
	}
	total, found := 0, 0
	names := slices.Sorted(maps.Keys(sources))
	for si, n := range names {
		ps := sources[n]
		for fi := range 4 { // three quotings in block style, then flow
			enc := make([]string, len(ps))
			for i, p := range ps {
				enc[i] = base64.StdEncoding.EncodeToString([]byte(p.v))
			}
			build := func(vals []string) ([]byte, []int) {
				var b strings.Builder
				b.WriteString("apiVersion: v1\nkind: Secret\nmetadata:\n  name: app\ntype: Opaque\ndata:")
				lines := make([]int, len(vals))
				if fi == 3 {
					b.WriteString(" {")
					for i, v := range vals {
						if i > 0 {
							b.WriteString(", ")
						}
						fmt.Fprintf(&b, "%s: %s", ps[i].k, quote[0](v))
						lines[i] = 6
					}
					b.WriteString("}\n")
					return []byte(b.String()), lines
				}
				b.WriteString("\n")
				for i, v := range vals {
					fmt.Fprintf(&b, "  %s: %s\n", ps[i].k, quote[fi](v))
					lines[i] = 7 + i
				}
				return []byte(b.String()), lines
			}
			control, _ := build(enc)
			if fs := validateYAML(control); len(fs) > 0 {
				t.Errorf("control %s format %d: %s %s", n, fi, fs[0].code, fs[0].msg)
			}
			// One site a source and format: first, middle or last by
			// turns.
			j := []int{0, len(ps) / 2, len(ps) - 1}[(si+fi)%3]
			if len(ps) < 2 {
				continue // one plain value is the renamed case, on the data key
			}
			for vi, bad := range []string{ps[j].v, strings.TrimRight(enc[j], "="), enc[j][:len(enc[j])/2] + " " + enc[j][len(enc[j])/2:]} {
				if bad == enc[j] || fi == 2 && vi == 0 && !plainSafe(bad) {
					continue
				}
				if _, err := base64.StdEncoding.DecodeString(bad); err == nil {
					continue // a plain value that happens to be base64
				}
				vals := slices.Clone(enc)
				vals[j] = bad
				text, lines := build(vals)
				total++
				if checkSecretMutation(t, fmt.Sprintf("%s format %d variant %d", n, fi, vi), text, lines[j], nil) {
					found++
				}
			}
		}
	}
	t.Logf("found %d/%d values that are no base64 in Secrets of %d sources, %d/%d stringData renamed data", found, total, len(sources), renamesFound, renames)
	if renames == 0 {
		t.Error("no Secret with stringData")
	}
	if total < 50 || found < total {
		t.Errorf("found %d/%d", found, total)
	}
}

// plainSafe reports whether v may stand unquoted as a YAML plain scalar
// that stays a string.
func plainSafe(v string) bool {
	var out any
	if yaml.Unmarshal([]byte("k: "+v), &out) != nil {
		return false
	}
	m, ok := out.(map[string]any)
	if !ok {
		return false
	}
	s, ok := m["k"].(string)
	return ok && s == v
}

// checkSecretMutation requires one k8s-secret-data-base64 finding on line
// of text and, when restored is not nil, a fix that gives it back.
func checkSecretMutation(t *testing.T, name string, text []byte, line int, restored []byte) bool {
	t.Helper()
	fs := validateYAML(text)
	if len(fs) != 1 || fs[0].code != "k8s-secret-data-base64" {
		t.Errorf("%s: %d findings, want one k8s-secret-data-base64:\n%s", name, len(fs), text)
		return false
	}
	if got := bytes.Count(text[:fs[0].span.Start], []byte("\n")) + 1; got != line {
		t.Errorf("%s: finding on line %d, want %d:\n%s", name, got, line, text)
		return false
	}
	if restored != nil && (fs[0].fix == nil || !bytes.Equal(applyEdits(text, fs[0].fix.edits), restored)) {
		t.Errorf("%s: the fix does not give the Secret back", name)
		return false
	}
	return true
}
