package html

import (
	"bufio"
	"bytes"
	"testing"

	"github.com/yuin/goldmark/util"
)

// writeSlow is Write without the fork's plain-text shortcut: the loop
// upstream runs on every text, here forced by a trailing ampersand, which
// no reference follows (it is written as &amp;).
func writeSlow(t *testing.T, s string) string {
	t.Helper()
	out := write(s + "&")
	if !bytes.HasSuffix([]byte(out), []byte("&amp;")) {
		t.Fatalf("%q: the trailing & is not written as &amp;: %q", s, out)
	}
	return out[:len(out)-len("&amp;")]
}

func write(s string) string {
	var b bytes.Buffer
	w := bufio.NewWriter(&b)
	DefaultWriter.Write(w, []byte(s))
	_ = w.Flush()
	return b.String()
}

// TestWritePlain requires Write's shortcut for text without a backslash,
// an ampersand or NUL to write what upstream's loop writes, and the texts
// with one to take the loop.
func TestWritePlain(t *testing.T) {
	for _, s := range []string{"", "plain text", `<a href="x">`, "quotes ' and \"", "tabs\tand\nlines", "unicode é ✓", "> < >"} {
		if got, want := write(s), writeSlow(t, s); got != want {
			t.Errorf("Write(%q) = %q, upstream's loop %q", s, got, want)
		}
	}
	for s, want := range map[string]string{`a\*b`: "a*b", "a &amp; b": "a &amp; b", "&#x41;": "A", "nul\x00": "nul\ufffd"} {
		if got := write(s); got != want {
			t.Errorf("Write(%q) = %q, want %q", s, got, want)
		}
	}
}

// TestRawWrite requires RawWrite to write every byte as util.EscapeHTMLByte
// escapes it.
func TestRawWrite(t *testing.T) {
	all := make([]byte, 0, 512)
	for c := range 256 {
		all = append(all, 'x', byte(c))
	}
	for _, s := range []string{"", "plain", `<"&>`, "a<b", "<", "x>", string(all)} {
		var want bytes.Buffer
		for i := range len(s) {
			if e := util.EscapeHTMLByte(s[i]); e != nil {
				want.Write(e)
			} else {
				want.WriteByte(s[i])
			}
		}
		var b bytes.Buffer
		w := bufio.NewWriter(&b)
		DefaultWriter.RawWrite(w, []byte(s))
		_ = w.Flush()
		if b.String() != want.String() {
			t.Errorf("RawWrite(%q) = %q, want %q", s, b.String(), want.String())
		}
	}
}
