package shortcode

import (
	"bytes"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"testing"
	"testing/fstest"
)

// TestResourceSizes reads the sizes of images of each format one after
// another, as a page of figures does through the pooled header reader:
// each is its own, and a file that is no image has none.
func TestResourceSizes(t *testing.T) {
	enc := func(f func(*bytes.Buffer) error) *fstest.MapFile {
		var b bytes.Buffer
		if err := f(&b); err != nil {
			t.Fatal(err)
		}
		return &fstest.MapFile{Data: b.Bytes()}
	}
	fsys := fstest.MapFS{
		"a.png": pngFile(t, 3, 2),
		"b.png": pngFile(t, 5, 7),
		"c.gif": enc(func(b *bytes.Buffer) error {
			return gif.Encode(b, image.NewPaletted(image.Rect(0, 0, 9, 4), color.Palette{color.Black, color.White}), nil)
		}),
		"d.jpg": enc(func(b *bytes.Buffer) error { return jpeg.Encode(b, image.NewGray(image.Rect(0, 0, 6, 11)), nil) }),
		"e.txt": {Data: bytes.Repeat([]byte("not an image\n"), 1000)},
		"f.png": pngFile(t, 1, 1),
	}
	r := &Resources{fsys: fsys, cache: map[string]*Resource{}}
	for _, tt := range []struct {
		name string
		w, h int
	}{{"a.png", 3, 2}, {"e.txt", 0, 0}, {"b.png", 5, 7}, {"c.gif", 9, 4}, {"d.jpg", 6, 11}, {"f.png", 1, 1}} {
		res := r.Get(tt.name)
		if res == nil {
			t.Fatalf("Get(%q) = nil", tt.name)
		}
		if w, h := res.Width(), res.Height(); w != tt.w || h != tt.h {
			t.Errorf("%s: %dx%d, want %dx%d", tt.name, w, h, tt.w, tt.h)
		}
	}
}
