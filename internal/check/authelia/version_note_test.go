package authelia

import (
	"strings"
	"testing"

	"github.com/guidec/guidec/internal/check"
	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/source"
)

// TestVersionNote: a tested version guidec has no rules for gets a note
// saying which rules were used, with a severity by what they can get wrong.
func TestVersionNote(t *testing.T) {
	cases := []struct {
		version string
		sev     diag.Severity
		want    string // in the message; "" for no finding
	}{
		{"v4.37.5", diag.Warning, "the 4.38.0 rules were used"},
		{"4.30", diag.Warning, "older than 4.38.0, the oldest"},
		{"v4.38.25", diag.Warning, "the 4.38 line ended with 4.38.19"},
		{"v4.39.25", diag.Info, "the 4.39.20 rules (the newest it knows)"},
		{"v4.40", diag.Info, "no rules for Authelia 4.40 yet"},
		{"v4.40.1", diag.Info, "no rules for Authelia 4.40.1 yet"},
		{"v5.0", diag.Warning, "a new major release"},
		{"v4.38.0", 0, ""},
		{"v4.38.19", 0, ""},
		{"v4.39.20", 0, ""},
		{"v4.39.x", 0, ""},
		{"v4.38", 0, ""},
	}
	const tv = "tested-versions"
	for _, tc := range cases {
		t.Run(tc.version, func(t *testing.T) {
			content := guideOf(client(confidential...))
			g := scanGuide("guide.md", content)
			g.texts = []check.Text{
				{Kind: check.Heading, Level: 2, Section: tv, Text: "Tested Versions"},
				{Kind: check.Item, Level: 1, Section: tv, Text: "Authelia"},
				{Kind: check.Item, Level: 2, Section: tv, Text: tc.version, Map: &source.Map{}},
			}
			g.texts[2].Map.AddVerbatim(0, 3, len(tc.version))
			var notes []diag.Diagnostic
			for _, d := range g.run(check.TestedVersion(g.texts)) {
				if d.Code == "authelia-version-unknown" {
					notes = append(notes, d)
				}
			}
			if tc.want == "" {
				if len(notes) != 0 {
					t.Fatalf("unexpected note: %s", notes[0].Message)
				}
				return
			}
			if len(notes) != 1 {
				t.Fatalf("got %d notes, want 1", len(notes))
			}
			d := notes[0]
			if d.Severity != tc.sev || !strings.Contains(d.Message, tc.want) {
				t.Errorf("got %s %q, want %s containing %q", d.Severity, d.Message, tc.sev, tc.want)
			}
			if v := strings.TrimPrefix(tc.version, "v"); string(content[d.Span.Start:d.Span.End]) != string(content[3+len(tc.version)-len(v):3+len(tc.version)]) {
				t.Errorf("span covers %q", content[d.Span.Start:d.Span.End])
			}
		})
	}
}

// TestVersionMissing: a Tested Versions section that names no Authelia
// release is a warning at its Authelia item (else its heading), saying the
// newest rules were used; a section with a release, or no section, is
// silent.
func TestVersionMissing(t *testing.T) {
	const tv = "tested-versions"
	cases := []struct {
		name  string
		texts []check.Text
		at    int // index of the text the finding is at; -1 for none
	}{
		{"version line dropped", []check.Text{
			{Kind: check.Heading, Level: 2, Section: tv, Text: "Tested Versions"},
			{Kind: check.Item, Level: 1, Section: tv, Text: "Authelia"},
			{Kind: check.Item, Level: 1, Section: tv, Text: "Grafana"},
			{Kind: check.Item, Level: 2, Section: tv, Text: "v13.1.0"},
		}, 1},
		{"not a release", []check.Text{
			{Kind: check.Heading, Level: 2, Section: tv, Text: "Tested Versions"},
			{Kind: check.Item, Level: 1, Section: tv, Text: "Authelia"},
			{Kind: check.Item, Level: 2, Section: tv, Text: "latest"},
		}, 1},
		{"no Authelia item", []check.Text{
			{Kind: check.Heading, Level: 2, Section: tv, Text: "Tested Versions"},
			{Kind: check.Item, Level: 1, Section: tv, Text: "Grafana"},
			{Kind: check.Item, Level: 2, Section: tv, Text: "v13.1.0"},
		}, 0},
		{"with a release", []check.Text{
			{Kind: check.Heading, Level: 2, Section: tv, Text: "Tested Versions"},
			{Kind: check.Item, Level: 1, Section: tv, Text: "Authelia"},
			{Kind: check.Item, Level: 2, Section: tv, Text: "v4.39.20"},
		}, -1},
		{"no section", nil, -1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			g := scanGuide("guide.md", guideOf(client(confidential...)))
			for i := range tc.texts {
				m := &source.Map{}
				m.AddVerbatim(0, i, 1)
				tc.texts[i].Map = m
			}
			g.texts = tc.texts
			var got []diag.Diagnostic
			for _, d := range g.run(check.TestedVersion(g.texts)) {
				if d.Code == "authelia-version-missing" {
					got = append(got, d)
				}
			}
			if tc.at < 0 {
				if len(got) != 0 {
					t.Fatalf("unexpected finding: %s", got[0].Message)
				}
				return
			}
			if len(got) != 1 {
				t.Fatalf("got %d findings, want 1", len(got))
			}
			if d := got[0]; d.Severity != diag.Warning || d.Span.Start != tc.at || !strings.Contains(d.Message, "the 4.39.20 rules") {
				t.Errorf("got %s at %d %q, want a warning at %d naming the 4.39.20 rules", d.Severity, d.Span.Start, d.Message, tc.at)
			}
		})
	}
}
