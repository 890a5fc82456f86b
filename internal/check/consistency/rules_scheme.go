package consistency

import (
	"fmt"
	"strings"

	"github.com/guidec/guidec/internal/diag"
)

// checkSchemes reports an application value, or an Assumptions URL, that
// is a URL whose scheme is a near miss of http or https (htps://,
// htttps://, hhttps://): no HTTP client knows the scheme, so the
// application cannot reach Authelia, or Authelia refuses the redirect
// URI. Other schemes (ldap, wss, redis…) are not near misses of either.
func checkSchemes(m *model, r *reporter) {
	check := func(v value, what string) {
		if r.seen[v.Span] {
			return
		}
		got, want, ok := misspeltWebScheme(v.Text)
		if !ok {
			return
		}
		r.report(v, diag.Error, "consistency-url-scheme", "write "+want+"://",
			fmt.Sprintf("'%s' (%s) has the scheme '%s', a misspelling of %s: no client can open it", v.Text, what, got, want))
	}
	for _, l := range []label{labelAppRoot, labelAutheliaRoot} {
		for _, a := range m.assume.all(l) {
			check(a, "the "+labelNames[l]+" assumption")
		}
	}
	for _, av := range m.app {
		check(av.Value, describe(av))
	}
}

// misspeltWebScheme returns the scheme of s and the web scheme it
// misspells, when s starts like a URL (scheme://) with a scheme one edit
// from http or https (two for a longer one) that is neither.
func misspeltWebScheme(s string) (got, want string, ok bool) {
	i := strings.Index(s, "://")
	if i < 2 || i > 8 {
		return "", "", false
	}
	got = s[:i]
	for j := 0; j < len(got); j++ {
		c := got[j]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return "", "", false
		}
	}
	lower := strings.ToLower(got)
	if lower == "http" || lower == "https" || otherSchemes[lower] {
		return "", "", false
	}
	for _, w := range []string{"https", "http"} {
		if nearMiss(lower, w) {
			return got, w, true
		}
	}
	return "", "", false
}

// otherSchemes are schemes of other protocols that guides show, none of
// which an edit of http or https should be taken for.
var otherSchemes = map[string]bool{
	"ftp": true, "ftps": true, "sftp": true, "ws": true, "wss": true, "ldap": true, "ldaps": true,
	"smtp": true, "smtps": true, "imap": true, "imaps": true, "redis": true, "rediss": true, "tcp": true,
	"udp": true, "unix": true, "file": true, "git": true, "ssh": true, "oci": true, "s3": true, "grpc": true,
	"grpcs": true, "h2c": true, "amqp": true, "amqps": true, "mqtt": true, "nats": true, "tls": true,
}
