package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// serveResult is what a writer waits for in `guidec serve`.
type serveResult struct {
	guides  int
	guide   string          // the guide edited
	startup time.Duration   // start to "serving" (the first build, with checks)
	reload  []time.Duration // save to the build event naming the page
	page    []time.Duration // save to the new page being served
	rss     int64           // peak RSS of the server (VmHWM) after the edits
}

// sseEvent is one Server-Sent Events message and when it arrived.
type sseEvent struct {
	name string
	data string
	at   time.Time
}

// buildEvent is the part of guidec serve's "build" event that matters
// here (internal/serve/events.go).
type buildEvent struct {
	Seq     int      `json:"seq"`
	Changed []string `json:"changed"`
	All     bool     `json:"all"`
}

// readSSE parses a Server-Sent Events stream into events until r ends.
// Comments (": ping") and fields other than event and data are skipped.
func readSSE(r io.Reader, out chan<- sseEvent) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 4<<20)
	var ev sseEvent
	var data []string
	for sc.Scan() {
		line := sc.Text()
		switch {
		case line == "":
			if ev.name != "" || len(data) > 0 {
				ev.data, ev.at = strings.Join(data, "\n"), time.Now()
				if ev.name == "" {
					ev.name = "message"
				}
				out <- ev
			}
			ev, data = sseEvent{}, nil
		case strings.HasPrefix(line, ":"):
		case strings.HasPrefix(line, "event:"):
			ev.name = strings.TrimSpace(strings.TrimPrefix(line, "event:"))
		case strings.HasPrefix(line, "data:"):
			data = append(data, strings.TrimPrefix(strings.TrimPrefix(line, "data:"), " "))
		}
	}
	return sc.Err()
}

// names reports whether the build event names a file of the guide's page
// directory (or says that everything changed).
func (b buildEvent) names(dir string) bool {
	return b.All || slices.ContainsFunc(b.Changed, func(f string) bool { return strings.HasPrefix(f, dir+"/") })
}

var servingLine = regexp.MustCompile(`serving (http://\S+)`)

// measureServe starts `guidec serve` on the guides folder src (a copy the
// benchmark may edit), connects to its live reload stream as a page does,
// and saves one guide edits times: each save appends a paragraph, and is
// timed to the build event that names the guide's page and to the page
// being served with the paragraph.
func measureServe(bin, src, dir string, env []string, edits int, progress func(string)) (res serveResult, err error) {
	entries, err := filepath.Glob(filepath.Join(src, "*", "index.md"))
	if err != nil || len(entries) == 0 {
		return res, fmt.Errorf("no guides in %s", src)
	}
	slices.Sort(entries)
	res.guides = len(entries)
	file := entries[len(entries)/2]
	res.guide = filepath.Base(filepath.Dir(file))
	orig, err := os.ReadFile(file)
	if err != nil {
		return res, err
	}

	cmd := exec.Command(bin, "serve", "--source", src, "--addr", "127.0.0.1:0")
	cmd.Dir, cmd.Env = dir, env
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return res, err
	}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return res, err
	}
	defer func() {
		_ = cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
	}()
	urls := make(chan string, 1)
	var log strings.Builder
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if log.Len() < 4000 {
				log.WriteString(sc.Text() + "\n")
			}
			if m := servingLine.FindStringSubmatch(sc.Text()); m != nil {
				select {
				case urls <- m[1]:
				default:
				}
			}
		}
		close(urls)
	}()
	var base string
	select {
	case u, ok := <-urls:
		if !ok {
			return res, fmt.Errorf("guidec serve exited before serving:\n%s", log.String())
		}
		base = u
	case <-time.After(5 * time.Minute):
		return res, fmt.Errorf("guidec serve did not start within 5 minutes")
	}
	res.startup = time.Since(start)
	progress(fmt.Sprintf("  serve: first build of %d guides with checks in %s", res.guides, fmtDur(res.startup)))

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+"__guidec/events", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return res, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return res, fmt.Errorf("GET %s__guidec/events: %s", base, resp.Status)
	}
	events := make(chan sseEvent, 64)
	go func() { _ = readSSE(resp.Body, events); close(events) }()
	if _, err := nextEvent(events, "hello", 10*time.Second); err != nil {
		return res, err
	}
	pageURL := base + res.guide + "/"
	if _, err := fetch(pageURL); err != nil {
		return res, err
	}

	defer os.WriteFile(file, orig, 0o644)
	for i := 1; i <= edits; i++ {
		time.Sleep(300 * time.Millisecond) // a writer's pause: no save merges with the last
		drain(events)
		marker := fmt.Sprintf("Benchmark edit %d of benchcmp.", i)
		t0 := time.Now()
		if err := os.WriteFile(file, append(slices.Clip(orig), "\n\n"+marker+"\n"...), 0o644); err != nil {
			return res, err
		}
		var at time.Time
		for at.IsZero() {
			ev, err := nextEvent(events, "build", 30*time.Second)
			if err != nil {
				return res, err
			}
			var b buildEvent
			if err := json.Unmarshal([]byte(ev.data), &b); err != nil {
				return res, fmt.Errorf("build event %q: %v", ev.data, err)
			}
			if b.names(res.guide) {
				at = ev.at
			}
		}
		res.reload = append(res.reload, at.Sub(t0))
		for {
			body, err := fetch(pageURL)
			if err != nil {
				return res, err
			}
			if strings.Contains(body, marker) {
				break
			}
			if time.Since(t0) > 30*time.Second {
				return res, fmt.Errorf("%s never showed the edit %q", pageURL, marker)
			}
			time.Sleep(time.Millisecond)
		}
		res.page = append(res.page, time.Since(t0))
		progress(fmt.Sprintf("  save %d/%d: reload event %s, page %s (load %s)", i, edits,
			fmtDur(res.reload[i-1]), fmtDur(res.page[i-1]), loadAvg1()))
	}
	res.rss = peakRSS(cmd.Process.Pid)
	return res, nil
}

// nextEvent returns the next event called name, skipping others.
func nextEvent(events <-chan sseEvent, name string, timeout time.Duration) (sseEvent, error) {
	deadline := time.After(timeout)
	for {
		select {
		case ev, ok := <-events:
			if !ok {
				return ev, fmt.Errorf("the event stream ended while waiting for %q", name)
			}
			if ev.name == name {
				return ev, nil
			}
		case <-deadline:
			return sseEvent{}, fmt.Errorf("no %q event within %s", name, timeout)
		}
	}
}

func drain(events <-chan sseEvent) {
	for {
		select {
		case <-events:
		default:
			return
		}
	}
}

func fetch(url string) (string, error) {
	resp, err := http.Get(url)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return "", err
	}
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	return string(b), nil
}

// peakRSS returns the peak resident set size of a running process
// (VmHWM), or 0 when it cannot be read.
func peakRSS(pid int) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			f := strings.Fields(v)
			if len(f) > 0 {
				kb, _ := strconv.ParseInt(f[0], 10, 64)
				return kb * 1024
			}
		}
	}
	return 0
}
