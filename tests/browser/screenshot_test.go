package browser

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"
)

// shot is one screenshot: a page at a width in a colour scheme, with the
// reader's values when values is set.
type shot struct {
	page   string
	width  int64
	scheme string
	values map[string]string
}

// TestScreenshots writes full-page screenshots of the home page and a
// guide, light and dark, at 1280 and 375 pixels, and of the fixture, for a
// person to look at. They go to a directory that outlives the test (its
// path is logged); the test fails only when a screenshot cannot be taken.
func TestScreenshots(t *testing.T) {
	s := servedSite(t)
	tb := openTab(t, newBrowser(t))
	dir, err := os.MkdirTemp("", "guidec-screenshots-")
	if err != nil {
		t.Fatal(err)
	}
	var shots []shot
	for _, p := range []string{"", "romm"} {
		for _, scheme := range []string{"light", "dark"} {
			for _, w := range []int64{1280, 375} {
				shots = append(shots, shot{p, w, scheme, nil})
			}
		}
	}
	reader := map[string]string{"domain": "reader.example", "subdomain-authelia": "login"}
	shots = append(shots, shot{fixture, 1280, "light", nil}, shot{fixture, 1280, "dark", nil},
		shot{"romm", 1280, "light", reader}, shot{"romm", 375, "dark", reader})
	for _, sh := range shots {
		suffix := ""
		if sh.values != nil {
			tb.open(s.page(sh.page))
			tb.setStored(sh.values)
			suffix = "-personalised"
		}
		png := tb.fullPage(s.page(sh.page), sh.width, sh.scheme)
		name := filepath.Join(dir, fmt.Sprintf("%s-%d-%s%s.png", or(sh.page, "index"), sh.width, sh.scheme, suffix))
		if err := os.WriteFile(name, png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("screenshot: %s", name)
	}
}

// fullPage opens u at the width and takes a screenshot of the whole page.
// The viewport is made as tall as the page, so that the page is laid out
// as a reader sees it, without a scroll bar taking width from it.
func (tb *tab) fullPage(u string, width int64, scheme string) []byte {
	tb.t.Helper()
	tb.viewport(width, 900, scheme)
	tb.open(u)
	height := eval[int64](tb, `document.documentElement.scrollHeight`)
	tb.viewport(width, height, scheme)
	png, err := chromedp.Run(tb.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		tb.t.Fatalf("screenshot of %s: %v", u, err)
	}
	tb.viewport(width, 900, scheme)
	return png
}
