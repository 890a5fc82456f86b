package compose

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/testenv"
)

// namedFiles is a valid snippet naming files in every form Compose has
// (label_file, env_file short and long, extends, secrets, configs, a
// build's dockerfile): a check reads none of them.
const namedFiles = `services:
  web:
    image: nginx
    label_file: ./labels.env
    env_file:
      - app.env
      - path: ./required.env
        required: true
    extends:
      file: base.yml
      service: web
    secrets: [token]
    configs: [conf]
  app:
    build:
      context: .
      dockerfile: Dockerfile
    label_file:
      - labels.env
secrets:
  token:
    file: ./token.txt
configs:
  conf:
    file: ./conf.yml
`

var namedPaths = []string{"labels.env", "app.env", "required.env", "base.yml", "token.txt", "conf.yml", "Dockerfile"}

// TestNoFileRead runs the checker in a directory where every file the
// snippet names is a named pipe (opening one for reading blocks until a
// writer comes), or a directory (opening succeeds, reading fails): the
// check must neither block nor change its findings, which are those of
// the same snippet in an empty directory, none.
func TestNoFileRead(t *testing.T) {
	g, _ := embed(namedFiles, false, false)
	for _, kind := range []string{"empty", "fifo", "directory"} {
		t.Run(kind, func(t *testing.T) {
			dir := t.TempDir()
			for _, name := range namedPaths {
				p := filepath.Join(dir, name)
				var err error
				switch kind {
				case "fifo":
					err = syscall.Mkfifo(p, 0o600)
				case "directory":
					err = os.Mkdir(p, 0o700)
				}
				if err != nil {
					t.Skipf("cannot make %s: %v", p, err)
				}
			}
			t.Chdir(dir)
			done := make(chan diag.List, 1)
			go func() {
				_, snips := testenv.ScanGuide("guide.md", []byte(g))
				done <- runChecker(snips)
			}()
			select {
			case got := <-done:
				if len(got) != 0 {
					var s []string
					for _, d := range got {
						s = append(s, format(d))
					}
					t.Fatalf("want no finding, got %q", s)
				}
			case <-time.After(20 * time.Second):
				// The goroutine stays blocked in open(2); the test binary ends.
				t.Fatal("the check blocked on a file the snippet names")
			}
		})
	}
}
