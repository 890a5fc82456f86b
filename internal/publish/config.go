package publish

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/guidec/guidec/internal/lazychroma/styles"
	"gopkg.in/yaml.v3"

	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/guide/yamlpos"
	"github.com/guidec/guidec/internal/source"
)

// Config is the site configuration, site.yaml.
type Config struct {
	Title        string
	BaseURL      string // absolute http(s) URL ending in '/', e.g. "https://guides.example.com/docs/"
	LanguageCode string // BCP 47, e.g. "en-us"; <html lang>
	Description  string // the home page's meta description
	// AllowRawHTML lets raw HTML in guides through to the pages. Off by
	// default: guides arrive as pull requests from strangers.
	AllowRawHTML bool
	// HighlightStyle and HighlightStyleDark are chroma style names for code
	// blocks in light and dark mode ("" for dark: use HighlightStyle).
	HighlightStyle     string
	HighlightStyleDark string
	Variables          []Variable // site variables readers can set (sitevar)
	// ResourceTypes are extra file extensions (".svg", lower case, with
	// the dot) that guides may publish besides the passive types (images,
	// documents, media); markup types among them are checked for active
	// content first (see CheckResource).
	ResourceTypes []string
	Params        map[string]any // free-form values for layouts
	// LiveReload makes the layouts load guidec serve's live reload script.
	// Only guidec serve sets it; site.yaml cannot.
	LiveReload bool
}

// Variable is a site variable: a value such as the reader's domain that
// guides show through the sitevar shortcode and readers can change.
type Variable struct {
	Name        string `json:"name"`        // [a-z0-9-]+, as in {{< sitevar name="domain" >}}
	Label       string `json:"label"`       // form label; defaults to Name
	Type        string `json:"type"`        // "text", "number" or "boolean"
	Default     string `json:"default"`     // canonical text: "example.com", "443", "true"
	Description string `json:"description"` // help text under the form field
	// Validate names a rule a text variable's values must follow
	// (ValidateHostname), so that readers cannot put a value into every
	// snippet that no configuration would accept.
	Validate string `json:"validate,omitempty"`
	// Min and Max bound a number variable's values; nil for no bound.
	Min *float64 `json:"min,omitempty"`
	Max *float64 `json:"max,omitempty"`
}

// Variable types.
const (
	TypeText    = "text"
	TypeNumber  = "number"
	TypeBoolean = "boolean"
)

// Variable returns the variable called name.
func (c *Config) Variable(name string) (Variable, bool) {
	for _, v := range c.Variables {
		if v.Name == name {
			return v, true
		}
	}
	return Variable{}, false
}

// DefaultConfig returns the configuration used for keys site.yaml leaves
// out (and for a missing site.yaml). Its variables are the ones guides
// written for the built-in shortcodes use (those of the built-in
// site.yaml, which a test keeps equal), so that a site directory without
// its own variables list still shows every sitevar of such guides; a
// site.yaml that lists variables replaces them.
func DefaultConfig() *Config {
	return &Config{
		Title:          "guidec guides",
		BaseURL:        "http://localhost/",
		LanguageCode:   "en-us",
		HighlightStyle: "github",
		Variables:      defaultVariables(),
	}
}

// defaultVariables returns a fresh copy of the built-in site variables.
func defaultVariables() []Variable {
	port := func(f float64) *float64 { return &f }
	return []Variable{
		{Name: "domain", Label: "Domain", Type: TypeText, Default: "example.com", Validate: ValidateHostname,
			Description: "The root domain your services live under."},
		{Name: "subdomain-authelia", Label: "Authelia subdomain", Type: TypeText, Default: "auth", Validate: ValidateHostname,
			Description: "The subdomain Authelia is served from, without the domain."},
		{Name: "port", Label: "HTTPS port", Type: TypeNumber, Default: "443", Min: port(1), Max: port(65535),
			Description: "The port your reverse proxy serves HTTPS on."},
		{Name: "tls", Label: "Use TLS", Type: TypeBoolean, Default: "true",
			Description: "Whether your services are reached over HTTPS."},
	}
}

// ConfigCodes are the codes LoadConfig reports.
var ConfigCodes = []diag.CodeInfo{
	{Code: "config-missing", Severity: diag.Warning, Summary: "site.yaml is missing; defaults are used"},
	{Code: "config-syntax", Severity: diag.Error, Summary: "site.yaml is not valid YAML"},
	{Code: "config-type", Severity: diag.Error, Summary: "a site.yaml value has the wrong type"},
	{Code: "config-unknown-key", Severity: diag.Warning, Summary: "a site.yaml key is not one guidec knows"},
	{Code: "config-duplicate-key", Severity: diag.Error, Summary: "a site.yaml key appears twice in the same mapping"},
	{Code: "config-value", Severity: diag.Error, Summary: "a site.yaml value is invalid (base URL, language, style)"},
	{Code: "config-variable", Severity: diag.Error, Summary: "a site variable is malformed, defined twice, or its default breaks its own rules"},
}

// LoadConfig reads and decodes the site configuration name from fsys. A
// missing file gives DefaultConfig and a config-missing warning; other read
// failures are an "io" diagnostic. The Config is never nil: decoding
// continues past errors, keeping defaults for bad values.
func LoadConfig(fsys fs.FS, name string) (*Config, diag.List) {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		f := source.NewFile(name, nil)
		if errors.Is(err, fs.ErrNotExist) {
			return DefaultConfig(), diag.List{{File: f, Severity: diag.Warning, Code: "config-missing",
				Message: "no site configuration; using defaults", Hint: "create site.yaml with title and baseURL"}}
		}
		return DefaultConfig(), diag.List{{File: f, Severity: diag.Error, Code: "io", Message: "cannot read site configuration: " + err.Error()}}
	}
	return ParseConfig(source.NewFile(name, b))
}

// ParseConfig decodes the site configuration in f.
func ParseConfig(f *source.File) (*Config, diag.List) {
	c := DefaultConfig()
	doc, serr := yamlpos.Parse(f, source.Span{Start: 0, End: len(f.Content)})
	if serr != nil {
		return c, diag.List{{File: f, Span: serr.Span, Severity: diag.Error, Code: "config-syntax", Message: serr.Message}}
	}
	d := &configDecoder{doc: doc, c: c}
	if doc.Root != nil && !yamlpos.IsNull(doc.Root) {
		d.mapping(doc.Root, configKeys, func(name string, k, v *yaml.Node) { d.key(name, k, v) })
	}
	return c, d.diags
}

// configKeys are the keys of site.yaml, matched without regard to case.
var configKeys = []string{"title", "baseURL", "languageCode", "description", "allowRawHTML",
	"highlightStyle", "highlightStyleDark", "variables", "params", "resourceTypes"}

type configDecoder struct {
	doc   *yamlpos.Doc
	c     *Config
	diags diag.List
}

func (d *configDecoder) errorf(n *yaml.Node, code, hint, format string, args ...any) {
	d.diags.Addf(d.doc.File, d.doc.Span(n), diag.Error, code, hint, format, args...)
}

// mapping calls fn for each key of n that is one of known (fn gets the
// spelling from known), and reports the others, duplicates and non-mappings.
func (d *configDecoder) mapping(n *yaml.Node, known []string, fn func(name string, k, v *yaml.Node)) {
	m := yamlpos.Deref(n)
	if m.Kind != yaml.MappingNode {
		d.errorf(n, "config-type", "", "expected a mapping, found a %s", yamlpos.KindName(n))
		return
	}
	seen := map[string]*yaml.Node{}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		key, _ := yamlpos.String(k)
		lower := strings.ToLower(key)
		if first, dup := seen[lower]; dup {
			d.diags.Add(diag.Diagnostic{File: d.doc.File, Span: d.doc.Span(k), Severity: diag.Error, Code: "config-duplicate-key",
				Message: fmt.Sprintf("key %q is already defined", key), Hint: "remove one of the two",
				Related: []diag.Related{{File: d.doc.File, Span: d.doc.Span(first), Message: "first defined here"}}})
			continue
		}
		seen[lower] = k
		if name := matchKey(lower, known); name != "" {
			fn(name, k, v)
			continue
		}
		dg := diag.Diagnostic{File: d.doc.File, Span: d.doc.Span(k), Severity: diag.Warning, Code: "config-unknown-key",
			Message: fmt.Sprintf("unknown key %q", key), Hint: "known keys here: " + strings.Join(known, ", ")}
		if s := yamlpos.Suggest(key, known); s != "" {
			dg.Message += fmt.Sprintf("; did you mean %q?", s)
			dg.Fix = &diag.Fix{Message: "rename to " + s, Edits: []diag.Edit{{Span: d.doc.Span(k), NewText: s}}}
		}
		d.diags.Add(dg)
	}
}

func matchKey(lower string, known []string) string {
	for _, k := range known {
		if strings.ToLower(k) == lower {
			return k
		}
	}
	return ""
}

func (d *configDecoder) key(name string, k, v *yaml.Node) {
	switch name {
	case "title":
		d.str(v, &d.c.Title)
		if strings.TrimSpace(d.c.Title) == "" {
			d.errorf(v, "config-value", "name the site", "title is empty")
		}
	case "baseURL":
		d.baseURL(v)
	case "languageCode":
		d.language(v)
	case "description":
		d.str(v, &d.c.Description)
	case "allowRawHTML":
		if b, ok := yamlpos.Bool(v); ok {
			d.c.AllowRawHTML = b
		} else {
			d.errorf(v, "config-type", "write true or false", "allowRawHTML must be true or false")
		}
	case "highlightStyle":
		d.style(v, &d.c.HighlightStyle)
	case "highlightStyleDark":
		d.style(v, &d.c.HighlightStyleDark)
	case "variables":
		d.variables(v)
	case "params":
		d.params(v)
	case "resourceTypes":
		d.resourceTypes(v)
	}
}

// resourceTypes decodes the extensions a site publishes from guides'
// folders besides the passive ones; script types cannot be listed.
func (d *configDecoder) resourceTypes(v *yaml.Node) {
	seq := yamlpos.Deref(v)
	if seq.Kind != yaml.SequenceNode {
		d.errorf(v, "config-type", "write a list such as [svg]", "resourceTypes must be a list of file extensions")
		return
	}
	for _, n := range seq.Content {
		s, ok := yamlpos.String(n)
		if !ok {
			d.errorf(n, "config-type", "write an extension such as svg", "expected a file extension, found a %s", yamlpos.KindName(n))
			continue
		}
		ext := "." + strings.ToLower(strings.TrimPrefix(strings.TrimSpace(s), "."))
		switch {
		case ext == "." || strings.ContainsAny(ext[1:], "./\\ *"):
			d.errorf(n, "config-value", "write an extension such as svg", "%q is not a file extension", s)
		case scriptTypes[ext]:
			d.errorf(n, "config-value", "site scripts belong in site/static, which the project reviews as code",
				"%s files run script in readers' browsers and cannot be published from guides", ext)
		case !slices.Contains(d.c.ResourceTypes, ext):
			d.c.ResourceTypes = append(d.c.ResourceTypes, ext)
		}
	}
}

func (d *configDecoder) str(v *yaml.Node, dst *string) bool {
	s, ok := yamlpos.String(v)
	if !ok {
		d.errorf(v, "config-type", "", "expected a string, found a %s", yamlpos.KindName(v))
		return false
	}
	*dst = s
	return true
}

func (d *configDecoder) baseURL(v *yaml.Node) {
	var s string
	if !d.str(v, &s) {
		return
	}
	u, err := NormalizeBaseURL(s)
	if err != nil {
		d.errorf(v, "config-value", "write an absolute URL such as https://guides.example.com/", "%v", err)
		return
	}
	d.c.BaseURL = u
}

// NormalizeBaseURL checks that s is an absolute http(s) URL without query
// or fragment and returns it with a trailing slash.
func NormalizeBaseURL(s string) (string, error) {
	u, err := url.Parse(s)
	switch {
	case err != nil:
		return "", fmt.Errorf("base URL %q cannot be parsed", s)
	case u.Scheme != "http" && u.Scheme != "https" || u.Host == "":
		return "", fmt.Errorf("base URL %q must be an absolute http or https URL", s)
	case u.RawQuery != "" || u.Fragment != "" || u.User != nil:
		return "", fmt.Errorf("base URL %q must not have a query, fragment or user", s)
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
		u.RawPath = ""
	}
	return u.String(), nil
}

func (d *configDecoder) language(v *yaml.Node) {
	var s string
	if !d.str(v, &s) {
		return
	}
	for _, part := range strings.Split(s, "-") {
		if part == "" || len(part) > 8 || strings.IndexFunc(part, func(r rune) bool {
			return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9')
		}) >= 0 {
			d.errorf(v, "config-value", "write a BCP 47 language tag such as en-us", "languageCode %q is not a language tag", s)
			return
		}
	}
	d.c.LanguageCode = s
}

func (d *configDecoder) style(v *yaml.Node, dst *string) {
	var s string
	if !d.str(v, &s) || s == "" {
		*dst = s
		return
	}
	names := styles.Names()
	for _, n := range names {
		if strings.EqualFold(n, s) {
			*dst = n
			return
		}
	}
	hint := "see https://xyproto.github.io/splash/docs/ for the styles"
	if sug := yamlpos.Suggest(s, names); sug != "" {
		hint = "did you mean " + sug + "?"
	}
	d.errorf(v, "config-value", hint, "unknown highlight style %q", s)
}

func (d *configDecoder) params(v *yaml.Node) {
	if yamlpos.IsNull(v) {
		return
	}
	if yamlpos.Deref(v).Kind != yaml.MappingNode {
		d.errorf(v, "config-type", "", "params must be a mapping, found a %s", yamlpos.KindName(v))
		return
	}
	budget := 100_000
	p, err := yamlpos.ToAny(v, &budget, nil)
	if err != nil {
		d.errorf(v, "config-value", "remove aliases that repeat large values", "params expand to too many values")
		return
	}
	d.c.Params = p.(map[string]any)
}

var variableKeys = []string{"name", "label", "type", "default", "description", "validate", "min", "max"}

func (d *configDecoder) variables(v *yaml.Node) {
	d.c.Variables = nil // the list replaces the defaults, even when empty
	if yamlpos.IsNull(v) {
		return
	}
	seq := yamlpos.Deref(v)
	if seq.Kind != yaml.SequenceNode {
		d.errorf(v, "config-type", "list the variables with '- name: …'", "variables must be a list, found a %s", yamlpos.KindName(v))
		return
	}
	seen := map[string]*yaml.Node{}
	for _, item := range seq.Content {
		vr, nameNode, ok := d.variable(item)
		if !ok {
			continue
		}
		if first, dup := seen[vr.Name]; dup {
			d.diags.Add(diag.Diagnostic{File: d.doc.File, Span: d.doc.Span(nameNode), Severity: diag.Error, Code: "config-variable",
				Message: fmt.Sprintf("variable %q is defined twice", vr.Name),
				Related: []diag.Related{{File: d.doc.File, Span: d.doc.Span(first), Message: "first defined here"}}})
			continue
		}
		seen[vr.Name] = nameNode
		d.c.Variables = append(d.c.Variables, vr)
	}
}

// variable decodes one list item; ok is false when it is unusable.
func (d *configDecoder) variable(item *yaml.Node) (vr Variable, nameNode *yaml.Node, ok bool) {
	nodes := map[string]*yaml.Node{}
	d.mapping(item, variableKeys, func(name string, _, v *yaml.Node) { nodes[name] = v })
	if yamlpos.Deref(item).Kind != yaml.MappingNode {
		return vr, nil, false
	}
	if nodes["name"] == nil {
		d.errorf(item, "config-variable", "add name: with the variable's name", "variable has no name")
		return vr, nil, false
	}
	vr.Type = TypeText
	fields := []struct {
		key string
		dst *string
	}{{"name", &vr.Name}, {"label", &vr.Label}, {"type", &vr.Type}, {"default", &vr.Default}, {"description", &vr.Description}, {"validate", &vr.Validate}}
	for _, f := range fields {
		if n := nodes[f.key]; n != nil && !d.str(n, f.dst) {
			return vr, nil, false
		}
	}
	if !validVarName(vr.Name) {
		d.errorf(nodes["name"], "config-variable", "use lowercase letters, digits and '-'", "variable name %q is not valid", vr.Name)
		return vr, nil, false
	}
	if vr.Label == "" {
		vr.Label = vr.Name
	}
	ok = d.checkDefault(&vr, nodes) && d.checkRules(&vr, nodes)
	return vr, nodes["name"], ok
}

// checkRules decodes validate, min and max, which only some types take,
// and checks the default against them: a default that breaks its own
// variable's rules would be refused by the form that offers it.
func (d *configDecoder) checkRules(vr *Variable, nodes map[string]*yaml.Node) bool {
	ok := true
	if n := nodes["validate"]; n != nil {
		switch {
		case vr.Type != TypeText:
			d.errorf(n, "config-variable", "remove validate, or make the variable a text one", "validate applies to text variables, not %s ones", vr.Type)
			ok = false
		case !slices.Contains(validations, vr.Validate):
			d.errorf(n, "config-variable", "use one of: "+strings.Join(validations, ", "), "unknown validation %q", vr.Validate)
			ok = false
		}
	}
	for _, b := range []struct {
		key string
		dst **float64
	}{{"min", &vr.Min}, {"max", &vr.Max}} {
		n := nodes[b.key]
		if n == nil {
			continue
		}
		f, isNum := yamlFloat(n)
		switch {
		case vr.Type != TypeNumber:
			d.errorf(n, "config-variable", "remove "+b.key+", or make the variable a number one", "%s applies to number variables, not %s ones", b.key, vr.Type)
			ok = false
		case !isNum:
			d.errorf(n, "config-type", "write a number", "%s must be a number", b.key)
			ok = false
		default:
			*b.dst = &f
		}
	}
	if vr.Min != nil && vr.Max != nil && *vr.Min > *vr.Max {
		d.errorf(nodes["max"], "config-variable", "swap min and max", "max %s is less than min %s", formatNumber(*vr.Max), formatNumber(*vr.Min))
		ok = false
	}
	if !ok {
		return false
	}
	if err := vr.Check(vr.Default); err != nil {
		d.errorf(nodes["default"], "config-variable", "change the default or the rule", "default %q of variable %q %v", vr.Default, vr.Name, err)
		return false
	}
	return true
}

func (d *configDecoder) checkDefault(vr *Variable, nodes map[string]*yaml.Node) bool {
	switch vr.Type {
	case TypeText:
	case TypeNumber:
		if _, err := strconv.ParseFloat(vr.Default, 64); err != nil && vr.Default != "" {
			d.errorf(nodes["default"], "config-variable", "write a number", "default %q of number variable %q is not a number", vr.Default, vr.Name)
			return false
		}
	case TypeBoolean:
		if b, ok := yamlpos.Bool(nodes["default"]); ok {
			vr.Default = strconv.FormatBool(b)
		} else if vr.Default != "" {
			d.errorf(nodes["default"], "config-variable", "write true or false", "default %q of boolean variable %q is not true or false", vr.Default, vr.Name)
			return false
		}
	default:
		d.errorf(nodes["type"], "config-variable", "use text, number or boolean", "unknown variable type %q", vr.Type)
		return false
	}
	return true
}

func validVarName(s string) bool {
	if s == "" || len(s) > 64 || s[0] == '-' {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

// yamlFloat returns the number a YAML scalar holds (an int or a float).
func yamlFloat(n *yaml.Node) (float64, bool) {
	n = yamlpos.Deref(n)
	if n == nil || n.Kind != yaml.ScalarNode || n.Tag != "!!int" && n.Tag != "!!float" {
		return 0, false
	}
	var f float64
	if err := n.Decode(&f); err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, false
	}
	return f, true
}
