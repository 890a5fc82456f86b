package syntax

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/guidec/guidec/internal/testenv"
)

// apacheGood is an Apache virtual host as guides write it.
const apacheGood = "LoadModule auth_openidc_module modules/mod_auth_openidc.so\n\n<VirtualHost *:443>\n  ServerName app.example.com\n" +
	"  OIDCClientID app\n\n  <Location />\n    AuthType openid-connect\n    <RequireAll>\n      Require valid-user\n    </RequireAll>\n" +
	"  </Location>\n</VirtualHost>\n"

func TestValidateApache(t *testing.T) {
	lines := strings.SplitAfter(apacheGood, "\n")
	without := func(n int) string { return strings.Join(lines[:n-1], "") + strings.Join(lines[n:], "") }
	for _, tt := range []struct {
		name, in string
		want     string // line:col of each finding
	}{
		{"good", apacheGood, ""},
		{"inner end tag dropped", without(11), "11:1"},
		{"middle end tag dropped", without(12), "12:1"},
		{"last end tag dropped", without(13), "13:1"},
		{"last end tag dropped in an excerpt", strings.Replace(without(13), "ServerName", "# ...\n  ServerName", 1), ""},
		{"start tag dropped", without(7), "7:1"},
		{"outer start tag dropped", without(3), "3:1"},
		{"end tag misspelt", strings.Replace(apacheGood, "</Location>", "</Locaton>", 1), "12:5"},
		{"start tag misspelt", strings.Replace(apacheGood, "<Location />", "<Locatoin />", 1), "7:4"},
		{"case is no defect", strings.Replace(apacheGood, "</Location>", "</location>", 1), ""},
		{"tags inside a line are not sections", "Header set X \"<b>\"\nRequire valid-user\n", ""},
		{"empty", "", ""},
		{"excerpt ending a section", "  # ...\n  Require valid-user\n</Location>\n", ""},
		{"scopes unquoted", strings.Replace(apacheGood, "OIDCClientID app", "OIDCScope openid email", 1), "5:20"},
		{"comment after the value", strings.Replace(apacheGood, "OIDCClientID app", "oidcclientid app # the id", 1), "5:20"},
		{"scopes quoted", strings.Replace(apacheGood, "OIDCClientID app", "OIDCScope 'openid email'", 1), ""},
		{"two arguments allowed", strings.Replace(apacheGood, "OIDCClientID app", "OIDCUnAutzAction 401 \"denied\"", 1), ""},
	} {
		var got []string
		for _, f := range validateApache([]byte(tt.in)) {
			line := strings.Count(tt.in[:f.span.Start], "\n") + 1
			col := f.span.Start - (strings.LastIndexByte(tt.in[:f.span.Start], '\n') + 1) + 1
			got = append(got, fmt.Sprintf("%d:%d", line, col))
		}
		if g := strings.Join(got, " "); g != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, g, tt.want)
		}
	}
}

// FuzzValidateApache: no panic, spans inside the text.
func FuzzValidateApache(f *testing.F) {
	for _, s := range []string{apacheGood, "</A>\n", "<A>\n", "<A>\n</B>\n", "  </A>\n", "<>\n</>\n", "\n</x>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		for _, fd := range validateApache([]byte(in)) {
			if fd.span.Start < 0 || fd.span.End > len(in) || fd.span.Start > fd.span.End {
				t.Fatalf("span %v out of %d", fd.span, len(in))
			}
		}
	})
}

// TestApacheSectionMutations drops each section tag line of the Apache
// snippets of the novel guides in turn, and misspells each tag's name
// (a letter dropped, or two swapped), and requires one apache-section
// finding on the line of the mutation.
func TestApacheSectionMutations(t *testing.T) {
	paths, _ := filepath.Glob(filepath.Join(testenv.RepoRoot(t), "tests", "testdata", "novel*", "*", "index.md"))
	more, _ := filepath.Glob(filepath.Join(testenv.Shared(t, "corpus", "authelia"), "*", "index.md"))
	n, found, snippets := 0, 0, 0
	for _, p := range append(paths, more...) {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		_, snips := testenv.ScanGuide(filepath.Base(p), b)
		for _, s := range snips {
			if !isApacheSnippet(s) || len(validateApache(s.Text)) > 0 {
				continue
			}
			snippets++
			text := string(s.Text)
			judge := func(what, mutated string, line int) {
				n++
				fs := validateApache([]byte(mutated))
				if len(fs) == 1 && strings.Count(mutated[:fs[0].span.Start], "\n") == line {
					found++
				} else {
					t.Logf("MISS %s %s line %d: %d findings", filepath.Base(filepath.Dir(p)), what, line+1, len(fs))
				}
			}
			for i, tg := range apacheTags(s.Text) {
				ls := lineStart(s.Text, tg.span.Start)
				le := ls + strings.IndexByte(text[ls:], '\n') + 1
				judge("drop "+tg.name, text[:ls]+text[le:], tg.line)
				bad := tg.name[:1] + tg.name[2:] // a letter dropped
				if i%2 == 1 {
					bad = tg.name[:1] + tg.name[2:3] + tg.name[1:2] + tg.name[3:] // two swapped
				}
				judge("misspell "+tg.name, text[:tg.span.Start]+bad+text[tg.span.End:], tg.line)
			}
		}
	}
	t.Logf("%d Apache snippets, section mutations found: %d of %d", snippets, found, n)
	if snippets < 1 || n < 8 || found < n {
		t.Errorf("found %d of %d section mutations in %d snippets", found, n, snippets)
	}
}

// TestApacheArgumentMutations gives each one-argument mod_auth_openidc
// directive of the guides' Apache snippets more: its quotes dropped when
// the value has blanks, or a comment after it; each must give one
// apache-arguments finding on its line, and nothing else.
func TestApacheArgumentMutations(t *testing.T) {
	paths, _ := filepath.Glob(filepath.Join(testenv.RepoRoot(t), "tests", "testdata", "novel*", "*", "index.md"))
	more, _ := filepath.Glob(filepath.Join(testenv.Shared(t, "corpus", "authelia"), "*", "index.md"))
	n, found := 0, 0
	for _, p := range append(paths, more...) {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		_, snips := testenv.ScanGuide(filepath.Base(p), b)
		for _, s := range snips {
			if !isApacheSnippet(s) || len(validateApache(s.Text)) > 0 {
				continue
			}
			text := string(s.Text)
			lines := strings.SplitAfter(text, "\n")
			off := 0
			for i, l := range lines {
				words := apacheArgs([]byte(strings.TrimRight(l, "\r\n")), off)
				off += len(l)
				if len(words) != 2 || !apacheTake1[strings.ToLower(text[words[0].Start:words[0].End])] {
					continue
				}
				v := text[words[1].Start:words[1].End]
				var muts []string
				if (v[0] == '"' || v[0] == '\'') && strings.Contains(v, " ") {
					muts = append(muts, text[:words[1].Start]+v[1:len(v)-1]+text[words[1].End:])
				}
				muts = append(muts, text[:words[1].End]+" # the value"+text[words[1].End:])
				for _, m := range muts {
					n++
					fs := validateApache([]byte(m))
					if len(fs) == 1 && fs[0].code == "apache-arguments" && strings.Count(m[:fs[0].span.Start], "\n") == i {
						found++
					} else {
						t.Logf("MISS %s line %d: %d findings", filepath.Base(filepath.Dir(p)), i+1, len(fs))
					}
				}
			}
		}
	}
	t.Logf("argument mutations found: %d of %d", found, n)
	if n < 5 || found < n {
		t.Errorf("found %d of %d argument mutations", found, n)
	}
}
