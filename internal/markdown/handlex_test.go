package markdown

import (
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"

	"github.com/guidec/guidec/internal/testenv"
)

// handLexer is a lexer written by hand and chroma's lexer it stands for,
// for the differential tests below.
type handLexer struct {
	lang, chromaName string
	lex              func([]byte, func(chroma.TokenType, int, int)) bool
	// alphabet holds the bytes the chroma lexer's rules turn on, to map
	// random inputs into (see mapInto).
	alphabet string
	cases    []string
}

var jsonHand = handLexer{
	lang: "json", chromaName: "JSON", lex: lexJSON,
	alphabet: " \n\t{}[]:,\"\\/-+.eE0123456789truefalsnlx_\v\f\r",
	cases: []string{
		"{\n  \"a\": 1,\n  \"b\": [true, false, null],\n  \"c\": {\"d\": \"e\"}\n}\n",
		"[1, -2, 0, -0, 1.5, -1.5e10, 2E-3, 3e+4, 1.e5, 01, 00.5, 1e, 1e+, -, -x, .5]\n",
		"{\"redirect_uris\": [\"https://auth.example.com/cb\"], \"scopes\": \"openid profile\"}\n",
		"\"esc \\\" q\" \"bs \\\\\" \"mix \\\\\\\"x\" \"nl\nin\" \"\\n\"\n",
		"true truex nulltrue false_ null1 t tru\n",
		"// comment\n{\"a\": 1 // trailing\n}\n// no newline at the end",
		"/ / /x\n",
		"{\"a\" \"b\": 1, 2}\n{x: 1}\n{,}\n}\n]\n:\n,\n",
		"{\"a\": {\"b\": {\"c\": [[{}]]}}}}]]\n",
		"[1,2,]\n[\n  {\"k\": \"v\"},\n  {\"k\": \"w\"}\n]\n",
		"{\"a\":1}{\"b\":2}",
		"\t\v\f\r\n",
		"",
	},
}

var iniHand = handLexer{
	lang: "ini", chromaName: "INI", lex: lexINI,
	alphabet: " \t\n=;#[]ab.:\"'xyz01\v\r",
	cases: []string{
		"[section]\nkey = value\nother=v2\n; comment\n# comment too\n",
		"[a]b]\n[a] x\n[]\n[\n[x\n",
		"k\t=\tv\nk  =  \n= v\n=\nk = a = b\n",
		"k = first\n  continued\n\tand more\n \nnext = x\n",
		"k = v\n \n  \nx\n",
		"just a line\nanother\n",
		"  indented = yes\n    ; indented comment\n",
		"key=value with spaces   \nlast line without newline",
		"a b = c\nx=\n y\n",
		"[s]\r\nk = v\r\n",
		"",
	},
}

// compareHand checks that h.lex, when it accepts text, gives chroma's
// pieces. It reports whether h.lex accepted.
func compareHand(t testing.TB, h handLexer, text string) bool {
	t.Helper()
	var b pieceBuilder
	if !h.lex([]byte(text), b.add) {
		return false
	}
	l := lexers.Get(h.lang)
	if l == nil || l.Config().Name != h.chromaName {
		t.Fatalf("chroma has no %s lexer", h.chromaName)
	}
	want, ok := chromaPieces(l, []byte(text), time.Now(), time.Hour, nil)
	if !ok {
		t.Fatalf("%s lexer accepted %q, whose chroma tokens do not spell it", h.chromaName, text)
	}
	if got := fmt.Sprint(b.out); got != fmt.Sprint(want) {
		t.Errorf("%s lexer on %q:\n got %s\nwant %s", h.chromaName, text, showPieces(text, b.out), showPieces(text, want))
	}
	return true
}

// mapInto maps each byte of s into alphabet, so that random inputs are
// mostly made of what the lexer's rules look at.
func mapInto(s, alphabet string) string {
	b := []byte(s)
	for i, c := range b {
		b[i] = alphabet[int(c)%len(alphabet)]
	}
	return string(b)
}

func TestHandLexersMatchChroma(t *testing.T) {
	for _, h := range []handLexer{jsonHand, iniHand} {
		t.Run(h.chromaName, func(t *testing.T) {
			for _, text := range h.cases {
				if !compareHand(t, h, text) {
					t.Errorf("declined %q", text)
				}
			}
			// What they must decline: bytes outside ASCII; for JSON,
			// strings that do not close.
			declines := []string{"k = café\n", "\"café\"\n"}
			if h.chromaName == "JSON" {
				declines = append(declines, "{\"a\": \"open\n}\n", "[\"x\\\"]\n", "{\"open\n")
			}
			for _, text := range declines {
				if compareHand(t, h, text) {
					t.Errorf("accepted %q", text)
				}
			}
		})
	}
}

// TestHandLexersRandom compares the hand-written lexers with chroma on
// random texts over their alphabets and on random edits of their cases.
func TestHandLexersRandom(t *testing.T) {
	n := 3000
	if testing.Short() {
		n = 300
	}
	for _, h := range []handLexer{jsonHand, iniHand} {
		t.Run(h.chromaName, func(t *testing.T) {
			r := rand.New(rand.NewPCG(1, uint64(len(h.chromaName))))
			accepted := 0
			for i := range n {
				var text string
				if i%2 == 0 {
					b := make([]byte, r.IntN(60))
					for j := range b {
						b[j] = h.alphabet[r.IntN(len(h.alphabet))]
					}
					text = string(b)
				} else {
					text = mutate(r, h.cases[r.IntN(len(h.cases))], h.alphabet)
				}
				if compareHand(t, h, text) {
					accepted++
				}
				if t.Failed() {
					return
				}
			}
			if accepted < n/2 {
				t.Errorf("accepted %d of %d random texts", accepted, n)
			}
		})
	}
}

// mutate makes a few random edits to s: bytes of alphabet inserted,
// deleted or replaced, or a span repeated.
func mutate(r *rand.Rand, s, alphabet string) string {
	b := []byte(s)
	for range 1 + r.IntN(4) {
		i := 0
		if len(b) > 0 {
			i = r.IntN(len(b) + 1)
		}
		c := alphabet[r.IntN(len(alphabet))]
		switch r.IntN(4) {
		case 0:
			b = append(b[:i], append([]byte{c}, b[i:]...)...)
		case 1:
			if i < len(b) {
				b = append(b[:i], b[i+1:]...)
			}
		case 2:
			if i < len(b) {
				b[i] = c
			}
		case 3:
			j := min(len(b), i+r.IntN(8))
			b = append(b[:j], append(append([]byte{}, b[i:j]...), b[j:]...)...)
		}
	}
	return string(b)
}

// TestHandLexersCorpora compares the hand-written lexers with chroma on
// every code block of their languages in the corpus guides and in the
// Hugo docs tree, and checks that they decline none.
func TestHandLexersCorpora(t *testing.T) {
	var texts []struct{ lang, text string }
	for _, rel := range [][]string{{"corpus", "authelia"}, {"corpus", "authelia-docs"}} {
		dir := testenv.Shared(t, rel...)
		err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
				return err
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			_, snips := testenv.ScanGuide(p, b)
			for _, s := range snips {
				texts = append(texts, struct{ lang, text string }{s.Lang, string(s.Text)})
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, h := range []handLexer{jsonHand, iniHand} {
		total, declined := 0, 0
		for _, x := range texts {
			if l := lexers.Get(x.lang); x.lang == "" || l == nil || l.Config().Name != h.chromaName {
				continue
			}
			total++
			if !compareHand(t, h, x.text) {
				declined++
				t.Errorf("%s lexer declined a corpus block: %q", h.chromaName, x.text)
			}
		}
		t.Logf("%s: %d blocks, %d declined", h.chromaName, total, declined)
		if total < 10 {
			t.Errorf("%s: only %d corpus blocks", h.chromaName, total)
		}
	}
}

// FuzzJSONLexer checks that lexJSON gives chroma's tokens for any text it
// accepts.
func FuzzJSONLexer(f *testing.F) { fuzzHand(f, jsonHand) }

// FuzzINILexer checks that lexINI gives chroma's tokens for any text it
// accepts.
func FuzzINILexer(f *testing.F) { fuzzHand(f, iniHand) }

func fuzzHand(f *testing.F, h handLexer) {
	for _, c := range h.cases {
		f.Add(c)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if len(text) > 1024 {
			return // chroma's backtracking makes long inputs slow
		}
		compareHand(t, h, text)
		compareHand(t, h, mapInto(text, h.alphabet))
	})
}
