package authelia

import (
	"slices"
	"sync"

	"gopkg.in/yaml.v3"
)

// Which YAML blocks are Authelia's configuration file? Guides show it in
// parts (only the section at hand, under its real parents), beside Docker
// Compose files, Kubernetes manifests, proxy configurations and the
// configuration files of the applications. A document is taken for
// Authelia's when every top-level key is Authelia's (or a near miss of one
// whose content fits) and at least one is: one foreign top-level key
// (services, apiVersion, spring, http, …) makes it another program's file.
//
// A few top-level names are common to other programs (server, log,
// storage, session, …): for those the content decides, as it does for a
// misspelt name. A block titled configuration.yml is given the benefit of
// the doubt for both.

// genericRootKeys are the top-level keys other programs' files use too.
var genericRootKeys = map[string]bool{
	"server": true, "log": true, "storage": true, "session": true, "theme": true, "definitions": true,
	"notifier": true, "telemetry": true, "ntp": true, "regulation": true, "host": true, "port": true,
	"tls_key": true, "tls_cert": true, "log_level": true, "log_format": true, "log_file_path": true,
}

// rootKeyNames lists every top-level key of every modelled release.
var rootKeyNames = sync.OnceValue(func() []string {
	var ks []string
	for _, f := range rootObject.fields() {
		ks = append(ks, f.name)
	}
	return ks
})

// rootKeyLike reports whether key is a top-level key of Authelia's, or a
// clear misspelling of one.
func rootKeyLike(key string) bool {
	if _, ok := rootObject.lookup(key); ok {
		return true
	}
	_, clear := suggest(key, rootKeyNames())
	return clear
}

// IsConfigDocument reports whether mapping m is (part of) Authelia's
// configuration, as this checker judges it (see isAutheliaDocument):
// other checkers that read Authelia's blocks must agree on which they are.
func IsConfigDocument(m *yaml.Node, titled bool) bool { return isAutheliaDocument(m, titled) }

// isAutheliaDocument reports whether mapping m is (part of) Authelia's
// configuration; titled says the block is titled configuration.yml. In a
// titled block a top-level key that names an option of a section is one of
// two things: the option shown bare, with content that fits it (the common
// tls or buffers structure, documented once for every section that has
// it), which is an excerpt and not checked; or, with content that does not
// fit, a misplaced key in a configuration that is reported.
func isAutheliaDocument(m *yaml.Node, titled bool) bool {
	known, misplaced := 0, 0
	ps := pairs(m)
	if len(ps) > maxRootKeys {
		return false // no configuration file has that many sections
	}
	for _, p := range ps {
		name := p.key.Value
		f, exact := rootObject.lookup(name)
		if !exact {
			best, clear := suggest(name, rootKeyNames())
			if !clear {
				if !titled {
					return false // before optionFields, which loads every section
				}
				fields, option := optionFields()[name]
				switch {
				case !option:
					return false
				case !slices.ContainsFunc(fields, func(f *field) bool { return fits(p.value, f) }):
					misplaced++
				case name == "oidc" && hasClients(p.value):
					// The OpenID Connect section with its clients at the
					// root, identity_providers: lost: in Authelia's
					// configuration.yml an unknown root key. (Reference
					// pages show other sections bare, as excerpts.)
					misplaced++
				}
				continue
			}
			f, _ = rootObject.lookup(best)
		}
		if !(exact && !genericRootKeys[name] || titled) && !fits(p.value, f) {
			return false
		}
		// The root keys of 4.30 and before (host, port, log_level, …) are
		// Authelia's, but a block made only of them is more likely one
		// option of a section shown bare (a redis host).
		if !(f.renamedTo != nil && f.deprecatedIn.isZero()) {
			known++
		}
	}
	return known > 0 || titled && misplaced > 0
}

// hasClients reports whether v is a mapping with a clients list.
func hasClients(v *yaml.Node) bool {
	v = resolve(v)
	if v == nil || v.Kind != yaml.MappingNode {
		return false
	}
	c, ok := lookup(v, "clients")
	return ok && resolve(c.value) != nil && resolve(c.value).Kind == yaml.SequenceNode
}

// optionFields maps every key name of the configuration, at any level and
// in any release, to its fields.
var optionFields = sync.OnceValue(func() map[string][]*field {
	set := map[string][]*field{}
	var walk func(o *object, depth int)
	walk = func(o *object, depth int) {
		fs := o.fields()
		for i := range fs {
			f := &fs[i]
			set[f.name] = append(set[f.name], f)
			if f.obj != nil && depth < 16 {
				walk(f.obj, depth+1)
			}
		}
	}
	walk(rootObject, 0)
	return set
})

// fits reports whether value v looks like the content of f: the right
// shape and, for a section, at least half of its keys are the section's
// keys (in any release) or near misses of them.
func fits(v *yaml.Node, f *field) bool {
	v = resolve(v)
	if v == nil {
		return false
	}
	switch f.kind {
	case kindObject:
		if v.Kind != yaml.MappingNode {
			return false
		}
		ps := pairs(v)
		fs := f.obj.fields()
		names := make([]string, len(fs))
		for i, g := range fs {
			names[i] = g.name
		}
		if len(ps) > maxRootKeys {
			ps = ps[:maxRootKeys] // enough to tell, in bounded time
		}
		matched := 0
		for _, p := range ps {
			if _, ok := f.obj.lookup(p.key.Value); ok {
				matched++
			} else if _, clear := suggest(p.key.Value, names); clear {
				matched++
			}
		}
		return matched > 0 && 2*matched >= len(ps)
	case kindString, kindInt, kindBool, kindDuration:
		return v.Kind == yaml.ScalarNode
	}
	return true
}
