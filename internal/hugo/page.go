package hugo

import (
	"path"
	"strings"
)

// Kind is a page's kind, as Hugo names them.
type Kind int

// Page kinds.
const (
	kindNone     Kind = iota
	KindHome          // the content root's _index.md, or the home page Hugo makes without one
	KindSection       // DIR/_index.md, or a top-level directory without one
	KindPage          // a regular page: NAME.md or NAME/index.md
	KindTaxonomy      // the list of a taxonomy's terms (/tags/)
	KindTerm          // the pages of one term (/tags/go/)
)

// String returns Hugo's name of the kind.
func (k Kind) String() string {
	switch k {
	case KindHome:
		return "home"
	case KindSection:
		return "section"
	case KindPage:
		return "page"
	case KindTaxonomy:
		return "taxonomy"
	case KindTerm:
		return "term"
	}
	return ""
}

func kindByName(s string) Kind {
	switch strings.ToLower(s) {
	case "home":
		return KindHome
	case "section":
		return KindSection
	case "page":
		return KindPage
	case "taxonomy":
		return KindTaxonomy
	case "term":
		return KindTerm
	}
	return kindNone
}

// isBranch reports whether pages of the kind list other pages (Hugo's
// kinds.IsBranch).
func (k Kind) isBranch() bool { return k != KindPage && k != kindNone }

// Bundle says how a page's file sits in the content tree, which decides
// what it owns and how its relative links resolve.
type Bundle int

// Bundle types.
const (
	// NoFile is a page Hugo makes without a content file: the home page or
	// a top-level section without _index.md, taxonomies and terms.
	NoFile Bundle = iota
	// Single is a leaf page NAME.md; it owns no files and resolves relative
	// links against its own directory.
	Single
	// Leaf is a leaf bundle NAME/index.md; it owns every other file below
	// its directory (content files there are resources, not pages) and
	// resolves relative links against its parent directory, except "../x"
	// paths with an extension, which start from its own directory.
	Leaf
	// Branch is a branch bundle DIR/_index.md, a section (or the home page
	// at the root); it owns the non-content files of its directory and
	// resolves relative links against it.
	Branch
)

// String returns the bundle type's name.
func (b Bundle) String() string {
	switch b {
	case Single:
		return "single"
	case Leaf:
		return "leaf"
	case Branch:
		return "branch"
	}
	return "none"
}

// Page is one page of a Hugo content tree. Discover fills the fields that
// come from the file tree; the caller sets Front from the page's front
// matter; NewSite computes the rest. After NewSite a Page is read-only.
type Page struct {
	// File is the content-relative, slash-separated path of the page's
	// file as it is on disk ("s/bundle/index.md"); "" when Bundle is
	// NoFile.
	File string
	// Key is Hugo's path of the page, the key GetPage looks up: lower-case,
	// spaces as '-', without extension or index/_index ("/s/bundle", "/"
	// for the home page). It is what templates get from .Path.
	Key string
	// Kind and Bundle classify the page.
	Kind   Kind
	Bundle Bundle
	// Format is the content file's markup (NotContent when there is no
	// file).
	Format Format
	// Lang is the language identifier of the file name ("" when it has
	// none; the page is then in the default language).
	Lang string
	// Resources are the content-relative paths of the files the page owns
	// (see Bundle), sorted. Content files among them are not published.
	Resources []string
	// Parent is the nearest section above the page (the home page for
	// top-level pages); nil for the home page.
	Parent *Page

	// Front is set by the caller before NewSite (zero for pages without
	// a file).
	Front Front

	// Set by NewSite.

	// Draft reports that the page or a cascade above it says draft: true.
	Draft bool
	// Build holds the effective build options (front matter or cascade).
	Build Build
	// InSite reports that the page is part of the site: not a draft of a
	// build without drafts, not of a disabled kind. GetPage finds only
	// pages in the site.
	InSite bool
	// Link is the page's relative permalink, base path included, as Hugo
	// computes it even when the page is not rendered ("/s/bundle/").
	Link string
	// URL is what .RelPermalink returns: Link, or "" when the page has no
	// link (build.render never, headless, not in the site).
	URL string
	// Aliases are the URL paths of the page's alias redirect pages.
	Aliases []string

	hp      hpath  // parsed File (or Key for pages without a file)
	dirPath string // content-relative directory of File, "" at the root
	resDir  string // URL directory of the page's published resources
}

// Rendered reports whether Hugo writes the page: it is in the site and its
// build.render is "always".
func (p *Page) Rendered() bool { return p.InSite && p.Build.Render == RenderAlways }

// Dir returns the content-relative directory of the page's file ("" at
// the root): a bundle's own directory, which its resources are relative
// to. For a top-level section without _index.md it is that directory.
func (p *Page) Dir() string { return p.dirPath }

// topSection is Hugo's .Section: the first element of the page's path.
func (p *Page) topSection() string {
	k := strings.TrimPrefix(p.Key, "/")
	if p.Kind == KindPage && !strings.Contains(k, "/") {
		return ""
	}
	s, _, _ := strings.Cut(k, "/")
	return s
}

// currentSection is the page itself for branch kinds, else its parent.
func (p *Page) currentSection() *Page {
	if p.Kind.isBranch() || p.Parent == nil {
		return p
	}
	return p.Parent
}

// sectionEntries is Hugo's .CurrentSection.SectionsEntries: the elements
// of the current section's path.
func (p *Page) sectionEntries() []string {
	k := strings.Trim(p.currentSection().Key, "/")
	if k == "" {
		return nil
	}
	return strings.Split(k, "/")
}

// fileBaseName is Hugo's permalink :filename: the file's base name
// without identifiers, the directory name for bundles, "" for sections.
func (p *Page) fileBaseName() string {
	if p.File == "" || p.Bundle == Branch {
		return ""
	}
	if p.Bundle == Leaf {
		return path.Base(p.dirPath)
	}
	name := path.Base(p.File)
	name = strings.TrimSuffix(name, path.Ext(name))
	if ext := path.Ext(name); p.Lang != "" && strings.EqualFold(ext, "."+p.Lang) {
		name = strings.TrimSuffix(name, ext)
	}
	return name
}

// contentBaseName is Hugo's unnormalized BaseNameNoIdentifier.
func (p *Page) contentBaseName() string {
	if p.Bundle == Leaf || p.Bundle == Branch {
		return path.Base(p.dirPath)
	}
	return p.fileBaseName()
}
