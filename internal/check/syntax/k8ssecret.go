package syntax

import (
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/source"
)

// secretData reports the values under the data of a Kubernetes Secret
// (kind: Secret, apiVersion v1 or left out, alone or among the items of a
// v1 List) that are not base64. The API server decodes each one as the
// []byte it is (encoding/json: base64.StdEncoding, padding required, line
// breaks ignored) and rejects the whole object otherwise ("illegal base64
// data at input byte N"); a number or a boolean there is no string at all.
// Plain values belong under stringData, which the server encodes itself.
//
// When every value of data is such a value, the mapping was meant as
// stringData (renamed, or pasted under the wrong key): one finding on the
// data key, whose fix renames it. Else each value that is not base64 is
// reported where it stands. A value a template fills in ({{ … }}, ${…}) or
// a <placeholder> is not judged.
func secretData(t *yamlText, doc *yaml.Node, fs []finding) []finding {
	if doc == nil || doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return fs
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return fs
	}
	kind, api := mappingScalar(root, "kind"), mappingScalar(root, "apiVersion")
	if api != "" && api != "v1" {
		return fs
	}
	switch kind {
	case "Secret":
		return secretValues(t, root, fs)
	case "List":
		if items := mappingValue(root, "items"); items != nil && items.Kind == yaml.SequenceNode {
			for _, it := range items.Content {
				if it.Kind == yaml.MappingNode && mappingScalar(it, "kind") == "Secret" {
					if a := mappingScalar(it, "apiVersion"); a == "" || a == "v1" {
						fs = secretValues(t, it, fs)
					}
				}
			}
		}
	}
	return fs
}

// secretValues checks the data of the Secret mapping m (see secretData).
func secretValues(t *yamlText, m *yaml.Node, fs []finding) []finding {
	var key, data *yaml.Node
	for i := 0; i+1 < len(m.Content); i += 2 {
		if k := m.Content[i]; k.Kind == yaml.ScalarNode && k.Value == "data" {
			key, data = k, m.Content[i+1]
		}
	}
	if data == nil || data.Kind != yaml.MappingNode || len(data.Content) == 0 {
		return fs
	}
	type bad struct {
		k, v *yaml.Node
		why  string
	}
	var bads []bad
	judged := 0
	for i := 0; i+1 < len(data.Content); i += 2 {
		k, v := data.Content[i], data.Content[i+1]
		if v.Kind != yaml.ScalarNode || templated(v.Value) || templated(k.Value) {
			continue
		}
		judged++
		if why, ok := notBase64(v); ok {
			bads = append(bads, bad{k, v, why})
		}
	}
	if len(bads) == 0 {
		return fs
	}
	if len(bads) == judged && key.Style == 0 {
		first := bads[0]
		msg := fmt.Sprintf("the value under this Secret's data is not base64 (%q: %s): the API server rejects the Secret; plain values belong under stringData", first.k.Value, first.why)
		if len(bads) > 1 {
			msg = fmt.Sprintf("none of the %d values under this Secret's data is base64 (%q: %s): the API server rejects the Secret; plain values belong under stringData", len(bads), first.k.Value, first.why)
		}
		sp := yamlScalarSpan(t.table(), t.text, key)
		return append(fs, finding{
			span: sp,
			code: "k8s-secret-data-base64",
			msg:  msg,
			hint: "rename data to stringData, or encode each value (printf '%s' 'value' | base64)",
			fix:  &fix{msg: "rename data to stringData", edits: []diag.Edit{{Span: source.Span{Start: sp.Start, End: sp.Start + len("data")}, NewText: "stringData"}}},
		})
	}
	for _, b := range bads {
		fs = append(fs, finding{
			span: yamlScalarSpan(t.table(), t.text, b.v),
			code: "k8s-secret-data-base64",
			msg:  fmt.Sprintf("the value of %q under a Secret's data is not base64 (%s): the API server rejects the Secret", b.k.Value, b.why),
			hint: "encode the value (printf '%s' 'value' | base64), or move it under stringData, which takes it as it is",
		})
	}
	return fs
}

// notBase64 says why the scalar v is no value of a Secret's data, if it
// is none: a null is fine (no bytes), a string must decode.
func notBase64(v *yaml.Node) (string, bool) {
	switch v.ShortTag() {
	case "!!null":
		return "", false
	case "!!int", "!!float":
		return "a number, not a string", true
	case "!!bool":
		return "a boolean, not a string", true
	case "!!str", "!!binary":
	default:
		return "", false
	}
	_, err := base64.StdEncoding.DecodeString(v.Value)
	if err == nil {
		return "", false
	}
	var ce base64.CorruptInputError
	if errors.As(err, &ce) {
		return fmt.Sprintf("illegal base64 data at input byte %d", int64(ce)), true
	}
	return err.Error(), true
}

// templated reports whether s is filled in by a template or is a
// placeholder for the reader: its text is not what reaches the server.
func templated(s string) bool {
	if strings.Contains(s, "{{") || strings.Contains(s, "${") {
		return true
	}
	t := strings.TrimSpace(s)
	return len(t) > 2 && t[0] == '<' && t[len(t)-1] == '>'
}

// mappingValue returns the value of key in mapping m, or nil.
func mappingValue(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if k := m.Content[i]; k.Kind == yaml.ScalarNode && k.Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// mappingScalar returns the scalar value of key in mapping m, or "".
func mappingScalar(m *yaml.Node, key string) string {
	if v := mappingValue(m, key); v != nil && v.Kind == yaml.ScalarNode {
		return v.Value
	}
	return ""
}
