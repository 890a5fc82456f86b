package compose

import (
	"fmt"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/guidec/guidec/internal/guide/yamlpos"
	"github.com/guidec/guidec/internal/snippet"
)

// strayIn returns the services outside services: (strayServices) of the
// documents of s, a snippet titled as a Compose file that isCompose
// passes over. A guide that shows the whole file in another snippet of
// the same title (one with services:) and then services alone, indented
// as under services:, shows what to add to that file: an excerpt, not a
// file that lost its services: line.
func strayIn(sp *spec, s *snippet.Snippet, snips []*snippet.Snippet) []finding {
	name := strings.ToLower(s.FileName())
	if !composeTitle.MatchString(name) {
		return nil
	}
	var out []finding
	for _, root := range snippetDocuments(s) {
		if !isCompose(s, root) {
			out = append(out, strayServices(sp, root)...)
		}
	}
	if len(out) == 0 {
		return nil
	}
	for _, t := range snips {
		if t == nil || t == s || !yamlish(t) || strings.ToLower(t.FileName()) != name {
			continue
		}
		for _, root := range snippetDocuments(t) {
			if svc := yamlpos.Deref(mapValue(root, "services")); svc != nil && svc.Kind == yaml.MappingNode && isCompose(t, root) {
				return nil
			}
		}
	}
	return out
}

// strayServices reports the top-level keys of a document titled as a
// Compose file that are services outside services: a mapping whose keys
// are all a service's (image, environment, ports…, in the
// specification's vocabulary), at least one of them a key no top-level
// entry has. The Compose specification allows only version, name,
// include, services, networks, volumes, secrets, configs, models and x-
// keys at the top, so docker compose refuses such a file; a deleted
// services: line leaves exactly this shape. isCompose passes such a
// document over as an excerpt of one service, and one unindented
// service alone is reported by nothing here: a guide shows one service
// that way. Two or more services, or a service indented (its key does
// not start the line at column 1, so the line of its parent is missing),
// are no excerpt.
func strayServices(sp *spec, root *yaml.Node) []finding {
	if root == nil || root.Kind != yaml.MappingNode {
		return nil
	}
	svcKeys := sp.vocabulary([]string{"services", "name"})
	top := sp.vocabulary(nil)
	serviceOnly := func(k string) bool {
		_, inSvc := slices.BinarySearch(svcKeys, k)
		_, inTop := slices.BinarySearch(top, k)
		return inSvc && !inTop
	}
	var stray []*yaml.Node
	var keysOf [][]string
	indented := false
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], yamlpos.Deref(root.Content[i+1])
		if strings.HasPrefix(k.Value, "x-") || v == nil || v.Kind != yaml.MappingNode || len(v.Content) == 0 {
			continue
		}
		var keys []string
		own := false
		for j := 0; j+1 < len(v.Content); j += 2 {
			sk := v.Content[j].Value
			if strings.HasPrefix(sk, "x-") {
				continue
			}
			if _, ok := slices.BinarySearch(svcKeys, sk); !ok {
				keys = nil
				break
			}
			own = own || serviceOnly(sk)
			keys = append(keys, sk)
		}
		if !own || len(keys) == 0 {
			continue
		}
		stray = append(stray, k)
		keysOf = append(keysOf, keys)
		indented = indented || k.Column > 1
	}
	if len(stray) == 0 || len(stray) == 1 && !indented {
		return nil
	}
	out := make([]finding, 0, len(stray))
	for i, k := range stray {
		hint := "put it under a services: key (the line 'services:' above it is missing)"
		if k.Column > 1 {
			hint = fmt.Sprintf("its key is indented by %d, so the line of its parent is missing: restore 'services:' above it", k.Column-1)
		}
		out = append(out, finding{
			node: k,
			code: "compose-unknown-key",
			msg:  fmt.Sprintf("'%s' is a service outside services: its keys (%s) are a service's, and a Compose file's top level takes only %s and x- keys", k.Value, strings.Join(keysOf[i], ", "), strings.Join(top, ", ")),
			hint: hint,
		})
	}
	return out
}
