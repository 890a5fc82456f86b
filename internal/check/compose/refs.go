package compose

import (
	"fmt"
	"strings"

	"github.com/distribution/reference"
	"gopkg.in/yaml.v3"

	"github.com/guidec/guidec/internal/guide/yamlpos"
	"github.com/guidec/guidec/internal/lazyre"
)

// A service's image is a reference in docker's grammar (the
// distribution/reference package docker and compose parse it with),
// its container_name matches the specification's [a-zA-Z0-9][a-zA-Z0-9_.-]+
// and its hostname is an RFC 1123 host name: none has a blank. The
// schema and the loader take any string (docker refuses it only when it
// pulls or creates the container), so a value YAML made of several lines
// passes them: the list items of a deleted environment: or ports: key
// fold into the plain scalar above them (image: nginx then - A=B reads
// "nginx - A=B").

// containerName is the specification's pattern for container_name.
var containerName = lazyre.New(`^[a-zA-Z0-9][a-zA-Z0-9_.-]+$`)

// hostLabel is one label of an RFC 1123 host name.
var hostLabel = lazyre.New(`^[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$`)

// templated matches what the guide or compose fills in later: a Hugo
// shortcode, a ${…} or $NAME interpolation.
var templated = lazyre.New(`\{\{[<%].*?[>%]\}\}|\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*`)

// references reports the image, container_name and hostname of root's
// services that their grammar refuses.
func (c *checker) references() {
	services := yamlpos.Deref(mapValue(c.root, "services"))
	if services == nil || services.Kind != yaml.MappingNode {
		return
	}
	for i := 1; i < len(services.Content); i += 2 {
		svc := yamlpos.Deref(services.Content[i])
		if svc == nil || svc.Kind != yaml.MappingNode {
			continue
		}
		for j := 0; j+1 < len(svc.Content); j += 2 {
			k, v := svc.Content[j].Value, svc.Content[j+1]
			if k != "image" && k != "container_name" && k != "hostname" {
				continue
			}
			if v.Kind != yaml.ScalarNode || v.Tag != "!!str" || v.Value == "" || c.skip[v] {
				continue
			}
			if why := badName(k, v.Value); why != "" {
				c.skip[v] = true
				hint := "write the " + k + " without blanks"
				if strings.Contains(v.Value, " - ") && v.Style&(yaml.SingleQuotedStyle|yaml.DoubleQuotedStyle) == 0 {
					hint = "the lines below it were folded into the value: restore the key they belong to (environment:, ports:…) or their '- ' and indentation"
				}
				c.out = append(c.out, finding{
					node: v,
					code: "compose-invalid",
					msg:  fmt.Sprintf("invalid %s '%s': %s", k, v.Value, why),
					hint: hint,
				})
			}
		}
	}
}

// badName says why value is no valid key (image, container_name,
// hostname), or "". A value the guide or compose fills in is judged only
// on its blanks outside what is filled in.
func badName(key, value string) string {
	if strings.Contains(value, "{{") || strings.Contains(value, "$") {
		if strings.ContainsAny(templated.ReplaceAllString(value, "x"), " \t\n") {
			return "it has a blank, which no " + key + " can hold"
		}
		return ""
	}
	switch key {
	case "image":
		if _, err := reference.ParseNormalizedNamed(value); err != nil {
			if strings.ContainsAny(value, " \t\n") {
				return "an image reference has no blank (" + err.Error() + ")"
			}
			return "docker cannot parse it as an image reference (" + err.Error() + ")"
		}
	case "container_name":
		if !containerName.MatchString(value) {
			return "a container name is [a-zA-Z0-9][a-zA-Z0-9_.-]+, as the Compose specification requires"
		}
	case "hostname":
		if len(value) > 253 {
			return "a host name has at most 253 characters (RFC 1123)"
		}
		for _, l := range strings.Split(strings.TrimSuffix(value, "."), ".") {
			if !hostLabel.MatchString(l) {
				return "a host name is labels of letters, digits and '-' joined by dots (RFC 1123)"
			}
		}
	}
	return ""
}
