package yamlpos

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// slowParse is what fastParse must agree with: yaml.v3's stream of text,
// when it holds exactly one document and yaml.v3 neither fails nor panics.
func slowParse(text []byte) (doc *yaml.Node, ok bool) {
	defer func() {
		if recover() != nil {
			doc, ok = nil, false
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(text))
	var docs []*yaml.Node
	for {
		var n yaml.Node
		err := dec.Decode(&n)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, false
		}
		docs = append(docs, &n)
	}
	if len(docs) != 1 {
		return nil, false
	}
	return docs[0], true
}

// slowStream is what fastParseStream must agree with: every document of
// yaml.v3's stream of text, when yaml.v3 neither fails nor panics.
func slowStream(text []byte) (docs []*yaml.Node, ok bool) {
	defer func() {
		if recover() != nil {
			docs, ok = nil, false
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(text))
	for {
		var n yaml.Node
		err := dec.Decode(&n)
		if errors.Is(err, io.EOF) {
			return docs, true
		}
		if err != nil {
			return nil, false
		}
		docs = append(docs, &n)
	}
}

// checkFastStream fails when fastParseStream accepts text and yaml.v3
// does not decode the same documents; it reports whether it accepted it.
func checkFastStream(t testing.TB, text []byte) bool {
	t.Helper()
	fast, ok := fastParseStream(text)
	if !ok {
		return false
	}
	slow, sok := slowStream(text)
	if !sok {
		t.Fatalf("fastParseStream accepts what yaml.v3 rejects:\n%s", text)
	}
	if len(fast) != len(slow) {
		t.Fatalf("fastParseStream finds %d documents, yaml.v3 %d:\n%s", len(fast), len(slow), text)
	}
	for i := range fast {
		if err := sameTree(fast[i], slow[i], fmt.Sprintf("doc %d", i)); err != nil {
			t.Fatalf("%v\n%s", err, text)
		}
	}
	return true
}

// TestFastParseStream: streams of several documents, and what the
// subset leaves to yaml.v3.
func TestFastParseStream(t *testing.T) {
	accepted := []string{
		"a: 1\n---\nb: 2\n", "---\na: 1\n---\n- x\n", "# c\na: 1\n\n--- # d\n\n# e\nb:\n  c: [x]\n---\nk: v",
		"- a\n---\n- b\n", "a:\n---\nb:\n", "a:\n- x\n---\nb: 'y'\n", "a: 1\n---\nb: |\n  x\n",
		"a: 1\n...\n", "---\nk: |\n  x\n...\n\n", "{\"a\": 1}\n...\n", "a: 1\n---\n[1]\n...",
	}
	for _, s := range accepted {
		if !checkFastStream(t, []byte(s)) {
			t.Errorf("fastParseStream leaves to yaml.v3:\n%s", s)
		}
	}
	refused := []string{
		"", "---\n", "a: 1\n---\n", "---\n---\na: 1\n", "a: 1\n---\n# c\n", "a: 1\n...\nb: 2\n", "a: 1\n--- b: 2\n",
		"...\n", "a: 1\n... # c\n", "a: 1\n...\n---\nb: 1\n", "a: 1\n...\n# c\n", "a: 1\n ...\n",
		"a:\n  ---\n", "a: 1\n---\nb: >\n  x\n",
	}
	for _, s := range refused {
		if checkFastStream(t, []byte(s)) {
			t.Errorf("fastParseStream accepts what it should leave to yaml.v3:\n%s", s)
		}
	}
	// Streams of corpus texts, each after a start marker (the first one
	// with or without).
	inputs := sharedYAML(t)
	if len(inputs) == 0 {
		return
	}
	rng := rand.New(rand.NewPCG(5, 6))
	markers := []string{"---\n", "--- # doc\n", "---  \n", "\n---\n", "# c\n---\n", "...\n---\n"}
	streams := 0
	for range 5000 {
		var b []byte
		for k := range 1 + rng.IntN(4) {
			if k > 0 || rng.IntN(2) == 0 {
				b = append(b, markers[rng.IntN(len(markers))]...)
			}
			in := inputs[rng.IntN(len(inputs))]
			b = append(b, in...)
			if len(in) > 0 && in[len(in)-1] != '\n' {
				b = append(b, '\n')
			}
		}
		if rng.IntN(4) == 0 {
			b = append(b, []string{"...\n", "...", "...\n\n", "... # c\n"}[rng.IntN(4)]...)
		}
		if checkFastStream(t, b) {
			streams++
		}
	}
	t.Logf("%d of 5000 streams take the fast path", streams)
}

// TestFastLiteralRandom compares literal block scalars with yaml.v3 on
// random blocks: indentations, empty lines with and without spaces,
// deeper lines, lines that look like comments or keys, "|" and "|-", in
// mappings and sequences, followed by lines of every indentation.
func TestFastLiteralRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	words := []string{"x", "# c", "k: v", "- i", "---", "-----BEGIN KEY-----", "a  b ", "é", "'q'", "|", ""}
	accepted := 0
	for range 30000 {
		var b strings.Builder
		outer := rng.IntN(3)
		pad := strings.Repeat(" ", outer)
		switch rng.IntN(3) {
		case 0:
			b.WriteString("top:\n" + pad + " k: ")
			pad += " "
		case 1:
			b.WriteString(pad + "- ")
		default:
			b.WriteString(pad + "k: ")
		}
		b.WriteString([]string{"|", "|-", "| ", "|-  ", "|+", "|2", "| # c"}[rng.IntN(7)] + "\n")
		ind := len(pad) + 1 + rng.IntN(3)
		for range 1 + rng.IntN(5) {
			switch rng.IntN(6) {
			case 0:
				b.WriteString(strings.Repeat(" ", rng.IntN(ind+3)) + "\n")
			case 1:
				b.WriteString(strings.Repeat(" ", ind+1+rng.IntN(3)) + words[rng.IntN(len(words))] + "\n")
			default:
				b.WriteString(strings.Repeat(" ", ind) + words[rng.IntN(len(words))] + "\n")
			}
		}
		switch rng.IntN(6) {
		case 4:
			b.WriteString("...\n")
		case 0:
			b.WriteString(strings.Repeat(" ", rng.IntN(ind+2)) + "z: 1\n")
		case 1:
			b.WriteString(pad + "- y\n")
		case 2:
			b.WriteString("# end\n")
		case 3:
			s := b.String()
			b.Reset()
			b.WriteString(strings.TrimSuffix(s, "\n"))
		}
		text := []byte(b.String())
		if checkFast(t, text) {
			accepted++
		}
		checkFastStream(t, text)
	}
	t.Logf("%d of 30000 random literal blocks take the fast path", accepted)
	if accepted < 3000 {
		t.Errorf("only %d random literal blocks take the fast path", accepted)
	}
}

// sameTree compares two node trees field by field, comments aside.
func sameTree(a, b *yaml.Node, path string) error {
	if a == nil || b == nil {
		if a != b {
			return fmt.Errorf("%s: nil mismatch", path)
		}
		return nil
	}
	if a.Kind != b.Kind || a.Style != b.Style || a.Tag != b.Tag || a.Value != b.Value || a.Anchor != b.Anchor ||
		a.Line != b.Line || a.Column != b.Column || (a.Alias == nil) != (b.Alias == nil) || len(a.Content) != len(b.Content) ||
		(a.Content == nil) != (b.Content == nil) {
		return fmt.Errorf("%s: fast {kind %d style %d tag %q value %q at %d:%d, %d children} yaml.v3 {kind %d style %d tag %q value %q at %d:%d, %d children}",
			path, a.Kind, a.Style, a.Tag, a.Value, a.Line, a.Column, len(a.Content), b.Kind, b.Style, b.Tag, b.Value, b.Line, b.Column, len(b.Content))
	}
	for i := range a.Content {
		if err := sameTree(a.Content[i], b.Content[i], fmt.Sprintf("%s/%d", path, i)); err != nil {
			return err
		}
	}
	return nil
}

// checkFast fails when fastParse accepts text and yaml.v3 does not build
// the same tree; it reports whether fastParse accepted it.
func checkFast(t testing.TB, text []byte) bool {
	t.Helper()
	fast, ok := fastParse(text)
	if !ok {
		return false
	}
	slow, sok := slowParse(text)
	if !sok {
		t.Fatalf("fastParse accepts what yaml.v3 rejects:\n%s", text)
	}
	if err := sameTree(fast, slow, ""); err != nil {
		t.Fatalf("%v\n%s", err, text)
	}
	return true
}

func TestFastParse(t *testing.T) {
	accepted := []string{
		"a: 1\n", "a:\n", "a:", "- a\n-\n- b: c\n  d: ''\n", "# c\n\nkey:\n  a: 1\nb:   # x\nc:\n- x\n-\n- y: 1\n  z: ''\nd: []\n",
		"  k: v\n", "k: v\n\n# end\n", "title: \"1Password\"\ndate: 2025-04-26T18:35:57+10:00\nimages: []\nweight: 620\n",
		"a: 'it''s'\nb: \"x # y\" # z\nc: http://x:8080/p\n", "é: ü\nx: «y»\n", "- k:\n  - a\n  o: b\n", "a:\n- 1\n- 2\nb: {}\n",
		"k: ~\nn: null\nb: true\nf: 1.5\no: 0o17\nh: 0x1F\ne: 1e3\ns: -1\nt: -x\n", "a: b # c: d\n", "'q': 1\n\"r\": 2\n",
		"---\na: 1\n", "# c\n--- # d\n\na: [x, 'y', \"z\" ,1 ]  # c\n", "a: [ ]\nb: ['it''s', \"a, b]\"]\n", "- [1, 2.5, true, ~, x-y]\n",
		"a: |\n  x\n", "a: |-\n  x\n   y \n  # z\nb: 1\n", "k:\n  a: |\n    x\n\n    y\n\n  b: |-\n      z\n# c\n", "- |\n  x\n- y: |\n    z\n",
	}
	for _, s := range accepted {
		if !checkFast(t, []byte(s)) {
			t.Errorf("fastParse leaves to yaml.v3:\n%s", s)
		}
	}
	refused := []string{
		"", "# only\n", "a: |2\n  x\n", "a: |+\n  x\n", "a: | # c\n  x\n", "a: |\n  x", "a: |\n\n  x\n", "a: |\nb: 1\n", "a: >\n  x\n", "a: &x 1\nb: *x\n", "a: !!str 1\n", "<<: {}\n",
		"a: {b: 1}\n", "a: 1\n---\nb: 2\n", "---\n# c\n", "a: [x, ]\n", "a: [x y]\n", "a: [x:y]\n", "a: [[x]]\n",
		"a: [x,\n  y]\n", "a: [x] y\n", "a: ['x' 'y']\n", "--- a: 1\n", "---\n---\na: 1\n", "a: [-]\n", "a: [x]#c\n", "a: \"x\\n\"\n", "a: b\n  c\n", "a:\tb\n", "a: b\r\n",
		"a: 'x\n  y'\n", "- - a\n", "a: b: c\n", "a:b\n", "? a\n: b\n", "a: 1\n b: 2\n", "%YAML 1.2\n---\na: 1\n",
		"a: \u0085\n", "\uFEFFa: 1\n", "a: -\n", "a: @x\n", "just text\n", "a: 1\n  # c\n    b: 2\n",
	}
	for _, s := range refused {
		if checkFast(t, []byte(s)) {
			t.Errorf("fastParse accepts what it should leave to yaml.v3:\n%s", s)
		}
	}
}

// TestFastParseCorpus compares fastParse with yaml.v3 on the front matter
// and code blocks of the corpus and of the docs tree, and on random edits
// of them, which probe what the subset must refuse.
func TestFastParseCorpus(t *testing.T) {
	inputs := sharedYAML(t)
	if len(inputs) == 0 {
		t.Skip("corpus absent")
	}
	accepted := 0
	streams := 0
	for _, in := range inputs {
		if checkFast(t, in) {
			accepted++
		}
		if checkFastStream(t, in) {
			streams++
		}
	}
	t.Logf("%d of %d texts take the fast path, %d as streams", accepted, len(inputs), streams)
	rng := rand.New(rand.NewPCG(3, 4))
	edits := []string{"[", "[a, b]", ", ", "['x', \"y\"]", " ", "  ", "\n", ":", ": ", "- ", "#", " #", "'", "\"", "[", "]", "{", "}", "-", "?", "|", ">", "&", "*", "!", "\t", "é", "\\", ",", "---\n", "..."}
	n := 20000
	if testing.Short() {
		n = 2000
	}
	for range n {
		in := inputs[rng.IntN(len(inputs))]
		if len(in) == 0 {
			continue
		}
		b := bytes.Clone(in)
		for range 1 + rng.IntN(3) {
			i := rng.IntN(len(b) + 1)
			switch rng.IntN(3) {
			case 0: // insert
				b = append(b[:i], append([]byte(edits[rng.IntN(len(edits))]), b[i:]...)...)
			case 1: // delete
				if i < len(b) {
					b = append(b[:i], b[i+1:]...)
				}
			default: // replace
				if i < len(b) {
					b[i] = edits[rng.IntN(len(edits))][0]
				}
			}
		}
		checkFast(t, b)
		checkFastStream(t, b)
	}
}

// sharedYAML returns the front matter and fenced blocks of the guides in
// the shared corpus and docs tree.
func sharedYAML(t testing.TB) [][]byte {
	// The repository's ../shared, as package testenv finds it (which this
	// package cannot import: testenv imports it).
	dir := filepath.Join("..", "..", "..", "..", "shared", "corpus", "authelia")
	if _, err := os.Stat(dir); err != nil {
		t.Logf("corpus absent: %v", err)
		return nil
	}
	var out [][]byte
	for _, root := range []string{dir, filepath.Join(dir, "..", "authelia-docs")} {
		_ = filepath.WalkDir(root, func(p string, e fs.DirEntry, err error) error {
			if err != nil || e.IsDir() || !strings.HasSuffix(p, ".md") {
				return nil
			}
			b, err := os.ReadFile(p)
			if err == nil {
				out = append(out, blocks(b)...)
			}
			return nil
		})
	}
	return out
}

// blocks splits a Markdown file into its front matter and fenced blocks.
func blocks(b []byte) [][]byte {
	var out [][]byte
	var cur []byte
	in := false
	for i, line := range bytes.SplitAfter(b, []byte("\n")) {
		trim := bytes.TrimSpace(line)
		switch {
		case i == 0 && string(trim) == "---":
			in = true
		case in && (string(trim) == "---" || bytes.HasPrefix(trim, []byte("```"))):
			out = append(out, cur)
			cur, in = nil, false
		case !in && bytes.HasPrefix(trim, []byte("```")):
			in = true
		case in:
			cur = append(cur, line...)
		}
	}
	return out
}

// FuzzFastParse checks that whatever fastParse accepts, yaml.v3 parses to
// the same tree.
func FuzzFastParse(f *testing.F) {
	for _, s := range []string{"a: 1\n", "- a\n-\n- b: c\n  d: ''\n", "k:\n- x\nn: 'it''s' # c\n", "é: ü\n",
		"k:\n  a: |\n    x\n\n     y\n  b: |-\n    z\n", "- |\n  x\n---\n- y\n",
		"{\n  \"a\": [1, -2.5, true, null],\n  \"b\": {\"c\": \"d\"}\n}\n", "[{\"k\":\"v\"},[]]"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, text []byte) {
		checkFast(t, text)
		checkFastStream(t, text)
	})
}

// BenchmarkFastParse compares fastParse with yaml.v3 on the corpus texts
// that take the fast path.
func BenchmarkFastParse(b *testing.B) {
	var texts [][]byte
	for _, in := range sharedYAML(b) {
		if _, ok := fastParse(in); ok {
			texts = append(texts, in)
		}
	}
	if len(texts) == 0 {
		b.Skip("corpus absent")
	}
	b.Run("fast", func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			for _, t := range texts {
				fastParse(t)
			}
		}
	})
	b.Run("yaml.v3", func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			for _, t := range texts {
				slowParse(t)
			}
		}
	})
}

// TestFastFlowRandom compares flow documents with yaml.v3 on random
// JSON-like texts: nested mappings and sequences, keys and strings with
// indicators, words of every kind yaml.v3 resolves, blanks and line breaks
// anywhere, and the mistakes the subset must leave to yaml.v3 (trailing
// commas, comments, escapes, text after the collection).
func TestFastFlowRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	strs := []string{`""`, `"a"`, `"a: b"`, `"# c"`, `"https://e.example/x?y=1#z"`, `"é ü"`, `"a\"b"`, `"{[,]}"`, `"  x  "`, `"---"`, `"'"`}
	words := []string{"1", "0", "-1", "+1", "1.5", "-0.5", ".5", "1e3", "1E-3", "007", "0x1F", "0o17", "true", "false", "null",
		"True", "NULL", "yes", "abc", "a-b", "1.2.3", "-", "2025-01-02", "inf", ".inf", "-.Inf", ".nan", "~", "1_000", "a:b"}
	blank := func() string {
		switch rng.IntN(6) {
		case 0:
			return "\n" + strings.Repeat(" ", rng.IntN(5))
		case 1:
			return " "
		case 2:
			return "\n"
		}
		return ""
	}
	var value func(depth int) string
	value = func(depth int) string {
		switch k := rng.IntN(10); {
		case depth < 4 && k < 3:
			var b strings.Builder
			b.WriteString("{" + blank())
			for i := range rng.IntN(4) {
				if i > 0 {
					b.WriteString(blank() + "," + blank())
				}
				b.WriteString(strs[rng.IntN(len(strs))] + blank() + ":" + blank() + value(depth+1))
			}
			if rng.IntN(20) == 0 {
				b.WriteString(",")
			}
			b.WriteString(blank() + "}")
			return b.String()
		case depth < 4 && k < 5:
			var b strings.Builder
			b.WriteString("[" + blank())
			for i := range rng.IntN(4) {
				if i > 0 {
					b.WriteString(blank() + "," + blank())
				}
				b.WriteString(value(depth + 1))
			}
			b.WriteString(blank() + "]")
			return b.String()
		case k < 7:
			return strs[rng.IntN(len(strs))]
		}
		return words[rng.IntN(len(words))]
	}
	accepted := 0
	for range 20000 {
		var b strings.Builder
		if rng.IntN(2) == 0 {
			b.WriteString("{" + blank() + `"k":` + blank() + value(1) + blank() + "}")
		} else {
			b.WriteString("[" + blank() + value(1) + blank() + "]")
		}
		switch rng.IntN(9) {
		case 8:
			b.WriteString("\n...\n")
		case 0:
			b.WriteString("\n---\n[x]\n")
		case 1:
			b.WriteString(" # c\n")
		case 2:
			b.WriteString(" x\n")
		case 3:
			b.WriteString("\n\n")
		default:
			b.WriteString("\n")
		}
		text := []byte(b.String())
		if checkFast(t, text) {
			accepted++
		}
		checkFastStream(t, text)
	}
	t.Logf("%d of 20000 random flow documents take the fast path", accepted)
	if accepted < 2000 {
		t.Errorf("only %d random flow documents take the fast path", accepted)
	}
}

// TestFastParseAllocs guards the allocations of a parse, which snippets
// make by the thousand: the text's one string copy, one chunk of nodes and
// one of Content pointers, sized by split's estimate; the document list of
// a stream; nothing per node, per line or per resolved tag.
func TestFastParseAllocs(t *testing.T) {
	text := []byte(`identity_providers:
  oidc:
    lifespans:
      access_token: 1h
    clients:
      - client_id: 'app'
        client_name: App
        public: false
        authorization_policy: two_factor
        require_pkce: true
        redirect_uris:
          - 'https://app.example.com/callback'
        scopes: [openid, profile, email, groups]
        token_endpoint_auth_method: client_secret_basic
server:
  port: 9091
`)
	if raceEnabled {
		t.Skip("the race detector drops pooled scratch at random")
	}
	fastParse(text) // fill the scratch pool
	if got := testing.AllocsPerRun(100, func() { fastParse(text) }); got > 4 {
		t.Errorf("fastParse allocates %v times a parse, want at most 4", got)
	}
}
