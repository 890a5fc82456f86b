package authelia

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/guidec/guidec/internal/testenv"
)

// oldLookup is lookup as it was before it searched the keys of the mapping
// in place: the first of pairs with the key. It is the oracle of the
// differential test.
func oldLookup(m *yaml.Node, key string) (pair, bool) {
	for _, p := range pairs(m) {
		if p.key.Value == key {
			return p, true
		}
	}
	return pair{}, false
}

// yamlBlocks returns the fenced YAML blocks of Markdown texts.
func yamlBlocks(texts [][]byte) [][]byte {
	var out [][]byte
	for _, text := range texts {
		var block []byte
		in := false
		for _, line := range bytes.SplitAfter(text, []byte("\n")) {
			trimmed := bytes.TrimSpace(line)
			switch {
			case !in && bytes.HasPrefix(trimmed, []byte("```y")):
				in, block = true, nil
			case in && bytes.HasPrefix(trimmed, []byte("```")):
				in = false
				out = append(out, block)
			case in:
				block = append(block, line...)
			}
		}
	}
	return out
}

// mappings returns every mapping node under n (aliases not followed).
func mappings(n *yaml.Node, out []*yaml.Node) []*yaml.Node {
	if n == nil {
		return out
	}
	if n.Kind == yaml.MappingNode {
		out = append(out, n)
	}
	for _, c := range n.Content {
		out = mappings(c, out)
	}
	return out
}

// TestLookupDifferential compares lookup with the pairs-based oracle on
// every mapping of the corpus's YAML blocks and of hand-written texts with
// merge keys, for each key present, merged or absent.
func TestLookupDifferential(t *testing.T) {
	texts := [][]byte{
		[]byte("a: 1\nb: 2\n"),
		[]byte("base: &b {x: 1, y: 2}\nm:\n  <<: *b\n  y: 3\n  z: 4\n"),
		[]byte("one: &o {x: 1}\ntwo: &t {x: 2, w: 5}\nm:\n  <<: [*o, *t]\n  v: 0\n"),
		[]byte("m:\n  <<: {p: 1, <<: {q: 2, p: 3}}\n  r: 4\n"),
		[]byte("m: &a\n  k: 1\nn: *a\n"),
		[]byte("x: 1\nx: 2\n"),
		[]byte("- a\n- b: c\n"),
		[]byte("m:\n  '<<': 1\n  <<: {k: 2}\n"),
	}
	texts = append(texts, yamlBlocks(testenv.CorpusTexts(t))...)
	rng := rand.New(rand.NewPCG(15, 7))
	checked := 0
	for _, text := range texts {
		var doc yaml.Node
		if yaml.Unmarshal(text, &doc) != nil {
			continue
		}
		ms := mappings(&doc, nil)
		for _, m := range ms {
			keys := []string{"", "<<", "absent", "client_id", "id"}
			for i := 0; i < len(m.Content); i += 2 {
				keys = append(keys, m.Content[i].Value)
			}
			for _, e := range pairs(m) {
				keys = append(keys, e.key.Value)
			}
			// A node that is not a mapping, and the document node.
			for _, n := range []*yaml.Node{m, &doc, ms[rng.IntN(len(ms))]} {
				for _, k := range keys {
					got, gok := lookup(n, k)
					want, wok := oldLookup(n, k)
					if got != want || gok != wok {
						t.Fatalf("lookup(%q) in %q: got %v %v, want %v %v", k, text, got, gok, want, wok)
					}
					checked++
				}
			}
		}
	}
	if testenv.CorpusIfPresent(t) != "" && checked < 10000 {
		t.Errorf("only %d lookups checked", checked)
	}
}

// oldMaskElisions is maskElisions as it was before it found the indent
// with a byte loop (bytes.IndexFunc over runes), the oracle of the
// differential test.
func oldMaskElisions(text []byte) ([]byte, bool) {
	out, masked := text, false
	for start := 0; start < len(out); {
		end := bytes.IndexByte(out[start:], '\n')
		if end < 0 {
			end = len(out) - start
		}
		line := out[start : start+end]
		trimmed := bytes.TrimSpace(line)
		indent := bytes.IndexFunc(line, func(r rune) bool { return r != ' ' && r != '\t' })
		if indent > 0 && (string(trimmed) == "..." || string(trimmed) == "…") {
			if !masked {
				out, masked = bytes.Clone(text), true
				line = out[start : start+end]
			}
			copy(line[indent:], "#..")
		}
		start += end + 1
	}
	return out, masked
}

// TestMaskElisionsDifferential compares maskElisions with its old rune
// loop on the corpus and on random texts of the bytes that matter to it.
func TestMaskElisionsDifferential(t *testing.T) {
	texts := testenv.CorpusTexts(t)
	alphabet := []string{" ", "\t", "\n", "...", "…", ".", "\r", "\v", "\u00a0", "\xe2", "\xff", "a", "#", "\u2026 "}
	rng := rand.New(rand.NewPCG(15, 8))
	check := func(b []byte) {
		t.Helper()
		orig := slices.Clone(b)
		got, gm := maskElisions(b)
		want, wm := oldMaskElisions(slices.Clone(orig))
		if gm != wm || !bytes.Equal(got, want) || !bytes.Equal(b, orig) {
			t.Fatalf("text %q: got %q %v, want %q %v", orig, got, gm, want, wm)
		}
	}
	for _, b := range texts {
		check(b)
	}
	for i := 0; i < 50000; i++ {
		var b []byte
		if len(texts) > 0 && i%2 == 0 {
			src := texts[rng.IntN(len(texts))]
			at := rng.IntN(len(src) + 1)
			b = slices.Clone(src[at:min(len(src), at+rng.IntN(300))])
			for k := rng.IntN(4); k > 0 && len(b) > 0; k-- {
				b = slices.Insert(b, rng.IntN(len(b)), []byte(alphabet[rng.IntN(len(alphabet))])...)
			}
		} else {
			for k := rng.IntN(12); k > 0; k-- {
				b = append(b, alphabet[rng.IntN(len(alphabet))]...)
			}
		}
		check(b)
	}
}
