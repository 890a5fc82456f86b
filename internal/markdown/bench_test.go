package markdown

import "testing"

// BenchmarkRender renders the seed guide with one reused Renderer, as a
// build worker does.
func BenchmarkRender(b *testing.B) {
	f, exp := expand(b, "romm/index.md", readShared(b, "seeds/romm-guide.md"))
	r := New()
	r.Render(f, exp, PageInfo{Name: "romm"}) // warm the lexer cache
	b.ReportAllocs()
	b.SetBytes(int64(len(f.Content)))
	for b.Loop() {
		r.Render(f, exp, PageInfo{Name: "romm"})
	}
}
