package shortcode

import (
	"errors"
	"fmt"
	"html/template"
	"net/url"
	"strings"
)

// maxPartialDepth bounds partials calling partials (a partial that calls
// itself would otherwise recurse until the stack runs out).
const maxPartialDepth = 32

// partial is Hugo's partial NAME [CONTEXT]: the output of the partial
// template NAME executed with CONTEXT as its dot.
func (s *Set) partial(name any, ctx ...any) (template.HTML, error) {
	var dot any
	switch len(ctx) {
	case 0:
	case 1:
		dot = ctx[0]
	default:
		return "", fmt.Errorf("partial: want NAME [CONTEXT]")
	}
	if s.st != nil && s.st.escaping {
		return "", nil // escaping the caller must not compile, let alone run, its partials
	}
	n := toString(name)
	if s.depth >= maxPartialDepth {
		return "", fmt.Errorf("partial %q: partials nest more than %d deep", n, maxPartialDepth)
	}
	t, err := s.partialTemplate(n)
	if err != nil {
		return "", err
	}
	s.depth++
	defer func() { s.depth-- }()
	budget := DefaultMaxOutput
	if s.st != nil && s.st.budget != nil {
		budget = *s.st.budget
	}
	w := &limitWriter{max: budget}
	if _, err := s.run(t, dot, w); err != nil {
		if errors.Is(err, errOutputLimit) {
			return "", err
		}
		return "", fmt.Errorf("partial %q: %w", n, err)
	}
	return template.HTML(w.buf.String()), nil
}

// partialCached is Hugo's partialCached NAME CONTEXT [VARIANT…]: partial,
// executed once per name and variants. guidec remembers within a page (a
// Set is reset for each Expand), so that the output does not depend on
// which page a worker rendered first.
func (s *Set) partialCached(name, ctx any, variants ...any) (template.HTML, error) {
	key := toString(name)
	for _, v := range variants {
		key += "\x00" + toString(v)
	}
	if out, ok := s.cached[key]; ok {
		return out, nil
	}
	out, err := s.partial(name, ctx)
	if err != nil {
		return "", err
	}
	if s.cached == nil {
		s.cached = map[string]template.HTML{}
	}
	s.cached[key] = out
	return out, nil
}

// partialTemplate returns the compiled partial name, compiling it on
// first use.
func (s *Set) partialTemplate(name string) (*tmpl, error) {
	src := s.lib.partial(name)
	if src == nil {
		return nil, fmt.Errorf("partial %q not found", name)
	}
	if t, ok := s.partials[src.name]; ok {
		return t, t.loadErr()
	}
	t := &tmpl{src: src}
	if src.bad == nil {
		var err error
		if t.t, err = s.compile(src); err != nil {
			t.err = loadDiag(src.file, err)
		}
	}
	s.partials[src.name] = t
	return t, t.loadErr()
}

// loadErr returns why t does not load, as an error naming the template's
// file and position.
func (t *tmpl) loadErr() error {
	d := t.src.bad
	if d == nil {
		d = t.err
	}
	if d == nil {
		return nil
	}
	p := d.Start()
	return fmt.Errorf("%s:%d:%d: %s", d.Filename(), p.Line, p.Column, d.Message)
}

// relURL is Hugo's relURL: a path relative to the site's base URL made
// absolute on the host ("docs/x" → "/base/docs/x"); a path that starts
// with '/' and an absolute URL are kept.
func (s *Set) relURL(v any) string {
	in := toString(v)
	if isAbsURL(in) || strings.HasPrefix(in, "/") {
		return in
	}
	return s.basePath() + in
}

// absURL is Hugo's absURL: a path made an absolute URL on the site's
// base URL ("/x" on its host, "x" under its path); an absolute URL is
// kept.
func (s *Set) absURL(v any) string {
	in := toString(v)
	if isAbsURL(in) {
		return in
	}
	base := ""
	if s.st != nil && s.st.site != nil {
		base = s.st.site.info.BaseURL
	}
	u, err := url.Parse(base)
	if err != nil || u.Host == "" {
		return s.relURL(in)
	}
	if strings.HasPrefix(in, "/") {
		return u.Scheme + "://" + u.Host + in
	}
	return strings.TrimSuffix(u.Scheme+"://"+u.Host+s.basePath(), "/") + "/" + in
}

// basePath returns the path of the base URL, with a trailing slash.
func (s *Set) basePath() string {
	base := ""
	if s.st != nil && s.st.site != nil {
		base = s.st.site.info.BaseURL
	}
	p := "/"
	if u, err := url.Parse(base); err == nil && u.Path != "" {
		p = u.Path
	}
	if !strings.HasSuffix(p, "/") {
		p += "/"
	}
	return p
}

func isAbsURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && u.Scheme != "" || strings.HasPrefix(s, "//")
}
