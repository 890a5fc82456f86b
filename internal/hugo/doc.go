// Package hugo knows how Hugo sees a project: where its content, templates
// and data are (Detect, LoadConfig), which files are pages and which are
// resources (Discover), where each page is published (NewSite: sections,
// bundles, leaf pages, slug, url, permalinks, aliases) and how a link from
// one page finds another (Site.GetPage, Site.Resolve). It also makes
// heading ids for each of Hugo's id types (Anchorize, IDs).
//
// Everything here reproduces Hugo ≥ 0.123 (measured rules in
// ../shared/reference/hugo-links.md; Hugo's hugolib/pagecollections.go,
// common/paths and resources/page/page_paths.go for the rest), so that a
// link guidec accepts is one Hugo's render hook resolves, and a URL guidec
// writes is the one Hugo writes.
//
// It owns no parsing of pages: the caller reads each page's front matter
// (package guide) and sets Page.Front before NewSite. Discovery is one
// walk of the content directory; every lookup after that is in memory.
// Like every package below cli it reads only the fs.FS it is given.
package hugo
