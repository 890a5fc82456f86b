// Package escapehatch checks the convention between the oidc-common
// shortcode and the escape-hatch shortcodes of the guides: the
// `oidc-escape-hatch-BUG` shortcode works around the application bug BUG,
// which oidc-common explains when the guide declares it in its `bugs`
// parameter (`{{% oidc-common bugs="claims-hydration" %}}`). An escape hatch
// whose bug is not declared leaves the reader with a workaround and no
// explanation of what it works around, so it is reported at the escape
// hatch's call, naming the parameter to add.
package escapehatch

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/guidec/guidec/internal/check"
	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/shortcode"
	"github.com/guidec/guidec/internal/source"
)

// Codes reported by this checker.
var Codes = []diag.CodeInfo{
	{Code: "authelia-escape-hatch-undeclared", Severity: diag.Warning, Summary: "an oidc-escape-hatch-BUG shortcode is used but the guide's oidc-common call does not declare BUG in bugs"},
}

// Checker reports escape hatches whose bug oidc-common does not declare.
var Checker = &check.Checker{
	Name:  "escapehatch",
	Doc:   "checks that every oidc-escape-hatch-BUG shortcode's bug is declared in the guide's oidc-common bugs parameter",
	Codes: Codes,
	Run:   run,
}

// Prefix is the name shared by the escape-hatch shortcodes; the rest of the
// name is the bug they work around.
const Prefix = "oidc-escape-hatch-"

// common is the shortcode that declares the application's bugs.
const common = "oidc-common"

func run(p *check.Pass) {
	if !bytes.Contains(p.File.Content, []byte(Prefix)) {
		return // most guides: no need to parse
	}
	calls := calls(p.File)
	var oc *shortcode.Call
	declared := map[string]bool{}
	for _, c := range calls {
		if c.Name == common && oc == nil {
			oc = c
			for _, b := range strings.Split(c.StringParam("bugs"), ",") {
				declared[strings.TrimSpace(b)] = true
			}
		}
	}
	for _, c := range calls {
		bug, ok := strings.CutPrefix(c.Name, Prefix)
		if !ok || bug == "" || declared[bug] {
			continue
		}
		d := diag.Diagnostic{File: p.File, Span: c.NameSpan, Severity: diag.Warning, Code: Codes[0].Code}
		switch {
		case oc == nil:
			d.Message = fmt.Sprintf("escape hatch for the %s bug, but the guide does not call %s to explain it", bug, common)
			d.Hint = fmt.Sprintf("call {{%% %s bugs=%q %%}} %s", common, bug, where(p))
		default:
			d.Message = fmt.Sprintf("escape hatch for the %s bug, which the %s call does not declare", bug, common)
			d.Hint = fmt.Sprintf("add %s to the bugs parameter of %s", bug, common)
			d.Fix = declare(p.File, oc, bug)
			d.Related = []diag.Related{{File: p.File, Span: oc.NameSpan, Message: "the " + common + " call"}}
		}
		p.Report(d)
		declared[bug] = true // one finding per bug
	}
}

// where says where a guide calls oidc-common, naming a section the guide
// has: after the Tested Versions list, where the guides call it, or
// before the configuration when the guide has no such section.
func where(p *check.Pass) string {
	for _, t := range p.Texts {
		if t.Kind == check.Heading && strings.EqualFold(strings.TrimSpace(t.Text), "Tested Versions") {
			return "after the Tested Versions list"
		}
	}
	return "before the configuration steps"
}

// declare returns the edit adding bug to oc's bugs parameter, or nil when
// the parameters are positional or the value is not a quoted string.
func declare(f *source.File, oc *shortcode.Call, bug string) *diag.Fix {
	msg := "declare " + bug + " in " + common
	if !oc.Named && len(oc.Params) > 0 {
		return nil
	}
	prm, ok := oc.Param("bugs")
	if !ok {
		at := oc.NameSpan.End
		return &diag.Fix{Message: msg, Edits: []diag.Edit{{Span: source.Span{Start: at, End: at}, NewText: fmt.Sprintf(" bugs=%q", bug)}}}
	}
	v := f.Content[prm.ValueSpan.Start:prm.ValueSpan.End]
	if len(v) < 2 || v[0] != '"' || v[len(v)-1] != '"' {
		return nil
	}
	sep := ","
	if len(v) == 2 {
		sep = ""
	}
	at := prm.ValueSpan.End - 1
	return &diag.Fix{Message: msg, Edits: []diag.Edit{{Span: source.Span{Start: at, End: at}, NewText: sep + bug}}}
}

// calls returns every shortcode call of the guide's body, nested ones
// included. The guide has already been parsed (and its problems reported)
// by the build; this parse only locates the calls.
func calls(f *source.File) []*shortcode.Call {
	nodes, _ := shortcode.Parse(f, body(f.Content), anyName{})
	var out []*shortcode.Call
	var walk func([]shortcode.Node)
	walk = func(ns []shortcode.Node) {
		for _, n := range ns {
			if c, ok := n.(*shortcode.Call); ok {
				out = append(out, c)
				walk(c.Inner)
			}
		}
	}
	walk(nodes)
	return out
}

// body returns the span after a YAML or TOML front matter (or all of c).
func body(c []byte) source.Span {
	all := source.Span{Start: 0, End: len(c)}
	for _, delim := range []string{"---", "+++"} {
		if !bytes.HasPrefix(c, []byte(delim)) {
			continue
		}
		for off := bytes.IndexByte(c, '\n') + 1; off > 0 && off < len(c); {
			end := bytes.IndexByte(c[off:], '\n')
			line := c[off:]
			if end >= 0 {
				line = c[off : off+end]
			}
			if string(bytes.TrimRight(line, " \t\r")) == delim {
				if end < 0 {
					return source.Span{Start: len(c), End: len(c)}
				}
				return source.Span{Start: off + end + 1, End: len(c)}
			}
			if end < 0 {
				break
			}
			off += end + 1
		}
	}
	return all
}

// anyName is a shortcode.Lookup that knows every name, without inner
// content: unknown names are the build's to report.
type anyName struct{}

func (anyName) UsesInner(string) (bool, bool) { return false, true }
func (anyName) Names() []string               { return nil }
