package compose

import (
	"fmt"
	"net"
	"strings"
	"unicode"

	composeformat "github.com/compose-spec/compose-go/v2/format"
	"github.com/compose-spec/compose-go/v2/template"
	"github.com/compose-spec/compose-go/v2/types"
)

// The checker reads one thing from compose-go's loader: the error it
// returns, or that it returns none. On a clean file (every guide's file,
// nearly) the loader's work, most of it binding the model to
// types.Project through mapstructure's reflection, buys nothing but that
// nil. surelyLoads recognises the common shapes of a file the loader is
// certain to accept, from the model alone, so that the loader runs only on
// what it could reject. It answers false whenever it is not sure: a false
// costs a loader run, a wrong true would lose a finding.
// TestFastPathDifferential runs both paths on the corpora, their mutations
// and a battery of hostile snippets.

// fastPath, when set, is asked before each loader run; true means the
// loader would return nil. Tests turn it off to run the loader as the
// oracle.
var fastPath = surelyLoads

// loadModel returns load(m)'s error, without running the loader on a
// model fastPath vouches for.
func loadModel(m map[string]any) error {
	if fastPath != nil && fastPath(m) {
		return nil
	}
	return load(m)
}

// surelyLoads reports whether load(m) is certain to return nil. It
// accepts the top-level keys version, services, networks and secrets and
// x- extensions, services made of the keys in serviceKeys, and only the
// value shapes whose every loader stage (interpolation with an empty
// environment, the canonical forms, unicity, defaults, validation, the
// binding) it knows cannot fail.
func surelyLoads(m map[string]any) bool {
	for k, v := range m {
		switch {
		case k == "version":
			// deleted before the loader runs
		case strings.HasPrefix(k, "x-"):
			if !substitutes(v) {
				return false
			}
		case k == "services":
			services, ok := v.(map[string]any)
			if !ok {
				return false
			}
			for _, s := range services {
				if !inertService(s) {
					return false
				}
			}
		case k == "networks":
			if !namedResources(v, inertNetwork) {
				return false
			}
		case k == "secrets":
			if !namedResources(v, inertSecret) {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// namedResources reports whether v is a mapping of names to values ok
// accepts.
func namedResources(v any, ok func(any) bool) bool {
	m, isMap := v.(map[string]any)
	if !isMap {
		return false
	}
	for _, r := range m {
		if !ok(r) {
			return false
		}
	}
	return true
}

// inertNetwork accepts a top-level network that is empty or sets only a
// driver, a name and a boolean external.
func inertNetwork(v any) bool {
	if v == nil {
		return true
	}
	m, ok := v.(map[string]any)
	if !ok {
		return false
	}
	for k, e := range m {
		switch k {
		case "driver", "name":
			if !plainString(e) {
				return false
			}
		case "external":
			if _, ok := e.(bool); !ok {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// inertSecret accepts a top-level secret read from a file, and nothing
// else (validation requires exactly one source).
func inertSecret(v any) bool {
	m, ok := v.(map[string]any)
	return ok && len(m) == 1 && plainString(m["file"])
}

// serviceKeys are the service keys surelyLoads knows, each with the
// check of its value.
var serviceKeys = map[string]func(any) bool{
	"image":          plainString,
	"container_name": plainString,
	"hostname":       plainString,
	"user":           plainString,
	"restart":        plainString,
	"working_dir":    plainString,
	// lighten empties a mapping before the loader sees it; a list's
	// entries are NAME=value strings.
	"environment": func(v any) bool { return emptiedOrList(v, environmentEntry) },
	"labels":      func(v any) bool { return emptiedOrList(v, plainString) },
	"command":     command,
	"entrypoint":  command,
	"cap_add":     func(v any) bool { return list(v, plainString) },
	"cap_drop":    func(v any) bool { return list(v, plainString) },
	"secrets":     func(v any) bool { return list(v, plainString) },
	"networks":    serviceNetworks,
	"ports":       func(v any) bool { return list(v, port) },
	"volumes":     func(v any) bool { return list(v, volume) },
	"healthcheck": func(v any) bool {
		m, ok := v.(map[string]any)
		_, isBool := m["disable"].(bool)
		return ok && len(m) == 1 && isBool
	},
}

// inertService accepts a service mapping whose keys are all serviceKeys
// (or x- extensions) with values their checks accept.
func inertService(v any) bool {
	svc, ok := v.(map[string]any)
	if !ok {
		return false
	}
	for k, e := range svc {
		if strings.HasPrefix(k, "x-") {
			if !substitutes(e) {
				return false
			}
			continue
		}
		check := serviceKeys[k]
		if check == nil || !check(e) {
			return false
		}
	}
	return true
}

// interpolated returns s as the loader's interpolation leaves it, with
// every variable unset, and whether that succeeds (${X:?message} fails).
func interpolated(s string) (string, bool) {
	if !containsDollar(s) {
		return s, true
	}
	out, err := template.SubstituteWithOptions(s, func(string) (string, bool) { return "", false }, template.WithoutLogging)
	return out, err == nil
}

// plainString accepts a string whose interpolation succeeds.
func plainString(v any) bool {
	s, ok := v.(string)
	if !ok {
		return false
	}
	_, ok = interpolated(s)
	return ok
}

// substitutes accepts an extension value: any scalars, mappings and lists
// whose strings all interpolate.
func substitutes(v any) bool {
	switch t := v.(type) {
	case string:
		return plainString(t)
	case map[string]any:
		for _, e := range t {
			if !substitutes(e) {
				return false
			}
		}
	case []any:
		for _, e := range t {
			if !substitutes(e) {
				return false
			}
		}
	}
	return true
}

// list accepts a list whose items all pass item.
func list(v any, item func(any) bool) bool {
	l, ok := v.([]any)
	if !ok {
		return false
	}
	for _, e := range l {
		if !item(e) {
			return false
		}
	}
	return true
}

// emptiedOrList accepts a mapping (lighten empties it) or a list of items.
func emptiedOrList(v any, item func(any) bool) bool {
	if _, ok := v.(map[string]any); ok {
		return true
	}
	return list(v, item)
}

// environmentEntry accepts a NAME=value string whose name does not end
// in a blank, which the binding rejects.
func environmentEntry(v any) bool {
	s, ok := v.(string)
	if !ok {
		return false
	}
	s, ok = interpolated(s)
	if !ok {
		return false
	}
	k, _, _ := strings.Cut(s, "=")
	return k == "" || !unicode.IsSpace(rune(k[len(k)-1])) // as MappingWithEquals decodes it
}

// command accepts a list of strings, or a string that shell-word
// splitting cannot reject: words of letters, digits and a few marks
// separated by spaces, with no quote, escape or operator.
func command(v any) bool {
	if l, ok := v.([]any); ok {
		return list(l, plainString)
	}
	s, ok := v.(string)
	if !ok {
		return false
	}
	if s, ok = interpolated(s); !ok {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c == ' ' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("_-./:=,@%+", c) >= 0) {
			return false
		}
	}
	return true
}

// serviceNetworks accepts a list of names, or a mapping of names to
// nothing or to aliases.
func serviceNetworks(v any) bool {
	if l, ok := v.([]any); ok {
		return list(l, plainString)
	}
	m, ok := v.(map[string]any)
	if !ok {
		return false
	}
	for _, n := range m {
		if n == nil {
			continue
		}
		nm, ok := n.(map[string]any)
		if !ok {
			return false
		}
		for k, e := range nm {
			if k != "aliases" || !list(e, plainString) {
				return false
			}
		}
	}
	return true
}

// port accepts a short port string (or number) that compose-go's own
// parser reads and whose host address, if any, validation accepts.
func port(v any) bool {
	var s string
	switch t := v.(type) {
	case int:
		s = fmt.Sprint(t)
	case string:
		var ok bool
		if s, ok = interpolated(t); !ok {
			return false
		}
	default:
		return false
	}
	parsed, err := types.ParsePortConfig(s)
	if err != nil || len(parsed) == 0 {
		return false
	}
	for _, p := range parsed {
		// A zero target is dropped from the canonical form, which unicity
		// then finds without a target.
		if p.Target == 0 || p.HostIP != "" && net.ParseIP(p.HostIP) == nil {
			return false
		}
	}
	return true
}

// volume accepts a short volume string that compose-go's own parser reads.
func volume(v any) bool {
	s, ok := v.(string)
	if !ok {
		return false
	}
	if s, ok = interpolated(s); !ok {
		return false
	}
	_, err := composeformat.ParseVolume(s)
	return err == nil
}
