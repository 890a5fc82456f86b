package guide

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"
)

// AliasFile returns the output file, relative to the site root, of the
// redirect page for alias: "/integration/openid-connect/romm/" gives
// "integration/openid-connect/romm/index.html". As in Hugo, an alias ending
// in ".html" names the file itself; any other alias is a directory. A
// relative alias ("old-name/") is taken from the site root, where every
// guide lives.
//
// It returns an error, lowercase and ready to be a diagnostic message, when
// alias is not a plain path that stays inside the site: a URL with a
// scheme or host, a "." or ".." segment (also when percent-encoded), an
// encoded slash, a backslash, a query or fragment, blanks or control
// characters, or the site root itself.
func AliasFile(alias string) (string, error) {
	if err := aliasSyntax(alias); err != nil {
		return "", err
	}
	p := strings.TrimPrefix(alias, "/")
	if len(p) > maxAliasPath {
		return "", fmt.Errorf("alias %q is longer than %d bytes", alias, maxAliasPath)
	}
	for _, seg := range strings.Split(strings.TrimSuffix(p, "/"), "/") {
		if err := aliasSegment(seg); err != nil {
			return "", fmt.Errorf("alias %q: %w", alias, err)
		}
	}
	if strings.HasSuffix(p, ".html") {
		return p, nil
	}
	return strings.TrimSuffix(p, "/") + "/index.html", nil
}

func aliasSyntax(alias string) error {
	switch {
	case strings.TrimSpace(alias) == "":
		return errors.New("alias is empty")
	case !utf8.ValidString(alias):
		return fmt.Errorf("alias %q is not valid UTF-8", alias)
	case strings.HasPrefix(alias, "//") || hasScheme(alias):
		return fmt.Errorf("alias %q is a URL; an alias is a path on this site", alias)
	case strings.ContainsAny(alias, "?#"):
		return fmt.Errorf("alias %q has a query or fragment; an alias is a path", alias)
	case strings.Contains(alias, `\`):
		return fmt.Errorf("alias %q contains a backslash", alias)
	case strings.IndexFunc(alias, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) >= 0:
		return fmt.Errorf("alias %q contains blanks or control characters", alias)
	case strings.Trim(alias, "/") == "":
		return fmt.Errorf("alias %q is the site root, where the home page lives", alias)
	}
	return nil
}

// Limits of an alias's output path. Each segment is a directory or file
// name, which no common file system allows longer than 255 bytes; the whole
// path must leave room for the output directory within the 4,096 bytes of
// PATH_MAX. Checking them here makes the alias a diagnostic at its
// position, in check as in build, instead of a failure to write the site.
const (
	maxSegment   = 255
	maxAliasPath = 2048
)

// shorten abbreviates a long segment for a message.
func shorten(s string) string {
	if len(s) <= 40 {
		return s
	}
	cut := 32
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// aliasSegment checks one path segment, decoded, because a server decodes
// "%2e%2e" to ".." before it maps a request to a file.
func aliasSegment(seg string) error {
	dec, err := url.PathUnescape(seg)
	switch {
	case err != nil:
		return fmt.Errorf("invalid percent-encoding in %q", seg)
	case seg == "":
		return errors.New("empty path segment (//)")
	case dec == "." || dec == "..":
		return fmt.Errorf("%q segment would leave the page's directory", seg)
	case strings.ContainsAny(dec, "/\\\x00"):
		return fmt.Errorf("segment %q encodes a path separator", seg)
	case len(seg) > maxSegment:
		return fmt.Errorf("segment %q is longer than %d bytes, the longest file name file systems allow", shorten(seg), maxSegment)
	}
	return nil
}

// hasScheme reports whether s starts with a URL scheme ("https:", "mailto:").
func hasScheme(s string) bool {
	for i, r := range s {
		switch {
		case r == ':':
			return i > 0
		case r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z':
		case i > 0 && (r >= '0' && r <= '9' || r == '+' || r == '-' || r == '.'):
		default:
			return false
		}
	}
	return false
}

// ValidName reports whether name can be a guide's directory name: one URL
// path segment that needs no escaping. It allows ASCII letters, digits, '-',
// '_' and '.', not leading '.' (hidden) or '-', at most 100 bytes.
func ValidName(name string) error {
	if name == "" || len(name) > 100 {
		return fmt.Errorf("guide name %q must be 1 to 100 characters", name)
	}
	if name[0] == '.' || name[0] == '-' {
		return fmt.Errorf("guide name %q must start with a letter or digit", name)
	}
	for _, r := range name {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.') {
			return fmt.Errorf("guide name %q may only hold letters, digits, '-', '_' and '.'", name)
		}
	}
	return nil
}
