package hugo

import (
	"fmt"
	"strings"
	"time"

	"github.com/guidec/guidec/internal/guide"
)

// Front is the part of a page's front matter that decides whether and
// where Hugo publishes the page. FrontFromParams builds it from the plain
// front matter values that package guide decodes (Meta.Params).
type Front struct {
	Title   string
	Slug    string    // replaces the last element of the page's URL
	URL     string    // replaces the whole URL path
	Aliases []string  // as written
	Date    time.Time // for permalink patterns; zero when absent
	Draft   bool
	// Build is build (or _build), with headless: true folded in; nil
	// fields were not set, so that a cascade may set them.
	Build BuildFront
	// Cascade holds the cascade entries, for the pages below a section.
	Cascade []Cascade
	// Params is the whole front matter with lower-case keys (taxonomy
	// terms are read from it).
	Params map[string]any

	draftSet bool
}

// Render is build.render: whether Hugo writes a page.
type Render string

// Render values.
const (
	RenderAlways Render = "always" // written, linked: the default
	RenderLink   Render = "link"   // not written, but .RelPermalink is set
	RenderNever  Render = "never"  // not written, no .RelPermalink (headless)
)

// Build holds a page's effective build options.
type Build struct {
	Render Render
	// List is build.list: "always", "local" or "never" (whether the page
	// appears in page collections).
	List string
	// PublishResources is build.publishResources: whether the page's
	// resources are written.
	PublishResources bool
}

// defaultBuild is Hugo's default build options.
var defaultBuild = Build{Render: RenderAlways, List: "always", PublishResources: true}

// BuildFront is build options as written: nil means not set.
type BuildFront struct {
	Render           *Render
	List             *string
	PublishResources *bool
}

// Cascade is one cascade entry of a section's front matter: front matter
// values for the pages below it that match Target.
type Cascade struct {
	Build BuildFront
	Draft *bool
	// TargetKind and TargetPath restrict the entry (Hugo's target or
	// _target): a kind name and a glob on the page's path; "" matches all.
	TargetKind string
	TargetPath string
}

// FrontFromParams reads Front from front matter values with lower-case
// keys (map[string]any, []any, string, bool, numbers; dates as strings or
// time.Time). Values of the wrong type are reported and left out; the rest
// is still read.
func FrontFromParams(params map[string]any) (Front, []error) {
	var f Front
	var errs []error
	errf := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	f.Params = params
	f.Title = str(params["title"])
	f.Slug = str(params["slug"])
	f.URL = str(params["url"])
	switch v := params["aliases"].(type) {
	case nil:
	case string:
		f.Aliases = []string{v}
	case []any, []string:
		f.Aliases = strList(v)
	default:
		errf("aliases: want a list of paths, not %T", v)
	}
	f.Date = frontDate(params["date"])
	if v, ok := params["draft"]; ok {
		b, ok := toBool(v)
		if !ok {
			errf("draft: want true or false, not %v", v)
		}
		f.Draft, f.draftSet = b, ok
	}
	if b, ok := toBool(params["headless"]); ok && b {
		never, list := RenderNever, "never"
		f.Build.Render, f.Build.List = &never, &list
	}
	for _, key := range []string{"_build", "build"} {
		if v, ok := params[key]; ok {
			errs = append(errs, f.Build.decode(key, v)...)
		}
	}
	for _, key := range []string{"_cascade", "cascade"} {
		if v, ok := params[key]; ok {
			c, ce := decodeCascade(key, v)
			f.Cascade = append(f.Cascade, c...)
			errs = append(errs, ce...)
		}
	}
	return f, errs
}

func frontDate(v any) time.Time {
	switch v := v.(type) {
	case time.Time:
		return v
	case string:
		t, _ := guide.ParseDate(v)
		return t
	}
	return time.Time{}
}

// toBool is cast.ToBoolE for the values front matter holds.
func toBool(v any) (bool, bool) {
	switch v := v.(type) {
	case bool:
		return v, true
	case string:
		switch strings.ToLower(v) {
		case "true", "1", "t":
			return true, true
		case "false", "0", "f", "":
			return false, true
		}
	case int:
		return v != 0, true
	}
	return false, false
}

// decode reads a build table.
func (b *BuildFront) decode(key string, v any) []error {
	m, ok := v.(map[string]any)
	if !ok {
		return []error{fmt.Errorf("%s: want a table, not %T", key, v)}
	}
	var errs []error
	if r, ok := m["render"]; ok {
		c, err := choice(key+".render", r, "always", "never", "always", "link", "never")
		if err != nil {
			errs = append(errs, err)
		} else {
			render := Render(c)
			b.Render = &render
		}
	}
	if l, ok := m["list"]; ok {
		c, err := choice(key+".list", l, "always", "never", "always", "local", "never")
		if err != nil {
			errs = append(errs, err)
		} else {
			b.List = &c
		}
	}
	if p, ok := m["publishresources"]; ok {
		if v, ok := toBool(p); ok {
			b.PublishResources = &v
		} else {
			errs = append(errs, fmt.Errorf("%s.publishResources: want true or false, not %v", key, p))
		}
	}
	return errs
}

// choice reads a build option: one of the allowed words (any case), or a
// boolean standing for ifTrue or ifFalse.
func choice(key string, v any, ifTrue, ifFalse string, allowed ...string) (string, error) {
	var c string
	switch v := v.(type) {
	case bool:
		c = ifFalse
		if v {
			c = ifTrue
		}
	case string:
		c = strings.ToLower(v)
	}
	for _, a := range allowed {
		if c == a {
			return c, nil
		}
	}
	return "", fmt.Errorf("%s: %v is not %s or %s", key, v, strings.Join(allowed[:len(allowed)-1], ", "), allowed[len(allowed)-1])
}

// decodeCascade reads cascade: one table or a list of tables.
func decodeCascade(key string, v any) ([]Cascade, []error) {
	var tables []map[string]any
	switch v := v.(type) {
	case map[string]any:
		tables = []map[string]any{v}
	case []any:
		for _, x := range v {
			if m, ok := x.(map[string]any); ok {
				tables = append(tables, m)
			}
		}
	default:
		return nil, []error{fmt.Errorf("%s: want a table or a list of tables, not %T", key, v)}
	}
	var out []Cascade
	var errs []error
	for _, m := range tables {
		var c Cascade
		for _, k := range []string{"_build", "build"} {
			if b, ok := m[k]; ok {
				errs = append(errs, c.Build.decode(key+"."+k, b)...)
			}
		}
		if b, ok := toBool(m["headless"]); ok && b {
			never, list := RenderNever, "never"
			c.Build.Render, c.Build.List = &never, &list
		}
		if d, ok := m["draft"]; ok {
			if b, ok := toBool(d); ok {
				c.Draft = &b
			}
		}
		for _, k := range []string{"_target", "target"} {
			if t, ok := m[k].(map[string]any); ok {
				c.TargetKind = strings.ToLower(str(t["kind"]))
				c.TargetPath = strings.ToLower(str(t["path"]))
			}
		}
		out = append(out, c)
	}
	return out, errs
}

// apply returns b with the options set in f; set fields of f win.
func (b Build) apply(f BuildFront) Build {
	if f.Render != nil {
		b.Render = *f.Render
	}
	if f.List != nil {
		b.List = *f.List
	}
	if f.PublishResources != nil {
		b.PublishResources = *f.PublishResources
	}
	return b
}

// fill sets in f the options it lacks from c (a cascade fills only what
// the page does not set itself).
func (f BuildFront) fill(c BuildFront) BuildFront {
	if f.Render == nil {
		f.Render = c.Render
	}
	if f.List == nil {
		f.List = c.List
	}
	if f.PublishResources == nil {
		f.PublishResources = c.PublishResources
	}
	return f
}
