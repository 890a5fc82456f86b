package syntax

import (
	"bytes"
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/guidec/guidec/internal/check"
	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/snippet"
	"github.com/guidec/guidec/internal/source"
)

// Checker validates the syntax of every snippet by its language (or, when
// the fence names none, by its title's extension) and checks that titles
// agree with languages and are not misspelt well-known file names.
var Checker = &check.Checker{
	Name:  "syntax",
	Doc:   doc,
	Codes: Codes,
	Run:   run,
}

const doc = `check that every snippet parses as the format its fence or title names

YAML, JSON (and JSONC), TOML, INI, .env and XML snippets are parsed; syntax
errors, duplicate keys and titles that contradict the language or misspell a
well-known file name are reported at their exact place in the guide.`

// Codes lists every code this checker reports.
var Codes = []diag.CodeInfo{
	{Code: "yaml-syntax", Severity: diag.Error, Summary: "a yaml snippet does not parse"},
	{Code: "yaml-duplicate-key", Severity: diag.Error, Summary: "a yaml mapping has the same key twice"},
	{Code: "yaml-tab", Severity: diag.Error, Summary: "a yaml snippet indents with a tab"},
	{Code: "yaml-dash-blank", Severity: diag.Error, Summary: "a list item without the blank after its dash: a value that starts with a dash and a quote (-'x'), or in a snippet that does not parse a dash glued to a key or item (-matches:)"},
	{Code: "k8s-unknown-field", Severity: diag.Error, Summary: "a top-level or metadata field of a Kubernetes object misspells a known one: kubectl rejects the unknown field"},
	{Code: "k8s-secret-data-base64", Severity: diag.Error, Summary: "a value under a Kubernetes Secret's data is not base64 (plain values belong under stringData): the API server rejects the Secret"},
	{Code: "json-syntax", Severity: diag.Error, Summary: "a json snippet does not parse"},
	{Code: "json-duplicate-key", Severity: diag.Warning, Summary: "a json object has the same key twice"},
	{Code: "toml-syntax", Severity: diag.Error, Summary: "a toml snippet does not parse or defines a key twice"},
	{Code: "ini-syntax", Severity: diag.Error, Summary: "an ini snippet has a line that is not a section, key or comment"},
	{Code: "ini-duplicate-key", Severity: diag.Warning, Summary: "an ini section has the same key twice"},
	{Code: "env-syntax", Severity: diag.Error, Summary: "a .env snippet has a line that is not KEY=value"},
	{Code: "env-inline-comment", Severity: diag.Error, Summary: "a .env value is followed by a comment, which docker run --env-file reads as part of the value (a warning unless the login depends on the variable)"},
	{Code: "env-duplicate-key", Severity: diag.Warning, Summary: "a .env snippet assigns the same variable twice"},
	{Code: "xml-syntax", Severity: diag.Error, Summary: "an xml snippet is not well-formed"},
	{Code: "code-missing-comma", Severity: diag.Error, Summary: "two entries of a JavaScript, Python, PHP, Ruby or Lua literal or argument list with no comma between them"},
	{Code: "code-comma-doubled", Severity: diag.Error, Summary: "two commas in a row in a Python, PHP, Ruby or Lua literal or argument list, a JavaScript object or argument list, or anywhere in Elixir code"},
	{Code: "code-separator-missing", Severity: diag.Error, Summary: "an entry of a dict, object, hash, PHP array or Lua table is a key and a value with no ':', '=>' or '=' between them, among entries that have it"},
	{Code: "code-missing-semicolon", Severity: diag.Error, Summary: "a PHP statement ends its line without ';' and the next line starts another statement"},
	{Code: "code-string-unterminated", Severity: diag.Error, Summary: "a string in a JavaScript, TypeScript, Python or Lua snippet is not closed on its line (PHP, Ruby: runs on and breaks the file)"},
	{Code: "code-bracket-mismatch", Severity: diag.Error, Summary: "a bracket of a program-language snippet is closed by another kind of bracket, or a whole file ends with it open"},
	{Code: "shell-continuation-missing", Severity: diag.Error, Summary: "a shell command line ends without '\\' and the next line starts with a flag, which then runs as a command of its own"},
	{Code: "shell-dash-pasted", Severity: diag.Error, Summary: "a command-line option in a shell block or inline code starts with an en or em dash (or another Unicode dash) instead of '-': the program gets an argument, not the option"},
	{Code: "code-foreign-literal", Severity: diag.Error, Summary: "a boolean or null spelt as another language spells it: true in Python, True in JavaScript, Ruby or Lua"},
	{Code: "caddyfile-syntax", Severity: diag.Error, Summary: "a Caddyfile block is not closed, a '}' closes none, a line whose indented lines form a block lacks its '{', or a quoted string is never closed"},
	{Code: "nginx-syntax", Severity: diag.Error, Summary: "an nginx directive is not terminated by ';' before the next line's directive or a '}', a block is never closed, a '}' closes none, or a quoted string is not closed"},
	{Code: "nginx-directive", Severity: diag.Error, Summary: "an nginx directive's name is no directive of nginx but one slip from one (proxy_pas, auth_requets): nginx -t refuses the unknown directive"},
	{Code: "apache-section", Severity: diag.Error, Summary: "an Apache configuration section (<VirtualHost>, <Location>) is not closed, is closed by another's end tag, or an end tag closes none or misspells its section"},
	{Code: "hcl-syntax", Severity: diag.Error, Summary: "an HCL (Terraform) snippet has a string left open on its line, a bracket closed by another or left open, a list item without its comma, or an argument without '='"},
	{Code: "apache-arguments", Severity: diag.Error, Summary: "a mod_auth_openidc directive that takes one argument is given more (OIDCScope openid email unquoted, or a comment after the value)"},
	{Code: "title-lang-mismatch", Severity: diag.Warning, Summary: "a snippet's title names a file of another format than its language"},
	{Code: "title-misspelt", Severity: diag.Warning, Summary: "a snippet's title looks like a misspelt well-known file name"},
}

// finding is a validator's result, located in the snippet's Text.
type finding struct {
	span    source.Span // in Snippet.Text
	code    string      // its severity is the code's, from Codes
	warn    bool        // a warning whatever the code's severity (a milder case of it)
	msg     string
	hint    string
	related []related
	fix     *fix
}

type related struct {
	span source.Span // in Snippet.Text
	msg  string
}

// fix is a machine-applicable change expressed in Snippet.Text offsets.
type fix struct {
	msg   string
	edits []diag.Edit // spans in Snippet.Text
}

func run(p *check.Pass) {
	b := newBudget()
	for _, s := range p.Snippets {
		if s.File == nil {
			s = withFile(s, p.File)
		}
		titles := checkTitle(s)
		fs := validateSnippet(s, b)
		if k, as, ok := titleFormat(s, titles, fs, b); ok {
			// The label is the mistake, and the label finding says so:
			// the text is checked as the format the title names, and
			// not also reported as broken in the label's format.
			fs = as
			name := strings.ToUpper(k.String())
			if k == kindEnv {
				name = ".env"
			}
			for i := range titles {
				if titles[i].Code == "title-lang-mismatch" {
					titles[i].Message += fmt.Sprintf("; the text is %s, so guidec checks it as %s", name, name)
				}
			}
		}
		for _, d := range titles {
			p.Report(d)
		}
		for _, f := range fs {
			p.Report(toDiag(s, f))
			if breaks(f.code) {
				p.MarkBroken(s)
			}
		}
	}
	textDashes(p)
}

// titleFormat returns the format the title of s names when the title
// finding says the fence language is another one, the text does not parse
// in the language's format (findings fs) and parses cleanly in the
// title's: a toml fence titled config.yaml that holds YAML. It returns the
// findings of the text in that format too.
func titleFormat(s *snippet.Snippet, titles []diag.Diagnostic, fs []finding, b *budget) (kind, []finding, bool) {
	mismatch := false
	for _, d := range titles {
		mismatch = mismatch || d.Code == "title-lang-mismatch"
	}
	if !mismatch {
		return kindNone, nil, false
	}
	k := nameKind(s.FileName())
	if k == kindNone || k == kindOf(s) || validators[k] == nil || k.isCode() || kindOf(s).isCode() {
		return kindNone, nil, false
	}
	broken := false
	for _, f := range fs {
		broken = broken || breaks(f.code)
	}
	if !broken {
		return kindNone, nil, false
	}
	as := validate(k, s.Text, b)
	for _, f := range as {
		if breaks(f.code) {
			return kindNone, nil, false
		}
	}
	return k, as, true
}

// breaks reports whether a finding of code means the snippet does not
// parse: the later checkers must not read it as if it did (a duplicate
// key, a title or an inline comment leaves it readable). A string left
// open is one: the lines after it read inside out, and a value read from
// them would be a second symptom of the one mistake.
func breaks(code string) bool {
	return strings.HasSuffix(code, "-syntax") || code == "yaml-tab" || code == "code-string-unterminated"
}

// withFile returns a copy of s that reports into f.
func withFile(s *snippet.Snippet, f *source.File) *snippet.Snippet {
	c := *s
	c.File = f
	return &c
}

// validateSnippet returns the syntax findings for one snippet, located in
// the snippet's Text. Blank snippets and unknown languages yield none. b is
// the guide's budget for locating YAML errors.
func validateSnippet(s *snippet.Snippet, b *budget) []finding {
	if len(bytes.TrimSpace(s.Text)) == 0 {
		return nil
	}
	k := kindOf(s)
	if k == kindNone && (s.LangFormat() == snippet.Shell || s.Lang == "console") {
		return append(validateShell(s.Text), shellDashes(s.Text)...)
	}
	if l, ok := codeLangs[k]; ok && k != kindNginx {
		// A snippet that names its file is the whole file: a bracket
		// left open at its end is certain.
		return validateCodeFile(l, s.Text, s.FileName() != "")
	}
	fs := validateDecoded(k, s.Text, b, s.YAML)
	if k == kindYAML {
		fs = append(fs, validateNginxAnnotations(s.Text)...)
	}
	return fs
}

// validate runs the validator for kind on text. A panic inside a third-party
// parser becomes a syntax finding so that bad input never stops guidec.
func validate(k kind, text []byte, b *budget) []finding { return validateDecoded(k, text, b, nil) }

// validateDecoded is validate with, for YAML, the parse of text when
// decoded is not nil (see validateYAMLDecoded).
func validateDecoded(k kind, text []byte, b *budget, decoded func() ([]*yaml.Node, error)) (fs []finding) {
	v := validators[k]
	if k == kindYAML {
		v = func(text []byte) []finding { return validateYAMLDecoded(text, b, decoded) }
	}
	if v == nil {
		return nil
	}
	defer func() {
		if r := recover(); r != nil {
			fs = []finding{{
				span: source.Span{Start: 0, End: 0},
				code: k.String() + "-syntax",
				msg:  fmt.Sprintf("the %s parser failed on this snippet: %v", k, r),
				hint: "simplify the snippet; please report this input to the guidec maintainers",
			}}
		}
	}()
	return v(text)
}

// validators maps each kind to its validator; kinds without one pass.
var validators = map[kind]func([]byte) []finding{
	kindYAML:  validateYAML,
	kindJSON:  func(b []byte) []finding { return validateJSON(b, false) },
	kindJSONC: func(b []byte) []finding { return validateJSON(b, true) },
	kindTOML:  validateTOML,
	kindINI:   validateINI,
	kindEnv:   validateEnv,
	kindXML:   validateXML,
}

func init() {
	for k, l := range codeLangs {
		validators[k] = func(b []byte) []finding { return validateCode(l, b) }
	}
	validators[kindNginx] = validateNginx
	validators[kindElixir] = validateElixir
	validators[kindCaddyfile] = validateCaddyfile
	validators[kindApache] = validateApache
	validators[kindHCL] = validateHCL
}

// toDiag converts a finding into a guide diagnostic. A fix whose edits do
// not map byte for byte onto the guide (they touch a site variable or text
// generated by a shortcode) is dropped, since applying it would corrupt the
// guide.
func toDiag(s *snippet.Snippet, f finding) diag.Diagnostic {
	d := diag.Diagnostic{
		File:     s.File,
		Span:     s.GuideSpan(f.span),
		Severity: severityOf(f.code),
		Code:     f.code,
		Message:  f.msg,
		Hint:     f.hint,
	}
	if f.warn {
		d.Severity = diag.Warning
	}
	for _, r := range f.related {
		d.Related = append(d.Related, diag.Related{File: s.File, Span: s.GuideSpan(r.span), Message: r.msg})
	}
	if f.fix != nil {
		d.Fix = guideFix(s, f.fix)
	}
	if _, guides := exactSpan(s, f.span); s.Shortcode != "" && !guides {
		// The text is the template's: the guide can only change the
		// call's parameters.
		d.Fix = nil
		d.Hint = "the " + s.Shortcode + " shortcode writes this text: check the call's parameters, and the template if they are right"
	}
	return d
}

// severityOf returns the severity Codes gives code.
func severityOf(code string) diag.Severity {
	for _, c := range Codes {
		if c.Code == code {
			return c.Severity
		}
	}
	return diag.Error
}

func guideFix(s *snippet.Snippet, f *fix) *diag.Fix {
	out := &diag.Fix{Message: f.msg}
	for _, e := range f.edits {
		sp, ok := exactSpan(s, e.Span)
		if !ok {
			return nil
		}
		out.Edits = append(out.Edits, diag.Edit{Span: sp, NewText: e.NewText})
	}
	return out
}

// exactSpan maps sp to the guide when every byte of it (or, for an empty
// span, its position) is a verbatim copy of consecutive guide bytes.
func exactSpan(s *snippet.Snippet, sp source.Span) (source.Span, bool) {
	if s.Map == nil {
		return source.Span{}, false
	}
	start, exact, ok := s.Map.Resolve(sp.Start)
	if !ok || !exact {
		return source.Span{}, false
	}
	for i := sp.Start + 1; i < sp.End; i++ {
		o, exact, ok := s.Map.Resolve(i)
		if !ok || !exact || o != start+i-sp.Start {
			return source.Span{}, false
		}
	}
	return source.Span{Start: start, End: start + sp.Len()}, true
}
