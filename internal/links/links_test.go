package links

import (
	"strings"
	"testing"

	"github.com/guidec/guidec/internal/source"
)

func TestResolve(t *testing.T) {
	tree := &Tree{Guides: map[string]map[string]bool{
		"romm":    {"shot.png": true},
		"grafana": {},
	}}
	tests := []struct {
		dest string
		kind Kind
		url  string
	}{
		{"https://example.com/x", External, "https://example.com/x"},
		{"mailto:a@b", External, "mailto:a@b"},
		{"#assumptions", Anchor, "#assumptions"},
		{"../grafana/", Guide, "/grafana/"},
		{"../grafana/index.md#see-also", Guide, "/grafana/#see-also"},
		{"../grafana", Guide, "/grafana/"},
		{"shot.png", Resource, "/romm/shot.png"},
		{"./shot.png", Resource, "/romm/shot.png"},
		{"missing.png", Broken, "missing.png"},
		{"../nope/", Broken, "../nope/"},
		{"../../introduction.md", Outside, "../../introduction.md"},
		{"../../../../configuration/x.md#y", Outside, "../../../../configuration/x.md#y"},
		{"javascript:alert(1)", Unsafe, "#"},
		{"java\tscript:alert(1)", Unsafe, "#"},
		// Markdown resolves references and escapes in destinations.
		{"&#x6a;avascript:alert(1)", Unsafe, "#"},
		{"javascript&colon;alert(1)", Unsafe, "#"},
		{"java&#x09;script:alert(1)", Unsafe, "#"},
		{"javascript\\:alert(1)", Unsafe, "#"},
		{"&#86;bscript:msgbox(1)", Unsafe, "#"},
		{"data&colon;text/html,x", Unsafe, "#"},
		{"data:image/png;base64,AAAA", External, "data:image/png;base64,AAAA"},
		{"a&amp;b.png", Broken, "a&amp;b.png"},
		{"/grafana/", Guide, "/grafana/"},
		{"/integration/x/", Outside, "/integration/x/"},
	}
	for _, tt := range tests {
		got := tree.Resolve("romm", tt.dest)
		if got.Kind != tt.kind || got.URL != tt.url {
			t.Errorf("Resolve(%q) = %v %q, want %v %q", tt.dest, got.Kind, got.URL, tt.kind, tt.url)
		}
	}
}

func TestCheckAnchors(t *testing.T) {
	f := source.NewFile("g.md", []byte("see [x](#assumptons) and [y](../b/#ok) [z](../b/#nope)"))
	tree := &Tree{Guides: map[string]map[string]bool{"a": {}, "b": {}}}
	mk := func(dest string, start int) Use {
		return Use{File: f, Span: source.Span{Start: start, End: start + 1}, Dest: dest, Target: tree.Resolve("a", dest)}
	}
	uses := []Use{mk("#assumptons", 4), mk("../b/#ok", 25), mk("../b/#nope", 39)}
	ids := map[string]map[string]bool{"a": {"assumptions": true}, "b": {"ok": true}}
	got := CheckAnchors(uses, ids)
	if len(got) != 2 {
		t.Fatalf("got %d diagnostics, want 2: %+v", len(got), got)
	}
	if got[0].Hint != "did you mean #assumptions?" {
		t.Errorf("hint = %q", got[0].Hint)
	}
	if p := got[1].Start(); p.Line != 1 || p.Column != 40 {
		t.Errorf("position = %d:%d", p.Line, p.Column)
	}
}

// TestResolveDrafts: a page that is published cannot link to a draft the
// site leaves out (the reader would get a 404), whether the draft was
// loaded (check renders drafts) or not (serve without --drafts); drafts
// link to each other, and --drafts (no Drafts set) makes them pages.
func TestResolveDrafts(t *testing.T) {
	guides := map[string]map[string]bool{"pub": {}, "wip": {"shot.png": true}, "wip2": {}}
	tests := []struct {
		name       string
		drafts     map[string]bool
		from, dest string
		kind       Kind
		guide      string
	}{
		{"to draft", map[string]bool{"wip": true}, "pub", "../wip/", Draft, "wip"},
		{"to draft anchor", map[string]bool{"wip": true}, "pub", "../wip/#setup", Draft, "wip"},
		{"to draft resource", map[string]bool{"wip": true}, "pub", "../wip/shot.png", Draft, "wip"},
		{"site-absolute", map[string]bool{"wip": true}, "pub", "/wip/", Draft, "wip"},
		{"draft not loaded", map[string]bool{"gone": true}, "pub", "../gone/", Draft, "gone"},
		{"draft to draft", map[string]bool{"wip": true, "wip2": true}, "wip2", "../wip/", Guide, "wip"},
		{"draft to page", map[string]bool{"wip": true}, "wip", "../pub/", Guide, "pub"},
		{"draft to itself", map[string]bool{"wip": true}, "wip", "shot.png", Resource, ""},
		{"with --drafts", nil, "pub", "../wip/", Guide, "wip"},
		{"deleted guide", nil, "pub", "../old/#x", Broken, "old"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tree := &Tree{Guides: guides, Drafts: tt.drafts}
			got := tree.Resolve(tt.from, tt.dest)
			if got.Kind != tt.kind || got.Guide != tt.guide {
				t.Errorf("Resolve(%q, %q) = %v %q, want %v %q", tt.from, tt.dest, got.Kind, got.Guide, tt.kind, tt.guide)
			}
		})
	}
}

func TestReportDraft(t *testing.T) {
	tree := &Tree{Guides: map[string]map[string]bool{"pub": {}}, Drafts: map[string]bool{"wip": true}}
	u := Use{Dest: "../wip/", Target: tree.Resolve("pub", "../wip/")}
	d, ok := Report(u)
	if !ok || d.Code != "link-draft" || d.Severity.String() != "error" {
		t.Fatalf("Report = %v %+v, want a link-draft error", ok, d)
	}
	if !strings.Contains(d.Message, "draft") || strings.Contains(d.Message, "does not exist") {
		t.Errorf("message %q should say the target is a draft", d.Message)
	}
	// An anchor into a draft is reported once, as a draft, not again as missing.
	if l := CheckAnchors([]Use{{Dest: "../wip/#x", Target: tree.Resolve("pub", "../wip/#x")}}, map[string]map[string]bool{"wip": {}}); len(l) != 0 {
		t.Errorf("CheckAnchors reported %v for a link into a draft", l)
	}
}

// TestResolveHTML: in a folder of guides, an href a template writes is
// followed from /NAME/, which mirrors the folder; a guide's index.md is
// not published, so an href naming it is broken, unlike a Markdown link.
func TestResolveHTML(t *testing.T) {
	tree := &Tree{Guides: map[string]map[string]bool{"romm": {"shot.png": true}, "grafana": {}}}
	tests := []struct {
		dest string
		kind Kind
	}{
		{"../grafana/", Guide},
		{"../grafana/#x", Guide},
		{"../grafana/index.md", Broken},
		{"../grafana/_index.md#x", Broken},
		{"shot.png", Resource},
		{"#a", Anchor},
		{"https://example.com/", External},
		{"javascript:alert(1)", Unsafe},
	}
	for _, tt := range tests {
		if got := tree.ResolveHTML("romm", tt.dest); got.Kind != tt.kind {
			t.Errorf("ResolveHTML(%q) = %v, want %v", tt.dest, got.Kind, tt.kind)
		}
	}
	if md := tree.Resolve("romm", "../grafana/index.md"); md.Kind != Guide {
		t.Errorf("Resolve of a Markdown link to index.md = %v, want Guide", md.Kind)
	}
}

// TestReportCall: a link a shortcode wrote is reported at the call, naming
// the shortcode, in the message of every kind of finding.
func TestReportCall(t *testing.T) {
	tree := &Tree{Guides: map[string]map[string]bool{"a": {}, "b": {}}}
	u := Use{Dest: "../nope/", Call: "oidc-common", HTML: true, Target: tree.ResolveHTML("a", "../nope/")}
	d, ok := Report(u)
	if !ok || d.Code != "link-broken" || !strings.Contains(d.Message, "written by shortcode 'oidc-common'") {
		t.Errorf("Report = %v %+v", ok, d)
	}
	a := Use{Dest: "#gone", Call: "confkey", Target: tree.ResolveHTML("a", "#gone")}
	l := CheckAnchors([]Use{a}, map[string]map[string]bool{"a": {"here": true}})
	if len(l) != 1 || !strings.Contains(l[0].Message, "written by shortcode 'confkey'") {
		t.Errorf("CheckAnchors = %+v", l)
	}
}
