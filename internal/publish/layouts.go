package publish

import (
	"fmt"
	"html/template"
	"io/fs"
	"net/url"
	"path"
	"strings"
	"sync"

	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/source"
	"github.com/guidec/guidec/internal/urlscheme"
)

// LayoutCodes are the codes LoadLayouts reports.
var LayoutCodes = []diag.CodeInfo{
	{Code: "layout-missing", Severity: diag.Error, Summary: "a required layout file is missing"},
	{Code: "layout-syntax", Severity: diag.Error, Summary: "a layout is not a valid html/template"},
	{Code: "layout-symlink", Severity: diag.Error, Summary: "the site's static directory or a file in it is a symbolic link, which is not followed"},
}

// Layout files, relative to the site directory. Partials are every
// layouts/partials/*.html, available to the others as
// {{ template "partials/NAME.html" . }}.
const (
	layoutBase   = "layouts/baseof.html" // the page skeleton; pages fill its block "main"
	layoutSingle = "layouts/single.html" // a guide page (defines "main")
	layoutIndex  = "layouts/index.html"  // the home page (defines "main")
	layoutAlias  = "layouts/alias.html"  // a redirect page, standalone
	partialsGlob = "layouts/partials/*.html"
)

// Layouts are the parsed templates of a site. They are never executed
// themselves: New clones them and binds the functions that depend on the
// configuration (relURL, absURL), so one Layouts serves several sites and
// execution is safe for concurrent use.
type Layouts struct {
	// builtin reports that the files are the built-in layouts, which
	// native.go writes without executing them: their templates are
	// parsed only when a site needs them after all (parsed).
	builtin              bool
	files                map[string]string          // the text of each file, by path in fsys
	missing              map[string]diag.Diagnostic // files that could not be read
	partials             []string
	once                 sync.Once
	single, index, alias *template.Template
}

// placeholderFuncs declares the template functions at parse time; New
// rebinds them for its base URL.
var placeholderFuncs = template.FuncMap{
	"relURL":  func(string) string { return "" },
	"absURL":  func(string) string { return "" },
	"isoDate": isoDate,
}

// LoadLayouts parses the layouts under layouts/ in fsys (the site
// directory). Problems are diagnostics on the layout files; Layouts is nil
// when any occurred.
//
// html/template reports parse errors as text only ("template: NAME:LINE:
// …"), so a layout-syntax diagnostic points at the start of the file and
// its message carries the line.
func LoadLayouts(fsys fs.FS) (*Layouts, diag.List) {
	lay := &Layouts{files: map[string]string{}, missing: map[string]diag.Diagnostic{}}
	read := func(name string) {
		b, err := fs.ReadFile(fsys, name)
		lay.files[name] = string(b)
		if err != nil {
			lay.missing[name] = diag.Diagnostic{File: source.NewFile(name, nil), Severity: diag.Error, Code: "layout-missing",
				Message: fmt.Sprintf("cannot read layout: %v", err)}
		}
	}
	read(layoutBase)
	lay.partials, _ = fs.Glob(fsys, partialsGlob)
	for _, p := range lay.partials {
		read(p)
	}
	for _, name := range []string{layoutSingle, layoutIndex, layoutAlias} {
		read(name)
	}
	if len(lay.missing) == 0 && isBuiltinSet(lay.files) {
		// Known to parse: parsed only if a site runs them after all.
		lay.builtin = true
		return lay, nil
	}
	if l := lay.parse(); len(l) > 0 {
		return nil, l
	}
	return lay, nil
}

// parsed returns lay with its templates parsed.
func (lay *Layouts) parsed() *Layouts {
	lay.once.Do(func() { lay.parse() })
	return lay
}

// parse parses the files read into templates, reporting each file that
// could not be read and each syntax error, file by file.
func (lay *Layouts) parse() diag.List {
	var l diag.List
	parse := func(t *template.Template, name string) *template.Template {
		if d, ok := lay.missing[name]; ok {
			l.Add(d)
		}
		text := lay.files[name]
		nt, err := t.New(strings.TrimPrefix(name, "layouts/")).Parse(text)
		if err != nil && text != "" {
			l.Add(diag.Diagnostic{File: source.NewFile(name, []byte(text)), Severity: diag.Error, Code: "layout-syntax", Message: err.Error()})
		}
		return nt
	}
	base := template.New("").Funcs(placeholderFuncs)
	parse(base, layoutBase)
	for _, p := range lay.partials {
		parse(base, p)
	}
	lay.single = extend(base, layoutSingle, parse)
	lay.index = extend(base, layoutIndex, parse)
	lay.alias = template.New("").Funcs(placeholderFuncs)
	parse(lay.alias, layoutAlias)
	return l
}

// extend clones base and adds the page layout name, which fills base's
// blocks.
func extend(base *template.Template, name string, parse func(*template.Template, string) *template.Template) *template.Template {
	t, err := base.Clone()
	if err != nil {
		panic(err) // only after execution; base is never executed
	}
	parse(t, name)
	return t
}

// bound is a site's copy of the layouts with functions bound, and the
// folding of its page layouts (fold.go).
type bound struct {
	single, index, alias  *template.Template
	foldSingle, foldIndex folding
}

func (lay *Layouts) bind(base *url.URL) (*bound, error) {
	lay = lay.parsed()
	funcs := template.FuncMap{
		"relURL": func(s string) string { return relURL(base, s) },
		"absURL": func(s string) string { return absURL(base, s) },
	}
	var b bound
	for _, p := range []struct {
		dst **template.Template
		src *template.Template
	}{{&b.single, lay.single}, {&b.index, lay.index}, {&b.alias, lay.alias}} {
		c, err := p.src.Clone()
		if err != nil {
			return nil, fmt.Errorf("layouts: %w", err)
		}
		*p.dst = c.Funcs(funcs)
	}
	return &b, nil
}

// relURL resolves a site path ("css/site.css", "/romm/") against the base
// URL's path: with base https://x.example/docs/ it gives
// "/docs/css/site.css". Unlike Hugo's relURL, a leading '/' means the site
// root, not the host root, so that layouts work under any base path. URLs
// with a scheme, protocol-relative URLs and fragments are returned as
// they are.
func relURL(base *url.URL, s string) string {
	if isAbsolute(s) || strings.HasPrefix(s, "#") {
		return s
	}
	p := path.Join("/", base.Path, s)
	if (s == "" || strings.HasSuffix(s, "/")) && !strings.HasSuffix(p, "/") {
		p += "/" // path.Join drops it, but "/romm/" is not "/romm"
	}
	return p
}

// absURL is relURL with the base URL's scheme and host.
func absURL(base *url.URL, s string) string {
	if isAbsolute(s) {
		return s
	}
	u := *base
	u.Path = relURL(base, s)
	u.RawPath = ""
	return u.String()
}

func isAbsolute(s string) bool {
	if strings.HasPrefix(s, "//") {
		return true
	}
	if !urlscheme.Starts(s) {
		// url.Parse would find no scheme (TestIsAbsoluteAsParse): most
		// of the links a layout makes are relative, told so without a
		// parse, which allocated the URL of each.
		return false
	}
	u, err := url.Parse(s)
	return err == nil && u.Scheme != ""
}
