package syntax

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/guidec/guidec/internal/check"
	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/source"
	"github.com/guidec/guidec/internal/testenv"
)

func TestShellDashes(t *testing.T) {
	for _, c := range []struct {
		name, text string
		want       []string // line:col of each finding
		fixed      string   // the text after the fixes
	}{
		{"em dash for --", "authelia —config /config/configuration.yml\n", []string{"1:10"}, "authelia --config /config/configuration.yml\n"},
		{"en dash for --", "oauth2-proxy \\\n  –provider=oidc \\\n  --client-id=app\n", []string{"2:3"}, "oauth2-proxy \\\n  --provider=oidc \\\n  --client-id=app\n"},
		{"en dash for -", "docker run –d –p 8080:80 image\n", []string{"1:12"}, "docker run -d -p 8080:80 image\n"},
		{"hyphen and en dash", "cmd -–name=x\n", []string{"1:5"}, "cmd --name=x\n"},
		{"minus sign", "gitea admin auth add-oauth −−name authelia\n", []string{"1:28"}, "gitea admin auth add-oauth --name authelia\n"},
		{"two on a line, one finding", "cmd —a=1 —b=2\n", []string{"1:5"}, "cmd --a=1 --b=2\n"},
		{"line by line", "cmd \\\n  —a=1 \\\n  —b=2\n", []string{"2:3", "3:3"}, "cmd \\\n  --a=1 \\\n  --b=2\n"},
		{"after a pipe", "cat x |grep —count y\n", []string{"1:13"}, "cat x |grep --count y\n"},
		{"session prompt", "$ mas-cli config generate —help\nsome — output —here\n", []string{"1:27"}, "$ mas-cli config generate --help\nsome — output —here\n"},
		// Not options.
		{"in a comment", "# run it —then restart\ncmd --x # the —flag\n", nil, ""},
		{"in quotes", "cmd --msg \"done —now\" --title '—x'\n", nil, ""},
		{"quote over lines", "cmd --msg \"a\n—b\" --c\n", nil, ""},
		{"echo", "echo Done —restart the service\nprintf '%s' x —y\n", nil, ""},
		{"heredoc", "cat <<EOF > f\n—x: 1\nEOF\n", nil, ""},
		{"a dash between words", "cmd a — b\ncmd a–b 1–2\n", nil, ""},
		{"three dashes", "cmd ———x\n", nil, ""},
		{"ascii", "cmd --a -b\n", nil, ""},
	} {
		fs := shellDashes([]byte(c.text))
		var got []string
		out := []byte(c.text)
		var edits []diag.Edit
		for _, f := range fs {
			if f.code != "shell-dash-pasted" {
				t.Errorf("%s: code %s", c.name, f.code)
			}
			line := 1 + strings.Count(c.text[:f.span.Start], "\n")
			col := 1 + len([]rune(c.text[strings.LastIndexByte(c.text[:f.span.Start], '\n')+1:f.span.Start]))
			got = append(got, fmt.Sprintf("%d:%d", line, col))
			edits = append(edits, f.fix.edits...)
		}
		out = applyEdits(out, edits)
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: findings at %v, want %v", c.name, got, c.want)
		}
		if c.want != nil && string(out) != c.fixed {
			t.Errorf("%s: fixed to %q, want %q", c.name, out, c.fixed)
		}
		if c.want != nil && len(shellDashes(out)) != 0 {
			t.Errorf("%s: findings remain after the fix", c.name)
		}
	}
}

// TestShellDashesInGuide runs the checker on fences of each shell
// language and on inline code, which a Web GUI step gives to copy.
func TestShellDashesInGuide(t *testing.T) {
	for _, c := range []struct {
		name, guide string
		want        []string
		fixed       string
	}{
		{"bash", "'''bash\nauthelia —config c.yml\n'''\n", []string{"g.md:2:10"}, "'''bash\nauthelia --config c.yml\n'''\n"},
		{"sh", "'''sh\nauthelia —config c.yml\n'''\n", []string{"g.md:2:10"}, ""},
		{"zsh", "'''zsh\nauthelia —config c.yml\n'''\n", []string{"g.md:2:10"}, ""},
		{"shell", "'''shell\nauthelia —config c.yml\n'''\n", []string{"g.md:2:10"}, ""},
		{"console", "'''console\n$ authelia —config c.yml\n'''\n", []string{"g.md:2:12"}, ""},
		{"indented fence", "1. Run:\n\n   '''bash\n   authelia –c c.yml\n   '''\n", []string{"g.md:4:13"}, "1. Run:\n\n   '''bash\n   authelia -c c.yml\n   '''\n"},
		{"inline code", "2. Set **Arguments** to `—reverse-proxy=true`.\n", []string{"g.md:1:26"}, "2. Set **Arguments** to `--reverse-proxy=true`.\n"},
		{"inline command", "Run `docker run –d –-name app image` once.\n", []string{"g.md:1:17"}, "Run `docker run -d --name app image` once.\n"},
		{"sitevar beside", "Run `app —url=https://" + sv + "` now.\n", []string{"g.md:1:10"}, "Run `app --url=https://" + sv + "` now.\n"},
		// Not commands.
		{"yaml", "'''yaml\nargs: ['—x']\nk: —y\n'''\n", nil, ""},
		{"prose", "The value — not the key — matters; see `a — b`.\n", nil, ""},
		{"text block", "'''text\ncmd —x\n'''\n", nil, ""},
	} {
		guide := tick(c.guide)
		f, snips := testenv.ScanGuide("g.md", []byte(guide))
		var l diag.List
		Checker.Run(&check.Pass{File: f, Snippets: snips, Texts: lineTexts(guide), Report: l.Add})
		l.Sort()
		var got []string
		var edits = l[:0:0]
		for _, d := range l {
			if d.Code != "shell-dash-pasted" {
				t.Errorf("%s: %s", c.name, format(d))
				continue
			}
			p := d.Start()
			got = append(got, fmt.Sprintf("%s:%d:%d", d.File.Name, p.Line, p.Column))
			if d.Fix != nil {
				edits = append(edits, d)
			}
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: findings at %v, want %v", c.name, got, c.want)
		}
		if c.fixed != "" {
			if len(edits) != 1 {
				t.Errorf("%s: %d fixes", c.name, len(edits))
				continue
			}
			if out := string(applyEdits([]byte(guide), edits[0].Fix.Edits)); out != tick(c.fixed) {
				t.Errorf("%s: fixed to %q, want %q", c.name, out, tick(c.fixed))
			}
		}
	}
}

// lineTexts returns the lines of guide outside fences as texts, each with
// its code spans, a site variable's call shown as its nojs value: what
// package markdown gives the checkers, for one-line paragraphs.
func lineTexts(guide string) []check.Text {
	var out []check.Text
	inFence := false
	off := 0
	for _, line := range strings.SplitAfter(guide, "\n") {
		start := off
		off += len(line)
		if strings.HasPrefix(strings.TrimSpace(line), "```") {
			inFence = !inFence
			continue
		}
		if inFence || strings.TrimSpace(line) == "" {
			continue
		}
		m := &source.Map{}
		var b strings.Builder
		for i := 0; i < len(line); {
			if strings.HasPrefix(line[i:], sv) {
				m.AddGenerated(b.Len(), len("example.com"), source.Span{Start: start + i, End: start + i + len(sv)})
				b.WriteString("example.com")
				i += len(sv)
				continue
			}
			m.AddVerbatim(b.Len(), start+i, 1)
			b.WriteByte(line[i])
			i++
		}
		t := check.Text{Kind: check.Paragraph, Text: b.String(), Map: m}
		for i := 0; ; {
			j := strings.IndexByte(t.Text[i:], '`')
			if j < 0 {
				break
			}
			k := strings.IndexByte(t.Text[i+j+1:], '`')
			if k < 0 {
				break
			}
			t.Code = append(t.Code, source.Span{Start: i + j + 1, End: i + j + 1 + k})
			i += j + k + 2
		}
		out = append(out, t)
	}
	return out
}

// FuzzShellDashes checks that no text makes the dash check panic, that
// each finding lies in the text, and that its fix replaces dash runes (and
// hyphens) by hyphens only, after which the line has no finding left.
func FuzzShellDashes(f *testing.F) {
	for _, s := range []string{
		"cmd —a --b\n", "cmd \"—a\n—b\" –c\n", "$ x –y\nout —z\n", "cat <<EOF\n—a\nEOF\n—b\n",
		"x -–\n", "—", "a —\xe2\x80", "echo —a; cmd —b\n", "# —a\n", "cmd '—a' \\\n —b\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		text := []byte(s)
		fs := checkDashes(text)
		var edits []diag.Edit
		for _, fd := range fs {
			if fd.span.Start < 0 || fd.span.End > len(text) || fd.span.Start >= fd.span.End {
				t.Fatalf("%q: span %v", s, fd.span)
			}
			for _, e := range fd.fix.edits {
				for _, r := range string(text[e.Span.Start:e.Span.End]) {
					if _, ok := dashRunes[r]; !ok && r != '-' {
						t.Fatalf("%q: the fix replaces %q", s, text[e.Span.Start:e.Span.End])
					}
				}
				edits = append(edits, e)
			}
		}
		if len(edits) > 0 {
			if left := checkDashes(applyEdits(text, edits)); len(left) > 0 {
				t.Fatalf("%q: %d findings after the fix", s, len(left))
			}
		}
	})
}
