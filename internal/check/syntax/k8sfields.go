package syntax

import (
	"fmt"
	"slices"

	"gopkg.in/yaml.v3"

	"github.com/guidec/guidec/internal/typo"
)

// k8sRootFields are the top-level fields of Kubernetes objects: those of
// every object (apiVersion, kind, metadata), of most (spec, status) and of
// the kinds guides show without a spec (Secret, ConfigMap, the RBAC
// kinds, List).
var k8sRootFields = []string{"apiVersion", "kind", "metadata", "spec", "status",
	"data", "stringData", "binaryData", "type", "immutable", "items",
	"rules", "subjects", "roleRef", "aggregationRule", "webhooks"}

// k8sMetadataFields are the fields of an object's metadata that a manifest
// writes.
var k8sMetadataFields = []string{"name", "namespace", "labels", "annotations", "generateName", "finalizers", "ownerReferences"}

// k8sFields reports a top-level field of a Kubernetes object, or a field
// of its metadata, that is a misspelling of a known one (strinData,
// apiVesion, kid for kind, namspace): kubectl's strict field validation
// (the default since Kubernetes 1.25) rejects the object ("unknown
// field"), and a misspelt apiVersion or kind leaves it without one. A
// document is an object when two of apiVersion, kind and metadata, as
// written or one edit away, are its keys; other YAML is left alone.
func k8sFields(t *yamlText, doc *yaml.Node, fs []finding) []finding {
	if doc == nil || doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return fs
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return fs
	}
	marks := 0
	for i := 0; i+1 < len(root.Content); i += 2 {
		if k := root.Content[i].Value; nearField(k, []string{"apiVersion", "kind", "metadata"}) != "" || k == "apiVersion" || k == "kind" || k == "metadata" {
			marks++
		}
	}
	if marks < 2 {
		return fs
	}
	fs = misspeltFields(t, root, k8sRootFields, "the object", fs)
	if md := mappingValue(root, "metadata"); md != nil && md.Kind == yaml.MappingNode {
		fs = misspeltFields(t, md, k8sMetadataFields, "metadata", fs)
	}
	return fs
}

// misspeltFields reports the keys of m that are not among known but one
// edit (two for long names) from one of them.
func misspeltFields(t *yamlText, m *yaml.Node, known []string, where string, fs []finding) []finding {
	for i := 0; i+1 < len(m.Content); i += 2 {
		k := m.Content[i]
		if k.Kind != yaml.ScalarNode || slices.Contains(known, k.Value) {
			continue
		}
		want := nearField(k.Value, known)
		if want == "" {
			continue
		}
		fs = append(fs, finding{
			span: yamlScalarSpan(t.table(), t.text, k),
			code: "k8s-unknown-field",
			msg:  fmt.Sprintf("%q is no field of %s: it misspells %q, and kubectl rejects an unknown field", k.Value, where, want),
			hint: "write " + want,
		})
	}
	return fs
}

// nearField returns the field of known that name misspells (a letter
// dropped, doubled, swapped or replaced; two for names of eight letters or
// more; case alone), or "".
func nearField(name string, known []string) string {
	if len(name) < 3 || len(name) > 40 {
		return ""
	}
	for _, f := range known {
		if f == name {
			return ""
		}
	}
	for _, f := range known {
		limit := 1
		if len(f) >= 8 {
			limit = 2
		}
		if d := len(f) - len(name); d > limit || -d > limit {
			continue
		}
		if name[0] != f[0] && name[len(name)-1] != f[len(f)-1] {
			continue // one slip leaves one end as it was; most keys fail here
		}
		if typo.Within(name, f, limit) <= limit {
			return f
		}
	}
	return ""
}
