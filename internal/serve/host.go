package serve

import (
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"time"
)

// hostPolicy decides which Host headers the server answers. It defends the
// preview against DNS rebinding: a page on the internet whose name the
// attacker then resolves to 127.0.0.1 is, for the browser, the same origin
// as the preview, and could read drafts and diagnostics from it. Such a
// request carries the attacker's name in Host, so the server answers only
// the names and addresses by which it is meant to be reached:
//
//   - always "localhost" and loopback addresses (127.0.0.0/8, ::1): no one
//     but this machine can make a browser send them;
//   - the address it is bound to, and when bound to every address (0.0.0.0
//     or ::), the addresses of this machine's interfaces;
//   - the names given with --allowed-host (Options.AllowedHosts), for a LAN
//     host name.
//
// IP literals need no DNS, so they cannot be rebound; names other than
// "localhost" (including "localhost.example.com" and "127.0.0.1.nip.io")
// must be allowed by name. The port is not compared with the listener's:
// rebinding is defeated by the name alone, and port forwarding (ssh -L,
// docker -p) legitimately makes the browser's port differ from the
// server's.
type hostPolicy struct {
	names    map[string]bool     // allowed names, canonical (see canonicalName)
	addrs    map[netip.Addr]bool // allowed addresses besides loopback ones
	wildcard bool                // bound to every address

	// The interface addresses, re-read (at most once a second) when a
	// request names an address not known yet: they change as networks
	// come and go (DHCP, VPN, Wi-Fi).
	mu        sync.Mutex
	ifaces    map[netip.Addr]bool
	refreshed time.Time
	// interfaceAddrs lists the machine's addresses; tests replace it.
	interfaceAddrs func() ([]net.Addr, error)
}

// newHostPolicy returns the policy of a server listening on addr, with the
// extra names or addresses allowed. An extra that is not a host name or IP
// address is an error.
func newHostPolicy(addr net.Addr, allowed []string) (*hostPolicy, error) {
	p := &hostPolicy{names: map[string]bool{}, addrs: map[netip.Addr]bool{}, interfaceAddrs: net.InterfaceAddrs}
	if ta, ok := addr.(*net.TCPAddr); ok {
		if ip, ok := netip.AddrFromSlice(ta.IP); ok {
			ip = ip.Unmap()
			if ip.IsUnspecified() {
				p.wildcard = true
			} else {
				p.addrs[ip] = true
			}
		}
	}
	for _, h := range allowed {
		a, name, ok := parseHostname(h)
		switch {
		case !ok:
			return nil, CheckAllowedHost(h)
		case a.IsValid():
			p.addrs[a] = true
		default:
			p.names[name] = true
		}
	}
	return p, nil
}

// CheckAllowedHost reports whether name can be one of
// Options.AllowedHosts: a host name or an IP address, without port.
func CheckAllowedHost(name string) error {
	if _, _, ok := parseHostname(name); !ok {
		return fmt.Errorf("%q is not a host name or IP address (give it without scheme or port)", name)
	}
	return nil
}

// loopbackPolicy is the policy of a server not yet listening (a Server
// whose ServeHTTP is called directly): loopback only.
func loopbackPolicy() *hostPolicy {
	p, _ := newHostPolicy(&net.TCPAddr{IP: net.IPv4(127, 0, 0, 1)}, nil)
	return p
}

// allows reports whether the server answers a request whose Host header
// (or absolute request target) is hostport.
func (p *hostPolicy) allows(hostport string) bool {
	a, name, ok := parseHost(hostport)
	switch {
	case !ok:
		return false
	case !a.IsValid():
		return name == "localhost" || p.names[name]
	case a.IsLoopback() || p.addrs[a]:
		return true
	case p.wildcard:
		return p.isInterface(a)
	}
	return false
}

// isInterface reports whether a is an address of this machine.
func (p *hostPolicy) isInterface(a netip.Addr) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ifaces[a] {
		return true
	}
	if time.Since(p.refreshed) < time.Second {
		return false
	}
	p.refreshed = time.Now()
	addrs, err := p.interfaceAddrs()
	if err != nil {
		return false
	}
	p.ifaces = map[netip.Addr]bool{}
	for _, ad := range addrs {
		var ip net.IP
		switch v := ad.(type) {
		case *net.IPNet:
			ip = v.IP
		case *net.IPAddr:
			ip = v.IP
		}
		if x, ok := netip.AddrFromSlice(ip); ok {
			p.ifaces[x.Unmap()] = true
		}
	}
	return p.ifaces[a]
}

// parseHost parses a Host header, "host[:port]", strictly: host is a DNS
// name, a dotted IPv4 address or a bracketed IPv6 address (with an RFC
// 6874 zone, "%25" and the zone name, which is dropped); port, when
// present, is decimal and at most 65535. Anything else (userinfo, a path,
// an unbracketed IPv6 address, percent-encoding) is refused. It returns
// the address for an IP literal, else the canonical name.
func parseHost(hostport string) (netip.Addr, string, bool) {
	host, port := hostport, ""
	if strings.HasPrefix(hostport, "[") {
		end := strings.IndexByte(hostport, ']')
		if end < 0 {
			return netip.Addr{}, "", false
		}
		host, port = hostport[:end+1], hostport[end+1:]
		if port != "" && port[0] != ':' {
			return netip.Addr{}, "", false
		}
	} else if i := strings.IndexByte(hostport, ':'); i >= 0 {
		// One colon at most: an IPv6 address must be bracketed.
		host, port = hostport[:i], hostport[i:]
		if strings.Contains(port[1:], ":") {
			return netip.Addr{}, "", false
		}
	}
	if port != "" && !validPort(port[1:]) {
		return netip.Addr{}, "", false
	}
	return parseHostname(host)
}

// validPort reports whether s is a port of a Host header: empty (RFC 3986
// allows "host:") or a decimal number up to 65535.
func validPort(s string) bool {
	if len(s) > 5 {
		return false
	}
	n := 0
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return false
		}
		n = n*10 + int(c-'0')
	}
	return n <= 65535
}

// parseHostname parses a host without port: "[v6]" or "v6" (an
// --allowed-host may omit the brackets), a dotted IPv4 address, or a DNS
// name. A name is returned canonical: lower case, without the trailing dot
// of a fully qualified name.
func parseHostname(host string) (netip.Addr, string, bool) {
	if strings.HasPrefix(host, "[") {
		if !strings.HasSuffix(host, "]") {
			return netip.Addr{}, "", false
		}
		a, ok := parseIPv6(host[1 : len(host)-1])
		return a, "", ok
	}
	if strings.Contains(host, ":") {
		a, ok := parseIPv6(host)
		return a, "", ok
	}
	name, ok := canonicalName(host)
	if !ok {
		return netip.Addr{}, "", false
	}
	if a, err := netip.ParseAddr(name); err == nil {
		return a, "", true // a dotted IPv4 address ("127.0.0.1." too)
	}
	return netip.Addr{}, name, true
}

// parseIPv6 parses the inside of an IPv6 literal, with an optional RFC
// 6874 zone ("fe80::1%25eth0"), which is dropped: it says which interface
// to use, not which server is meant. An IPv4-mapped address is unmapped,
// so that "::ffff:127.0.0.1" is loopback as 127.0.0.1 is.
func parseIPv6(s string) (netip.Addr, bool) {
	if i := strings.IndexByte(s, '%'); i >= 0 {
		zone := s[i+1:]
		if !strings.HasPrefix(zone, "25") || len(zone) == 2 || !unreserved(zone[2:]) {
			return netip.Addr{}, false
		}
		s = s[:i]
	}
	a, err := netip.ParseAddr(s)
	if err != nil || !a.Is6() || a.Zone() != "" {
		return netip.Addr{}, false
	}
	return a.Unmap(), true
}

// unreserved reports whether s holds only RFC 3986 unreserved characters.
func unreserved(s string) bool {
	for _, c := range []byte(s) {
		if !(isAlnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
			return false
		}
	}
	return true
}

// canonicalName lower-cases a DNS name and drops the trailing dot of a
// fully qualified one ("LocalHost." is "localhost"). It refuses empty
// labels and characters other than letters, digits, '-' and '_'.
func canonicalName(s string) (string, bool) {
	s = strings.ToLower(strings.TrimSuffix(s, "."))
	if s == "" || len(s) > 253 {
		return "", false
	}
	for _, label := range strings.Split(s, ".") {
		if label == "" || len(label) > 63 {
			return "", false
		}
		for _, c := range []byte(label) {
			if !(isAlnum(c) || c == '-' || c == '_') {
				return "", false
			}
		}
	}
	return s, true
}

func isAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// sameOrigin reports whether the Origin and Sec-Fetch-Site headers of r,
// when present, say that the request comes from a page of this server
// (the origin the browser reached it by, which is r.Host). The live reload
// endpoints refuse other origins: a browser would not let another origin
// read them anyway (no CORS headers), but an event stream would still
// hold a connection open for it.
func sameOrigin(r *http.Request) bool {
	if site := r.Header.Get("Sec-Fetch-Site"); site != "" && site != "same-origin" && site != "none" {
		return false
	}
	origin := r.Header.Get("Origin")
	if origin == "" {
		return true // not a cross-origin request from a browser
	}
	u, err := url.Parse(origin)
	if err != nil || u.Scheme != "http" || u.Path != "" || u.User != nil || u.RawQuery != "" {
		return false // includes "null", the origin of sandboxed and file pages
	}
	return originKey(u.Host) == originKey(r.Host) && originKey(u.Host) != ""
}

// originKey canonicalises an http authority for comparison: canonical
// name or address, and port, 80 when absent.
func originKey(hostport string) string {
	a, name, ok := parseHost(hostport)
	if !ok {
		return ""
	}
	port := "80"
	if i := strings.LastIndexByte(hostport, ':'); i >= 0 && !strings.HasSuffix(hostport, "]") && hostport[i+1:] != "" {
		port = strings.TrimLeft(hostport[i+1:], "0")
	}
	if a.IsValid() {
		return net.JoinHostPort(a.String(), port)
	}
	return net.JoinHostPort(name, port)
}
