package browser

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// chromium is Debian's chromium, which .ci/run installs.
const chromium = "/usr/bin/chromium"

// testTimeout bounds each test's browser work, so that a hung page fails
// the test instead of the run.
const testTimeout = 2 * time.Minute

// newBrowser starts headless chromium with exactly the flags the project
// allows and a fresh profile, and returns a context for new tabs. It skips
// the test when chromium is absent, and fails it under CI, where chromium
// must be present.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	if _, err := os.Stat(chromium); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is required under CI: %v", chromium, err)
		}
		t.Skipf("%s is absent (%v): apt-get install chromium to run the browser tests", chromium, err)
	}
	servedSite(t)
	profile, err := os.MkdirTemp("", "guidec-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(chromium),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
		chromedp.UserDataDir(profile),
	)
	ctx, cancel := chromedp.NewContext(allocCtx)
	ctx, cancelTimeout := context.WithTimeout(ctx, testTimeout)
	t.Cleanup(func() {
		cancelTimeout()
		cancel()
		cancelAlloc()
		os.RemoveAll(profile) // after the browser exited: cancelAlloc waits for it
	})
	if err := chromedp.Do(ctx); err != nil { // starts the browser
		t.Fatalf("start %s: %v", chromium, err)
	}
	return ctx
}

// tab is one browser tab with a watcher on everything that must not
// happen on our pages.
type tab struct {
	ctx context.Context
	t   *testing.T
	w   *watcher
}

// openTab opens a tab of the browser in ctx. When the test ends, it fails
// the test for any console error, uncaught exception, dialog, failed load
// or request to a host other than 127.0.0.1 the tab saw.
func openTab(t *testing.T, browserCtx context.Context) *tab {
	t.Helper()
	w := &watcher{}
	ctx, cancel := chromedp.NewContext(browserCtx, chromedp.WithListener(w.listen))
	w.ctx = ctx
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("open tab: %v", err)
	}
	t.Cleanup(func() { w.report(t) })
	tb := &tab{ctx: ctx, t: t, w: w}
	tb.media("light")
	return tb
}

// media sets the media features the page sees: the colour scheme, and
// reduced motion always. The site scrolls smoothly otherwise, and a click
// on an element below the fold would land where it was before the scroll
// ended: the tests would test the animation rather than the page.
func (tb *tab) media(scheme string) {
	tb.t.Helper()
	tb.do(chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{
				{Name: "prefers-color-scheme", Value: scheme},
				{Name: "prefers-reduced-motion", Value: "reduce"},
			},
		})
		return err
	}))
}

// watcher collects what a tab did wrong. Its listen runs in the tab's
// event loop: it only records, under a lock, and answers dialogs from
// another goroutine.
type watcher struct {
	ctx      context.Context
	mu       sync.Mutex
	problems []string
	requests []string // every URL requested, in order
}

func (w *watcher) add(format string, args ...any) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.problems = append(w.problems, fmt.Sprintf(format, args...))
}

func (w *watcher) listen(ev any) {
	switch ev := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
			w.add("console.%s: %s", ev.Type, consoleArgs(ev.Args))
		}
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		desc := d.Text
		if d.Exception != nil && d.Exception.Description != "" {
			desc += " " + d.Exception.Description
		}
		w.add("uncaught exception at %s:%d: %s", d.URL, d.LineNumber+1, desc)
	case *log.EventEntryAdded:
		if ev.Entry.Level == log.EntryLevelError {
			w.add("browser log error: %s (%s)", ev.Entry.Text, ev.Entry.URL)
		}
	case *page.EventJavascriptDialogOpening:
		w.add("a %s dialog opened: %q", ev.Type, ev.Message)
		go chromedp.Call(w.ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
	case *network.EventRequestWillBeSent:
		w.request(ev.Request.URL)
	case *network.EventResponseReceived:
		if ev.Response.Status >= 400 {
			w.add("HTTP %d for %s", ev.Response.Status, ev.Response.URL)
		}
	case *network.EventLoadingFailed:
		if !ev.Canceled {
			w.add("loading failed (%s): %s", ev.Type, ev.ErrorText)
		}
	}
}

// request records u and flags it when it would leave the machine: every
// fetch of our pages goes to 127.0.0.1 (data: and blob: URLs stay in the
// page).
func (w *watcher) request(raw string) {
	w.mu.Lock()
	w.requests = append(w.requests, raw)
	w.mu.Unlock()
	u, err := url.Parse(raw)
	if err != nil {
		w.add("request to an unparsable URL %q", raw)
		return
	}
	if u.Scheme == "data" || u.Scheme == "blob" || u.Scheme == "about" {
		return
	}
	if u.Hostname() != "127.0.0.1" {
		w.add("request leaves 127.0.0.1: %s", raw)
	}
}

func (w *watcher) requested(pathSuffix string) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, r := range w.requests {
		if u, err := url.Parse(r); err == nil && strings.HasSuffix(u.Path, pathSuffix) {
			return true
		}
	}
	return false
}

func (w *watcher) report(t *testing.T) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, p := range w.problems {
		t.Error(p)
	}
	if len(w.requests) == 0 {
		t.Error("the tab made no request at all: the watcher saw no network events")
	}
}

func consoleArgs(args []*runtime.RemoteObject) string {
	var parts []string
	for _, a := range args {
		switch {
		case a.Description != "":
			parts = append(parts, a.Description)
		case len(a.Value) > 0:
			parts = append(parts, string(a.Value))
		default:
			parts = append(parts, string(a.Type))
		}
	}
	return strings.Join(parts, " ")
}

// Actions of a tab. Each fails the test on error: a page that cannot be
// driven is a failure, whatever the cause.

func (tb *tab) do(steps ...chromedp.Action[chromedp.Void]) {
	tb.t.Helper()
	if err := chromedp.Do(tb.ctx, steps...); err != nil {
		tb.t.Fatal(err)
	}
}

// open navigates to u and waits until the page's script has run (it runs
// deferred, before DOMContentLoaded, which Navigate waits for through the
// load event).
func (tb *tab) open(u string) {
	tb.t.Helper()
	tb.do(chromedp.Navigate(u))
}

// eval evaluates a JavaScript expression in the page and decodes its value.
func eval[T any](tb *tab, expr string) T {
	tb.t.Helper()
	v, err := chromedp.Run(tb.ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		tb.t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

// waitFor polls a JavaScript predicate until it holds.
func (tb *tab) waitFor(what, predicate string) {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, 10*time.Second)
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.Poll[chromedp.Void](predicate, chromedp.WithPollingInterval(50*time.Millisecond))); err != nil {
		tb.t.Fatalf("waiting for %s (%s): %v", what, predicate, err)
	}
}

// typeInto replaces the value of the field sel by typing text, key by key,
// as a reader does: every key fires an input event. The old value is
// removed without an event, as selecting it all before typing would.
func (tb *tab) typeInto(sel, text string) {
	tb.t.Helper()
	eval[chromedp.Void](tb, `document.querySelector('`+sel+`').value = ''`)
	tb.do(chromedp.SendKeys(chromedp.CSS(sel), text))
}

// viewport sets the window size and colour scheme the page sees.
func (tb *tab) viewport(width, height int64, scheme string) {
	tb.t.Helper()
	tb.do(chromedp.EmulateViewport(width, height))
	tb.media(scheme)
}

// grantClipboard lets pages of the site read and write the clipboard, as
// a reader's click on a copy button does.
func grantClipboard(t *testing.T, browserCtx context.Context, origin string) {
	t.Helper()
	for _, name := range []string{"clipboard-read", "clipboard-write"} {
		_, err := chromedp.CallBrowser(browserCtx, browser.SetPermission, browser.SetPermissionParams{
			Permission: &browser.PermissionDescriptor{Name: name, AllowWithoutSanitization: true},
			Setting:    browser.PermissionSettingGranted, Origin: origin,
		})
		if err != nil {
			t.Fatalf("grant %s: %v", name, err)
		}
	}
}

// setStored puts values into the site's localStorage as another tab, or an
// earlier visit, would have left them.
func (tb *tab) setStored(values map[string]string) {
	tb.t.Helper()
	b, err := json.Marshal(values)
	if err != nil {
		tb.t.Fatal(err)
	}
	eval[chromedp.Void](tb, fmt.Sprintf(`localStorage.setItem('guidec.sitevars', JSON.stringify(%s))`, b))
}

func (tb *tab) stored() map[string]string {
	tb.t.Helper()
	return eval[map[string]string](tb, `JSON.parse(localStorage.getItem('guidec.sitevars') || '{}')`)
}
