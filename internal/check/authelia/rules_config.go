package authelia

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/guidec/guidec/internal/diag"
)

// configCheck evaluates the cross-field rules of Authelia's validator
// outside identity_providers (internal/configuration/validator) that a
// snippet can decide. Guides show parts of the configuration, so a rule
// runs only on what a block writes: a missing section or option is never
// reported, except inside an entry that the block shows whole (a session
// cookie, an access control rule), where Authelia needs it.
type configCheck struct {
	*reporter
	ver version
	g   *guideContext
}

func (cc *configCheck) run(doc *yaml.Node) {
	cc.oneOf(doc, "authentication_backend", "file", "ldap")
	cc.oneOf(doc, "notifier", "smtp", "filesystem")
	cc.oneOf(doc, "storage", "local", "mysql", "postgres")
	cc.session(doc)
	cc.accessControl(doc)
	if p, ok := lookupPath(doc, "authentication_backend", "ldap"); ok && isMapping(p.value) {
		cc.ldap(doc, p.value)
	}
	cc.extraAttributes(doc)
	cc.storage(doc)
	cc.regulation(doc)
	cc.passwordPolicy(doc)
	cc.privacyPolicy(doc)
	cc.serverTLS(doc)
	cc.authzEndpoints(doc)
}

// emptyMapping reports whether n is written as {}: guides write it for a
// section described elsewhere ("smtp: {}"), not for a configured one.
func emptyMapping(n *yaml.Node) bool {
	n = resolve(n)
	return n != nil && n.Kind == yaml.MappingNode && len(n.Content) == 0
}

func isMapping(n *yaml.Node) bool {
	n = resolve(n)
	return n != nil && n.Kind == yaml.MappingNode
}

// text returns the scalar value of key in mapping m, its node and whether
// it is set to a value that is not a template or an elision.
func text(m *yaml.Node, key string) (string, *yaml.Node, bool) {
	p, ok := lookup(m, key)
	if !ok {
		return "", nil, false
	}
	s, ok := scalar(p.value)
	if !ok || templated(s) || elided(s) {
		return "", p.value, false
	}
	return s, p.value, true
}

// truthy reports whether option key of m is written as true.
func truthy(m *yaml.Node, key string) bool {
	p, ok := lookup(m, key)
	return ok && weakBool(resolve(p.value)) && isTrue(resolve(p.value))
}

func isTrue(v *yaml.Node) bool {
	switch strings.ToLower(v.Value) {
	case "true", "t", "1":
		return true
	}
	n, ok := weakInt(v)
	return ok && n != 0 && v.Tag != "!!str"
}

// oneOf reports a section that configures more than one of alternatives
// that exclude each other (two authentication backends, two notifiers, two
// storage backends). Which one the guide means is the reader's guess.
func (cc *configCheck) oneOf(doc *yaml.Node, section string, alternatives ...string) {
	p, ok := lookup(doc, section)
	if !ok || !isMapping(p.value) || cc.g.illustrative {
		return
	}
	var set []pair
	for _, a := range alternatives {
		if q, ok := lookup(p.value, a); ok && !isNull(q.value) && !emptyMapping(q.value) {
			set = append(set, q)
		}
	}
	if len(set) < 2 {
		return
	}
	names := make([]string, len(set))
	for i, q := range set {
		names[i] = q.key.Value
	}
	d := cc.reportf(set[1].key, diag.Error, "authelia-one-of", "keep only the one the guide sets up",
		"%s: only one of %s may be configured but %s are", section, quoteList(alternatives, "or"), quoteList(names, "and"))
	d.Related = []diag.Related{{File: cc.file, Span: cc.span(set[0].key), Message: "the other one"}}
}

// storage: the encryption key length, and the legacy postgres ssl options
// beside tls.
func (cc *configCheck) storage(doc *yaml.Node) {
	st, ok := lookup(doc, "storage")
	if !ok {
		return
	}
	if key, n, ok := text(st.value, "encryption_key"); ok && key != "" && len(key) < 20 && !placeholder(key) {
		cc.reportf(n, diag.Error, "authelia-storage-key", "use a random string of at least 20 characters, such as 64 random alphanumeric characters",
			"storage: option 'encryption_key' must be 20 characters or longer but it has %d", len(key))
	}
	if pg, ok := lookup(st.value, "postgres"); ok {
		ssl, hasSSL := lookup(pg.value, "ssl")
		if _, hasTLS := lookup(pg.value, "tls"); hasSSL && hasTLS {
			cc.reportf(ssl.key, diag.Error, "authelia-key-conflict", "remove 'ssl' and keep 'tls'",
				"storage: postgres: can't define both 'tls' and 'ssl' configuration options")
		}
	}
}

// placeholder reports whether s is a value the reader is told to replace
// ('<your key>', 'changeme…' is not one: it is a value).
func placeholder(s string) bool {
	return strings.Contains(s, "<") && strings.Contains(s, ">")
}

// regulation: find_time may not be longer than ban_time.
func (cc *configCheck) regulation(doc *yaml.Node) {
	reg, ok := lookup(doc, "regulation")
	if !ok {
		return
	}
	find, fn, ok1 := cc.durationOf(reg.value, "find_time")
	ban, _, ok2 := cc.durationOf(reg.value, "ban_time")
	if ok1 && ok2 && find > ban {
		cc.reportf(fn, diag.Error, "authelia-value-range", "make find_time shorter than or equal to ban_time",
			"regulation: option 'find_time' must be less than or equal to option 'ban_time'")
	}
}

// durationOf returns the seconds of a duration option that is written and
// valid.
func (cc *configCheck) durationOf(m *yaml.Node, key string) (float64, *yaml.Node, bool) {
	s, n, ok := text(m, key)
	if !ok {
		return 0, nil, false
	}
	secs, ok := parseDuration(s, cc.ver)
	return secs, n, ok
}

// passwordPolicy: only one mechanism, and the zxcvbn score range.
func (cc *configCheck) passwordPolicy(doc *yaml.Node) {
	pp, ok := lookup(doc, "password_policy")
	if !ok {
		return
	}
	std, _ := lookup(pp.value, "standard")
	zx, _ := lookup(pp.value, "zxcvbn")
	if std.key != nil && zx.key != nil && truthy(std.value, "enabled") && truthy(zx.value, "enabled") {
		cc.reportf(zx.key, diag.Error, "authelia-one-of", "enable only one of them",
			"password_policy: only a single password policy mechanism can be specified")
	}
	if zx.key != nil {
		if p, ok := lookup(zx.value, "min_score"); ok {
			if n, ok := weakInt(resolve(p.value)); ok && n != 0 && (n < 1 || n > 4) {
				cc.reportf(p.value, diag.Error, "authelia-value-range", "use a score between 1 and 4",
					"password_policy: zxcvbn: option 'min_score' is invalid: must be between 1 and 4 but it's configured as %d", n)
			}
		}
	}
	if std.key != nil {
		if p, ok := lookup(std.value, "min_length"); ok && truthy(std.value, "enabled") {
			if n, ok := weakInt(resolve(p.value)); ok && n < 0 {
				cc.reportf(p.value, diag.Error, "authelia-value-range", "use a positive length",
					"password_policy: standard: option 'min_length' must be greater than 0 but it's configured as %d", n)
			}
		}
	}
}

// privacyPolicy: an enabled policy needs an https policy_url.
func (cc *configCheck) privacyPolicy(doc *yaml.Node) {
	pp, ok := lookup(doc, "privacy_policy")
	if !ok || !isMapping(pp.value) {
		return
	}
	u, n, ok := text(pp.value, "policy_url")
	switch {
	case !ok && n == nil && truthy(pp.value, "enabled"):
		cc.reportf(pp.key, diag.Error, "authelia-required", "add the policy_url of your privacy policy",
			"privacy_policy: option 'policy_url' must be provided when the option 'enabled' is true")
	case ok && u != "" && !strings.HasPrefix(strings.ToLower(u), "https://"):
		cc.reportf(n, diag.Error, "authelia-session-url", "use an https URL",
			"privacy_policy: option 'policy_url' must have the 'https' scheme but it's configured as '%s'", u)
	}
}

// serverTLS: a key needs a certificate and the reverse; client
// certificates need both.
func (cc *configCheck) serverTLS(doc *yaml.Node) {
	tls, ok := lookupPath(doc, "server", "tls")
	if !ok || !isMapping(tls.value) {
		return
	}
	_, kn, key := text(tls.value, "key")
	_, cn, cert := text(tls.value, "certificate")
	key = key || kn != nil && !isNull(kn)
	cert = cert || cn != nil && !isNull(cn)
	switch {
	case key && !cert:
		cc.reportf(tls.key, diag.Error, "authelia-required", "add the certificate that goes with the key",
			"server: tls: option 'key' must also be accompanied by option 'certificate'")
	case cert && !key:
		cc.reportf(tls.key, diag.Error, "authelia-required", "add the private key that goes with the certificate",
			"server: tls: option 'certificate' must also be accompanied by option 'key'")
	case !key && !cert:
		if p, ok := lookup(tls.value, "client_certificates"); ok && len(items(p.value)) > 0 {
			cc.reportf(p.key, diag.Error, "authelia-required", "configure the server's certificate and key too",
				"server: tls: client authentication cannot be configured if no server certificate and key are provided")
		}
	}
}

// ordinal names the i-th (from 0) entry of a list as Authelia does.
func ordinal(i int) string { return fmt.Sprintf("#%d", i+1) }
