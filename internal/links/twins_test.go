package links

import (
	"strings"
	"testing"
)

// TestCheckTwins: a link to the first of several headings of one text is
// reported only when its section (same page) or its text names a later
// twin's parent and not the first's.
func TestCheckTwins(t *testing.T) {
	twins := map[string]Twins{
		"common": {
			"port":    {{ID: "port", Text: "Port", Parent: "Format"}, {ID: "port-1", Text: "port", Parent: "Address"}},
			"web-gui": {{ID: "web-gui", Text: "Web GUI", Parent: "Application"}, {ID: "web-gui-1", Text: "Web GUI", Parent: "Application"}},
			"top":     {{ID: "top", Text: "Top"}, {ID: "top-1", Text: "Top", Parent: "Later"}},
		},
		"session": {"name": {{ID: "name", Text: "name", Parent: "Options"}, {ID: "name-1", Text: "name", Parent: "cookies"}}},
	}
	anchor := func(frag string) Target { return Target{Kind: Anchor, Guide: "common", Fragment: frag} }
	tests := []struct {
		name      string
		target    Target
		text      string
		ancestors []string
		want      string // the suggested id, "" for no finding
	}{
		{"section names the later parent", anchor("port"), "port", []string{"hostname", "Address", "Syntax"}, "port-1"},
		{"section holds the first's parent too", anchor("port"), "port", []string{"port", "Address", "Format"}, ""},
		{"section names neither", anchor("port"), "port", []string{"Introduction"}, ""},
		{"suffixed id names its heading", anchor("port-1"), "port", []string{"Format"}, ""},
		{"parents of one text", anchor("web-gui"), "Web GUI", []string{"Application", "Optional Configuration"}, ""},
		{"first at the top, later one named", anchor("top"), "top", []string{"Later"}, "top-1"},
		{"text names the later parent", Target{Kind: Guide, Guide: "session", Fragment: "name"}, "session.cookies[].name", nil, "name-1"},
		{"text names both parents", Target{Kind: Guide, Guide: "session", Fragment: "name"}, "Options for cookies: name", nil, ""},
		{"text names a longer word", Target{Kind: Guide, Guide: "session", Fragment: "name"}, "session.cookiesname", nil, ""},
		{"text names the parent in other case", Target{Kind: Guide, Guide: "session", Fragment: "name"}, "the COOKIES name", nil, "name-1"},
		// Another page's sections say nothing about what a link means.
		{"section of another page", Target{Kind: Guide, Guide: "session", Fragment: "name"}, "name", []string{"cookies"}, ""},
		{"no twins", Target{Kind: Guide, Guide: "session", Fragment: "other"}, "cookies", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := Use{Dest: "#" + tt.target.Fragment, Target: tt.target, Text: tt.text, Ancestors: tt.ancestors}
			l := CheckTwins([]Use{u}, twins)
			switch {
			case tt.want == "" && len(l) != 0:
				t.Errorf("reported %v", l)
			case tt.want != "" && (len(l) != 1 || !strings.Contains(l[0].Message, "is #"+tt.want) || l[0].Code != "link-anchor-ambiguous"):
				t.Errorf("got %v, want one finding naming #%s", l, tt.want)
			}
		})
	}
}
