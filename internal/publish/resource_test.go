package publish

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/guidec/guidec/internal/source"
)

func TestCheckResource(t *testing.T) {
	png := "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
	clean := `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10" fill="#ccc"/><a href="https://example.com/">x</a></svg>`
	tests := []struct {
		name, content string
		optIn         []string // site.yaml resourceTypes
		ok            bool
		code          string // "" when published without a finding
		line          int    // of the finding, when the file is read
	}{
		{"shot.png", png, nil, true, "", 0},
		{"Shot.PNG", png, nil, true, "", 0},
		{"photo.jpeg", "\xff\xd8\xff\xe0", nil, true, "", 0},
		{"client.json", `{"a": 1}`, nil, true, "", 0},
		{"notes.txt", "plain text", nil, true, "", 0},
		{"design.psd", "8BPS", nil, false, "resource-type", 0},
		{"README", "text", nil, false, "resource-type", 0},
		{"design.psd", "8BPS", []string{".psd"}, true, "", 0},
		// script types: never, whatever the site says
		{"app.js", "alert(1)", nil, false, "resource-active", 0},
		{"app.MJS", "alert(1)", nil, false, "resource-active", 0},
		{"x.wasm", "\x00asm", nil, false, "resource-active", 0},
		{"x.svgz", "\x1f\x8b", []string{".svg"}, false, "resource-active", 0},
		{"x.xsl", "<xsl:stylesheet/>", nil, false, "resource-active", 0},
		// markup without the site's opt-in
		{"page.html", "<p>hi</p>", nil, false, "resource-active", 0},
		{"page.HTM", "<p>hi</p>", nil, false, "resource-active", 0},
		{"logo.svg", clean, nil, false, "resource-active", 0},
		{"feed.xml", "<rss/>", nil, false, "resource-active", 0},
		// markup with the opt-in: checked
		{"logo.svg", clean, []string{".svg"}, true, "", 0},
		{"page.html", "<p>hi <a href='/x/'>x</a></p>", []string{".html"}, true, "", 0},
		{"logo.svg", "<svg>\n<script>alert(1)</script></svg>", []string{".svg"}, false, "resource-active", 2},
		{"logo.svg", "<svg\n onload=alert(1)></svg>", []string{".svg"}, false, "resource-active", 1},
		{"logo.svg", "<svg><image href=x ONERROR=alert(1) /></svg>", []string{".svg"}, false, "resource-active", 1},
		{"logo.svg", "<svg><svg:script>alert(1)</svg:script></svg>", []string{".svg"}, false, "resource-active", 1},
		{"logo.svg", "<svg>\n\n<a xlink:href=\"&#106;avascript:alert(1)\">x</a></svg>", []string{".svg"}, false, "resource-active", 3},
		{"logo.svg", "<svg><a href=\"java\tscript:alert(1)\">x</a></svg>", []string{".svg"}, false, "resource-active", 1},
		{"logo.svg", "<svg><a href=\"&#x6A;&#x61;vascript&colon;alert(1)\">x</a></svg>", []string{".svg"}, false, "resource-active", 1},
		{"logo.svg", "<svg><use href=\"data:image/svg+xml;base64,PHN2Zz4=\"/></svg>", []string{".svg"}, false, "resource-active", 1},
		{"logo.svg", "<svg><foreignObject><p>x</p></foreignObject></svg>", []string{".svg"}, false, "resource-active", 1},
		{"logo.svg", "<svg><animate attributeName=\"onclick\" to=\"x\"/></svg>", []string{".svg"}, false, "resource-active", 1},
		{"logo.svg", "<svg><set attributeName=\"href\" to=\"javascript:alert(1)\"/></svg>", []string{".svg"}, false, "resource-active", 1},
		{"logo.svg", "<?xml version=\"1.0\"?>\n<!DOCTYPE svg [ <!ENTITY x \"&#60;script&#62;\"> ]>\n<svg>&x;</svg>", []string{".svg"}, false, "resource-active", 2},
		{"logo.svg", "<?xml-stylesheet type=\"text/xsl\" href=\"x.xsl\"?><svg/>", []string{".svg"}, false, "resource-active", 1},
		{"page.html", "<p>x</p>\n<iframe src=\"https://evil.example/\"></iframe>", []string{".html"}, false, "resource-active", 2},
		{"page.html", "<meta http-equiv=refresh content=\"0;url=https://evil.example/\">", []string{".html"}, false, "resource-active", 1},
		{"page.html", "<form action=\"https://evil.example/\"><input name=p></form>", []string{".html"}, false, "resource-active", 1},
		{"page.html", "<div style=\"width: expression(alert(1))\">x</div>", []string{".html"}, false, "resource-active", 1},
		// the bytes say markup whatever the name says (polyglots, renamed pages)
		{"shot.png", "<html><script>alert(1)</script>", nil, false, "resource-active", 0},
		{"shot.png", "\xef\xbb\xbf  <!DOCTYPE html><p>x", nil, false, "resource-active", 0},
		{"shot.jpg", "\n<svg onload=alert(1)>", nil, false, "resource-active", 0},
		{"data.json", "<?xml version=\"1.0\"?><x/>", nil, false, "resource-active", 0},
		{"notes.txt", "<script>alert(1)</script>", nil, false, "resource-active", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name+"/"+strings.Join(tt.optIn, ","), func(t *testing.T) {
			c := DefaultConfig()
			c.ResourceTypes = tt.optIn
			fsys := fstest.MapFS{tt.name: {Data: []byte(tt.content)}}
			ok, d := c.CheckResource(fsys, tt.name, "guides/g/"+tt.name)
			if ok != tt.ok {
				t.Errorf("published = %v, want %v (%v)", ok, tt.ok, d)
			}
			switch {
			case tt.code == "" && d != nil:
				t.Errorf("unexpected finding %s: %s", d.Code, d.Message)
			case tt.code != "" && d == nil:
				t.Errorf("no finding, want %s", tt.code)
			case d != nil && d.Code != tt.code:
				t.Errorf("code %s (%s), want %s", d.Code, d.Message, tt.code)
			case d != nil && d.File.Name != "guides/g/"+tt.name:
				t.Errorf("finding names %s", d.File.Name)
			case d != nil && tt.line > 0:
				if got := d.File.Position(d.Span.Start).Line; got != tt.line {
					t.Errorf("finding on line %d, want %d (%s)", got, tt.line, d.Message)
				}
			}
			if ok && !c.ResourceTypeAllowed(tt.name) {
				t.Errorf("published but ResourceTypeAllowed is false")
			}
		})
	}
}

func TestResourceTypesConfig(t *testing.T) {
	tests := []struct {
		yaml  string
		want  []string
		codes []string
	}{
		{"resourceTypes: [svg, .PSD, svg]", []string{".svg", ".psd"}, nil},
		{"resourceTypes: [js]", nil, []string{"config-value"}},
		{"resourceTypes: [.mjs, html]", []string{".html"}, []string{"config-value"}},
		{"resourceTypes: svg", nil, []string{"config-type"}},
		{"resourceTypes: ['a/b', '']", nil, []string{"config-value", "config-value"}},
	}
	for _, tt := range tests {
		c, l := ParseConfig(source.NewFile("site.yaml", []byte(tt.yaml)))
		if strings.Join(c.ResourceTypes, ",") != strings.Join(tt.want, ",") {
			t.Errorf("%s: ResourceTypes = %v, want %v", tt.yaml, c.ResourceTypes, tt.want)
		}
		var codes []string
		for _, d := range l {
			codes = append(codes, d.Code)
		}
		if strings.Join(codes, ",") != strings.Join(tt.codes, ",") {
			t.Errorf("%s: codes %v, want %v", tt.yaml, codes, tt.codes)
		}
	}
}

// FuzzActiveContent: the markup scan never panics, points inside the file,
// and finds a <script> element that opens the file.
func FuzzActiveContent(f *testing.F) {
	for _, s := range []string{"<svg onload=x>", "<svg><script>1</script>", "<!ENTITY", "<a href='&#106;avascript:'>", "<x:script>", ""} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		off, what := activeContent(data)
		if off < -1 || off > len(data) || (off >= 0) != (what != "") {
			t.Fatalf("activeContent = %d, %q for %d bytes", off, what, len(data))
		}
		// Whatever follows, a file that starts with a script element holds one.
		if off != 0 && strings.HasPrefix(string(data), "<script>") {
			t.Fatalf("activeContent = %d for a file starting with <script>", off)
		}
	})
}
