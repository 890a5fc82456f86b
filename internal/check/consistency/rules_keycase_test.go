package consistency

import (
	"fmt"
	"strings"
	"testing"
)

// TestKeyCaseMutation capitalises, or writes in capitals, each key in turn
// of groups of lower-case keys in several formats, and wants one
// consistency-key-case finding on that key, at its line; and none for
// the group as written.
func TestKeyCaseMutation(t *testing.T) {
	keys := []string{"client_id", "client_secret", "issuer_url", "scopes", "redirect_uri", "display_name"}
	formats := []struct {
		lang, title string
		render      func(keys []string) string
		line0       int // the line of the first key in the fixture
	}{
		{"yaml", "config.yml", func(ks []string) string {
			var b strings.Builder
			b.WriteString("oidc:\n")
			for _, k := range ks {
				fmt.Fprintf(&b, "  %s: 'x'\n", k)
			}
			return b.String()
		}, 3},
		{"json", "config.json", func(ks []string) string {
			var b strings.Builder
			b.WriteString("{\n")
			for i, k := range ks {
				sep := ","
				if i == len(ks)-1 {
					sep = ""
				}
				fmt.Fprintf(&b, "  \"%s\": \"x\"%s\n", k, sep)
			}
			b.WriteString("}\n")
			return b.String()
		}, 3},
		{"toml", "config.toml", func(ks []string) string {
			var b strings.Builder
			b.WriteString("[oidc]\n")
			for _, k := range ks {
				fmt.Fprintf(&b, "%s = 'x'\n", k)
			}
			return b.String()
		}, 3},
		{"shell", "", func(ks []string) string {
			var b strings.Builder
			b.WriteString("app-cli configure oidc \\\n")
			for i, k := range ks {
				end := " \\"
				if i == len(ks)-1 {
					end = ""
				}
				fmt.Fprintf(&b, "  %s=\"x\"%s\n", k, end)
			}
			return b.String()
		}, 3},
	}
	applied, found := 0, 0
	for _, fm := range formats {
		var clean fixture
		clean.code(fm.lang, fm.title, fm.render(keys))
		if got := clean.run(t, nil); len(got) != 0 {
			t.Errorf("%s as written: %v", fm.lang, got)
		}
		for i := range keys {
			for _, change := range []func(string) string{
				func(k string) string { return strings.ToUpper(k[:1]) + k[1:] },
				strings.ToUpper,
			} {
				ks := append([]string(nil), keys...)
				ks[i] = change(ks[i])
				var f fixture
				f.code(fm.lang, fm.title, fm.render(ks))
				applied++
				want := fmt.Sprintf("%d:", fm.line0+i)
				got := f.run(t, nil)
				if len(got) == 1 && strings.HasPrefix(got[0], want) && strings.HasSuffix(got[0], "consistency-key-case") {
					found++
				} else {
					t.Errorf("%s, %s: got %v, want one consistency-key-case on line %d", fm.lang, ks[i], got, fm.line0+i)
				}
			}
		}
	}
	t.Logf("found %d of %d", found, applied)
}
