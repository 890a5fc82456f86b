package markdown

import (
	"slices"
	"testing"
)

func TestRefDefUnused(t *testing.T) {
	for _, c := range []struct {
		name, doc string
		want      []string // positions of link-refdef-unused
	}{
		{"definition label misspelt", "See [Authelia] for the provider.\n\n[Authlia]: https://www.authelia.com\n", []string{"3:1"}},
		{"letters swapped", "See [OpenID Connect 1.0].\n\n[OpenID Conenct 1.0]: https://openid.net\n", []string{"3:1"}},
		{"link label misspelt, the definition used elsewhere", "See [Authelia] and [Autelia].\n\n[Authelia]: https://www.authelia.com\n", nil},
		{"an unused definition no link nearly names", "See [Authelia].\n\n[Authelia]: https://www.authelia.com\n[Unused]: https://example.com\n", nil},
		{"every link defined", "See [Authelia].\n\n[Authelia]: https://www.authelia.com\n", nil},
		{"a different word", "See [Firezone].\n\n[Authelia]: https://www.authelia.com\n", nil},
		{"case and blanks are no difference", "See [open  ID].\n\n[Open ID]: https://openid.net\n", nil},
		{"one warning per definition", "See [Authelia] and [Authelia docs] and [Autheliaa].\n\n[Authlia]: https://www.authelia.com\n[Authelia docs]: https://www.authelia.com/docs\n", []string{"3:1"}},
	} {
		got := positionsOf(t, c.doc, "link-refdef-unused")
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
	}
}
