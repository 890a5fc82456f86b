package compose

import (
	"bytes"
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/guidec/guidec/internal/check"
	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/guide/yamlpos"
	"github.com/guidec/guidec/internal/lazyre"
	"github.com/guidec/guidec/internal/snippet"
	"github.com/guidec/guidec/internal/source"
)

// Checker validates the Compose snippets of a guide with compose-go, the
// Compose specification's reference loader.
var Checker = &check.Checker{
	Name:  "compose",
	Doc:   doc,
	Codes: Codes,
	Run:   run,
	Prepare: func(src []byte) bool {
		// Compose files have a services: key (mayBeCompose also takes
		// near misses, which cost only the wait for the schema).
		if !bytes.Contains(src, []byte("ervices:")) {
			return false
		}
		_, _ = loadSpec()
		return true
	},
}

const doc = `check Compose snippets against the Compose specification

Snippets titled compose.yml, docker-compose.yaml (…) or whose YAML has a
top-level services mapping are loaded by compose-go; unknown keys, values of
the wrong shape and values the loader rejects are reported on their line.`

// Codes lists every code this checker reports.
var Codes = []diag.CodeInfo{
	{Code: "compose-unknown-key", Severity: diag.Error, Summary: "a key the Compose specification does not allow at this place"},
	{Code: "compose-type", Severity: diag.Error, Summary: "a Compose value of the wrong shape (a string where a mapping or list is required…)"},
	{Code: "compose-invalid", Severity: diag.Error, Summary: "a Compose value that the specification or the compose loader rejects"},
	{Code: "compose-interpolation", Severity: diag.Error, Summary: "a ${…} reference in a Compose snippet that compose cannot parse"},
}

func run(p *check.Pass) {
	for _, s := range p.Snippets {
		if !yamlish(s) || !mayBeCompose(s) {
			continue
		}
		// Compiled on first use, so that a run without Compose snippets
		// never pays for it.
		sp, err := loadSpec()
		if err != nil {
			return // the embedded schema is compose-go's; a failure is a build bug caught by tests
		}
		orig := s
		if s.File == nil {
			c := *s
			c.File = p.File
			s = &c
		}
		for _, f := range checkSnippet(sp, s) {
			p.Report(toDiag(s, f))
		}
		for _, f := range strayIn(sp, orig, p.Snippets) {
			p.Report(toDiag(s, f))
		}
	}
}

// mayBeCompose is a cheap filter before parsing: a Compose file has a
// title naming one, or a line starting with a top-level key such as
// services: (near misses included, so only the first letters count).
func mayBeCompose(s *snippet.Snippet) bool {
	if composeTitle.MatchString(strings.ToLower(s.FileName())) {
		return true
	}
	for line := range bytes.Lines(s.Text) {
		if len(line) > 3 && (line[0] == 's' || line[0] == 'S') && bytes.IndexByte(line, ':') > 0 {
			return true
		}
	}
	return false
}

// checkSnippet returns the findings of every Compose document of s.
func checkSnippet(sp *spec, s *snippet.Snippet) []finding {
	var out []finding
	for _, root := range snippetDocuments(s) {
		if isCompose(s, root) {
			out = append(out, validate(sp, root)...)
		}
	}
	return out
}

// snippetDocuments is the Compose-shaped documents of s.Text, from the
// snippet's parse that the other checkers share.
func snippetDocuments(s *snippet.Snippet) []*yaml.Node {
	return mappingRoots(s.ParseYAML())
}

// mappingRoots returns the documents of st whose root is a mapping. A
// stream that does not parse yields the documents before the error (the
// syntax checker reports it); one that made yaml.v3 panic yields none.
func mappingRoots(st yamlpos.Stream) (roots []*yaml.Node) {
	if st.Panicked {
		return nil
	}
	for _, r := range st.Roots() {
		if r.Kind == yaml.MappingNode {
			roots = append(roots, r)
		}
	}
	return roots
}

// yamlish reports whether s holds YAML: by its language, else (a language
// that names no format) by its title.
func yamlish(s *snippet.Snippet) bool {
	switch s.LangFormat() {
	case snippet.YAML:
		return true
	case snippet.Text:
		return s.TitleFormat() == snippet.YAML
	}
	return false
}

// composeTitle matches the file names compose looks for and their
// variants: compose.yml, docker-compose.yaml, compose.override.yml,
// docker-compose.prod.yml.
var composeTitle = lazyre.New(`^(docker-)?compose(\.[a-z0-9_.-]+)?\.ya?ml$`)

// topLevel lists the Compose file's top-level keys.
var topLevel = []string{"version", "name", "include", "services", "models", "networks", "volumes", "secrets", "configs"}

// isCompose decides whether the document root of s is a Compose file. A
// title naming a Compose file decides, as long as the document has
// Compose's shape (a top-level services, networks, volumes… key: an
// excerpt of one service alone is not checked). Otherwise the body must
// have a top-level services mapping and nothing but Compose keys, x-
// extensions and near misses of Compose keys: a Kubernetes manifest
// (apiVersion, kind), a Traefik or Authelia configuration never passes.
func isCompose(s *snippet.Snippet, root *yaml.Node) bool {
	keys := map[string]bool{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		keys[root.Content[i].Value] = true
	}
	if keys["apiVersion"] || keys["kind"] {
		return false
	}
	if composeTitle.MatchString(strings.ToLower(s.FileName())) {
		for k := range keys {
			if yamlpos.Suggest(k, topLevel) != "" {
				return true
			}
		}
		return false
	}
	svc := yamlpos.Deref(mapValue(root, "services"))
	if svc == nil || svc.Kind != yaml.MappingNode {
		return false
	}
	for k := range keys {
		if strings.HasPrefix(k, "x-") || yamlpos.Suggest(k, topLevel) != "" {
			continue
		}
		return false
	}
	return true
}

// mapValue returns the value of key in mapping m, or nil.
func mapValue(m *yaml.Node, key string) *yaml.Node { return yamlpos.MapValue(m, key) }

// toDiag converts a finding into a guide diagnostic.
func toDiag(s *snippet.Snippet, f finding) diag.Diagnostic {
	ts := nodeSpan(s, f.node)
	d := diag.Diagnostic{
		File:     s.File,
		Span:     s.GuideSpan(ts),
		Severity: severityOf(f.code),
		Code:     f.code,
		Message:  f.msg,
		Hint:     f.hint,
	}
	if f.rename != "" {
		d.Fix = renameFix(s, ts, d.Span, f.rename)
		if d.Fix != nil && f.fixMsg != "" {
			d.Fix.Message = f.fixMsg
		}
	}
	return d
}

// renameFix replaces the key token ts by key, or is nil when the token's
// bytes in the guide are not exactly the snippet's (a site variable or a
// shortcode made them), so that applying it can never damage the guide.
func renameFix(s *snippet.Snippet, ts, gs source.Span, key string) *diag.Fix {
	c := s.File.Content
	if gs.Len() == 0 || gs.End > len(c) || ts.End > len(s.Text) || !bytes.Equal(c[gs.Start:gs.End], s.Text[ts.Start:ts.End]) {
		return nil
	}
	return &diag.Fix{Message: "rename the key to " + key, Edits: []diag.Edit{{Span: gs, NewText: key}}}
}

func severityOf(code string) diag.Severity {
	for _, c := range Codes {
		if c.Code == code {
			return c.Severity
		}
	}
	return diag.Error
}

// nodeSpan returns the span in s.Text of n's token (yamlpos.Text.TokenSpan)
// cut at the end of its first line.
func nodeSpan(s *snippet.Snippet, n *yaml.Node) source.Span {
	if n == nil || n.Line == 0 {
		return source.Span{}
	}
	t := yamlpos.NewText(s.Text)
	sp := t.TokenSpan(n)
	sp.End = max(min(sp.End, t.LineEnd(sp.Start)), sp.Start)
	return sp
}

// String implements fmt.Stringer for test output.
func (f finding) String() string {
	return fmt.Sprintf("%d:%d %s: %s (%s)", f.node.Line, f.node.Column, f.code, f.msg, f.hint)
}
