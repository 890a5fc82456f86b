package authelia

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/guidec/guidec/internal/lazyre"
)

// addrSpec says how Authelia decodes one address option
// (schema/types_address.go): the scheme assumed when none is written (one
// for absolute paths, one otherwise) and the schemes the option accepts.
type addrSpec struct {
	name          string   // for messages: "server", "LDAP", …
	defaultScheme string   // for '<host>:<port>'
	pathScheme    string   // for '/path/to.sock'
	schemes       []string // accepted schemes
	// routerPath enables the server's path rules: one path segment of
	// letters and digits ('tcp://:9091/authelia').
	routerPath bool
	// listener options take file descriptors ('fd://3', systemd socket
	// activation) from 4.39.0, which the JSON schema's pattern leaves out.
	listener bool
}

var (
	addrServer  = &addrSpec{name: "server", defaultScheme: "tcp", pathScheme: "unix", schemes: []string{"tcp", "tcp4", "tcp6", "unix"}, routerPath: true, listener: true}
	addrMetrics = &addrSpec{name: "metrics", defaultScheme: "tcp", pathScheme: "unix", schemes: []string{"tcp", "tcp4", "tcp6", "unix"}, listener: true}
	addrSQL     = &addrSpec{name: "database", defaultScheme: "tcp", pathScheme: "unix", schemes: []string{"tcp", "tcp4", "tcp6", "unix"}}
	addrLDAP    = &addrSpec{name: "LDAP", defaultScheme: "ldaps", pathScheme: "ldapi", schemes: []string{"ldap", "ldaps", "ldapi"}}
	addrSMTP    = &addrSpec{name: "SMTP", defaultScheme: "smtp", pathScheme: "unix", schemes: []string{"smtp", "submission", "submissions"}}
	addrUDP     = &addrSpec{name: "NTP", defaultScheme: "udp", pathScheme: "unix", schemes: []string{"udp", "udp4", "udp6"}}
)

var (
	hasScheme = lazyre.New(`^[a-zA-Z][a-zA-Z0-9+.-]*://`)
	isUmask   = lazyre.New(`^[0-7]{3,4}$`)
)

// checkAddress reports why Authelia would refuse s as an address of kind
// a, or "" when it accepts it. It follows NewAddressDefault and the
// address validation of the option's type.
func checkAddress(s string, a *addrSpec, v version) string {
	raw := s
	if !hasScheme.MatchString(s) {
		if strings.HasPrefix(s, "/") {
			raw = a.pathScheme + "://" + s
		} else {
			raw = a.defaultScheme + "://" + s
		}
	}
	u, err := url.Parse(raw)
	if err != nil {
		if ue := (*url.Error)(nil); errors.As(err, &ue) {
			err = ue.Err
		}
		return fmt.Sprintf("could not parse it as an address: %v; the format is [<scheme>://]<hostname>[:<port>]", err)
	}
	if a.listener && u.Scheme == "fd" && v.atLeast(v4390) {
		if _, err := strconv.Atoi(u.Host); err != nil || u.Path != "" {
			return "a file descriptor address is 'fd://<number>'"
		}
		if a.routerPath {
			return serverPath(u)
		}
		return ""
	}
	if msg := addressShape(u); msg != "" {
		return msg
	}
	schemes := a.schemes
	if a.listener && v.atLeast(v4390) {
		schemes = append(slices.Clone(schemes), "fd")
	}
	if !slices.Contains(schemes, u.Scheme) {
		return fmt.Sprintf("the scheme must be %s but it's '%s'", quoteList(schemes, "or"), u.Scheme)
	}
	if a.routerPath {
		return serverPath(u)
	}
	return ""
}

// addressShape applies the checks every address gets (Address.validate).
func addressShape(u *url.URL) string {
	socket := u.Scheme == "unix" || u.Scheme == "ldapi"
	switch {
	case u.RawQuery != "" && u.Scheme != "unix":
		return fmt.Sprintf("it has a query, which the '%s' scheme does not allow", u.Scheme)
	case u.Fragment != "" || u.RawFragment != "":
		return "it has a fragment, which addresses do not allow"
	case u.User != nil:
		return "it has user information, which addresses do not allow (use the username and password options)"
	case socket && u.Host != "":
		return "a unix socket address has no host: write the absolute path after the scheme ('" + u.Scheme + ":///path/to.sock')"
	case u.Scheme == "unix" && u.Path == "":
		return "a unix socket address needs the socket's path"
	}
	if u.Scheme == "unix" && u.Query().Has("umask") && !isUmask.MatchString(u.Query().Get("umask")) {
		return "its umask '" + u.Query().Get("umask") + "' is not an octal number such as 0022"
	}
	return ""
}

// serverPath applies the server's rule on the path Authelia is served
// under: one segment of letters and digits (ValidateServerAddress).
func serverPath(u *url.URL) string {
	sub := u.Path
	if u.Scheme == "unix" || u.Scheme == "fd" {
		sub = "/"
		if u.Query().Has("path") {
			sub = "/" + u.Query().Get("path")
		}
	}
	if sub == "" || sub == "/" {
		return ""
	}
	p := strings.TrimPrefix(sub, "/")
	if strings.Contains(p, "/") {
		return "its path '" + sub + "' must be a single segment without a trailing '/'"
	}
	for _, c := range p {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return "its path '" + sub + "' must have only letters and digits"
		}
	}
	return ""
}
