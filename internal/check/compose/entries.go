package compose

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/guidec/guidec/internal/guide/yamlpos"
	"github.com/guidec/guidec/internal/lazyre"
)

// A list of NAME=value entries (a service's environment, labels, build
// args) takes each entry up to its first '=' as the name: an entry written
// with a blank instead (`- OIDC_CLIENT_ID app`) has no '=', so Compose
// reads a variable literally named "OIDC_CLIENT_ID app", with no value
// (taken from the shell's environment, where it never exists). The schema
// and the loader accept it; the application never sees OIDC_CLIENT_ID.

// spacedEntry matches such an entry: a name, blanks, and a value.
var spacedEntry = lazyre.New(`^([A-Za-z_][A-Za-z0-9_.\-/]*)[ \t]+([^ \t#=][^=]*)$`)

// entryLists names the lists of NAME=value entries of a service, as paths
// from the service.
var entryLists = [][]string{{"environment"}, {"labels"}, {"build", "args"}}

// spacedEntries reports the entries of root's services written NAME value.
func (c *checker) spacedEntries() {
	services := mapValue(c.root, "services")
	if services = yamlpos.Deref(services); services == nil || services.Kind != yaml.MappingNode {
		return
	}
	for i := 1; i < len(services.Content); i += 2 {
		svc := yamlpos.Deref(services.Content[i])
		for _, path := range entryLists {
			list := svc
			for _, k := range path {
				if list == nil || list.Kind != yaml.MappingNode {
					list = nil
					break
				}
				list = yamlpos.Deref(mapValue(list, k))
			}
			if list == nil || list.Kind != yaml.SequenceNode {
				continue
			}
			for _, e := range list.Content {
				c.spacedEntry(path[len(path)-1], e)
			}
		}
	}
}

func (c *checker) spacedEntry(list string, e *yaml.Node) {
	if e.Kind != yaml.ScalarNode || e.Tag != "!!str" {
		return
	}
	m := spacedEntry.FindStringSubmatch(e.Value)
	if m == nil {
		return
	}
	name, value := m[1], strings.TrimRight(m[2], " \t")
	what := map[string]string{"environment": "variable", "labels": "label", "args": "build argument"}[list]
	c.skip[e] = true
	f := finding{
		node: e,
		code: "compose-invalid",
		msg: fmt.Sprintf("%s entry '%s' has no '=': Compose reads a %s named '%s' with no value, not %s",
			list, e.Value, what, e.Value, name),
		hint: fmt.Sprintf("write %s=%s", name, value),
	}
	if e.Style == 0 { // a plain scalar stays one with '=' in place of the blanks
		f.rename, f.fixMsg = name+"="+value, "write "+name+"="+value
	}
	c.out = append(c.out, f)
}
