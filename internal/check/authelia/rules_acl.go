package authelia

import (
	"errors"
	"net"
	"regexp"
	"regexp/syntax"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/guidec/guidec/internal/diag"
)

// accessControl checks access_control (validator/access_control.go): the
// default policy without rules, each rule's shape, subjects, networks,
// methods and query, and the regular expressions Authelia compiles.
func (cc *configCheck) accessControl(doc *yaml.Node) {
	ac, ok := lookup(doc, "access_control")
	if !ok || !isMapping(ac.value) {
		return
	}
	for _, n := range items(lookupValue(ac.value, "networks")) {
		for _, e := range scalarList(lookupValue(n, "networks"), true) {
			if s, ok := scalar(e); ok && !templated(s) && !validNetwork(s) {
				name, _, _ := text(n, "name")
				cc.reportf(e, diag.Error, "authelia-acl-network", "write an IP address or a CIDR range such as '192.168.1.0/24'",
					"access_control: networks: network group '%s' has an invalid network '%s': it must be an IP address or a CIDR range", name, s)
			}
		}
	}
	rules, hasRules := lookup(ac.value, "rules")
	if hasRules && len(items(rules.value)) == 0 {
		policy, pn, _ := text(ac.value, "default_policy")
		if policy == "" {
			policy, pn = "deny", rules.key
		}
		if policy != "one_factor" && policy != "two_factor" {
			cc.reportf(pn, diag.Error, "authelia-acl-rule", "add rules, or use the default policy one_factor or two_factor",
				"access_control: 'default_policy' option '%s' is invalid: when no rules are specified it must be 'two_factor' or 'one_factor'", policy)
		}
		return
	}
	for i, it := range items(rules.value) {
		if m := resolve(it); m != nil && m.Kind == yaml.MappingNode {
			cc.aclRule(i, it, m)
		}
	}
}

// lookupValue returns the value of key in mapping m, or nil.
func lookupValue(m *yaml.Node, key string) *yaml.Node {
	p, _ := lookup(m, key)
	return p.value
}

// aclRule checks one access control rule; at is the node of its entry.
func (cc *configCheck) aclRule(i int, at, m *yaml.Node) {
	desc := "access_control: rule " + ordinal(i) + ": "
	anchor := at
	if ps := pairs(m); len(ps) > 0 {
		anchor = ps[0].key
	}
	_, hasDomain := lookup(m, "domain")
	_, hasRegex := lookup(m, "domain_regex")
	partial := cc.partial(m)
	if !hasDomain && !hasRegex && !partial {
		cc.reportf(anchor, diag.Error, "authelia-acl-rule", "add the domain (or domain_regex) the rule applies to",
			"%srule is invalid: must have the option 'domain' or 'domain_regex' configured", desc)
	}
	policy, pn, hasPolicy := text(m, "policy")
	if (!hasPolicy && pn == nil || hasPolicy && policy == "") && !partial {
		cc.reportf(anchor, diag.Error, "authelia-acl-rule", "add a policy: bypass, one_factor, two_factor or deny",
			"%soption 'policy' must be configured", desc)
	}
	for j, d := range scalarList(lookupValue(m, "domain"), true) {
		if s, ok := scalar(d); ok && len(s) > 1 && s[0] == '*' && s[1] != '.' {
			cc.reportf(d, diag.Warning, "authelia-acl-rule", "did you mean '*."+s[1:]+"'?",
				"%sdomain #%d: domain '%s' is ineffective and should probably be '*.%s' instead", desc, j+1, s, s[1:])
		}
	}
	cc.regexps(desc, m, "domain_regex")
	cc.regexps(desc, m, "resources")
	subjects := cc.aclSubjects(desc, m)
	if policy == "bypass" && subjects != nil {
		cc.reportf(subjects, diag.Error, "authelia-acl-rule", "remove the subject, or use the one_factor or two_factor policy",
			"%s'policy' option 'bypass' is not supported when 'subject' option is configured", desc)
	}
	cc.aclNetworks(desc, m)
	cc.aclMethods(desc, m)
	cc.aclQuery(desc, m)
}

// regexps checks that every pattern of option key compiles (Authelia
// decodes them with Go's regexp package).
func (cc *configCheck) regexps(desc string, m *yaml.Node, key string) {
	for _, e := range scalarList(lookupValue(m, key), true) {
		s, ok := scalar(e)
		if !ok || templated(s) {
			continue
		}
		if _, err := regexp.Compile(s); err != nil {
			cc.reportf(e, diag.Error, "authelia-regex", "write a Go (RE2) regular expression",
				"%soption '%s' has an invalid regular expression '%s': %s", desc, key, s, regexpReason(err))
		}
	}
}

// regexpReason is the reason of a regexp error without the pattern.
func regexpReason(err error) string {
	var se *syntax.Error
	if errors.As(err, &se) {
		return string(se.Code)
	}
	return err.Error()
}

// aclSubjects checks the subjects of a rule and returns the subject
// option's value node (nil when not set).
func (cc *configCheck) aclSubjects(desc string, m *yaml.Node) *yaml.Node {
	p, ok := lookup(m, "subject")
	if !ok || isNull(p.value) {
		return nil
	}
	var visit func(n *yaml.Node, depth int)
	visit = func(n *yaml.Node, depth int) {
		r := resolve(n)
		if r == nil || depth > 2 {
			return
		}
		if r.Kind == yaml.SequenceNode {
			for _, c := range r.Content {
				visit(c, depth+1)
			}
			return
		}
		s, ok := scalar(r)
		if !ok || templated(s) || s == "" {
			return
		}
		if !strings.HasPrefix(s, "user:") && !strings.HasPrefix(s, "group:") && !strings.HasPrefix(s, "oauth2:client:") {
			cc.reportf(n, diag.Error, "authelia-acl-subject", "write 'user:<username>', 'group:<group>' or 'oauth2:client:<client id>'",
				"%s'subject' option '%s' is invalid: must start with 'user:', 'group:', or 'oauth2:client:'", desc, s)
		}
	}
	visit(p.value, 0)
	return p.key
}

// aclNetworks checks each network of a rule (checkNetworks).
func (cc *configCheck) aclNetworks(desc string, m *yaml.Node) {
	cc.checkNetworks(cc.g, lookupValue(m, "networks"), desc, false, "define it under definitions.network, or write an IP address or CIDR range")
}

// checkNetworks reports each network of list that is neither an IP
// address, a CIDR range nor the name of a network the guide defines. When
// the guide shows no definitions, a name is only a warning (it may be
// defined elsewhere); with addresses, a value written like an address is
// an error even then. errHint is the hint of the errors.
func (r *reporter) checkNetworks(g *guideContext, list *yaml.Node, desc string, addresses bool, errHint string) {
	for _, e := range scalarList(list, true) {
		s, ok := scalar(e)
		if !ok || templated(s) || validNetwork(s) || g.networks[s] {
			continue
		}
		if !g.networksShown && !(addresses && looksLikeAddress(s)) {
			r.reportf(e, diag.Warning, "authelia-acl-network", "define it under definitions.network, or write an IP address or CIDR range",
				"%sthe network '%s' is not an IP address or CIDR range, and no block of the guide defines a network with that name", desc, s)
			continue
		}
		r.reportf(e, diag.Error, "authelia-acl-network", errHint,
			"%sthe network '%s' is not a valid Group Name, IP, or CIDR notation", desc, s)
	}
}

// validNetwork reports whether s is an IP address or a CIDR range.
func validNetwork(s string) bool {
	if net.ParseIP(s) != nil {
		return true
	}
	_, _, err := net.ParseCIDR(s)
	return err == nil
}

// aclMethods reports methods listed twice (the enum reports unknown ones).
func (cc *configCheck) aclMethods(desc string, m *yaml.Node) {
	var seen []string
	for _, e := range scalarList(lookupValue(m, "methods"), false) {
		s, _ := scalar(e)
		if slices.Contains(seen, s) {
			cc.reportf(e, diag.Error, "authelia-acl-rule", "list each method once",
				"%soption 'methods' must have unique values but the values '%s' are duplicated", desc, s)
		}
		seen = append(seen, s)
	}
}

// aclQuery checks the query conditions of a rule.
func (cc *configCheck) aclQuery(desc string, m *yaml.Node) {
	for _, group := range items(lookupValue(m, "query")) {
		for _, cond := range items(group) {
			if isMapping(cond) {
				cc.aclCondition(desc, resolve(cond))
			}
		}
	}
}

func (cc *configCheck) aclCondition(desc string, m *yaml.Node) {
	op, _, _ := text(m, "operator")
	op = strings.ToLower(op)
	key, kn, _ := text(m, "key")
	vp, hasValue := lookup(m, "value")
	anchor := m
	if ps := pairs(m); len(ps) > 0 {
		anchor = ps[0].key
	}
	if key == "" && kn == nil {
		cc.reportf(anchor, diag.Error, "authelia-acl-query", "name the query parameter with 'key'",
			"%squery: option 'key' is required but it's absent", desc)
	}
	if op == "" {
		return // the operator defaults to present or equal
	}
	value := resolve(vp.value)
	switch {
	case !hasValue || isNull(value):
		if op != "present" && op != "absent" {
			cc.reportf(anchor, diag.Error, "authelia-acl-query", "add the value to compare with",
				"%squery: option 'value' must be present when the option 'operator' is '%s' but it's absent", desc, op)
		}
	case value.Kind != yaml.ScalarNode || value.Tag != "!!str":
		cc.reportf(vp.value, diag.Error, "authelia-acl-query", "quote the value",
			"%squery: option 'value' is invalid: expected type was string but got %s", desc, describe(value))
	case (op == "present" || op == "absent") && value.Value != "":
		cc.reportf(vp.value, diag.Error, "authelia-acl-query", "remove the value",
			"%squery: option 'value' must not be present when the option 'operator' is '%s' but it's present", desc, op)
	case op == "pattern" || op == "not pattern":
		if _, err := regexp.Compile(value.Value); err != nil && !templated(value.Value) {
			cc.reportf(vp.value, diag.Error, "authelia-regex", "write a Go (RE2) regular expression",
				"%squery: option 'value' is invalid: %s", desc, regexpReason(err))
		}
	}
}
