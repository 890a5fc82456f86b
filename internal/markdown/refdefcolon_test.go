package markdown

import (
	"slices"
	"testing"
)

func TestRefDefColon(t *testing.T) {
	const body = "See [Authelia] and [App] and the [guide].\n\n"
	for _, c := range []struct {
		name, defs string
		want       []string // positions of link-refdef-colon
		undefined  int      // link-undefined-ref findings
	}{
		{"first of three lost", "[Authelia] https://www.authelia.com\n[App]: https://app.example.com\n[guide]: ../guide.md\n", []string{"3:1"}, 0},
		{"last one lost", "[Authelia]: https://www.authelia.com\n[App]: https://app.example.com\n[guide] ../guide.md\n", []string{"5:1"}, 0},
		{"space before the colon", "[Authelia] : https://www.authelia.com\n[App]: https://app.example.com\n[guide]: ../guide.md\n", []string{"3:1"}, 0},
		{"with a title", "[Authelia] https://www.authelia.com \"Authelia\"\n[App]: https://app.example.com\n[guide]: ../guide.md\n", []string{"3:1"}, 0},
		{"all right", "[Authelia]: https://www.authelia.com\n[App]: https://app.example.com\n[guide]: ../guide.md\n", nil, 0},
		// A sentence that starts with a link is no definition, and the
		// labels it does not define stay undefined.
		{"a sentence", "[Authelia] https://www.authelia.com is its site.\n", nil, 4},
		{"a paragraph of text after", "[Authelia] https://www.authelia.com\nand more words here.\n", nil, 4},
		{"no destination", "[Authelia] is the provider\n", nil, 4},
	} {
		got := positionsOf(t, body+c.defs, "link-refdef-colon")
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: link-refdef-colon at %v, want %v", c.name, got, c.want)
		}
		if n := len(positionsOf(t, body+c.defs, "link-undefined-ref")); n != c.undefined {
			t.Errorf("%s: %d link-undefined-ref, want %d", c.name, n, c.undefined)
		}
	}
}
