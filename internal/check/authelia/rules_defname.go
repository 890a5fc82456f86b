package authelia

import (
	"bytes"

	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/snippet"
	slips "github.com/guidec/guidec/internal/typo"

	"gopkg.in/yaml.v3"
)

// nameDef is where a claims policy or a custom scope is defined: its key
// under identity_providers.oidc, and the snippet that holds it.
type nameDef struct {
	key  *yaml.Node
	snip *snippet.Snippet
}

// misspeltDef reports, at its definition, a name that a client refers to
// as ref and that the guide defines one keyboard slip away (a letter
// dropped, doubled or two swapped: forejo for the forgejo the client
// uses), when the evidence says the definition is the misspelt one: the
// definition's name is written once in the guide, and ref more than once
// (it is also the client's id, the application's name, a scope the
// application asks for…). The definition must be in the client's own
// snippet, where positions are known. It returns whether it reported: the
// client's reference is then not reported again (one finding per cause).
func (k *clientCheck) misspeltDef(defs []nameDef, ref Value, sev diag.Severity, code, what string) bool {
	if !k.mine(ref) || ref.Text == "" {
		return false
	}
	content := k.file.Content
	if bytes.Count(content, []byte(ref.Text)) < 2 {
		return false
	}
	for _, d := range defs {
		name := d.key.Value
		if d.snip != k.snip || name == ref.Text || !slips.Slip(name, ref.Text) || bytes.Count(content, []byte(name)) != 1 {
			continue
		}
		dg := k.reportf(d.key, sev, code, "write '"+ref.Text+"', the name "+k.prefixName()+" uses",
			"%s '%s' is defined, but %s uses '%s', one slip from it: the definition's name is misspelt, and the client refers to nothing",
			what, name, k.prefixName(), ref.Text)
		dg.Related = append(dg.Related, diag.Related{File: k.file, Span: k.span(ref.node), Message: "the name the client uses"})
		return true
	}
	return false
}

// prefixName returns "client 'app'" for the messages of misspeltDef.
func (k *clientCheck) prefixName() string {
	if k.c != nil && k.c.ID.Text != "" {
		return "client '" + k.c.ID.Text + "'"
	}
	return "the client"
}
