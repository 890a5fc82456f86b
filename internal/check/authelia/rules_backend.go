package authelia

import (
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/lazyre"
)

// ldapDefaults are the attribute mappings each LDAP implementation fills in
// when the configuration leaves them empty
// (schema.DefaultLDAPAuthenticationBackendConfigurationImplementation*):
// only the ones the filter placeholders need.
var ldapDefaults = map[string]struct{ distinguishedName, memberOf bool }{
	"custom":          {false, false},
	"activedirectory": {true, true},
	"rfc2307bis":      {false, true},
	"freeipa":         {false, true},
	"lldap":           {false, true},
	"glauth":          {false, true},
}

// ldap checks authentication_backend.ldap (validateLDAPAuthenticationBackend):
// the filters' shape and placeholders, what the memberof placeholders need
// of the implementation's attributes, and unauthenticated binds.
func (cc *configCheck) ldap(doc, m *yaml.Node) {
	if f, n, ok := text(m, "users_filter"); ok && f != "" {
		cc.filterShape("users_filter", f, n)
		for _, ph := range []string{"username_attribute", "input"} {
			if !strings.Contains(f, "{"+ph+"}") {
				cc.reportf(n, diag.Error, "authelia-ldap-filter", "add the placeholder {"+ph+"}, as in '(&({username_attribute}={input})(objectClass=person))'",
					"authentication_backend: ldap: option 'users_filter' must contain the placeholder '{%s}' but it's absent", ph)
			}
		}
		cc.oldPlaceholder("users_filter", f, n, "{0}", "{input}")
	}
	groups, gn, hasGroups := text(m, "groups_filter")
	if hasGroups && groups != "" {
		cc.filterShape("groups_filter", groups, gn)
		cc.oldPlaceholder("groups_filter", groups, gn, "{0}", "{input}")
		cc.oldPlaceholder("groups_filter", groups, gn, "{1}", "{username}")
		cc.memberOf(m, groups, gn)
	}
	if truthy(m, "permit_unauthenticated_bind") {
		if pw, pn, ok := text(m, "password"); ok && pw != "" {
			cc.reportf(pn, diag.Error, "authelia-ldap-bind", "remove the password, or disable permit_unauthenticated_bind",
				"authentication_backend: ldap: option 'permit_unauthenticated_bind' can't be enabled when a password is specified")
		}
		if pr, ok := lookupPath(doc, "authentication_backend", "password_reset"); ok && isMapping(pr.value) && !truthy(pr.value, "disable") {
			p, _ := lookup(m, "permit_unauthenticated_bind")
			cc.reportf(p.key, diag.Error, "authelia-ldap-bind", "set authentication_backend.password_reset.disable to true",
				"authentication_backend: ldap: option 'permit_unauthenticated_bind' can't be enabled when password reset is enabled")
		}
	}
}

// filterShape reports a filter without its enclosing parentheses.
func (cc *configCheck) filterShape(key, f string, n *yaml.Node) {
	if !strings.HasPrefix(f, "(") || !strings.HasSuffix(f, ")") {
		cc.reportf(n, diag.Error, "authelia-ldap-filter", "enclose the filter in parentheses: '("+f+")'",
			"authentication_backend: ldap: option '%s' must contain enclosing parenthesis: '%s' should probably be '(%s)'", key, f, f)
	}
}

// oldPlaceholder reports a placeholder of the filters' old syntax.
func (cc *configCheck) oldPlaceholder(key, f string, n *yaml.Node, old, now string) {
	if strings.Contains(f, old) {
		cc.reportf(n, diag.Error, "authelia-ldap-filter", "write "+now+" instead of "+old,
			"authentication_backend: ldap: option '%s' has an invalid placeholder: '%s' has been removed, please use '%s' instead", key, old, now)
	}
}

// memberOf checks the memberof group search against the implementation's
// attribute mappings: {memberof:dn} needs distinguished_name, either
// placeholder needs member_of, and the memberof search mode needs one.
func (cc *configCheck) memberOf(m *yaml.Node, groups string, gn *yaml.Node) {
	dn, rdn := strings.Contains(groups, "{memberof:dn}"), strings.Contains(groups, "{memberof:rdn}")
	if mode, _, _ := text(m, "group_search_mode"); mode == "memberof" && !dn && !rdn {
		cc.reportf(gn, diag.Error, "authelia-ldap-filter", "use {memberof:rdn} or {memberof:dn} in groups_filter",
			"authentication_backend: ldap: option 'groups_filter' must contain one of the '{memberof:rdn}' or '{memberof:dn}' placeholders when using a group_search_mode of 'memberof' but they're absent")
	}
	impl, _, ok := text(m, "implementation")
	if !ok || impl == "" {
		impl = "custom"
	}
	defaults, known := ldapDefaults[impl]
	if !known {
		return // the enum reports the implementation
	}
	attr := func(name string) bool {
		s, n, ok := text(lookupValue(m, "attributes"), name)
		return ok && s != "" || n != nil && !ok && !isNull(n)
	}
	if dn && !defaults.distinguishedName && !attr("distinguished_name") {
		cc.reportf(gn, diag.Error, "authelia-ldap-attribute", "set attributes.distinguished_name (the implementation '"+impl+"' has no default for it)",
			"authentication_backend: ldap: attributes: option 'distinguished_name' must be provided when using the '{memberof:dn}' placeholder but it's absent")
	}
	if (dn || rdn) && !defaults.memberOf && !attr("member_of") {
		cc.reportf(gn, diag.Error, "authelia-ldap-attribute", "set attributes.member_of (the implementation '"+impl+"' has no default for it)",
			"authentication_backend: ldap: attributes: option 'member_of' must be provided when using the '{memberof:rdn}' or '{memberof:dn}' placeholder but it's absent")
	}
}

// extraAttributes checks the extra attributes of both backends: a value
// type is required.
func (cc *configCheck) extraAttributes(doc *yaml.Node) {
	for _, path := range [][]string{
		{"authentication_backend", "file", "extra_attributes"},
		{"authentication_backend", "ldap", "attributes", "extra"},
	} {
		p, ok := lookupPath(doc, path...)
		if !ok {
			continue
		}
		where := strings.Join(path[1:], ": ")
		for _, a := range pairs(p.value) {
			if !isMapping(a.value) || cc.partial(resolve(a.value)) {
				continue
			}
			if _, ok := lookup(a.value, "value_type"); !ok {
				cc.reportf(a.key, diag.Error, "authelia-required", "add value_type: 'string', 'integer' or 'boolean'",
					"authentication_backend: %s: %s: option 'value_type' is required", where, a.key.Value)
			}
		}
	}
}

// reAuthzName is the shape of an authz endpoint name (reAuthzEndpointName).
var reAuthzName = lazyre.New(`^[a-zA-Z](([a-zA-Z0-9/._-]*)([a-zA-Z]))?$`)

// headerStrategies are the strategies that take schemes.
var headerStrategies = []string{"HeaderAuthorization", "HeaderProxyAuthorization", "HeaderAuthRequestProxyAuthorization"}

// authzEndpoints checks server.endpoints.authz (ValidateServerEndpoints).
func (cc *configCheck) authzEndpoints(doc *yaml.Node) {
	p, ok := lookupPath(doc, "server", "endpoints", "authz")
	if !ok {
		return
	}
	eps := pairs(p.value)
	impls := map[string]string{}
	for _, ep := range eps {
		impls[ep.key.Value], _, _ = text(ep.value, "implementation")
	}
	for _, ep := range eps {
		name := ep.key.Value
		if !reAuthzName.MatchString(name) {
			cc.reportf(ep.key, diag.Error, "authelia-authz-endpoint", "use letters, digits and / . _ -, starting and ending with a letter",
				"server: endpoints: authz: %s: contains invalid characters", name)
		}
		impl, in, ok := text(ep.value, "implementation")
		if ok && impl == "" && name != "legacy" {
			cc.reportf(in, diag.Error, "authelia-enum", "use "+quoteList(enumAuthzImpl.allowed(cc.ver), "or")+": the one your proxy uses",
				"server: endpoints: authz: %s: option 'implementation' must be one of %s but it's configured as ''", name, quoteList(enumAuthzImpl.allowed(cc.ver), "or"))
		}
		if name == "legacy" && ok && impl != "" && impl != "Legacy" && enumAuthzImpl.accepts(impl, cc.ver) {
			cc.reportf(in, diag.Error, "authelia-authz-endpoint", "use the Legacy implementation, or another name",
				"server: endpoints: authz: %s: option 'implementation' is invalid: the endpoint with the name 'legacy' must use the 'Legacy' implementation", name)
		}
		for _, other := range sortedKeys(impls) {
			if other != name && other != "legacy" && (impls[other] == "Legacy" || impls[other] == "ExtAuthz") && strings.HasPrefix(name, other+"/") {
				cc.reportf(ep.key, diag.Error, "authelia-authz-endpoint", "choose a name that does not start with '"+other+"/'",
					"server: endpoints: authz: %s: endpoint starts with the same prefix as the '%s' endpoint with the '%s' implementation which accepts prefixes as part of its implementation", name, other, impls[other])
			}
		}
		cc.authnStrategies(name, lookupValue(ep.value, "authn_strategies"))
	}
}

// authnStrategies checks the strategies of one authz endpoint.
func (cc *configCheck) authnStrategies(name string, list *yaml.Node) {
	var seen []string
	for i, it := range items(list) {
		m := resolve(it)
		if m == nil || m.Kind != yaml.MappingNode {
			continue
		}
		desc := "server: endpoints: authz: " + name + ": authn_strategies: strategy " + ordinal(i)
		sname, sn, ok := text(m, "name")
		anchor := it
		if ps := pairs(m); len(ps) > 0 {
			anchor = ps[0].key
		}
		switch {
		case !ok && sn == nil:
			cc.reportf(anchor, diag.Error, "authelia-authz-endpoint", "name the strategy: "+quoteList(enumAuthnStrategy.allowed(cc.ver), "or"),
				"%s: option 'name' must be configured", desc)
		case slices.Contains(seen, sname):
			cc.reportf(sn, diag.Error, "authelia-authz-endpoint", "list each strategy once",
				"server: endpoints: authz: %s: authn_strategies: duplicate strategy name detected with name '%s'", name, sname)
		}
		seen = append(seen, sname)
		schemes, hasSchemes := lookup(m, "schemes")
		if hasSchemes && len(scalarList(schemes.value, true)) > 0 && ok && enumAuthnStrategy.accepts(sname, cc.ver) && !slices.Contains(headerStrategies, sname) {
			cc.reportf(schemes.key, diag.Error, "authelia-authz-endpoint", "remove 'schemes': only the header strategies take them",
				"%s (%s): option 'schemes' is not valid for the strategy", desc, sname)
		}
		if secs, n, ok := cc.durationOf(m, "scheme_basic_cache_lifespan"); ok && secs > 0 && hasSchemes && !listHas(schemes.value, "basic") {
			cc.reportf(n, diag.Error, "authelia-authz-endpoint", "add the basic scheme, or remove the option",
				"%s: option 'scheme_basic_cache_lifespan' can't be configured unless the 'basic' scheme is configured", desc)
		}
	}
}

func listHas(list *yaml.Node, want string) bool {
	for _, e := range scalarList(list, true) {
		s, _ := scalar(e)
		for _, part := range strings.Split(s, ",") {
			if strings.EqualFold(part, want) {
				return true
			}
		}
	}
	return false
}
