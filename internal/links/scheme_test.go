package links

import (
	"strings"
	"testing"

	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/source"
)

func TestMisspeltScheme(t *testing.T) {
	tests := []struct {
		dest, written, want string
	}{
		{"htpss://example.com", "htpss:", "https://"},
		{"htps://example.com", "htps:", "https://"},
		{"hhttps://example.com", "hhttps:", "https://"},
		{"htp://example.com", "htp:", "http://"},
		{"htttp://example.com", "htttp:", "http://"},
		{"Htpss://example.com", "Htpss:", "https://"},
		{"https//example.com/x", "https//", "https://"},
		{"http//example.com", "http//", "http://"},
		{"htps//example.com", "htps//", "https://"},
		{"http:/example.com", "http:", "http://"},
		{"https:example.com", "https:", "https://"},
		{"mialto:a@example.com", "mialto:", "mailto:"},
		{"mail:a@example.com", "mail:", "mailto:"},
		{" htpss://example.com ", "htpss:", "https://"},
		// controls: the web schemes, registered schemes, custom schemes,
		// relative paths, short schemes
		{"https://example.com", "", ""},
		{"HTTP://example.com", "", ""},
		{"mailto:a@example.com", "", ""},
		{"ftp://example.com", "", ""},
		{"sftp://example.com", "", ""},
		{"ftps://example.com", "", ""},
		{"rtsp://example.com", "", ""},
		{"tcp://docker.example.com:2375", "", ""},
		{"hkps://keys.openpgp.org", "", ""},
		{"smtp://mail.example.com:587", "", ""},
		{"htsp://tv.example.com", "", ""},
		{"ssh://git@example.com", "", ""},
		{"irc://irc.libera.chat/x", "", ""},
		{"tel:+123", "", ""},
		{"obsidian://open?vault=x", "", ""},
		{"ws://example.com", "", ""},
		{"wss://example.com", "", ""},
		{"C:/path", "", ""},
		{"../../introduction.md", "", ""},
		{"#https", "", ""},
		{"docs//x", "", ""},
		{"mailto//x", "", ""},
		{"https", "", ""},
		{"", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.dest, func(t *testing.T) {
			written, want, ok := misspeltScheme(tt.dest)
			if ok != (tt.written != "") || written != tt.written || want != tt.want {
				t.Errorf("misspeltScheme(%q) = %q, %q, %v; want %q, %q", tt.dest, written, want, ok, tt.written, tt.want)
			}
		})
	}
}

// TestReportMisspeltScheme: the finding points at the scheme inside the
// link, whatever the destination resolved to.
func TestReportMisspeltScheme(t *testing.T) {
	f := source.NewFile("g/index.md", []byte("- [Docs](htpss://example.com/docs)\n\n[ref]: https//example.com\n"))
	tree := &Tree{Guides: map[string]map[string]bool{"g": {}}}
	tests := []struct {
		dest       string
		span       source.Span
		start, end int
	}{
		{"htpss://example.com/docs", source.Span{Start: 2, End: 34}, 9, 15},
		{"https//example.com", source.Span{Start: 36, End: 61}, 43, 50},
	}
	for _, tt := range tests {
		u := Use{File: f, Span: tt.span, Dest: tt.dest, Target: tree.Resolve("g", tt.dest)}
		d, ok := Report(u)
		if !ok || d.Code != "link-scheme-misspelt" || d.Severity != diag.Error {
			t.Fatalf("Report(%q) = %v %v, want link-scheme-misspelt", tt.dest, d, ok)
		}
		if d.Span.Start != tt.start || d.Span.End != tt.end {
			t.Errorf("Report(%q) at %v, want [%d,%d)", tt.dest, d.Span, tt.start, tt.end)
		}
	}
}

// FuzzMisspeltScheme checks that the scheme scan never panics and that
// what it reports is the start of the destination.
func FuzzMisspeltScheme(f *testing.F) {
	for _, s := range []string{"htpss://x", "https//x", "http:/x", "mialto:a", "ftp://x", "", ":", "h//", "H\u0130tp://x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, dest string) {
		written, want, ok := misspeltScheme(dest)
		if !ok {
			return
		}
		if !strings.HasPrefix(strings.TrimSpace(dest), written) || want == "" {
			t.Fatalf("misspeltScheme(%q) = %q, %q: not a prefix, or no fix", dest, written, want)
		}
	})
}
