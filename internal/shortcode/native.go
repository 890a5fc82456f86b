package shortcode

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/guidec/guidec/internal/diag"
)

// Native built-ins. A built-in shortcode that pages call often and that
// cannot be remembered (see Memo: callout prints its inner content
// through markdownify) is also written in Go: the function writes what
// html/template writes when it executes the template, byte for byte, and
// reports what the template reports, without executing the template by
// reflection. It replaces only a template with the very text it was
// written from (the same SHA-256), wherever that comes from: the
// template uses no partial, so the same text renders the same in any
// set. A project's own template of the same name, or an edited copy,
// runs as a template. TestNatives compares both on many calls.

// nativeFn renders a call of a native built-in with ctx as the dot into
// w, reporting as the template's functions do (through s.st). It returns
// handled false, having done nothing, when the template must run instead.
type nativeFn func(s *Set, ctx *Context, w io.Writer) (handled bool, err error)

type native struct {
	sum string // SHA-256 of the template the function reproduces, in hex
	run nativeFn
}

// natives are the built-ins written in Go, by shortcode name.
var natives = map[string]native{
	"callout": {sum: "58a033976e29524b496fcba04d487d00383ad7f5d7ccfe5358b96bc1c49a4d1e", run: nativeCallout},
}

// useNatives turns the native built-ins on (a test turns them off to
// compare).
var useNatives = true

// nativeFor returns the native function for the shortcode template src,
// or nil.
func nativeFor(src *tmplSrc) nativeFn {
	n, ok := natives[src.name]
	if !ok || src.bad != nil {
		return nil
	}
	sum := sha256.Sum256(src.file.Content)
	if hex.EncodeToString(sum[:]) != n.sum {
		return nil
	}
	return n.run
}

// nativeCallout is shortcodes/callout.html.
func nativeCallout(s *Set, ctx *Context, w io.Writer) (bool, error) {
	context := fmt.Sprintf("%v", fnDefault("note", ctx.Get("context")))
	var b strings.Builder
	b.Grow(len(ctx.inner) + 256)
	b.WriteString(`<div class="callout callout-`)
	b.WriteString(attrEscape(context))
	b.WriteString(`" role="note">`)
	if icon := ctx.Get("icon"); truth(icon) {
		b.WriteString("\n" + `<span class="callout-icon" data-icon="`)
		b.WriteString(attrEscape(urlNormalize(urlFilter(stringOf(icon)))))
		b.WriteString(`" aria-hidden="true"></span>`)
	}
	b.WriteString("\n" + `<div class="callout-content">`)
	if title := ctx.Get("title"); truth(title) {
		b.WriteString("\n" + `<p class="callout-title">`)
		b.WriteString(attrEscape(stringOf(title))) // HTML text: the same table
		b.WriteString(`</p>`)
	}
	b.WriteString("\n" + `<div class="callout-body">` + "\n")
	// The template prints the inner content only when what it wrote before
	// fits the output budget; a failing markdownify makes the template run
	// instead, before anything happened (a splice placeholder cannot fail).
	if lw, ok := w.(*limitWriter); !ok || lw.buf.Len()+b.Len() <= lw.max {
		inner, ok := s.splicePlaceholder(ctx.inner)
		if !ok {
			md, err := s.markdownify(ctx.inner)
			if err != nil {
				return false, nil
			}
			inner = md
		}
		b.WriteString(string(inner))
		b.WriteString("\n</div>\n</div>\n</div>")
	}
	switch context {
	case "tip", "caution", "danger", "note":
	default:
		s.reportf(diag.Error, codeErrorf, "callout: unknown context %q (use tip, caution, danger or note)", []any{context})
	}
	_, err := io.WriteString(w, b.String())
	return true, err
}

// stringOf is html/template's stringify of one parameter value (a string,
// bool or number).
func stringOf(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	return fmt.Sprint(v)
}

// The escapers below are html/template's (html.go, url.go) for plain
// text, which parameter values are.

// attrEscape is html/template's htmlEscaper and attrEscaper of text.
func attrEscape(s string) string {
	written, b := 0, new(strings.Builder)
	for i, w := 0, 0; i < len(s); i += w {
		var r rune
		r, w = utf8.DecodeRuneInString(s[i:])
		var repl string
		switch r {
		case 0:
			repl = "\uFFFD"
		case '"':
			repl = "&#34;"
		case '&':
			repl = "&amp;"
		case '\'':
			repl = "&#39;"
		case '+':
			repl = "&#43;"
		case '<':
			repl = "&lt;"
		case '>':
			repl = "&gt;"
		default:
			continue
		}
		if written == 0 {
			b.Grow(len(s))
		}
		b.WriteString(s[written:i])
		b.WriteString(repl)
		written = i + w
	}
	if written == 0 {
		return s
	}
	b.WriteString(s[written:])
	return b.String()
}

// urlFilter is html/template's urlFilter: a URL with a scheme other than
// http, https or mailto becomes "#ZgotmplZ".
func urlFilter(s string) string {
	if protocol, _, ok := strings.Cut(s, ":"); ok && !strings.Contains(protocol, "/") {
		if !strings.EqualFold(protocol, "http") && !strings.EqualFold(protocol, "https") && !strings.EqualFold(protocol, "mailto") {
			return "#ZgotmplZ"
		}
	}
	return s
}

// urlNormalize is html/template's urlNormalizer.
func urlNormalize(s string) string {
	var b strings.Builder
	written := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '!', '#', '$', '&', '*', '+', ',', '/', ':', ';', '=', '?', '@', '[', ']', '-', '.', '_', '~':
			continue
		case '%':
			// A valid escape stays; note i+2 < len(s), as html/template has it.
			if i+2 < len(s) && isHexDigit(s[i+1]) && isHexDigit(s[i+2]) {
				continue
			}
		default:
			if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' {
				continue
			}
		}
		if written == 0 {
			b.Grow(len(s) + 16)
		}
		b.WriteString(s[written:i])
		fmt.Fprintf(&b, "%%%02x", c)
		written = i + 1
	}
	if written == 0 {
		return s
	}
	b.WriteString(s[written:])
	return b.String()
}

func isHexDigit(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
