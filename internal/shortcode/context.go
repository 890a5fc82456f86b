package shortcode

import (
	"bufio"
	"fmt"
	"html/template"
	"image"
	_ "image/gif" // register decoders so figure can read image sizes
	_ "image/jpeg"
	_ "image/png"
	"io/fs"
	"net/url"
	"path"
	"strings"
	"sync"

	"github.com/guidec/guidec/internal/source"
)

// Options is what Expand needs to know about the page and the site. The
// zero value is valid: no resources, no relref targets, default site
// variables, and markdownify that escapes its input into a paragraph.
type Options struct {
	Page PageInfo
	Site SiteInfo
	// RelRef resolves a guide name or path (as written in `relref . "x"`)
	// to its URL; ok is false when nothing matches. Nil resolves nothing.
	RelRef func(ref string) (url string, ok bool)
	// Markdownify renders Markdown that a template passes to markdownify,
	// except a spliced call's own inner content (see Expand). Nil means
	// HTML-escape the text into a <p>.
	Markdownify func(markdown string) (template.HTML, error)
	// MaxOutput bounds the total bytes templates may produce for one body;
	// 0 means DefaultMaxOutput.
	MaxOutput int
	// Memo, when set, remembers the output of calls that depend on nothing
	// but their own text and the site, across the Expand calls that share
	// it (see Memo).
	Memo *Memo
}

// DefaultMaxOutput is the default bound on template output per body.
const DefaultMaxOutput = 64 << 20

// PageInfo describes the page being expanded.
type PageInfo struct {
	Title  string
	Params map[string]any // the front matter
	// Path is the guide file's slash-separated path relative to the
	// content root, e.g. "romm/index.md" (.Page.File.Path).
	Path string
	// Key is Hugo's logical path of the page (.Page.Path): lower-case,
	// without extension or index/_index, e.g. "/romm". "" derives it
	// from Path.
	Key string
	// URL is the page's URL path, e.g. "/romm/"; resource permalinks are
	// relative to it.
	URL string
	// Resources is the guide's folder (its page bundle); nil means none.
	Resources fs.FS
}

// SiteInfo describes the site.
type SiteInfo struct {
	Title, BaseURL string
	Params         map[string]any
	// Variables are the site variables readers may set (sitevar names);
	// nil means DefaultVariables. Templates see them as
	// .Site.Params.variables, a list of maps with keys name, label, type
	// and default.
	Variables []Variable
	// Static holds the project's static files, published at the site
	// root (.Site.Static.Get "images/x.png"); nil means none.
	Static fs.FS
}

// Variable is one site variable.
type Variable struct {
	Name    string // as used in sitevar name="…"
	Label   string // shown in the preferences form
	Type    string // "text", "number" or "boolean"
	Default string // the value when the reader has set none
}

// DefaultVariables returns the site variables the guides use.
func DefaultVariables() []Variable {
	return []Variable{
		{Name: "domain", Label: "Domain", Type: "text", Default: "example.com"},
		{Name: "subdomain-authelia", Label: "Authelia Subdomain", Type: "text", Default: "auth"},
	}
}

// Context is the dot of a shortcode template: Hugo's ShortcodeWithPage, so
// that Hugo templates run with little change.
type Context struct {
	call     *Call
	file     *source.File
	params   any // map[string]any or []any, built on first use by Params
	inner    string
	parent   *Context
	page     *PageContext
	site     *SiteContext
	position string
	scratch  *Scratch
}

func newContext(c *Call, f *source.File, parent *Context, page *PageContext, site *SiteContext) *Context {
	return &Context{call: c, file: f, parent: parent, page: page, site: site}
}

// Name returns the shortcode's name.
func (c *Context) Name() string { return c.call.Name }

// Get returns a parameter by name (named parameters) or by 0-based index
// (positional ones). A missing parameter, or asking a named call by index
// and the reverse, yields "".
func (c *Context) Get(key any) any {
	// From the call's parameters, as the map or slice of Params would
	// answer (a repeated key: the last one), without building either:
	// most templates only Get.
	prms := c.call.Params
	if c.call.Named {
		if k, ok := key.(string); ok {
			for i := len(prms) - 1; i >= 0; i-- {
				if prms[i].Key == k {
					return prms[i].Value
				}
			}
		}
	} else if i, ok := toInt(key); ok && i >= 0 && i < len(prms) {
		return prms[i].Value
	}
	return ""
}

func toInt(v any) (int, bool) {
	switch v := v.(type) {
	case int:
		return v, true
	case int64:
		return int(v), true
	case int32:
		return int(v), true
	case int16:
		return int(v), true
	case int8:
		return int(v), true
	}
	return 0, false
}

// Params returns the parameters: a map for named ones, a slice otherwise.
func (c *Context) Params() any {
	if c.params == nil {
		if c.call.Named {
			m := make(map[string]any, len(c.call.Params))
			for _, p := range c.call.Params {
				m[p.Key] = p.Value
			}
			c.params = m
		} else {
			l := make([]any, len(c.call.Params))
			for i, p := range c.call.Params {
				l[i] = p.Value
			}
			c.params = l
		}
	}
	return c.params
}

// IsNamedParams reports whether the call uses named parameters.
func (c *Context) IsNamedParams() bool { return c.call.Named }

// Inner returns the content between the tags, with nested calls rendered.
func (c *Context) Inner() template.HTML { return template.HTML(c.inner) }

// InnerDeindent returns Inner with the indentation common to its non-blank
// lines removed, so that content indented under a list item renders as it
// would at the left margin.
func (c *Context) InnerDeindent() template.HTML { return template.HTML(deindent(c.inner)) }

// Ordinal returns the call's 0-based index among its siblings.
func (c *Context) Ordinal() int { return c.call.Ordinal }

// Parent returns the enclosing call's context, or nil at the top level.
func (c *Context) Parent() *Context { return c.parent }

// Position returns the call's location as "file:line:col".
func (c *Context) Position() string {
	if c.position == "" && c.file != nil {
		p := c.file.Position(c.call.Open.Start)
		c.position = fmt.Sprintf("%s:%d:%d", p.Filename, p.Line, p.Column)
	}
	return c.position
}

// Page returns the page the call is on.
func (c *Context) Page() *PageContext { return c.page }

// Scratch returns the call's scratch pad (see Scratch).
func (c *Context) Scratch() *Scratch {
	if c.scratch == nil {
		c.scratch = NewScratch()
	}
	return c.scratch
}

// Store is Scratch (Hugo ≥ 0.139 names it so).
func (c *Context) Store() *Scratch { return c.Scratch() }

// Site returns the site.
func (c *Context) Site() *SiteContext { return c.site }

// deindent removes the longest run of spaces and tabs that starts every
// non-blank line of s.
func deindent(s string) string {
	lines := strings.SplitAfter(s, "\n")
	prefix, found := "", false
	for _, l := range lines {
		if strings.TrimSpace(l) == "" {
			continue
		}
		ind := l[:len(l)-len(strings.TrimLeft(l, " \t"))]
		if !found {
			prefix, found = ind, true
			continue
		}
		for !strings.HasPrefix(ind, prefix) {
			prefix = prefix[:len(prefix)-1]
		}
	}
	if prefix == "" {
		return s
	}
	var b strings.Builder
	for _, l := range lines {
		b.WriteString(strings.TrimPrefix(l, prefix))
	}
	return b.String()
}

// PageContext is .Page in a shortcode template.
type PageContext struct {
	info    PageInfo
	res     *Resources
	set     *Set // renders RenderString
	scratch *Scratch
	params  map[string]any // Params, computed once
}

func newPageContext(info PageInfo) *PageContext {
	return &PageContext{info: info, res: &Resources{fsys: info.Resources, base: info.URL, cache: map[string]*Resource{}}}
}

// Title returns the page title.
func (p *PageContext) Title() string { return p.info.Title }

// Params returns the page's front matter, keys in lower case at every
// level: Hugo's params are case-insensitive, and templates name them in
// lower case once compiled (see lowerParams).
func (p *PageContext) Params() map[string]any {
	if p.params == nil {
		p.params = lowerKeys(p.info.Params)
	}
	return p.params
}

// RelPermalink returns the page's URL path.
func (p *PageContext) RelPermalink() string { return p.info.URL }

// Path returns Hugo's logical path of the page ("/s/bundle"): PageInfo.Key,
// else derived from the file's path.
func (p *PageContext) Path() string {
	if p.info.Key != "" {
		return p.info.Key
	}
	return logicalPath(p.info.Path)
}

// logicalPath is Hugo's .Path of a content file: lower-case, rooted,
// without the extension and a final index or _index.
func logicalPath(file string) string {
	if file == "" {
		return ""
	}
	p := strings.TrimSuffix(file, path.Ext(file))
	if b := path.Base(p); b == "index" || b == "_index" {
		p = path.Dir(p)
	}
	if p == "." {
		p = ""
	}
	return "/" + strings.ToLower(strings.ReplaceAll(p, " ", "-"))
}

// RenderString renders Markdown in isolation: Hugo's .RenderString
// [OPTIONS] MARKDOWN (see Set.renderString).
func (p *PageContext) RenderString(args ...any) (template.HTML, error) {
	if p.set == nil {
		return "", fmt.Errorf("RenderString: no call is rendering")
	}
	return p.set.renderString(args...)
}

// Param returns the page's front matter value for key, else the site's
// parameter (Hugo's .Param), keys compared without case.
func (p *PageContext) Param(key any) any {
	k := toString(key)
	if v := keyPath(p.Params(), k); v != nil {
		return v
	}
	if p.set != nil && p.set.st != nil && p.set.st.site != nil {
		return keyPath(p.set.st.site.params, k)
	}
	return nil
}

// Scratch returns the page's scratch pad, shared by every call on it.
func (p *PageContext) Scratch() *Scratch {
	if p.scratch == nil {
		p.scratch = NewScratch()
	}
	return p.scratch
}

// Store is Scratch.
func (p *PageContext) Store() *Scratch { return p.Scratch() }

// Site returns the site.
func (p *PageContext) Site() *SiteContext {
	if p.set != nil && p.set.st != nil {
		return p.set.st.site
	}
	return nil
}

// Kind returns "page": shortcodes are in pages' content.
func (p *PageContext) Kind() string { return "page" }

// File returns the page's source file.
func (p *PageContext) File() *FileContext { return &FileContext{path: p.info.Path} }

// Resources returns the page's resources (the files of its bundle).
func (p *PageContext) Resources() *Resources { return p.res }

// FileContext is .Page.File: Hugo's file information.
type FileContext struct{ path string }

// Path returns the file's path relative to the content root.
func (f *FileContext) Path() string { return f.path }

// Dir returns the directory of Path with a trailing slash ("" at the root).
func (f *FileContext) Dir() string {
	d := path.Dir(f.path)
	if d == "." {
		return ""
	}
	return d + "/"
}

// LogicalName returns the file's base name, "index.md".
func (f *FileContext) LogicalName() string { return path.Base(f.path) }

// BaseFileName returns the base name without extension, "index".
func (f *FileContext) BaseFileName() string {
	b := path.Base(f.path)
	return strings.TrimSuffix(b, path.Ext(b))
}

// Ext returns the file's extension without the dot, "md".
func (f *FileContext) Ext() string { return strings.TrimPrefix(path.Ext(f.path), ".") }

// Filename returns Path (guidec has no absolute file names to give).
func (f *FileContext) Filename() string { return f.path }

// TranslationBaseName returns BaseFileName without a language code.
func (f *FileContext) TranslationBaseName() string {
	b := f.BaseFileName()
	if i := strings.LastIndexByte(b, '.'); i > 0 {
		return b[:i]
	}
	return b
}

// Section returns the first directory of Path ("" at the root).
func (f *FileContext) Section() string {
	s, _, ok := strings.Cut(f.path, "/")
	if !ok {
		return ""
	}
	return s
}

// ContentBaseName returns the bundle's folder name for an index file, else
// BaseFileName.
func (f *FileContext) ContentBaseName() string {
	if b := f.BaseFileName(); b != "index" && b != "_index" {
		return b
	}
	return path.Base(path.Dir(f.path))
}

// Resources is .Page.Resources.
type Resources struct {
	fsys  fs.FS
	base  string
	cache map[string]*Resource
}

// Get returns the resource named name (a slash-separated path inside the
// bundle), or nil when there is none.
func (r *Resources) Get(name string) *Resource {
	if res, ok := r.cache[name]; ok {
		return res
	}
	var res *Resource
	if r.fsys != nil && fs.ValidPath(name) && name != "." {
		if st, err := fs.Stat(r.fsys, name); err == nil && st.Mode().IsRegular() {
			res = &Resource{fsys: r.fsys, name: name, url: joinURL(r.base, name)}
		}
	}
	r.cache[name] = res
	return res
}

func joinURL(base, name string) string {
	if base == "" {
		return name
	}
	return strings.TrimSuffix(base, "/") + "/" + name
}

// Resource is one file of a page bundle.
type Resource struct {
	fsys          fs.FS
	name, url     string
	decoded       bool
	width, height int
}

// Name returns the resource's path inside the bundle.
func (r *Resource) Name() string { return r.name }

// RelPermalink returns the resource's URL path.
func (r *Resource) RelPermalink() string { return r.url }

// Width returns the image width in pixels, or 0 when it is not a PNG,
// JPEG or GIF image.
func (r *Resource) Width() int { r.decode(); return r.width }

// Height returns the image height in pixels, or 0.
func (r *Resource) Height() int { r.decode(); return r.height }

func (r *Resource) decode() {
	if r.decoded {
		return
	}
	r.decoded = true
	f, err := r.fsys.Open(r.name)
	if err != nil {
		return
	}
	defer f.Close()
	// image.DecodeConfig reads through a new 4 KiB bufio.Reader unless
	// given one that can Peek: a pooled one, reset on the file, is that
	// reader without the allocation.
	br := headerReaders.Get().(*bufio.Reader)
	br.Reset(f)
	if cfg, _, err := image.DecodeConfig(br); err == nil {
		r.width, r.height = cfg.Width, cfg.Height
	}
	br.Reset(nil)
	headerReaders.Put(br)
}

// headerReaders holds the readers Resource.decode reads image headers
// through, of the size image.DecodeConfig would make.
var headerReaders = sync.Pool{New: func() any { return bufio.NewReaderSize(nil, 4096) }}

// SiteContext is .Site in a shortcode template.
type SiteContext struct {
	info   SiteInfo
	params map[string]any
	data   map[string]any
	static *Resources
}

func newSiteContext(info SiteInfo, data map[string]any) *SiteContext {
	if data == nil {
		data = map[string]any{}
	}
	vars := info.Variables
	if vars == nil {
		vars = DefaultVariables()
	}
	params := lowerKeys(info.Params)
	if _, ok := params["variables"]; !ok {
		list := make([]any, len(vars))
		for i, v := range vars {
			list[i] = map[string]any{"name": v.Name, "label": v.Label, "type": v.Type, "default": v.Default}
		}
		params["variables"] = list
	}
	return &SiteContext{info: info, params: params, data: data}
}

// Data returns the project's data files (hugo.Data).
func (s *SiteContext) Data() map[string]any { return s.data }

// Title returns the site title.
func (s *SiteContext) Title() string { return s.info.Title }

// BaseURL returns the site's base URL.
func (s *SiteContext) BaseURL() string { return s.info.BaseURL }

// Static returns the project's static files as resources published at the
// site root (under the base URL's path): a guidec addition, which the
// built-in figure uses for a site-absolute src ("/images/x.png").
func (s *SiteContext) Static() *Resources {
	if s.static == nil {
		base := "/"
		if u, err := url.Parse(s.info.BaseURL); err == nil && u.Path != "" {
			base = u.Path
		}
		s.static = &Resources{fsys: s.info.Static, base: base, cache: map[string]*Resource{}}
	}
	return s.static
}

// Params returns the site parameters, including "variables", keys in
// lower case at every level (see PageContext.Params).
func (s *SiteContext) Params() map[string]any { return s.params }
