package serve

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// testPolicies are servers bound to loopback, to one LAN address with an
// --allowed-host, and to every address of a machine with three
// interfaces and an --allowed-host given in another case with a dot.
func testPolicies(t *testing.T) (loop, lan, wild *hostPolicy) {
	t.Helper()
	var err error
	if loop, err = newHostPolicy(&net.TCPAddr{IP: net.ParseIP("127.0.0.1"), Port: 1313}, nil); err != nil {
		t.Fatal(err)
	}
	if lan, err = newHostPolicy(&net.TCPAddr{IP: net.ParseIP("192.168.1.5"), Port: 1313}, []string{"guides.lan"}); err != nil {
		t.Fatal(err)
	}
	if wild, err = newHostPolicy(&net.TCPAddr{IP: net.IPv6unspecified, Port: 1313}, []string{"MyBox.Local."}); err != nil {
		t.Fatal(err)
	}
	wild.interfaceAddrs = fakeInterfaces("127.0.0.1/8", "192.168.1.5/24", "fe80::1/64", "10.8.0.2/32", "::1/128")
	return loop, lan, wild
}

// fakeInterfaces returns an interfaceAddrs that lists cidrs.
func fakeInterfaces(cidrs ...string) func() ([]net.Addr, error) {
	return func() ([]net.Addr, error) {
		var addrs []net.Addr
		for _, c := range cidrs {
			ip, n, err := net.ParseCIDR(c)
			if err != nil {
				return nil, err
			}
			n.IP = ip
			addrs = append(addrs, n)
		}
		return addrs, nil
	}
}

// TestHostPolicy is the table of Host headers each kind of server answers
// (loopback, LAN address, every address), against DNS rebinding.
func TestHostPolicy(t *testing.T) {
	loop, lan, wild := testPolicies(t)
	for _, c := range []struct {
		host            string
		loop, lan, wild bool
	}{
		// Loopback names and addresses, with or without the port; the
		// port need not be the server's (ssh -L, docker -p).
		{"localhost:1313", true, true, true},
		{"localhost", true, true, true},
		{"LOCALHOST:1313", true, true, true},
		{"LocalHost.", true, true, true},
		{"localhost.:1313", true, true, true},
		{"localhost:8080", true, true, true},
		{"localhost:", true, true, true},
		{"127.0.0.1:1313", true, true, true},
		{"127.0.0.1", true, true, true},
		{"127.0.0.1.:1313", true, true, true},
		{"127.0.0.2:1313", true, true, true},
		{"[::1]:1313", true, true, true},
		{"[::1]", true, true, true},
		{"[0:0:0:0:0:0:0:1]:1313", true, true, true},
		{"[::ffff:127.0.0.1]:1313", true, true, true},
		{"[::1%25lo]:1313", true, true, true},
		// Names a rebinding attacker controls.
		{"127.0.0.1.nip.io:1313", false, false, false},
		{"localtest.me", false, false, false},
		{"localhost.evil.com", false, false, false},
		{"evil.localhost", false, false, false},
		{"evil.com:1313", false, false, false},
		{"EVIL.COM.", false, false, false},
		{"xn--localhost-xyz", false, false, false},
		// Malformed: no host, userinfo, bad ports, stray characters,
		// unbracketed or malformed IPv6, zones not as RFC 6874 has them.
		{"", false, false, false},
		{":1313", false, false, false},
		{"user@localhost", false, false, false},
		{"user:pass@localhost:1313", false, false, false},
		{"localhost@evil.com", false, false, false},
		{"localhost:abc", false, false, false},
		{"localhost:-1", false, false, false},
		{"localhost:65536", false, false, false},
		{"localhost:123456", false, false, false},
		{"localhost:1313:1313", false, false, false},
		{"localhost/", false, false, false},
		{"localhost%00", false, false, false},
		{"local host", false, false, false},
		{"localhost..", false, false, false},
		{".localhost", false, false, false},
		{"::1", false, false, false},
		{"::1:1313", false, false, false},
		{"[::1", false, false, false},
		{"[::1]x", false, false, false},
		{"[::1]:99999", false, false, false},
		{"[::1%lo]", false, false, false},
		{"[::1%25]", false, false, false},
		{"[::1%25l%20o]", false, false, false},
		{"[127.0.0.1]", false, false, false},
		{"[localhost]", false, false, false},
		// Other spellings of 127.0.0.1 (browsers send the canonical one).
		{"2130706433", false, false, false},
		{"0x7f.1", false, false, false},
		{"127.1", false, false, false},
		{"0177.0.0.1", false, false, false},
		// The unspecified address reaches a server bound to it, but no
		// browser page has it as its origin but by being sent there.
		{"0.0.0.0:1313", false, false, false},
		{"[::]:1313", false, false, false},
		// The LAN address, --allowed-host names, interface addresses.
		{"192.168.1.5:1313", false, true, true},
		{"192.168.1.5", false, true, true},
		{"192.168.1.6", false, false, false},
		{"guides.lan", false, true, false},
		{"GUIDES.LAN.:8080", false, true, false},
		{"mybox.local:1313", false, false, true},
		{"[fe80::1%25eth0]:1313", false, false, true},
		{"[fe80::1]", false, false, true},
		{"[fe80::2]", false, false, false},
		{"10.8.0.2", false, false, true},
		{"[::ffff:10.8.0.2]", false, false, true},
	} {
		for _, p := range []struct {
			name string
			p    *hostPolicy
			want bool
		}{{"loopback", loop, c.loop}, {"lan", lan, c.lan}, {"every address", wild, c.wild}} {
			if got := p.p.allows(c.host); got != p.want {
				t.Errorf("%s server: allows(%q) = %v, want %v", p.name, c.host, got, p.want)
			}
		}
	}
}

// TestHostPolicyInterfacesChange checks that a server bound to every
// address answers for an address its machine gained since it started, and
// that asking for unknown addresses does not re-read the interfaces more
// than once a second.
func TestHostPolicyInterfacesChange(t *testing.T) {
	_, _, wild := testPolicies(t)
	calls := 0
	addrs := fakeInterfaces("192.168.1.5/24")
	wild.interfaceAddrs = func() ([]net.Addr, error) { calls++; return addrs() }
	if !wild.allows("192.168.1.5") || wild.allows("192.168.7.7") || wild.allows("192.168.7.8") {
		t.Fatal("wrong answers before the change")
	}
	if calls != 1 {
		t.Errorf("interfaces read %d times within a second, want 1", calls)
	}
	addrs = fakeInterfaces("192.168.7.7/24")
	wild.refreshed = time.Now().Add(-2 * time.Second)
	if !wild.allows("192.168.7.7") {
		t.Error("the new address is refused")
	}
}

// TestAllowedHostFlag checks what Options.AllowedHosts accepts.
func TestAllowedHostFlag(t *testing.T) {
	addr := &net.TCPAddr{IP: net.ParseIP("127.0.0.1"), Port: 1313}
	for _, c := range []struct {
		name string
		ok   bool
	}{
		{"guides.lan", true}, {"MyBox.local.", true}, {"192.168.1.7", true}, {"[fe80::7]", true}, {"fe80::7", true},
		{"", false}, {"guides.lan:1313", false}, {"http://guides.lan", false}, {"a b", false}, {"*.lan", false},
		{"user@guides.lan", false},
	} {
		_, err := newHostPolicy(addr, []string{c.name})
		if (err == nil) != c.ok {
			t.Errorf("allowed host %q: %v, want ok %v", c.name, err, c.ok)
		}
	}
}

// TestSameOrigin is the table of Origin and Sec-Fetch-Site headers the
// live reload endpoints accept from a page at http://localhost:1313.
func TestSameOrigin(t *testing.T) {
	for _, c := range []struct {
		host, origin, site string
		ok                 bool
	}{
		{"localhost:1313", "", "", true},
		{"localhost:1313", "http://localhost:1313", "", true},
		{"localhost:1313", "http://LocalHost.:1313", "", true},
		{"localhost:1313", "", "same-origin", true},
		{"localhost:1313", "", "none", true},
		{"localhost", "http://localhost:80", "", true},
		{"localhost:80", "http://localhost", "", true},
		{"[::1]:1313", "http://[::1]:1313", "", true},
		{"localhost:1313", "http://127.0.0.1:1313", "", false},
		{"localhost:1313", "http://localhost:1314", "", false},
		{"localhost:1313", "https://localhost:1313", "", false},
		{"localhost:1313", "http://evil.com", "", false},
		{"localhost:1313", "http://localhost:1313/", "", false},
		{"localhost:1313", "http://user@localhost:1313", "", false},
		{"localhost:1313", "null", "", false},
		{"localhost:1313", "", "cross-site", false},
		{"localhost:1313", "", "same-site", false},
		{"localhost:1313", "http://localhost:1313", "cross-site", false},
	} {
		r := localRequest("GET", pathEvents)
		r.Host = c.host
		if c.origin != "" {
			r.Header.Set("Origin", c.origin)
		}
		if c.site != "" {
			r.Header.Set("Sec-Fetch-Site", c.site)
		}
		if got := sameOrigin(r); got != c.ok {
			t.Errorf("Host %q, Origin %q, Sec-Fetch-Site %q: %v, want %v", c.host, c.origin, c.site, got, c.ok)
		}
	}
}

// TestServeRefusesOtherHosts sends raw requests to a running server, as a
// DNS rebinding page would: every endpoint, the event stream included,
// answers 421 with a short text for another host, the log names the host,
// and the data endpoints refuse other origins with 403.
func TestServeRefusesOtherHosts(t *testing.T) {
	root := t.TempDir()
	copyInputs(t, root)
	h := start(t, root, false)
	addr := strings.TrimPrefix(h.url, "http://")
	_, port, _ := net.SplitHostPort(addr)
	for _, p := range []string{"/", "/alpha/", pathDiagnostics, pathEvents, pathScript, "/nothing"} {
		for _, host := range []string{"evil.example:" + port, "127.0.0.1.nip.io:" + port, "localhost.evil.example"} {
			resp := rawRequest(t, addr, p, "Host: "+host)
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusMisdirectedRequest || len(body) > 200 ||
				!strings.HasPrefix(resp.Header.Get("Content-Type"), "text/plain") || strings.Contains(string(body), "alpha") {
				t.Errorf("GET %s for %s: %d %q %q", p, host, resp.StatusCode, resp.Header.Get("Content-Type"), body)
			}
		}
		for _, host := range []string{"localhost:" + port, "127.0.0.1:" + port, "LOCALHOST."} {
			resp := rawRequest(t, addr, p, "Host: "+host)
			if resp.StatusCode == http.StatusMisdirectedRequest {
				t.Errorf("GET %s for %s: refused", p, host)
			}
		}
	}
	if log := h.log.String(); !strings.Contains(log, `refused a request for host "evil.example:`+port+`"`) ||
		strings.Count(log, `host "evil.example:`+port+`"`) != 1 {
		t.Errorf("the log does not name the refused host once:\n%s", log)
	}
	for _, p := range []string{pathEvents, pathDiagnostics} {
		resp := rawRequest(t, addr, p, "Host: localhost:"+port, "Origin: http://evil.example")
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("GET %s from another origin: %d", p, resp.StatusCode)
		}
		resp = rawRequest(t, addr, p, "Host: localhost:"+port, "Origin: http://localhost:"+port)
		if resp.StatusCode != http.StatusOK {
			t.Errorf("GET %s from the same origin: %d", p, resp.StatusCode)
		}
	}
}

// rawRequest sends a GET for target with the header lines given (Host
// among them) and returns the response once its headers are read. The
// connection closes when the test ends: the body of an event stream never
// does, so the caller need not read or close it.
func rawRequest(t *testing.T, addr, target string, header ...string) *http.Response {
	t.Helper()
	conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	req := "GET " + target + " HTTP/1.1\r\n" + strings.Join(header, "\r\n") + "\r\nConnection: close\r\n\r\n"
	if _, err := io.WriteString(conn, req); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("GET %s: %v", target, err)
	}
	return resp
}

// TestSiteURL checks the URL printed for each kind of listener: one bound
// to every address is opened as localhost, which the host policy answers.
func TestSiteURL(t *testing.T) {
	for _, c := range []struct {
		addr *net.TCPAddr
		want string
	}{
		{&net.TCPAddr{IP: net.ParseIP("127.0.0.1"), Port: 1313}, "http://127.0.0.1:1313/"},
		{&net.TCPAddr{IP: net.ParseIP("::1"), Port: 1313}, "http://[::1]:1313/"},
		{&net.TCPAddr{IP: net.IPv4zero, Port: 1313}, "http://localhost:1313/"},
		{&net.TCPAddr{IP: net.IPv6unspecified, Port: 1313}, "http://localhost:1313/"},
	} {
		if got := siteURL(c.addr); got != c.want {
			t.Errorf("siteURL(%v) = %q, want %q", c.addr, got, c.want)
		}
	}
}
