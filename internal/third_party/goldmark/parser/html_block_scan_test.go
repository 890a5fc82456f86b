package parser

import (
	"bytes"
	"io/fs"
	"math/rand"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/yuin/goldmark/ast"
)

// Upstream's expressions for the HTML block conditions, the oracle the
// matchers in html_block_scan.go are checked against.
var (
	htmlBlockType1OpenRegexp  = regexp.MustCompile(`(?i)^[ ]{0,3}<(script|pre|style|textarea)(?:\s.*|>.*|/>.*|)(?:\r\n|\n)?$`) //nolint:lll
	htmlBlockType1CloseRegexp = regexp.MustCompile(`(?i)^.*</(?:script|pre|style|textarea)>.*`)
	htmlBlockType2OpenRegexp  = regexp.MustCompile(`^[ ]{0,3}<!\-\-`)
	htmlBlockType3OpenRegexp  = regexp.MustCompile(`^[ ]{0,3}<\?`)
	htmlBlockType4OpenRegexp  = regexp.MustCompile(`^[ ]{0,3}<![A-Z]+.*(?:\r\n|\n)?$`)
	htmlBlockType5OpenRegexp  = regexp.MustCompile(`^[ ]{0,3}<\!\[CDATA\[`)
	htmlBlockType6Regexp      = regexp.MustCompile(`^[ ]{0,3}<(?:/[ ]*)?([a-zA-Z]+[a-zA-Z0-9\-]*)(?:[ ].*|>.*|/>.*|)(?:\r\n|\n)?$`)                       //nolint:lll
	htmlBlockType7Regexp      = regexp.MustCompile(`^[ ]{0,3}<(/[ ]*)?([a-zA-Z]+[a-zA-Z0-9\-]*)(` + attributePattern + `*)[ ]*(?:>|/>)[ ]*(?:\r\n|\n)?$`) //nolint:lll
)

// htmlBlockOpenTypeRegexp is upstream's Open, deciding with the expressions.
func htmlBlockOpenTypeRegexp(line []byte, afterParagraph bool) (ast.HTMLBlockType, bool) {
	if m := htmlBlockType1OpenRegexp.FindSubmatchIndex(line); m != nil {
		return ast.HTMLBlockType1, true
	} else if htmlBlockType2OpenRegexp.Match(line) {
		return ast.HTMLBlockType2, true
	} else if htmlBlockType3OpenRegexp.Match(line) {
		return ast.HTMLBlockType3, true
	} else if htmlBlockType4OpenRegexp.Match(line) {
		return ast.HTMLBlockType4, true
	} else if htmlBlockType5OpenRegexp.Match(line) {
		return ast.HTMLBlockType5, true
	} else if match := htmlBlockType7Regexp.FindSubmatchIndex(line); match != nil {
		isCloseTag := match[2] > -1 && bytes.Equal(line[match[2]:match[3]], []byte("/"))
		hasAttr := match[6] != match[7]
		tagName := strings.ToLower(string(line[match[4]:match[5]]))
		_, ok := allowedBlockTags[tagName]
		if ok {
			return ast.HTMLBlockType6, true
		} else if tagName != "script" && tagName != "style" &&
			tagName != "pre" && !afterParagraph && !(isCloseTag && hasAttr) {
			return ast.HTMLBlockType7, true
		}
	}
	if match := htmlBlockType6Regexp.FindSubmatchIndex(line); match != nil {
		tagName := string(line[match[2]:match[3]])
		if _, ok := allowedBlockTags[strings.ToLower(tagName)]; ok {
			return ast.HTMLBlockType6, true
		}
	}
	return 0, false
}

// sameAsHTMLBlockRegexp fails unless every matcher agrees with its
// expression on line, groups included, and so does the block type.
func sameAsHTMLBlockRegexp(t *testing.T, line []byte) {
	t.Helper()
	for _, c := range []struct {
		name string
		got  bool
		re   *regexp.Regexp
	}{
		{"type 1 open", matchHTMLBlockType1Open(line), htmlBlockType1OpenRegexp},
		{"type 1 close", matchHTMLBlockType1Close(line), htmlBlockType1CloseRegexp},
		{"type 2", matchHTMLBlockPrefix(line, "!--"), htmlBlockType2OpenRegexp},
		{"type 3", matchHTMLBlockPrefix(line, "?"), htmlBlockType3OpenRegexp},
		{"type 4", matchHTMLBlockType4Open(line), htmlBlockType4OpenRegexp},
		{"type 5", matchHTMLBlockPrefix(line, "![CDATA["), htmlBlockType5OpenRegexp},
	} {
		if want := c.re.Match(line); c.got != want {
			t.Fatalf("%s %q: matched %v, the expression %v", c.name, line, c.got, want)
		}
	}
	name6, ok6 := matchHTMLBlockType6(line)
	m := htmlBlockType6Regexp.FindSubmatchIndex(line)
	if ok6 != (m != nil) || ok6 && string(name6) != string(line[m[2]:m[3]]) {
		t.Fatalf("type 6 %q: matched %v %q, the expression %v", line, ok6, name6, m)
	}
	name7, closeTag, hasAttr, ok7 := matchHTMLBlockType7(line)
	m = htmlBlockType7Regexp.FindSubmatchIndex(line)
	if ok7 != (m != nil) {
		t.Fatalf("type 7 %q: matched %v, the expression %v", line, ok7, m)
	}
	if ok7 {
		wantClose := m[2] > -1 && string(line[m[2]:m[3]]) == "/"
		if string(name7) != string(line[m[4]:m[5]]) || closeTag != wantClose || hasAttr != (m[6] != m[7]) {
			t.Fatalf("type 7 %q: name %q close %v attributes %v, the expression %v", line, name7, closeTag, hasAttr, m)
		}
	}
	for _, p := range []bool{false, true} {
		gt, gok := htmlBlockOpenType(line, p)
		wt, wok := htmlBlockOpenTypeRegexp(line, p)
		if gt != wt || gok != wok {
			t.Fatalf("open %q (after paragraph %v): type %d %v, the expressions %d %v", line, p, gt, gok, wt, wok)
		}
	}
}

func TestHTMLBlockCases(t *testing.T) {
	for _, s := range []string{
		"", "<", " <", "    <div>", "   <div>", "<div", "<div>", "<DIV>\n", "<div\r\n", "<div\r", "<div\t", "<div\tx",
		"<div/>", "<div/", "<div x", "<div>x</div>", "</div>", "</ div>", "</div x>", "<div\nx", "<div\nx\n", "<div\nx\ny",
		"<script>", "<SCRIPT>", "<Script\n", "<script\f", "<scripts>", "<ſcript>", "<ſtyle>x", "<\xc5cript>", "<pre/>",
		"<pre/", "<textarea\r\n", "<style x\ny\n", "<script>\n\n", "</script>", "x</script>y", "x</pre>", "x\n</pre>",
		"</ſtyle>", "</TEXTAREA>", "</script", "<<//script>", "</a></pre>", "<!-- x", "<!-", "<?x", "<!DOCTYPE html>",
		"<!doctype html>", "<!D\nx", "<!D\nx\n", "<!D", "<![CDATA[", "<![cdata[", "<a>", "<a >", "<a/>", "<a />", "<a b>",
		"<a b=c>", "<a b='c'>", "<a b=\"c\" d>", "<a b=c/>", "<a href=foo/>", "<a b='x'c>", "<a\tb>", "<a\t>", "<a \t>",
		"</a>", "</a b>", "</ a b>", "</a\tb>", "<a> x", "<a>x", "<a> \r\n", "<a>\r", "<a b=>", "<a b=`c`>", "<a b = c >",
		"<a b\n=\nc>", "<a b=\"x\ny\">", "<a b=\xff>", "<a b=\"\xff\">", "<x-1 y>", "<abcdefghijklmnopq>", "<ABCDEFGHIJKLMNOPQ x",
		"<Table>", "<TABLE class=x>", "<table", "<scriptx>", "<pre-x>", "<pre x=y>", "</pre x=y>", "<PRE>", "<Style>",
		"<details>\n", "<summary>Click</summary>\n", "<img src=\"x.png\" alt=\"y\">\n", "<br>\n", "<br/>\n", "<p align=\"center\">\n",
	} {
		sameAsHTMLBlockRegexp(t, []byte(s))
	}
}

// corpusLines returns the lines of the guidec corpora, and for every '<'
// in them the rest of the line from there, after zero to three spaces.
func corpusLines(t *testing.T) [][]byte {
	var lines [][]byte
	for _, root := range []string{"/work/shared/corpus/authelia", "/work/shared/corpus/authelia-docs"} {
		if _, err := os.Stat(root); err != nil {
			continue
		}
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			src, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			for _, l := range bytes.SplitAfter(src, []byte("\n")) {
				lines = append(lines, l)
				for i := bytes.IndexByte(l, '<'); i >= 0; {
					lines = append(lines, append(bytes.Repeat([]byte(" "), len(lines)%4), l[i:]...))
					j := bytes.IndexByte(l[i+1:], '<')
					if j < 0 {
						break
					}
					i += 1 + j
				}
			}
			return nil
		})
		if err != nil {
			t.Fatalf("reading %s: %v", root, err)
		}
	}
	return lines
}

func TestHTMLBlockCorpus(t *testing.T) {
	lines := corpusLines(t)
	if len(lines) == 0 {
		t.Skip("no corpus at /work/shared/corpus")
	}
	for _, l := range lines {
		sameAsHTMLBlockRegexp(t, l)
	}
	t.Logf("%d lines", len(lines))
}

// mutateLine changes, inserts or deletes a few bytes of l, from pieces
// that decide matches.
func mutateLine(r *rand.Rand, l []byte, pieces []string) []byte {
	b := append([]byte(nil), l...)
	for n := 1 + r.Intn(3); n > 0; n-- {
		i := 0
		if len(b) > 0 {
			i = r.Intn(len(b) + 1)
		}
		switch r.Intn(3) {
		case 0:
			b = append(b[:i], append([]byte(pieces[r.Intn(len(pieces))]), b[i:]...)...)
		case 1:
			if i < len(b) {
				b = append(b[:i], b[i+1:]...)
			}
		default:
			if i < len(b) {
				p := pieces[r.Intn(len(pieces))]
				b = append(b[:i], append([]byte(p), b[i+1:]...)...)
			}
		}
	}
	return b
}

var htmlBlockPieces = []string{"<", ">", "/", "/>", "!", "!--", "?", "![CDATA[", "a", "B", "Z", "1", "-", "_", ":", ".",
	"=", " ", "  ", "\t", "\n", "\r", "\r\n", "\f", "'", "\"", "`", "x", "\u00e9", "\xff", "\xc5", "\u017f", "\ufffd",
	"div", "DIV", "p", "script", "SCRIPT", "pre", "Style", "textarea", "table", "a", " b=", "'v'", "\"v\"", "</script>",
	"</PRE>", "x-y"}

func TestHTMLBlockRandom(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	starts := []string{"<", "</", " <", "   <", "    <", "<!", "<div", "</div", "<a", "<script", "<ſtyle", "< "}
	for i := 0; i < 60000; i++ {
		var b strings.Builder
		b.WriteString(starts[r.Intn(len(starts))])
		for n := r.Intn(10); n > 0; n-- {
			b.WriteString(htmlBlockPieces[r.Intn(len(htmlBlockPieces))])
		}
		sameAsHTMLBlockRegexp(t, []byte(b.String()))
	}
}

func TestHTMLBlockMutated(t *testing.T) {
	lines := corpusLines(t)
	var tags [][]byte
	for _, l := range lines {
		if p := htmlBlockTagStart(l); p >= 0 {
			tags = append(tags, l)
		}
	}
	if len(tags) == 0 {
		tags = [][]byte{[]byte("<div class=\"x\">\n"), []byte("<script src='y'></script>\n"), []byte("<a href=z/>\n")}
	}
	r := rand.New(rand.NewSource(2))
	for i := 0; i < 30000; i++ {
		sameAsHTMLBlockRegexp(t, mutateLine(r, tags[r.Intn(len(tags))], htmlBlockPieces))
	}
}

func FuzzHTMLBlockOpen(f *testing.F) {
	for _, s := range []string{"<div class=\"x\">\n", "</a b>", "<ſcript>", "<!DOCTYPE x", "x</style>y", "<a b='c'/>  \r\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sameAsHTMLBlockRegexp(t, []byte(s))
	})
}
