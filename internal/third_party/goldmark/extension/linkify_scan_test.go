package extension

import (
	"bytes"
	"math/rand"
	"testing"

	"github.com/yuin/goldmark/util"
)

// sameAsRegexp fails unless matchURL and matchWWW find what the default
// expressions find at the start of line.
func sameAsRegexp(t *testing.T, line []byte) {
	t.Helper()
	for _, c := range []struct {
		name  string
		match func([]byte) int
		re    func() []int
	}{
		{"url", matchURL, func() []int { return urlRegexp().FindSubmatchIndex(line) }},
		{"www", matchWWW, func() []int { return wwwURLRegxp().FindSubmatchIndex(line) }},
	} {
		want := -1
		if m := c.re(); m != nil && m[0] == 0 {
			want = m[1]
		}
		if got := c.match(line); got != want {
			t.Fatalf("%s %q: matched to %d, the expression to %d", c.name, line, got, want)
		}
	}
}

func TestMatchURLCases(t *testing.T) {
	for _, s := range []string{
		"", "http://", "http://a", "http://a.b", "http://a.B", "https://example.com/x?y=1#z)",
		"ftp://x.y:21/path", "http://x.y:/p", "http://x.y:8080", "http://x.y.z.", "http://..a",
		"http://a..b", "http://.a", "http://a.b$c", "http://a.b/$c", "www.a.b/$c", "www.example.com.",
		"www..", "www.a", "www.a.b:80/x", "https://ex ample.com", "http://a.b/é", "http://a.bé",
		"http://a.b/\xff", "httpx://a.b", "http:/a.b", "https//a.b", "http://a.b/`{}[]^>\"';,()",
		"http://user:pw@host.example.org:99/a_b-c~d+e%20", "www.a.b#frag?x", "www.a.b?x",
	} {
		sameAsRegexp(t, []byte(s))
	}
	long := []byte("http://")
	for i := 0; i < 300; i++ {
		long = append(long, "a."[i%2])
	}
	for n := 7; n <= len(long); n++ {
		sameAsRegexp(t, long[:n])
		sameAsRegexp(t, append(append([]byte("www."), long[7:n]...), 'z'))
	}
}

func TestMatchURLRandom(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	alphabet := []byte("ab.Z9:/#?$-_@%=+~!&;,'\"()[]{}`^> \x00\xc3\xa9w")
	prefixes := []string{"http://", "https://", "ftp://", "www.", "http:/", "www"}
	for i := 0; i < 20000; i++ {
		b := []byte(prefixes[r.Intn(len(prefixes))])
		for n := r.Intn(24); n > 0; n-- {
			b = append(b, alphabet[r.Intn(len(alphabet))])
		}
		sameAsRegexp(t, b)
	}
}

func FuzzMatchURL(f *testing.F) {
	f.Add([]byte("https://example.com:8080/a?b=c#d"))
	f.Add([]byte("www.example.org/x"))
	f.Fuzz(func(t *testing.T, b []byte) {
		sameAsRegexp(t, b)
		sameAsRegexp(t, append([]byte("http://"), b...))
		sameAsRegexp(t, append([]byte("www."), b...))
	})
}

func TestMatchTaskList(t *testing.T) {
	r := rand.New(rand.NewSource(2))
	alphabet := []byte("[] xX\t\n\f\r\va")
	for i := 0; i < 20000; i++ {
		var b []byte
		for n := r.Intn(8); n > 0; n-- {
			b = append(b, alphabet[r.Intn(len(alphabet))])
		}
		want := -1
		if m := taskListRegexp().FindSubmatchIndex(b); m != nil {
			want = m[1]
			if m[2] != 1 || m[3] != 2 {
				t.Fatalf("%q: group at %v", b, m)
			}
		}
		if got := matchTaskList(b); got != want {
			t.Fatalf("%q: matched to %d, the expression to %d", b, got, want)
		}
	}
}

// TestMayLinkify checks the prefilter of Parse: where mayLinkify is false,
// no prefix of the default configuration matches and FindEmailIndex finds
// nothing, so upstream's Parse returned nil there too.
func TestMayLinkify(t *testing.T) {
	alphabet := []byte("hfwtp:/.@-_+a0Z é\n()*~!#$%&'=?^`{|}")
	rng := rand.New(rand.NewSource(15))
	lines := [][]byte{nil, []byte(""), []byte("@"), []byte("a@"), []byte("a@b.c"), []byte("www."),
		[]byte("ftp:"), []byte(".a@b.c"), []byte("é@b.c"), bytes.Repeat([]byte("a"), 64), append(bytes.Repeat([]byte("a"), 64), "@b.c"...)}
	for range 200000 {
		b := make([]byte, rng.Intn(12))
		for i := range b {
			b[i] = alphabet[rng.Intn(len(alphabet))]
		}
		lines = append(lines, b)
	}
	for _, line := range lines {
		if mayLinkify(line) {
			continue
		}
		for _, p := range [][]byte{protoHTTP, protoHTTPS, protoFTP, domainWWW} {
			if bytes.HasPrefix(line, p) {
				t.Fatalf("%q: mayLinkify false, starts with %q", line, p)
			}
		}
		if i := util.FindEmailIndex(line); i >= 0 {
			t.Fatalf("%q: mayLinkify false, FindEmailIndex %d", line, i)
		}
	}
}
