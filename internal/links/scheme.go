package links

import (
	"strings"

	"github.com/hbollon/go-edlib"
)

// webSchemes are the schemes a guide's links to the outside world use.
var webSchemes = []string{"https", "http", "mailto"}

// nearSchemes are the schemes within two edits of a web scheme that are
// real: registered with IANA (permanent, provisional or historical) or in
// common use in URLs a guide may link (tcp:// Docker hosts, hkp:// key
// servers, smtp:// mail servers). A link that uses one means it.
var nearSchemes = map[string]bool{
	"ftp": true, "ftps": true, "sftp": true, "tftp": true, "nntp": true, "shttp": true,
	"rtsp": true, "rtsps": true, "rtspu": true, "rtmp": true, "rtmps": true, "rtmfp": true,
	"tip": true, "hcap": true, "mtqp": true, "snews": true, "mailbox": true,
	"tcp": true, "hkp": true, "hkps": true, "htsp": true, "rtp": true, "srtp": true,
	"smtp": true, "smtps": true, "ntp": true,
}

// misspeltScheme reports whether dest, a link destination, misspells the
// scheme of a web link: a scheme two edits or fewer from http, https or
// mailto that is none of them nor a registered scheme ("htpss:",
// "hhttps:", "mialto:"); http or https without the "//" before the host
// ("https:/example.com"); or a web scheme without its colon ("https//…"),
// which makes a relative path. Browsers follow none of them to the page
// meant. It returns the scheme as written and what to write instead.
func misspeltScheme(dest string) (written, want string, ok bool) {
	d := strings.TrimSpace(dest)
	n := schemeLen(d)
	if n == 0 {
		return "", "", false
	}
	s := strings.ToLower(d[:n])
	rest := d[n:]
	switch {
	case strings.HasPrefix(rest, "//"):
		// no colon: a relative path whose first segment is s
		if w := nearWebScheme(s, true); w != "" && w != "mailto" {
			return d[:n+2], w + "://", true
		}
	case rest[0] != ':':
	case s == "http" || s == "https":
		if !strings.HasPrefix(rest, "://") {
			return d[:n+1], s + "://", true
		}
	case s == "mailto" || nearSchemes[s]:
	default:
		if w := nearWebScheme(s, false); w != "" {
			if w != "mailto" {
				w += "://"
			} else {
				w += ":"
			}
			return d[:n+1], w, true
		}
	}
	return "", "", false
}

// schemeLen returns the length of the scheme-like run at the start of d
// (a letter, then letters, digits, '+', '-' or '.') when a ':' or "//"
// follows it, else 0.
func schemeLen(d string) int {
	i := 0
	for ; i < len(d); i++ {
		c := d[i]
		letter := c|0x20 >= 'a' && c|0x20 <= 'z'
		if !letter && (i == 0 || !(c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.')) {
			break
		}
	}
	if i == 0 || i == len(d) || d[i] != ':' && !strings.HasPrefix(d[i:], "//") {
		return 0
	}
	return i
}

// nearWebScheme returns the web scheme s is at most two edits from ("" when
// none), comparing only schemes of three letters or more (shorter ones
// are two edits from too much). With exact, s may be the scheme itself.
func nearWebScheme(s string, exact bool) string {
	if len(s) < 3 || len(s) > 8 {
		return ""
	}
	best, bestD := "", 3
	for _, w := range webSchemes {
		d := edlib.LevenshteinDistance(s, w)
		if d == 0 && !exact {
			return ""
		}
		if d < bestD {
			best, bestD = w, d
		}
	}
	return best
}
