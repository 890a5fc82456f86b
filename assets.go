// Package guidec holds the default shortcode templates and site layouts,
// embedded so that a single guidec binary works in any directory. The code
// lives under internal/; see cmd/guidec.
package guidec

import (
	"embed"
	"io/fs"

	"github.com/guidec/guidec/internal/shortcode"
)

//go:embed shortcodes site
var assets embed.FS

// Shortcodes returns the embedded shortcodes/ directory, marked Verified:
// TestEmbeddedShortcodes proves every template in it loads, so a run
// compiles each only when a page calls it.
func Shortcodes() fs.FS { return shortcode.Verified(sub("shortcodes")) }

// Site returns the embedded site/ directory (layouts, static, site.yaml).
func Site() fs.FS { return sub("site") }

func sub(dir string) fs.FS {
	f, err := fs.Sub(assets, dir)
	if err != nil {
		// fs.Sub fails only on an invalid path, which dir is not.
		panic(err)
	}
	return f
}
