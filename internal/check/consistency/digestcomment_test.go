package consistency

import (
	"bytes"
	"math/rand/v2"
	"regexp"
	"testing"

	"github.com/guidec/guidec/internal/testenv"
)

// digestCommentRE is the expression digestCommentName replaces, the oracle
// of its differential test.
var digestCommentRE = regexp.MustCompile(`#[^\n]*\bdigest of\s+['"]([^'"\n]+)['"]`)

// TestDigestCommentNameDifferential compares digestCommentName with the
// expression on every line of the corpus, on hand-written lines and on
// random lines made of the pieces that matter to it.
func TestDigestCommentNameDifferential(t *testing.T) {
	check := func(line []byte) {
		t.Helper()
		start, end, ok := digestCommentName(line)
		m := digestCommentRE.FindSubmatchIndex(line)
		if ok != (m != nil) || ok && (start != m[2] || end != m[3]) {
			t.Fatalf("digestCommentName(%q) = %d, %d, %v; the expression says %v", line, start, end, ok, m)
		}
	}
	for _, s := range []string{
		"", "#", "# The digest of 'insecure_secret'.", "client_secret: '$pbkdf2$x' # The digest of \"s3cret\"",
		"#digest of 'a'", "# xdigest of 'a'", "# _digest of 'a'", "# -digest of 'a'", "# digest of''",
		"# digest of 'a' and digest of 'b'", "# digest of 'a' and xdigest of 'b'", "# digest of\t\f\r 'a\"",
		"# digest of 'a", "# digest of a'", "#digest of 'a' # digest of ''", "x digest of 'a' #", "é# édigest of 'ü'",
		"# digest of \v'a'", "## digest of 'a' digest of 'b", "# digestdigest of 'a'",
	} {
		check([]byte(s))
	}
	texts := testenv.CorpusTexts(t)
	for _, text := range texts {
		for _, line := range bytes.Split(text, []byte("\n")) {
			check(line)
		}
	}
	pieces := []string{"#", "digest of", "digest", " of", " ", "\t", "\f", "\r", "\v", "'", "\"", "a", "_", "-", "é", "\xff", "x", "digest of '"}
	rng := rand.New(rand.NewPCG(15, 9))
	for range 100000 {
		var line []byte
		for k := rng.IntN(12); k > 0; k-- {
			line = append(line, pieces[rng.IntN(len(pieces))]...)
		}
		check(line)
	}
}

// FuzzDigestCommentName compares digestCommentName with the expression
// on lines without '\n', as digestCommentAt gives it.
func FuzzDigestCommentName(f *testing.F) {
	f.Add([]byte("# The digest of 'insecure_secret'."))
	f.Add([]byte("# xdigest of 'a' digest of \"b\""))
	f.Fuzz(func(t *testing.T, line []byte) {
		if i := bytes.IndexByte(line, '\n'); i >= 0 {
			line = line[:i]
		}
		start, end, ok := digestCommentName(line)
		m := digestCommentRE.FindSubmatchIndex(line)
		if ok != (m != nil) || ok && (start != m[2] || end != m[3]) {
			t.Fatalf("digestCommentName(%q) = %d, %d, %v; the expression says %v", line, start, end, ok, m)
		}
	})
}
