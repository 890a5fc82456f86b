package serve

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/guidec/guidec/internal/build"
	"github.com/guidec/guidec/internal/publish"
)

const heading = "## Tested Versions"

// TestServeEditReload fetches a page, edits its guide, receives the event
// and fetches the new page.
func TestServeEditReload(t *testing.T) {
	root := t.TempDir()
	copyInputs(t, root)
	h := start(t, root, true)
	code, body, hdr := h.get("/alpha/")
	if code != http.StatusOK || !strings.Contains(body, pathScript) {
		t.Fatalf("GET /alpha/: %d, live reload script present: %v", code, strings.Contains(body, pathScript))
	}
	if cc := hdr.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("Cache-Control %q", cc)
	}
	s := h.subscribe()
	h.write("guides/alpha/index.md", strings.Replace(h.read("guides/alpha/index.md"), heading, heading+"\n\nFreshly edited paragraph.", 1))
	ev := s.waitFor("alpha/index.html changed", changes("alpha/index.html"))
	if ev.Seq <= s.hello.Seq || ev.CSS || ev.All {
		t.Errorf("event %+v after hello %+v", ev, s.hello)
	}
	if _, body, _ := h.get("/alpha/"); !strings.Contains(body, "Freshly edited paragraph.") {
		t.Error("the page does not show the edit")
	}
	if !strings.Contains(h.log.String(), "rendered alpha") {
		t.Errorf("terminal log does not report the rebuild:\n%s", h.log.String())
	}
}

// TestServeEditorSaves covers the ways editors save a file.
func TestServeEditorSaves(t *testing.T) {
	root := t.TempDir()
	copyInputs(t, root)
	h := start(t, root, false)
	s := h.subscribe()
	file := h.path("guides/alpha/index.md")
	saves := []struct {
		name string
		save func(content string) error
	}{
		{"write to a temporary file, then rename", func(c string) error {
			tmp := h.path("guides/alpha/.index.md.tmp123")
			if err := os.WriteFile(tmp, []byte(c), 0o644); err != nil {
				return err
			}
			return os.Rename(tmp, file)
		}},
		{"backup by rename, write anew, delete the backup", func(c string) error {
			if err := os.Rename(file, file+"~"); err != nil {
				return err
			}
			if err := os.WriteFile(file, []byte(c), 0o644); err != nil {
				return err
			}
			return os.Remove(file + "~")
		}},
		{"truncate, then write in pieces", func(c string) error {
			f, err := os.OpenFile(file, os.O_WRONLY|os.O_TRUNC, 0)
			if err != nil {
				return err
			}
			half := len(c) / 2
			if _, err := f.WriteString(c[:half]); err != nil {
				return err
			}
			if _, err := f.WriteString(c[half:]); err != nil {
				return err
			}
			return f.Close()
		}},
		{"write, then chmod", func(c string) error {
			if err := os.WriteFile(file, []byte(c), 0o600); err != nil {
				return err
			}
			return os.Chmod(file, 0o644)
		}},
	}
	orig := h.read("guides/alpha/index.md")
	for i, sv := range saves {
		marker := fmt.Sprintf("Saved the %d-th way.", i)
		if err := sv.save(strings.Replace(orig, heading, heading+"\n\n"+marker, 1)); err != nil {
			t.Fatalf("%s: %v", sv.name, err)
		}
		s.waitFor(sv.name, changes("alpha/index.html"))
		// The save may come as several builds; the last one shows it.
		deadline := time.Now().Add(wait)
		for {
			_, body, _ := h.get("/alpha/")
			if strings.Contains(body, marker) && !strings.Contains(body, "index.md~") {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s: the page never showed the save", sv.name)
			}
			s.waitFor("another build", func(event) bool { return true })
		}
	}
	if code, _, _ := h.get("/alpha/index.md~"); code != http.StatusNotFound {
		t.Errorf("the deleted backup is still served: %d", code)
	}
}

// TestServeGuidesComeAndGo adds, renames and deletes guides.
func TestServeGuidesComeAndGo(t *testing.T) {
	root := t.TempDir()
	copyInputs(t, root)
	h := start(t, root, false)
	s := h.subscribe()

	if err := os.Mkdir(h.path("guides/newapp"), 0o755); err != nil {
		t.Fatal(err)
	}
	h.write("guides/newapp/index.md", "---\ntitle: \"Brand New App\"\n---\n\nSee [Alpha](../alpha/).\n")
	h.write("guides/newapp/img/shot.png", "\x89PNG\r\n\x1a\nfake")
	s.waitFor("a new guide", changes("newapp/index.html", "newapp/img/shot.png"))
	if code, body, _ := h.get("/newapp/"); code != http.StatusOK || !strings.Contains(body, "Brand New App") {
		t.Fatalf("new guide: %d", code)
	}
	if _, home, _ := h.get("/"); !strings.Contains(home, "Brand New App") {
		t.Error("home page does not list the new guide")
	}

	if err := os.Rename(h.path("guides/newapp"), h.path("guides/renamed")); err != nil {
		t.Fatal(err)
	}
	s.waitFor("the renamed guide", changes("newapp/index.html", "renamed/index.html"))
	if code, _, _ := h.get("/newapp/"); code != http.StatusNotFound {
		t.Errorf("old name after rename: %d", code)
	}
	if code, _, _ := h.get("/renamed/img/shot.png"); code != http.StatusOK {
		t.Errorf("new name's resource after rename: %d", code)
	}
	// The watch follows the renamed directory.
	h.write("guides/renamed/index.md", "---\ntitle: \"Renamed App\"\n---\n\nText.\n")
	s.waitFor("an edit in the renamed guide", changes("renamed/index.html"))

	if err := os.RemoveAll(h.path("guides/renamed")); err != nil {
		t.Fatal(err)
	}
	s.waitFor("the deleted guide", changes("renamed/index.html"))
	if code, _, _ := h.get("/renamed/"); code != http.StatusNotFound {
		t.Errorf("deleted guide: %d", code)
	}
	if _, home, _ := h.get("/"); strings.Contains(home, "Renamed App") {
		t.Error("home page still lists the deleted guide")
	}
}

// TestServeBrokenShortcode introduces a broken shortcode and fixes it: the
// overlay's diagnostics come and go while the last good page is served.
func TestServeBrokenShortcode(t *testing.T) {
	root := t.TempDir()
	copyInputs(t, root)
	h := start(t, root, false)
	s := h.subscribe()
	_, good, _ := h.get("/alpha/")
	orig := h.read("guides/alpha/index.md")
	h.write("guides/alpha/index.md", strings.Replace(orig, heading, heading+"\n\nNot yet visible.\n\n{{< callout >}}\nunclosed", 1))
	ev := s.waitFor("alpha stale", func(ev event) bool { return slices.Contains(ev.Stale, "alpha") })
	if ev.Errors == 0 {
		t.Errorf("event reports no error: %+v", ev)
	}
	if _, body, _ := h.get("/alpha/"); body != good {
		t.Error("the last good page is not what is served")
	}
	rep := h.diagnostics("/alpha/")
	if !rep.Stale || rep.Guide != "alpha" {
		t.Errorf("report: stale %v, guide %q", rep.Stale, rep.Guide)
	}
	var found *diagRecord
	for i, d := range rep.Diagnostics {
		if d.Code == "shortcode-unclosed" {
			found = &rep.Diagnostics[i]
		}
	}
	if found == nil {
		t.Fatalf("no shortcode-unclosed in the overlay: %+v", rep.Diagnostics)
	}
	line := strings.Count(orig[:strings.Index(orig, heading)], "\n") + 5
	if found.File != "guides/alpha/index.md" || found.Line != line || found.Column != 1 || !strings.Contains(found.Excerpt, "{{< callout >}}") {
		t.Errorf("diagnostic at %s:%d:%d excerpt %q, want guides/alpha/index.md:%d:1", found.File, found.Line, found.Column, found.Excerpt, line)
	}
	if !strings.Contains(h.log.String(), "shortcode-unclosed") {
		t.Error("the terminal does not show the diagnostic")
	}
	// Other pages do not list alpha's diagnostics, but count them.
	if other := h.diagnostics("/gamma/"); other.Stale || other.Errors == 0 || other.Omitted == 0 {
		t.Errorf("gamma's report: %+v", other)
	}

	h.write("guides/alpha/index.md", strings.Replace(orig, heading, heading+"\n\nNow visible.", 1))
	s.waitFor("alpha fixed", func(ev event) bool { return !slices.Contains(ev.Stale, "alpha") })
	if _, body, _ := h.get("/alpha/"); !strings.Contains(body, "Now visible.") {
		t.Error("the fixed page is not served")
	}
	rep = h.diagnostics("/alpha/")
	for _, d := range rep.Diagnostics {
		if strings.HasPrefix(d.Code, "shortcode-") {
			t.Errorf("diagnostic still shown after the fix: %+v", d)
		}
	}
	if rep.Stale {
		t.Error("still stale after the fix")
	}
}

// TestServeTemplatesAndSite changes a shortcode template, a style sheet
// and a broken, then fixed, template.
func TestServeTemplatesAndSite(t *testing.T) {
	root := t.TempDir()
	copyInputs(t, root)
	h := start(t, root, false)
	s := h.subscribe()

	h.write("site/static/css/site.css", h.read("site/static/css/site.css")+"\n.x { color: red; }\n")
	ev := s.waitFor("a style sheet change", changes("css/site.css"))
	if !ev.CSS || len(ev.Changed) != 1 {
		t.Errorf("style sheet change: %+v", ev)
	}

	callout := h.read("shortcodes/callout.html")
	h.write("shortcodes/callout.html", callout+"<hr class=\"changed-template\">")
	s.waitFor("the pages using callout", changes("gamma/index.html"))
	if _, body, _ := h.get("/gamma/"); !strings.Contains(body, "changed-template") {
		t.Error("the page does not use the new template")
	}

	// A template that does not load fails the pages that call it, which
	// keep their last good page; the overlay names the template.
	h.write("shortcodes/callout.html", callout+"{{ if }}")
	s.waitFor("the pages calling callout stale", func(ev event) bool { return slices.Contains(ev.Stale, "gamma") })
	rep := h.diagnostics("/gamma/")
	named := false
	for _, d := range rep.Diagnostics {
		named = named || d.Code == "shortcode-template-error" && strings.Contains(d.Message, "callout.html")
	}
	if !rep.Stale || !named {
		t.Errorf("overlay does not name the template: %+v", rep)
	}
	if code, _, _ := h.get("/gamma/"); code != http.StatusOK {
		t.Errorf("the previous page is not served: %d", code)
	}
	h.write("shortcodes/callout.html", callout)
	s.waitFor("the fixed template", func(ev event) bool { return !slices.Contains(ev.Stale, "gamma") })
	if _, body, _ := h.get("/gamma/"); strings.Contains(body, "changed-template") {
		t.Error("the page still uses the old template")
	}
}

// TestServeConcurrentRequests fetches pages without pause while guides are
// edited, added and removed: every response is a whole page of a whole
// site (run with -race).
func TestServeConcurrentRequests(t *testing.T) {
	root := t.TempDir()
	copyInputs(t, root)
	h := start(t, root, false)
	s := h.subscribe()
	var stop atomic.Bool
	var wg sync.WaitGroup
	var fetched atomic.Int64
	errs := make(chan error, 16)
	for _, p := range []string{"/", "/alpha/", "/beta/", "/index.json", "/sitemap.xml"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !stop.Load() {
				resp, err := http.Get(h.url + p)
				if err != nil {
					errs <- err
					return
				}
				body := new(strings.Builder)
				_, err = bufio.NewReader(resp.Body).WriteTo(body)
				resp.Body.Close()
				if err == nil && resp.StatusCode != http.StatusOK {
					err = fmt.Errorf("%s: status %d", p, resp.StatusCode)
				}
				if err == nil && !complete(p, body.String()) {
					err = fmt.Errorf("%s: incomplete response of %d bytes", p, body.Len())
				}
				if err != nil {
					errs <- err
					return
				}
				fetched.Add(1)
			}
		}()
	}
	orig := h.read("guides/alpha/index.md")
	for i := range 6 {
		// Alternate edits of the body (some pages) and of the title (every
		// page: navigation, home page, index).
		text := strings.Replace(orig, heading, heading+fmt.Sprintf("\n\nEdit %d.", i), 1)
		if i%2 == 1 {
			text = strings.Replace(text, "\ntitle: \"", fmt.Sprintf("\ntitle: \"T%d ", i), 1)
		}
		h.write("guides/alpha/index.md", text)
		h.write(fmt.Sprintf("guides/extra-%d/index.md", i), "---\ntitle: \"Extra\"\n---\n\nx\n")
		s.waitFor("the edit", changes(fmt.Sprintf("extra-%d/index.html", i)))
	}
	stop.Store(true)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if fetched.Load() < 10 {
		t.Errorf("only %d requests completed", fetched.Load())
	}
}

// complete reports whether body is a whole file of its kind.
func complete(p, body string) bool {
	switch {
	case strings.HasSuffix(p, "/"):
		return strings.HasPrefix(body, "<!DOCTYPE html>") && strings.HasSuffix(strings.TrimSpace(body), "</html>")
	case strings.HasSuffix(p, ".json"):
		return strings.HasPrefix(body, "[") && strings.HasSuffix(strings.TrimSpace(body), "]")
	case strings.HasSuffix(p, ".xml"):
		return strings.HasSuffix(strings.TrimSpace(body), "</urlset>")
	}
	return body != ""
}

// TestServeSwapsWholeSnapshots checks the handler against snapshots swapped
// while requests run: each response comes from one snapshot.
func TestServeSwapsWholeSnapshots(t *testing.T) {
	s := New(Options{})
	snaps := make([]*build.Snapshot, 4)
	for i := range snaps {
		page := fmt.Sprintf("<!DOCTYPE html><p>%d</p></html>", i)
		snaps[i] = &build.Snapshot{Seq: i + 1, Files: map[string][]byte{"index.html": []byte(page), "a/index.html": []byte(page)}}
	}
	s.snap.Store(snaps[0])
	var wg sync.WaitGroup
	var stop atomic.Bool
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; !stop.Load(); i++ {
			s.snap.Store(snaps[i%len(snaps)])
		}
	}()
	for range 2000 {
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, localRequest("GET", "/a/"))
		if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Body.String(), "<!DOCTYPE html><p>") {
			t.Fatalf("status %d body %q", rec.Code, rec.Body.String())
		}
	}
	stop.Store(true)
	wg.Wait()
}

// TestServeShutdown cancels the server with an event stream open: Serve
// returns promptly and the stream ends.
func TestServeShutdown(t *testing.T) {
	root := t.TempDir()
	copyInputs(t, root)
	h := start(t, root, false)
	s := h.subscribe()
	start := time.Now()
	h.stop()
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("shutdown took %s", d)
	}
	select {
	case _, open := <-s.events:
		if open {
			t.Error("an event after shutdown")
		}
	case <-time.After(wait):
		t.Error("the event stream did not end")
	}
	if _, err := http.Get(h.url + "/"); err == nil {
		t.Error("the server still answers after shutdown")
	}
}

// TestListenPortInUse checks the error for a taken port.
func TestListenPortInUse(t *testing.T) {
	ln, err := Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	_, err = Listen(ln.Addr().String())
	if !errors.Is(err, ErrAddrInUse) || !strings.Contains(err.Error(), "--addr") {
		t.Fatalf("second listen: %v", err)
	}
	var op *net.OpError
	if errors.As(err, &op) {
		t.Errorf("the raw network error leaks through: %v", err)
	}
}

// TestLiveReloadNotInBuild checks that `guidec build` output has no trace
// of the live reload script, which the served pages have.
func TestLiveReloadNotInBuild(t *testing.T) {
	root := t.TempDir()
	copyInputs(t, root)
	mem := &publish.MemOutput{}
	_, err := build.Run(context.Background(), build.Options{
		Source: os.DirFS(root + "/guides"), SourceName: "guides",
		Shortcodes: os.DirFS(root + "/shortcodes"), Site: os.DirFS(root + "/site"), Output: mem,
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(mem.Names()) < 5 {
		t.Fatalf("build wrote %d files", len(mem.Names()))
	}
	for _, n := range mem.Names() {
		if b, _ := mem.File(n); strings.Contains(string(b), "__guidec") {
			t.Errorf("%s mentions __guidec", n)
		}
	}
	h := start(t, root, false)
	for _, p := range []string{"/", "/alpha/", "/does-not-exist/"} {
		if _, body, _ := h.get(p); !strings.Contains(body, pathScript) {
			t.Errorf("%s: served without the live reload script", p)
		}
	}
}

// TestServeReplacedInputs replaces the guides as git checkout or a sync
// tool does (rm -rf && cp -r, a copy renamed in), then the site and
// shortcodes directories: every time the site is rebuilt from the new
// directory, and later edits in it are still noticed.
func TestServeReplacedInputs(t *testing.T) {
	root := t.TempDir()
	copyInputs(t, root)
	h := start(t, root, false)
	s := h.subscribe()
	// other is a copy of the guides edited elsewhere.
	other := func(text string) string {
		dir := filepath.Join(t.TempDir(), "other")
		copyTree(t, h.path("guides"), dir)
		p := filepath.Join(dir, "alpha", "index.md")
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(strings.Replace(string(b), heading, heading+"\n\n"+text, 1)), 0o644); err != nil {
			t.Fatal(err)
		}
		return dir
	}
	shows := func(text string) {
		t.Helper()
		s.waitFor(text, func(event) bool {
			_, body, _ := h.get("/alpha/")
			return strings.Contains(body, text)
		})
	}
	edit := func(text string) {
		t.Helper()
		h.write("guides/alpha/index.md", strings.Replace(h.read("guides/alpha/index.md"), heading, heading+"\n\n"+text, 1))
		shows(text)
	}

	// rm -rf guides && cp -r other guides
	src := other("Copied over the deleted tree.")
	if err := os.RemoveAll(h.path("guides")); err != nil {
		t.Fatal(err)
	}
	copyTree(t, src, h.path("guides"))
	shows("Copied over the deleted tree.")
	edit("Edited after rm -rf and cp -r.")

	// mv guides guides.old && mv other guides
	src = other("Renamed in place of the tree.")
	if err := os.Rename(h.path("guides"), h.path("guides.old")); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(src, h.path("guides")); err != nil {
		t.Fatal(err)
	}
	shows("Renamed in place of the tree.")
	edit("Edited after a rename over.")
	if log := h.log.String(); !strings.Contains(log, "was replaced") && !strings.Contains(log, "is back") {
		t.Errorf("the log does not say the guides were replaced:\n%s", log)
	}

	// The site and shortcodes directories, replaced by copies.
	for _, dir := range []string{"site", "shortcodes"} {
		saved := filepath.Join(t.TempDir(), dir)
		copyTree(t, h.path(dir), saved)
		if err := os.RemoveAll(h.path(dir)); err != nil {
			t.Fatal(err)
		}
		copyTree(t, saved, h.path(dir))
	}
	h.write("site/static/css/site.css", h.read("site/static/css/site.css")+"\n.replaced { color: red; }\n")
	s.waitFor("a style sheet edited in the new site directory", func(event) bool {
		_, css, _ := h.get("/css/site.css")
		return strings.Contains(css, ".replaced")
	})
	h.write("shortcodes/callout.html", h.read("shortcodes/callout.html")+"<hr class=\"replaced-template\">")
	s.waitFor("a template edited in the new shortcodes directory", func(event) bool {
		_, body, _ := h.get("/gamma/")
		return strings.Contains(body, "replaced-template")
	})
}

// TestServeSourceGoneAndBack deletes the guides for good: the server keeps
// the last site, says why in the log and the overlay, builds nothing, and
// resumes when the guides come back.
func TestServeSourceGoneAndBack(t *testing.T) {
	root := t.TempDir()
	copyInputs(t, root)
	h := start(t, root, false)
	s := h.subscribe()
	saved := filepath.Join(t.TempDir(), "guides")
	copyTree(t, h.path("guides"), saved)
	if err := os.RemoveAll(h.path("guides")); err != nil {
		t.Fatal(err)
	}
	// Builds may run while rm -rf deletes file after file; none runs once
	// the directory is gone.
	ev := s.waitFor("the guides gone", func(ev event) bool { return len(ev.Missing) > 0 })
	if len(ev.Changed) != 0 || ev.All {
		t.Errorf("event for the guides gone: %+v, want no build", ev)
	}
	gone := ev.Seq
	if rep := h.diagnostics("/alpha/"); len(rep.Missing) != 1 || !strings.HasSuffix(rep.Missing[0], "guides") {
		t.Errorf("overlay: missing %q", rep.Missing)
	}
	if code, _, _ := h.get("/alpha/"); code != http.StatusOK {
		t.Errorf("the last site is not served: %d", code)
	}
	if log := h.log.String(); !strings.Contains(log, "guides is gone") {
		t.Errorf("the log does not say the guides are gone:\n%s", log)
	}
	// A change elsewhere builds nothing either, and is not lost.
	h.write("site/static/css/site.css", h.read("site/static/css/site.css")+"\n.while-gone { color: red; }\n")
	time.Sleep(200 * time.Millisecond)
	if _, after, _ := strings.Cut(h.log.String(), "is gone"); strings.Contains(after, "build ") {
		t.Errorf("a build ran without the guides:\n%s", h.log.String())
	}

	copyTree(t, saved, h.path("guides"))
	ev = s.waitFor("the guides back", func(ev event) bool { return ev.Seq > gone })
	if len(ev.Missing) != 0 {
		t.Errorf("event after the guides came back: %+v", ev)
	}
	if _, css, _ := h.get("/css/site.css"); !strings.Contains(css, ".while-gone") {
		t.Error("the change made while the guides were gone is not built")
	}
	if rep := h.diagnostics("/alpha/"); len(rep.Missing) != 0 {
		t.Errorf("overlay after the guides came back: missing %q", rep.Missing)
	}
	if log := h.log.String(); !strings.Contains(log, "guides is back") {
		t.Errorf("the log does not say the guides are back:\n%s", log)
	}
	h.write("guides/alpha/index.md", strings.Replace(h.read("guides/alpha/index.md"), heading, heading+"\n\nBack again.", 1))
	s.waitFor("an edit after the guides came back", changes("alpha/index.html"))
}
