package markdown

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/guidec/guidec/internal/testenv"
)

// yamlCases are inputs for the rules of chroma's YAML lexer one by one,
// and for the corners of each: boundaries, backtracking, greedy and lazy
// choices, tokens that cross lines.
var yamlCases = []string{
	"",
	"key: value\n",
	"key: value # comment\n",
	"key: 'a # b' # c # d\n",
	"url: http://x.example.com//path // note\n",
	"a: b: c\n",
	"key:\n  nested: 1\n",
	"key:value\n",
	": x\n",
	"- item\n- 'two'\n-   three\n",
	"-x: y\n",
	"? - a\n? \n\n - b\n?x\n",
	"---\nkey: v\n...\n ---\n",
	"&anchor value\n*alias\n!!str x\n!! x\n& \n* \n",
	"# only a comment\n// also one\n/ not\n",
	`"quoted key": value` + "\n",
	`"a": b "c": d` + "\n",
	`"#x": y` + "\n",
	`""` + ": y\n",
	`key: "str \" esc" tail` + "\n",
	`key: "multi` + "\nline\" after\n",
	`key: 'it''s' x` + "\n",
	`key: 'back\'slash'` + "\n",
	`key: "a\\" b` + "\n",
	"k: true\nk: True\nk: TRUE\nk: truex\nk: yes\nk: y\nk: n\nk: no\nk: nope\nk: null\nk: On\nk: ON\nk: Off\nk: OFF\n",
	"[true, false, y]\n{a: 1, b: [2, 3]}\n",
	"k: 2020-01-02\nk: 2020-01-02T10:11:12\nk: 2020-01-02 10:11:12.5Z\nk: 2020-01-02 10:11:12 +02\nk: 2020-01-023\nk: 2020-01-02T10:11\n",
	"k: 2020-01-02 10:11:12\n-05 x\n",
	"k: 1\nk: -1\nk: +12\nk: 1.5\nk: 1.\nk: .5\nk: 1e5\nk: 1.5e-3\nk: 1e\nk: 1.e5\nk: 1.ex\nk: 1x\nk: 0x1f\nk: 0x1F\nk: 0x\nk: 0o17\nk: 0o8\nk: .inf\nk: .nan\nk: .infx\n",
	"x-1: a\nx.5\n[1,2.5,-3]\n(4)\n1_000\n",
	"port: 9091\nlifespan: 1h\nratio: 0.5 # half\n",
	"k: value\twith\ttabs\n\tindented: x\n",
	"key: |\n  block\n  scalar\n",
	"key: >-\n  folded\n",
	"key: |\nnot indented\n",
	"key: >x\n",
	"%include file\n",
	"a {b: c}\n",
	"a, b: c\n",
	"@at: x\nkey: @x\n",
	"key: x?y\n?\n",
	"k: v # a # b\nk: v// c\nk: v //c #d\n",
	"no newline at end: x",
	"k: 'unclosed\n",
	"k: \"unclosed\n",
	"k: café\n",
	"k: v\r\n",
	strings.Repeat("[", 300) + "\n",
	strings.Repeat("a", 100) + ": " + strings.Repeat("b ", 50) + "\n",
	strings.Repeat("1", 50) + "x\n",
	"0.0A\nk: 1.25x\nk: 1.e\n",
}

// chromaYAML returns chroma's pieces for text, or false when they do not
// spell it.
func chromaYAML(t testing.TB, text string) ([]piece, bool) {
	t.Helper()
	l := lexers.Get("yaml")
	if l == nil || l.Config().Name != "YAML" {
		t.Fatal("chroma has no YAML lexer")
	}
	return chromaPieces(l, []byte(text), time.Now(), time.Hour, nil)
}

// compareYAML checks that lexYAML, when it accepts text, gives chroma's
// pieces. It reports whether lexYAML accepted.
func compareYAML(t testing.TB, text string) bool {
	t.Helper()
	var b pieceBuilder
	if !lexYAML([]byte(text), b.add) {
		return false
	}
	want, ok := chromaYAML(t, text)
	if !ok {
		t.Fatalf("lexYAML accepted %q, whose chroma tokens do not spell it", text)
	}
	if got := fmt.Sprint(b.out); got != fmt.Sprint(want) {
		t.Errorf("lexYAML(%q):\n got %s\nwant %s\n got %s\nwant %s", text, got, fmt.Sprint(want), showPieces(text, b.out), showPieces(text, want))
	}
	return true
}

func showPieces(text string, ps []piece) string {
	var sb strings.Builder
	for _, p := range ps {
		fmt.Fprintf(&sb, "[%s %q]", p.class, text[p.start:p.end])
	}
	return sb.String()
}

func TestYAMLLexerMatchesChroma(t *testing.T) {
	declined := map[string]bool{}
	for _, text := range yamlCases {
		if !compareYAML(t, text) {
			declined[text] = true
		}
	}
	// The inputs lexYAML must decline: what it does not model.
	for _, text := range []string{"key: |\n  block\n  scalar\n", "key: >-\n  folded\n", "%include file\n",
		"k: 'unclosed\n", "k: \"unclosed\n", "k: café\n", "k: v\r\n"} {
		if !declined[text] {
			t.Errorf("lexYAML accepted %q", text)
		}
	}
	if len(declined) != 7 {
		t.Errorf("declined %d cases, want 7: %v", len(declined), declined)
	}
}

// TestYAMLLexerCorpus compares lexYAML with chroma on every YAML snippet
// of the corpus guides, and checks that it declines almost none.
func TestYAMLLexerCorpus(t *testing.T) {
	dir := testenv.Corpus(t)
	files, err := filepath.Glob(filepath.Join(dir, "*", "index.md"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no corpus guides: %v", err)
	}
	r := New()
	total, declined := 0, 0
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, exp := expand(t, name, string(b))
		for _, s := range r.Render(f, exp, PageInfo{Name: "g"}).Snippets {
			if s.Lang != "yaml" {
				continue
			}
			total++
			if !compareYAML(t, string(s.Text)) {
				declined++
			}
		}
	}
	t.Logf("%d YAML snippets, %d declined", total, declined)
	if total < 100 || declined > total/20 {
		t.Errorf("%d YAML snippets, %d declined", total, declined)
	}
}

// FuzzYAMLLexer checks that lexYAML gives chroma's tokens for any text it
// accepts.
func FuzzYAMLLexer(f *testing.F) {
	for _, c := range yamlCases {
		f.Add(c)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if len(text) > 1024 {
			return // chroma's backtracking makes long inputs slow
		}
		compareYAML(t, text)
		compareYAML(t, yamlish(text))
	})
}

// yamlAlphabet holds the bytes chroma's YAML rules turn on.
const yamlAlphabet = "ab1 0.:-#/\"'\n[]{}?,!&*|>+eTZxnyo%@\\\t_ "

// yamlish maps each byte of s into yamlAlphabet, so that the fuzzer's
// inputs are mostly ones lexYAML accepts.
func yamlish(s string) string {
	b := []byte(s)
	for i, c := range b {
		b[i] = yamlAlphabet[int(c)%len(yamlAlphabet)]
	}
	return string(b)
}

// BenchmarkHighlightYAML highlights the YAML snippets of the seed guide,
// with lexYAML and with chroma.
func BenchmarkHighlightYAML(b *testing.B) {
	f, exp := expand(b, "romm/index.md", readShared(b, "seeds/romm-guide.md"))
	var texts [][]byte
	size := 0
	for _, s := range New().Render(f, exp, PageInfo{Name: "romm"}).Snippets {
		if s.Lang == "yaml" {
			texts = append(texts, s.Text)
			size += len(s.Text)
		}
	}
	l := lexers.Get("yaml")
	for _, bc := range []struct {
		name string
		lex  func([]byte) bool
	}{
		{"lexYAML", func(t []byte) bool { var pb pieceBuilder; return lexYAML(t, pb.add) }},
		{"chroma", func(t []byte) bool { _, ok := chromaPieces(l, t, time.Now(), time.Hour, nil); return ok }},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(size))
			for b.Loop() {
				for _, t := range texts {
					if !bc.lex(t) {
						b.Fatal("declined")
					}
				}
			}
		})
	}
}

func TestLastIndexShort(t *testing.T) {
	for _, line := range []string{"", "#", " #", "a # b # c", "##", "x //y // z", `"k": v": w`, `": `, "a:#", " ", "//"} {
		for _, sep := range []string{`": `, " #", " //"} {
			if got, want := lastIndexShort([]byte(line), sep), bytes.LastIndex([]byte(line), []byte(sep)); got != want {
				t.Errorf("lastIndexShort(%q, %q) = %d, want %d", line, sep, got, want)
			}
		}
	}
}
