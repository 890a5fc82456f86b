package consistency

import (
	"fmt"
	"net"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/guidec/guidec/internal/urlscheme"
)

// placeholderMarks are fragments that make a value a placeholder or a
// reference rather than a literal: template syntax, environment references,
// angle-bracket slots and ellipses. Such values are never compared.
var placeholderMarks = []string{"${", "{{", "}}", "<", ">", "%(", "$(", "...", "…", "%env"}

// isPlaceholder reports whether s is empty, contains blanks, holds one of
// placeholderMarks, or is a mask such as ******. It runs for most values of
// every guide, several times: one pass over s finds any of the marks
// (isPlaceholderMarks, the table's own reading, is the tests' oracle).
func isPlaceholder(s string) bool {
	if strings.TrimSpace(s) == "" {
		return true
	}
	for i := 0; i < len(s); i++ {
		if !placeholderByte[s[i]] {
			continue // most bytes of a value: no mark starts there
		}
		var next byte
		if i+1 < len(s) {
			next = s[i+1]
		}
		switch s[i] {
		case ' ', '\t', '\r', '\n', '<', '>':
			return true
		case '$':
			if next == '{' || next == '(' {
				return true
			}
		case '{':
			if next == '{' {
				return true
			}
		case '}':
			if next == '}' {
				return true
			}
		case '%':
			if next == '(' || strings.HasPrefix(s[i+1:], "env") {
				return true
			}
		case '.':
			if strings.HasPrefix(s[i+1:], "..") {
				return true
			}
		case "…"[0]:
			if strings.HasPrefix(s[i:], "…") {
				return true
			}
		}
	}
	return onlyBytes(s, "*") || len(s) >= 3 && onlyBytes(s, "xX") // masks: ****, xxxx
}

// placeholderByte holds the bytes that isPlaceholder's switch looks at:
// the others are skipped with one load.
var placeholderByte = [256]bool{
	' ': true, '\t': true, '\r': true, '\n': true, '<': true, '>': true,
	'$': true, '{': true, '}': true, '%': true, '.': true, 0xe2: true, // "…"[0]
}

// onlyBytes reports whether every byte of s is one of set's (ASCII) bytes.
func onlyBytes(s, set string) bool {
	for i := 0; i < len(s); i++ {
		if strings.IndexByte(set, s[i]) < 0 {
			return false
		}
	}
	return true
}

// clientIDSyntax reports whether s has Authelia's client_id syntax: 1 to
// 100 RFC 3986 unreserved characters (`^[A-Za-z0-9._~-]{1,100}$`, as a
// loop: the expression compiles to a program a hundred copies long, a cost
// paid in every run that checks a client).
func clientIDSyntax(s string) bool {
	if len(s) < 1 || len(s) > 100 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '.' || c == '_' || c == '~' || c == '-') {
			return false
		}
	}
	return true
}

// pastedID names the first character of s outside ASCII when s is a
// client id but for such characters (an en dash for its hyphen, a
// zero-width or no-break space, a curly quote: what word processors and
// web pages paste), and returns "" otherwise. No client_id holds one
// (clientIDSyntax), so the application sends an id Authelia has not.
func pastedID(s string) string {
	odd := ""
	for _, r := range s {
		if r < utf8.RuneSelf {
			if !clientIDSyntax(string(r)) {
				return ""
			}
			continue
		}
		if odd == "" {
			odd = fmt.Sprintf("U+%04X", r)
			if unicode.IsGraphic(r) && !unicode.IsSpace(r) {
				odd = fmt.Sprintf("'%c' (%s)", r, odd)
			}
		}
	}
	if utf8.RuneCountInString(s) > 100 || isPlaceholder(s) {
		return ""
	}
	return odd
}

// literalID reports whether s is a concrete client id.
func literalID(s string) bool {
	return clientIDSyntax(s) && !isPlaceholder(s)
}

// literalSecret reports whether s is a concrete secret: not a placeholder,
// not a variable reference ($NAME) and not a path to a secret file.
func literalSecret(s string) bool {
	if isPlaceholder(s) || strings.HasPrefix(s, "/") {
		return false
	}
	return digestForm(s) || !(len(s) > 1 && s[0] == '$' && (s[1] == '_' || s[1] == '{' || s[1] >= 'A' && s[1] <= 'Z' || s[1] >= 'a' && s[1] <= 'z'))
}

// digestForm reports whether s has the form of a password digest
// ($pbkdf2-sha512$310000$salt$key, $argon2id$v=19$…): an identifier after
// the first $, then at least two more $-separated fields. A variable
// reference ($SECRET) has no second $.
func digestForm(s string) bool {
	if len(s) < 2 || s[0] != '$' {
		return false
	}
	i := strings.IndexByte(s[1:], '$')
	if i <= 0 || strings.Count(s, "$") < 4 {
		return false
	}
	for _, c := range s[1 : 1+i] {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// literalURL parses s when it is a concrete absolute URL; http(s) URLs must
// have a host.
func literalURL(s string) (*url.URL, bool) {
	if !urlscheme.Starts(s) || isPlaceholder(s) {
		return nil, false
	}
	u, err := url.Parse(s)
	if err != nil || u.Scheme == "" {
		return nil, false
	}
	if isWeb(u) && u.Hostname() == "" {
		return nil, false
	}
	return u, true
}

// urlMemo holds literalURL's answers for the values of one guide, which
// the rules read many times (a redirect URI by each client set, the root
// URL assumptions by most rules). The URLs are shared: no caller may
// change one.
type urlMemo map[string]parsedURL

type parsedURL struct {
	u  *url.URL
	ok bool
}

// literal is literalURL(s), parsed once per guide.
func (c urlMemo) literal(s string) (*url.URL, bool) {
	if !urlscheme.Starts(s) {
		return nil, false
	}
	if p, found := c[s]; found {
		return p.u, p.ok
	}
	u, ok := literalURL(s)
	if c != nil {
		c[s] = parsedURL{u, ok}
	}
	return u, ok
}

func isWeb(u *url.URL) bool {
	s := strings.ToLower(u.Scheme)
	return s == "http" || s == "https"
}

// origin returns scheme://host:port with the default port made explicit,
// lowercased, so that https://Auth.example.com/ and
// https://auth.example.com:443 compare equal.
func origin(u *url.URL) string {
	scheme := strings.ToLower(u.Scheme)
	port := u.Port()
	if port == "" {
		switch scheme {
		case "http":
			port = "80"
		case "https":
			port = "443"
		}
	}
	return scheme + "://" + strings.ToLower(u.Hostname()) + ":" + port
}

// sameOrigin reports whether origin(u) == origin(v), comparing the parts
// in place instead of building both strings. The parts determine the
// string and back: a scheme holds no ':', and a port only digits, so the
// string splits at its first and last ':' whatever the host holds.
func sameOrigin(u, v *url.URL) bool {
	return lowerEqual(u.Scheme, v.Scheme) && lowerEqual(u.Hostname(), v.Hostname()) && originPort(u) == originPort(v)
}

// originPort is the port origin writes: u's, or the scheme's default.
func originPort(u *url.URL) string {
	if port := u.Port(); port != "" {
		return port
	}
	switch strings.ToLower(u.Scheme) {
	case "http":
		return "80"
	case "https":
		return "443"
	}
	return ""
}

// lowerEqual reports whether strings.ToLower(a) == strings.ToLower(b),
// without lowercasing ASCII strings.
func lowerEqual(a, b string) bool {
	ascii := true
	for i := 0; i < len(a) && ascii; i++ {
		ascii = a[i] < utf8.RuneSelf
	}
	for i := 0; i < len(b) && ascii; i++ {
		ascii = b[i] < utf8.RuneSelf
	}
	if !ascii {
		return strings.ToLower(a) == strings.ToLower(b)
	}
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

// isInternalHost reports whether u names a host by a single label
// ("authelia", "localhost") or an IP address: container-network or
// back-channel addresses that legitimately differ from the public Authelia
// Root URL.
func isInternalHost(u *url.URL) bool {
	h := u.Hostname()
	return !strings.Contains(h, ".") || net.ParseIP(h) != nil
}

// under reports whether u lies under root: same origin, and root's path
// (as a directory) is a prefix of u's.
func under(u, root *url.URL) bool {
	// On a loopback host the port is the client's to choose (RFC 8252
	// §7.3; Authelia ignores it): kubelogin listens on 8000, else 18000.
	loop := u.Scheme == "http" && root.Scheme == "http" && isLoopback(u) && isLoopback(root) && u.Hostname() == root.Hostname()
	if !loop && !sameOrigin(u, root) {
		return false
	}
	dir := root.EscapedPath()
	if !strings.HasSuffix(dir, "/") {
		dir += "/"
	}
	return strings.HasPrefix(u.EscapedPath()+"/", dir)
}

// redirectMatches reports whether Authelia would accept got for the
// registered redirect URI want: an exact string match, or, for loopback
// http URIs (RFC 8252 §7.3), a match that ignores the port.
func redirectMatches(got, want string) bool {
	if got == want {
		return true
	}
	g, err1 := url.Parse(got)
	w, err2 := url.Parse(want)
	if err1 != nil || err2 != nil || g.Scheme != "http" || w.Scheme != "http" || !isLoopback(g) || !isLoopback(w) {
		return false
	}
	return g.Hostname() == w.Hostname() && g.EscapedPath() == w.EscapedPath() && g.RawQuery == w.RawQuery && g.EscapedFragment() == w.EscapedFragment()
}

func isLoopback(u *url.URL) bool {
	if u.Hostname() == "localhost" {
		return true
	}
	ip := net.ParseIP(u.Hostname())
	return ip != nil && ip.IsLoopback()
}
