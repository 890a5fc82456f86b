package guidec

import (
	"testing"

	"github.com/guidec/guidec/internal/shortcode"
)

// TestEmbeddedShortcodes compiles and escapes every embedded shortcode
// template up front, as Load does for a directory that is not Verified:
// none may fail to load, since Shortcodes marks the set Verified and a run
// then compiles each only when a page calls it.
func TestEmbeddedShortcodes(t *testing.T) {
	_, l, err := shortcode.Load(shortcode.Sources{Builtin: sub("shortcodes")})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range l {
		t.Errorf("%s: %s", d.Filename(), d.Message)
	}
	s, l, err := shortcode.Load(shortcode.Sources{Builtin: Shortcodes()})
	if err != nil || len(l) != 0 {
		t.Fatalf("the Verified set: %v, %v", l, err)
	}
	if len(s.Names()) < 6 {
		t.Fatalf("only %d embedded shortcodes: %v", len(s.Names()), s.Names())
	}
}
