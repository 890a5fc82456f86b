package hugo

import (
	"path"
	"strings"
)

// defaultContentExt is what Hugo appends to a reference without an
// extension before looking it up (any content extension matches, since
// page keys have none).
const defaultContentExt = ".md"

// GetPage returns the page that Hugo's .Page.GetPage finds for ref from
// page from (nil for .Site.GetPage), or nil. It follows Hugo ≥ 0.123
// (hugolib/pagecollections.go, getContentNode):
//
//   - one trailing '/' is trimmed; "" is the home page;
//   - without an extension, ".md" is appended (".../index" is tried as
//     ".../index/index.md", then ".../index.md");
//   - a path not starting with '/' is first joined to the page's directory:
//     a section's own directory; for a leaf bundle its parent directory,
//     except for "../x" with an extension, which starts from the bundle's
//     own directory; a leaf page's directory. Joining clamps ".." at the
//     content root. With an extension, the path is then also tried as a
//     real file relative to the page's file (so "./../x.md" from a bundle
//     finds its sibling's page);
//   - a path starting with '.' stops there; any other is then looked up
//     from the content root (so "s/x.md" works without a leading '/'),
//     and with an extension also as a real file below the content root
//     when the home page has a file;
//   - paths are compared after Hugo's normalization (lower case, spaces as
//     '-'), and the extension may be any content extension.
//
// There is no fallback by base name: that exists only for ref and relref.
// Only pages in the site are found (not drafts of a build without them).
func (s *Site) GetPage(from *Page, ref string) *Page {
	return s.getPage(from, ref, s.byKey)
}

// getPage is GetPage over the pages of index.
func (s *Site) getPage(from *Page, ref string, index map[string]*Page) *Page {
	ref = strings.TrimSuffix(ref, "/")
	inRef := ref
	if ref == "" {
		ref = "/"
	}
	look := func(hadExt bool, r string) *Page { return s.forRef(from, hadExt, inRef, r, index) }
	switch {
	case hasExt(ref):
		return look(true, ref)
	case ref == "/":
		return look(false, "/_index"+defaultContentExt)
	case strings.HasSuffix(ref, "/index"):
		if p := look(false, ref+"/index"+defaultContentExt); p != nil {
			return p
		}
		return look(false, ref+defaultContentExt)
	}
	return look(false, ref+defaultContentExt)
}

// forRef is Hugo's getContentNodeForRef.
func (s *Site) forRef(from *Page, hadExt bool, inRef, ref string, index map[string]*Page) *Page {
	if from != nil && !strings.HasPrefix(ref, "/") {
		base := from.hp.containerDir()
		if from.hp.typ == pathBranch || hadExt && strings.HasPrefix(ref, "../") {
			base = from.hp.dir()
		}
		if p := index[s.key(path.Join(base, ref))]; p != nil {
			return p
		}
		if hadExt && from.File != "" {
			if p := s.reverseLookup(from.dirPath, inRef, index); p != nil {
				return p
			}
		}
	}
	if strings.HasPrefix(ref, ".") {
		return nil
	}
	if p := index[s.key(ref)]; p != nil {
		return p
	}
	if hadExt && s.home != nil && s.home.File != "" {
		return s.reverseLookup("", inRef, index)
	}
	return nil
}

// key returns the page tree key of a content path.
func (s *Site) key(p string) string { return parsePath(p, s.cfg.isLang).base() }

// reverseLookup is Hugo's getContentNodeFromRefReverseLookup: ref joined to
// the real directory dir (content-relative) names a file of the content
// tree, whose page it returns. The join happens on real paths, so "../"
// may leave the content directory and come back into it.
func (s *Site) reverseLookup(dir, ref string, index map[string]*Page) *Page {
	root := strings.TrimSuffix(s.opt.ContentPath, "/")
	if root == "" || root == "." {
		root = "\x00" // a name no link can climb back into
	}
	rel, ok := strings.CutPrefix(path.Join(root, dir, ref), root+"/")
	if !ok {
		return nil
	}
	k, ok := s.files[rel]
	if !ok {
		return nil
	}
	return index[k]
}
