package serve

import (
	"context"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// chromium is the browser the live reload script is tested in.
const chromium = "/usr/bin/chromium"

// newTab starts headless chromium and returns a tab's context; it skips
// the test when chromium is absent (and fails it under CI).
func newTab(t *testing.T) context.Context {
	t.Helper()
	if _, err := os.Stat(chromium); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is required under CI: %v", chromium, err)
		}
		t.Skipf("%s is absent: %v", chromium, err)
	}
	profile := t.TempDir()
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(chromium),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("no-first-run", true),
		chromedp.UserDataDir(profile),
	)
	ctx, cancel := chromedp.NewContext(alloc)
	ctx, cancelTimeout := context.WithTimeout(ctx, time.Minute)
	t.Cleanup(func() {
		cancelTimeout()
		cancel()
		cancelAlloc()
	})
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start %s: %v", chromium, err)
	}
	return ctx
}

// until evaluates js in the page until it returns true.
func until(t *testing.T, ctx context.Context, what, js string) {
	t.Helper()
	deadline := time.Now().Add(wait)
	for {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js))
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("never %s (last error: %v)", what, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// eval evaluates js and returns its boolean result.
func eval(t *testing.T, ctx context.Context, js string) bool {
	t.Helper()
	ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js))
	if err != nil {
		t.Fatalf("%s: %v", js, err)
	}
	return ok
}

const overlayText = `(document.getElementById('guidec-overlay')?.shadowRoot?.textContent || '')`

// TestBrowserLiveReload runs the live reload script in chromium: an edit
// reloads the page, a style sheet change swaps it without a reload, a
// broken guide shows the overlay (as text, even when the guide holds
// markup) over the last good page, and the fix clears it.
func TestBrowserLiveReload(t *testing.T) {
	ctx := newTab(t)
	root := t.TempDir()
	copyInputs(t, root)
	h := start(t, root, false)
	if err := chromedp.Do(ctx, chromedp.Navigate(h.url+"/alpha/")); err != nil {
		t.Fatal(err)
	}
	connected := `window.__guidecLiveReload?.connected === true`
	until(t, ctx, "connected", connected)
	if !eval(t, ctx, `performance.getEntriesByType('navigation')[0].serverTiming.some(t => t.name === 'guidec-build' && /^[0-9a-f]+:1$/.test(t.description))`) {
		t.Error("the page cannot tell which build it shows")
	}
	orig := h.read("guides/alpha/index.md")
	s := h.subscribe()

	eval(t, ctx, `window.__mark = 1; true`)
	h.write("guides/alpha/index.md", strings.Replace(orig, heading, heading+"\n\nBrowser sees this.", 1))
	s.waitFor("the edit", changes("alpha/index.html"))
	until(t, ctx, "reloaded with the edit", `document.body.textContent.includes('Browser sees this.') && window.__mark === undefined`)

	until(t, ctx, "connected again", connected)
	eval(t, ctx, `window.__mark = 2; true`)
	h.write("site/static/css/site.css", h.read("site/static/css/site.css")+"\nbody { outline: 3px solid rgb(1, 2, 3); }\n")
	until(t, ctx, "the new style sheet applied", `getComputedStyle(document.body).outlineColor === 'rgb(1, 2, 3)'`)
	if !eval(t, ctx, `window.__mark === 2`) {
		t.Error("a style sheet change reloaded the page")
	}

	h.write("guides/alpha/index.md", strings.Replace(orig, heading, heading+"\n\nNot shown.\n\n{{< callout >}} <img src=x onerror=\"window.__xss=1\">\nunclosed", 1))
	until(t, ctx, "the overlay shows the error", overlayText+`.includes('shortcode-unclosed')`)
	line := strings.Count(orig[:strings.Index(orig, heading)], "\n") + 5
	if !eval(t, ctx, overlayText+`.includes('guides/alpha/index.md:`+strconv.Itoa(line)+`:1') && `+overlayText+`.includes('<img src=x')`) {
		text, _ := chromedp.Run(ctx, chromedp.Evaluate[string](overlayText))
		t.Errorf("overlay text lacks the position or the excerpt:\n%s", text)
	}
	if eval(t, ctx, `window.__xss === 1 || document.body.textContent.includes('Not shown.')`) {
		t.Error("guide markup ran, or the broken version is shown")
	}

	h.write("guides/alpha/index.md", strings.Replace(orig, heading, heading+"\n\nFixed now.", 1))
	until(t, ctx, "the fix replaces the overlay", `document.body.textContent.includes('Fixed now.') && !document.getElementById('guidec-overlay')`)
}
