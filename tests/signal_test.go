//go:build unix

package tests

import (
	"bufio"
	"bytes"
	"net/http"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// TestServeSignals runs `guidec serve` as a process, as a writer does, and
// stops it with SIGINT and with SIGTERM: it answers until then, and then
// exits 0 after saying it stopped, promptly.
func TestServeSignals(t *testing.T) {
	if testing.Short() {
		t.Skip("builds guidec; skipped with -short")
	}
	bin := filepath.Join(t.TempDir(), "guidec")
	gobuild := exec.Command("go", "build", "-o", bin, "./cmd/guidec")
	gobuild.Dir = ".."
	if out, err := gobuild.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			cmd := exec.Command(bin, "serve", "--source", "guides", "--addr", "127.0.0.1:0", "--check=false")
			cmd.Dir = ".."
			stderr, err := cmd.StderrPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			defer cmd.Process.Kill()
			var mu sync.Mutex
			var log bytes.Buffer
			ready := make(chan string, 1)
			done := make(chan struct{})
			go func() {
				defer close(done)
				s := bufio.NewScanner(stderr)
				for s.Scan() {
					mu.Lock()
					log.WriteString(s.Text() + "\n")
					mu.Unlock()
					if m := servingRE.FindStringSubmatch(s.Text()); m != nil {
						ready <- m[1]
					}
				}
			}()
			var url string
			select {
			case url = <-ready:
			case <-time.After(30 * time.Second):
				t.Fatal("guidec serve never said where it serves")
			}
			resp, err := http.Get(url + "romm/")
			if err != nil || resp.StatusCode != http.StatusOK {
				t.Fatalf("GET %sromm/: %v %v", url, resp, err)
			}
			resp.Body.Close()
			start := time.Now()
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			<-done
			err = cmd.Wait()
			if err != nil {
				t.Errorf("after %v guidec serve exited with %v, want 0", sig, err)
			}
			if d := time.Since(start); d > 10*time.Second {
				t.Errorf("stopping took %v", d)
			}
			mu.Lock()
			defer mu.Unlock()
			if !strings.Contains(log.String(), "guidec serve: stopped") {
				t.Errorf("no clean stop reported:\n%s", log.String())
			}
		})
	}
}

var servingRE = regexp.MustCompile(`serving (http://\S+/) `)
