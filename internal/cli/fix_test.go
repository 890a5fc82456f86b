package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/guidec/guidec"
	"github.com/guidec/guidec/internal/build"
	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/source"
)

// fixGuide is a guide whose configuration snippet holds provider entries
// (indented for the provider's keys) and one client with client keys.
func fixGuide(provider, clientKeys string) string {
	return "---\ntitle: \"App\"\n---\n\n## Configuration\n\n```yaml {title=\"configuration.yml\"}\n" +
		"identity_providers:\n  oidc:\n" + provider +
		"    clients:\n      - " + clientKeys + "\n        public: true\n        redirect_uris:\n          - 'https://app.example.com/callback'\n```\n"
}

// checkDir runs the check over the guides in dir as `guidec check` does.
func checkDir(t *testing.T, dir string) (build.Options, diag.List) {
	t.Helper()
	opt := build.Options{Source: os.DirFS(dir), SourceName: filepath.ToSlash(dir), Site: guidec.Site(),
		Shortcodes: guidec.Shortcodes(), Check: true, Jobs: 1}
	res, err := build.Run(context.Background(), opt)
	if err != nil {
		t.Fatal(err)
	}
	return opt, res.Diags
}

// TestFixLineEndsAndShapes applies the Authelia key fixes to guides saved
// with each kind of line end, with the deprecated key's value on its line,
// on the next one, after a blank line, as a block scalar, or as a mapping
// (which the rename cannot make right: it is refused). A kept fix must give
// exactly the expected file, in the file's own line ends, which checks
// clean; a refused one must leave the file byte for byte.
func TestFixLineEndsAndShapes(t *testing.T) {
	const id = "client_id: 'app'"
	tests := []struct {
		name             string
		provider, client string // before
		wantP, wantC     string // after; "" when the fix is refused
	}{
		{"client key on its line", "", "id: 'app'", "", id},
		{"client key with its value next line", "", "id:\n          'app'", "", "client_id:\n          'app'"},
		{"lifespan on its line", "    access_token_lifespan: '1h'\n", id, "    lifespans:\n      access_token: '1h'\n", id},
		{"lifespan value on the next line", "    access_token_lifespan:\n      '1h'\n", id, "    lifespans:\n      access_token:\n        '1h'\n", id},
		{"lifespan value after a blank line", "    access_token_lifespan:\n\n      1h\n", id, "    lifespans:\n      access_token:\n\n        1h\n", id},
		{"lifespan block scalar", "    access_token_lifespan: >-\n      1h\n", id, "    lifespans:\n      access_token: >-\n        1h\n", id},
		{"lifespan and client key together", "    id_token_lifespan:\n      2h\n", "id:\n          'app'", "    lifespans:\n      id_token:\n        2h\n", "client_id:\n          'app'"},
		{"lifespan mapping is refused", "    access_token_lifespan:\n      nested: 1h\n", id, "", ""},
	}
	eols := map[string]string{"LF": "\n", "CRLF": "\r\n", "CR": "\r", "BOM+CRLF": "\r\n"}
	for _, tt := range tests {
		for _, eolName := range []string{"LF", "CRLF", "CR", "BOM+CRLF"} {
			eol := eols[eolName]
			t.Run(tt.name+"/"+eolName, func(t *testing.T) {
				conv := func(s string) string {
					s = strings.ReplaceAll(s, "\n", eol)
					if strings.HasPrefix(eolName, "BOM") {
						s = "\uFEFF" + s
					}
					return s
				}
				dir := t.TempDir()
				path := filepath.Join(dir, "app", "index.md")
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				before := conv(fixGuide(tt.provider, tt.client))
				if err := os.WriteFile(path, []byte(before), 0o640); err != nil {
					t.Fatal(err)
				}
				opt, l := checkDir(t, dir)
				var log bytes.Buffer
				rest, n, err := applyFixesWith(l, &log, &opt)
				if err != nil {
					t.Fatal(err)
				}
				got, _ := os.ReadFile(path)
				want := before
				if tt.wantC != "" {
					want = conv(fixGuide(tt.wantP, tt.wantC))
				}
				if string(got) != want {
					t.Errorf("file after --fix:\n%q\nwant\n%q\nlog:\n%s", got, want, log.String())
				}
				if tt.wantC == "" {
					if n != 0 || !strings.Contains(log.String(), "fix refused [authelia-deprecated-key]") {
						t.Errorf("fix not refused: %d applied, log:\n%s", n, log.String())
					}
					if len(rest) != len(l) {
						t.Errorf("%d diagnostics remain of %d", len(rest), len(l))
					}
					return
				}
				if n == 0 {
					t.Fatalf("no fix applied; log:\n%s", log.String())
				}
				if st, err := os.Stat(path); err != nil || runtime.GOOS != "windows" && st.Mode().Perm() != 0o640 {
					t.Errorf("mode after --fix: %v %v", st.Mode(), err)
				}
				_, after := checkDir(t, dir)
				for _, d := range after {
					if d.Severity == diag.Error || d.Code == "authelia-deprecated-key" {
						t.Errorf("after --fix: %s:%d: %s %s", d.File.Name, d.Start().Line, d.Code, d.Message)
					}
				}
			})
		}
	}
}

// TestFixRefusesLinksAndChanges checks that --fix writes no file through a
// symbolic link and none that changed since it was checked.
func TestFixRefusesLinksAndChanges(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "target.yaml")
	link := filepath.Join(dir, "site.yaml")
	content := []byte("titel: x\n")
	if err := os.WriteFile(target, content, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, link); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	fixList := func(name string) diag.List {
		f := source.NewFile(name, content)
		return diag.List{{File: f, Span: source.Span{Start: 0, End: 5}, Severity: diag.Warning, Code: "config-unknown-key",
			Message: "unknown key", Fix: &diag.Fix{Message: "rename to title", Edits: []diag.Edit{{Span: source.Span{Start: 0, End: 5}, NewText: "title"}}}}}
	}
	var log bytes.Buffer
	if _, n, err := applyFixes(fixList(link), &log); err != nil || n != 0 || !strings.Contains(log.String(), "symbolic link") {
		t.Errorf("fix through a link: %d applied, err %v, log %s", n, err, log.String())
	}
	if b, _ := os.ReadFile(target); !bytes.Equal(b, content) {
		t.Errorf("link target written: %q", b)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("link replaced: %v %v", fi, err)
	}
	// The regular file is fixed, then a stale list is an error.
	log.Reset()
	if _, n, err := applyFixes(fixList(target), &log); err != nil || n != 1 {
		t.Fatalf("fix of the file: %d applied, err %v, log %s", n, err, log.String())
	}
	if b, _ := os.ReadFile(target); string(b) != "title: x\n" {
		t.Errorf("fixed file %q", b)
	}
	if _, _, err := applyFixes(fixList(target), &log); err == nil || !strings.Contains(err.Error(), "changed while guidec was checking it") {
		t.Errorf("stale fix: err %v", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 2 {
		t.Errorf("temporary files left: %v", entries)
	}
}

// TestLineEnds pins how inserted text takes the line ends of its place.
func TestLineEnds(t *testing.T) {
	tests := []struct {
		content string
		off     int
		want    string
	}{
		{"a\r\nb\r\n", 0, "\r\n"}, {"a\rb", 2, "\r"}, {"a\nb\r\nc", 3, "\r\n"}, {"a\r\nb", 3, "\r\n"}, {"ab", 1, "\n"},
	}
	for _, tt := range tests {
		if got := eolAt([]byte(tt.content), tt.off); got != tt.want {
			t.Errorf("eolAt(%q, %d) = %q, want %q", tt.content, tt.off, got, tt.want)
		}
	}
	if got := withLineEnds("a:\n  b\r\n  c\rd", "\r\n"); got != "a:\r\n  b\r\n  c\r\nd" {
		t.Errorf("withLineEnds = %q", got)
	}
}

// TestFixKeepsGoodFixesOnly gives --fix, beside a real fix, one that would
// break the snippet's YAML and one that would break the front matter: the
// real fix is applied, the two others are refused with the problem they
// would cause, and the file is otherwise untouched.
func TestFixKeepsGoodFixesOnly(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "app", "index.md")
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	before := fixGuide("", "id: 'app'")
	if err := os.WriteFile(path, []byte(before), 0o644); err != nil {
		t.Fatal(err)
	}
	opt, l := checkDir(t, dir)
	if len(l) == 0 {
		t.Fatal("no diagnostics")
	}
	f := l[0].File
	bad := func(code, at, text string) diag.Diagnostic {
		off := strings.Index(before, at)
		return diag.Diagnostic{File: f, Span: source.Span{Start: off, End: off}, Severity: diag.Warning, Code: code,
			Message: "synthetic", Fix: &diag.Fix{Message: "insert " + text, Edits: []diag.Edit{{Span: source.Span{Start: off, End: off}, NewText: text}}}}
	}
	l = append(l, bad("test-yaml", "  oidc:", "  [\n"), bad("test-frontmatter", "title:", "- "))
	var log bytes.Buffer
	_, n, err := applyFixesWith(l, &log, &opt)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(path)
	if want := fixGuide("", "client_id: 'app'"); n != 1 || string(got) != want {
		t.Errorf("%d fixes applied, file:\n%s\nwant\n%s\nlog:\n%s", n, got, want, log.String())
	}
	for _, want := range []string{"fix refused [test-yaml]: insert", "new yaml-syntax at 9:", "fix refused [test-frontmatter]", "new frontmatter-"} {
		if !strings.Contains(log.String(), want) {
			t.Errorf("log lacks %q:\n%s", want, log.String())
		}
	}
}
