package check

import (
	"testing"

	"github.com/guidec/guidec/internal/source"
)

func item(level int, section, text string) Text {
	return Text{Kind: Item, Level: level, Section: section, Text: text}
}

func TestTestedVersion(t *testing.T) {
	const tv = "tested-versions"
	cases := []struct {
		name  string
		texts []Text
		want  string
	}{
		{"nested item", []Text{
			{Kind: Heading, Level: 2, Section: tv, Text: "Tested Versions"},
			item(1, tv, "Authelia"), item(2, tv, "v4.38.17"),
			item(1, tv, "ROM Manager"), item(2, tv, "v3.9.0"),
		}, "4.38.17"},
		{"application listed first", []Text{
			item(1, tv, "Grafana"), item(2, tv, "v13.1.0"),
			item(1, tv, "Authelia"), item(2, tv, "v4.39.20"),
		}, "4.39.20"},
		{"version in the item itself", []Text{item(1, tv, "Authelia v4.39.x"), item(1, tv, "Technitium DNS Server v15.2")}, "4.39"},
		{"nested item without version, then deeper", []Text{
			item(1, tv, "Authelia"), item(2, tv, "see the changelog"), item(3, tv, "4.38.0"),
		}, "4.38.0"},
		{"does not read the next top-level item", []Text{
			item(1, tv, "Authelia"), item(1, tv, "Nextcloud"), item(2, tv, "v31.0.5"),
		}, ""},
		{"other sections are ignored", []Text{
			item(1, "see-also", "Authelia"), item(2, "see-also", "v4.38.0"),
		}, ""},
		{"paragraph between items", []Text{
			item(1, tv, "[Authelia]"), {Kind: Paragraph, Section: tv, Text: "notes"}, item(2, tv, "v4.39.9"),
		}, "4.39.9"},
		{"none", nil, ""},
		{"bare numbers are not versions", []Text{item(1, tv, "Authelia"), item(2, tv, "release 2024")}, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := TestedVersion(tc.texts); got != tc.want {
				t.Errorf("TestedVersion = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestFindVersion(t *testing.T) {
	cases := map[string]string{
		"v4.38.17":            "4.38.17",
		"4.39.20 (latest)":    "4.39.20",
		"v4.39.x":             "4.39",
		"App v1.2.3.4":        "1.2.3",
		"no version":          "",
		"2024":                "",
		"see 10.0":            "10.0",
		"ends with 4.":        "",
		"x4.38.0 is not a v1": "4.38.0",
	}
	for in, want := range cases {
		if got, _ := findVersion(in); got != want {
			t.Errorf("findVersion(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTestedVersionsSpan(t *testing.T) {
	const tv = "tested-versions"
	heading := Text{Kind: Heading, Level: 2, Section: tv, Text: "Tested Versions"}
	cases := []struct {
		name  string
		texts []Text
		want  string // the text the span belongs to; "" for none
	}{
		{"the Authelia item", []Text{heading, item(1, tv, "[Authelia]"), item(1, tv, "[Grafana]"), item(2, tv, "v13.1.0")}, "[Authelia]"},
		{"no Authelia item: the heading", []Text{heading, item(1, tv, "[Grafana]"), item(2, tv, "v13.1.0")}, "Tested Versions"},
		{"an Authelia item after the section is not it", []Text{heading, item(1, tv, "[Grafana]"), item(1, "see-also", "Authelia")}, "Tested Versions"},
		{"empty section", []Text{heading}, "Tested Versions"},
		{"no section", []Text{item(1, "see-also", "Authelia")}, ""},
		{"none", nil, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			// each text maps to the guide at its index × 100
			for i := range tc.texts {
				m := &source.Map{}
				m.AddVerbatim(0, i*100, len(tc.texts[i].Text))
				tc.texts[i].Map = m
			}
			sp, ok := TestedVersionsSpan(tc.texts)
			if ok != (tc.want != "") {
				t.Fatalf("TestedVersionsSpan ok = %v, want %v", ok, tc.want != "")
			}
			for i, x := range tc.texts {
				if ok && x.Text == tc.want && (sp.Start != i*100 || sp.End != i*100+len(x.Text)) {
					t.Errorf("span %v, want the text %q at %d", sp, tc.want, i*100)
				}
			}
		})
	}
}
