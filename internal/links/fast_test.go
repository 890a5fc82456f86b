package links

import (
	"io/fs"
	"math/rand/v2"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/guidec/guidec/internal/testenv"
)

// oldIsUnsafeScheme is isUnsafeScheme as it was before the ASCII path:
// the reference the differential test compares with.
func oldIsUnsafeScheme(d string) bool {
	var b strings.Builder
	for _, r := range d {
		if r == ':' {
			break
		}
		if r <= ' ' {
			continue
		}
		b.WriteRune(r)
	}
	s := strings.ToLower(b.String())
	return s == "javascript" || s == "vbscript" || s == "data" && !strings.HasPrefix(strings.ToLower(d), "data:image/")
}

// oldResolveExternal is what Resolve concluded from url.Parse alone
// before isPlainWebURL: true when the destination is External.
func oldResolveExternal(d string) bool {
	u, err := url.Parse(d)
	return err == nil && (u.Scheme != "" || u.Host != "" || strings.HasPrefix(d, "//"))
}

// destinations returns link destinations to compare old and new code on:
// a fixed set of edge cases, every URL-like word of the shared corpora and
// random edits of them.
func destinations(t *testing.T) []string {
	out := []string{
		"", "http://", "https://", "https:///x", "http://a:", "http://a:80/x", "http://a:8a/",
		"http://a::80/", "http://[::1]:80/", "http://a@b/", "http://a%20b/", "http://a/%zz", "http://a/%20",
		"http://a/b c", "http://a/\x01", "http://a/\x7f", "HTTP://a/", "https://a.b-c_d~e/?q=%#f", "http://a?x",
		"http://a#x:y", "http://a/ü", "http://ü/", "javascript:alert(1)", "JavaScript:x", " java\tscript:x",
		"javascrİpt:x", "vbscript:x", "data:text/html,x", "data:image/png;base64,x", "DATA:IMAGE/png", "data",
		"javascript", "javascriptx:", "j a v a s c r i p t :", "ja\x00vascript:", "\xffjavascript:", "dat\xc3\x84:",
		"dat\u212a:", "javascriptjavascript", "ſcript:", "https://a/b/../c", "//host/x", "../x/#y",
	}
	re := regexp.MustCompile(`(?:https?|javascript|data|mailto|ftp)[^\s)"'<>\]]*`)
	for _, root := range []string{testenv.SharedIfPresent(t, "corpus", "authelia"), testenv.SharedIfPresent(t, "corpus", "authelia-docs")} {
		if root == "" {
			continue
		}
		_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
				return nil
			}
			b, err := os.ReadFile(p)
			if err == nil {
				out = append(out, re.FindAllString(string(b), -1)...)
			}
			return nil
		})
	}
	// Random edits: insert, replace or delete bytes drawn mostly from the
	// characters the fast paths treat specially.
	const alpha = ":/?#%@[]. \t\x00\x7f-_~AZaz09İüK\u212a\xff"
	rng := rand.New(rand.NewPCG(1, 2))
	seeds := len(out)
	for i := 0; i < 200000; i++ {
		b := []byte(out[rng.IntN(seeds)])
		for k := rng.IntN(3) + 1; k > 0; k-- {
			c := alpha[rng.IntN(len(alpha))]
			j := 0
			if len(b) > 0 {
				j = rng.IntN(len(b) + 1)
			}
			switch rng.IntN(3) {
			case 0:
				b = append(b[:j], append([]byte{c}, b[j:]...)...)
			case 1:
				if j < len(b) {
					b[j] = c
				}
			default:
				if j < len(b) {
					b = append(b[:j], b[j+1:]...)
				}
			}
		}
		out = append(out, string(b))
	}
	return out
}

// TestFastPathsMatchOld compares isUnsafeScheme and the isPlainWebURL
// shortcut of Resolve with the code they replace.
func TestFastPathsMatchOld(t *testing.T) {
	fast := 0
	for _, d := range destinations(t) {
		if got, want := isUnsafeScheme(d), oldIsUnsafeScheme(d); got != want {
			t.Errorf("isUnsafeScheme(%q) = %v, the old code says %v", d, got, want)
		}
		if isPlainWebURL(d) {
			fast++
			if !oldResolveExternal(d) {
				t.Errorf("isPlainWebURL(%q) = true, but url.Parse does not make it External", d)
			}
		}
	}
	if fast == 0 {
		t.Error("the fast path never applied")
	}
}

// oldIsUnsafe is isUnsafe before it skipped the second reading when
// unescaping cannot change the scheme: the oracle of its differential test.
func oldIsUnsafe(d string) bool {
	return isUnsafeScheme(d) || isUnsafeScheme(markdownUnescape(d))
}

// TestIsUnsafeMatchesOld compares isUnsafe with the old code on the
// destinations of the other fast-path tests and on random destinations
// built of schemes, escapes and character references.
func TestIsUnsafeMatchesOld(t *testing.T) {
	check := func(d string) {
		t.Helper()
		if got, want := isUnsafe(d), oldIsUnsafe(d); got != want {
			t.Fatalf("isUnsafe(%q) = %v, the old code says %v", d, got, want)
		}
	}
	for _, d := range destinations(t) {
		check(d)
	}
	pieces := []string{"javascript", "java", "script", "vbscript", "data", "image", "/", ":", "&colon;", "&#58;", "&#x3a;",
		"&#x6a;", "&amp;", "&", ";", "\\", "\\:", "\\&", "\\/", "&sol;", "DATA", "IMAGE", " ", "\t", "x", "?a=1&b=2", "İ", "\u212a"}
	rng := rand.New(rand.NewPCG(15, 11))
	for range 200000 {
		var b strings.Builder
		for k := rng.IntN(7); k > 0; k-- {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		check(b.String())
	}
}
