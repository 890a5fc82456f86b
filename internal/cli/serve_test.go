package cli

import (
	"bytes"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestServeUsageErrors checks the exit code and message of serve's usage
// errors: a taken port, a malformed address, an unexpected argument and a
// missing source directory, an --allowed-host that is no host name.
func TestServeUsageErrors(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	src := t.TempDir()
	if err := os.MkdirAll(filepath.Join(src, "a"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--source", src, "--check=false", "--addr", ln.Addr().String()}, "is taken (is another guidec serve running?)"},
		{[]string{"--source", src, "--addr", "1313"}, "--addr"},
		{[]string{"--source", src, "extra"}, `unexpected argument "extra"`},
		{[]string{"--source", filepath.Join(src, "missing")}, "--source"},
		{[]string{"--source", src, "--allowed-host", "guides.lan:1313"}, "--allowed-host"},
		{[]string{"--source", src, "--allowed-host", "http://guides.lan"}, "--allowed-host"},
	} {
		var stdout, stderr bytes.Buffer
		if code := Main(append([]string{"serve"}, c.args...), &stdout, &stderr); code != exitUsage {
			t.Errorf("serve %v: exit %d, want %d\n%s", c.args, code, exitUsage, stderr.String())
		}
		if !strings.Contains(stderr.String(), c.want) {
			t.Errorf("serve %v: stderr lacks %q:\n%s", c.args, c.want, stderr.String())
		}
	}
}

// TestServeWarnsBeyondLoopback checks the warning for a public address.
func TestServeWarnsBeyondLoopback(t *testing.T) {
	for _, c := range []struct {
		addr string
		warn bool
	}{{"127.0.0.1:1313", false}, {"localhost:1313", false}, {"[::1]:1313", false}, {"0.0.0.0:1313", true}, {":1313", true}, {"192.0.2.1:80", true}} {
		var stderr bytes.Buffer
		if err := checkLoopback(c.addr, &stderr); err != nil {
			t.Fatalf("%s: %v", c.addr, err)
		}
		if got := strings.Contains(stderr.String(), "warning"); got != c.warn {
			t.Errorf("%s: warning %v, want %v", c.addr, got, c.warn)
		}
	}
}

// TestServeAllowedHosts checks the names the server is told to answer
// besides loopback ones: the --allowed-host flags, and --addr's host when
// it is a name rather than an address.
func TestServeAllowedHosts(t *testing.T) {
	for _, c := range []struct {
		addr  string
		flags []string
		want  []string
	}{
		{"127.0.0.1:1313", nil, nil},
		{":1313", nil, nil},
		{"0.0.0.0:1313", []string{"mybox.lan", "10.0.0.7"}, []string{"mybox.lan", "10.0.0.7"}},
		{"mybox.lan:1313", nil, []string{"mybox.lan"}},
		{"[::1]:1313", []string{"a.lan", "b.lan"}, []string{"a.lan", "b.lan"}},
	} {
		got, err := allowedHosts(c.addr, c.flags)
		if err != nil || !slices.Equal(got, c.want) {
			t.Errorf("allowedHosts(%q, %q) = %q, %v; want %q", c.addr, c.flags, got, err, c.want)
		}
	}
	if _, err := allowedHosts("127.0.0.1:1313", []string{"ok.lan", "bad.lan:80"}); err == nil {
		t.Error("a host with a port is accepted")
	}
}

// TestServeWatchesProjectDirs: serving a Hugo project watches its
// layouts/ and data/ (present or not) and the template directories of its
// themes; a folder of guides has none of them.
func TestServeWatchesProjectDirs(t *testing.T) {
	root := t.TempDir()
	for _, f := range []string{"hugo.toml", "content/a/index.md", "layouts/_shortcodes/x.html", "themes/t/layouts/_partials/p.html"} {
		p := filepath.Join(root, filepath.FromSlash(f))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		content := "---\ntitle: A\n---\n"
		if f == "hugo.toml" {
			content = "theme = 't'\n"
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	st, err := detectSource(root, os.DirFS)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"layouts", "data", "layouts/_shortcodes", "themes/t/layouts/_partials"} {
		if !slices.Contains(st.projectDirs, filepath.Join(root, filepath.FromSlash(want))) {
			t.Errorf("projectDirs = %v, want %s among them", st.projectDirs, want)
		}
	}
	guides := filepath.Join(t.TempDir(), "guides")
	if err := os.MkdirAll(filepath.Join(guides, "a"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(guides, "a", "index.md"), []byte("---\ntitle: A\n---\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if st, err := detectSource(guides, os.DirFS); err != nil || len(st.projectDirs) > 0 {
		t.Errorf("a folder of guides: projectDirs = %v, %v; want none", st.projectDirs, err)
	}
}
