package cli

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/guidec/guidec/internal/build"
	"github.com/guidec/guidec/internal/hugo"
)

// selectPages is selectFor for a Hugo content tree: PATHs name pages (a
// page's file, a file of its bundle, or a directory: every page below
// it), and --changed-since maps git's changes in the content directory to
// the pages they touch, and a change of the project's templates, data,
// static files or configuration to every page. Page names are those of
// build.PageName.
func (c *common) selectPages(cfg *hugo.Config, paths []string, since string) (selection, error) {
	if len(paths) == 0 && since == "" {
		return selection{}, nil
	}
	tree, err := hugo.Discover(c.dirFS(c.contentDir), ".", cfg)
	if err != nil {
		return selection{}, err
	}
	only, err := selectTreePages(c.contentDir, tree, paths)
	if err != nil {
		return selection{}, err
	}
	if since == "" {
		return selection{only: only}, nil
	}
	ch, err := changedPages(c.contentDir, tree, append([]string{c.siteDir, c.shortcodesDir}, c.projectInputs...), since)
	if err != nil {
		return selection{}, fmt.Errorf("--changed-since: %w", err)
	}
	if ch.all {
		return selection{only: only, note: " (a template, data file, static file or the configuration changed since " + since + ")"}, nil
	}
	present := map[string]bool{}
	for _, p := range tree.Pages {
		if n := pageName(p); n != "" && ch.guides[n] && (only == nil || only[n]) {
			present[n] = true
		}
	}
	note := fmt.Sprintf(" (no page changed since %s)", since)
	if len(ch.guides) > 0 {
		note = fmt.Sprintf(" (changed since %s, and the links into them from every page)", since)
	}
	return selection{only: present, inbound: ch.guides, note: note}, nil
}

// pageName returns the name of a page with a content file, "" for the
// pages Hugo makes without one.
func pageName(p *hugo.Page) string {
	if p.File == "" || p.Format == hugo.NotContent {
		return ""
	}
	return build.PageName(p.File)
}

// selectTreePages maps PATH arguments (relative to the working directory)
// to the pages of tree (the content directory content) they name; nil
// means every page. A PATH outside the content directory, or one that
// names no page, is an error that says where guidec looked.
func selectTreePages(content string, tree *hugo.Tree, paths []string) (map[string]bool, error) {
	if len(paths) == 0 {
		return nil, nil
	}
	absContent, err := filepath.Abs(content)
	if err != nil {
		return nil, err
	}
	only := map[string]bool{}
	for _, p := range paths {
		abs, err := filepath.Abs(p)
		if err != nil {
			return nil, err
		}
		st, err := os.Stat(abs)
		if err != nil {
			return nil, fmt.Errorf("%s: no such file or directory", p)
		}
		rel, err := filepath.Rel(absContent, abs)
		if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return nil, fmt.Errorf("%s is not inside the content directory %s, where the pages are", p, content)
		}
		rel = filepath.ToSlash(rel)
		if rel == "." {
			return nil, nil // the whole tree
		}
		names := pagesAt(tree, rel, st.IsDir())
		if len(names) == 0 {
			return nil, fmt.Errorf("%s matches no page of %s (a page is NAME.md, NAME/index.md or DIR/_index.md; a file of a bundle selects the bundle)", p, content)
		}
		for _, n := range names {
			only[n] = true
		}
	}
	return only, nil
}

// pagesAt returns the names of the pages that the content path rel names:
// for a directory, every page whose file is below it; for a file, its
// page, or the page whose bundle holds it.
func pagesAt(tree *hugo.Tree, rel string, dir bool) []string {
	var out []string
	for _, p := range tree.Pages {
		n := pageName(p)
		if n == "" {
			continue
		}
		switch {
		case dir && strings.HasPrefix(p.File, rel+"/"):
			out = append(out, n)
		case !dir && (p.File == rel || contains(p.Resources, rel)):
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out
}

func contains(list []string, s string) bool {
	i := sort.SearchStrings(list, s)
	return i < len(list) && list[i] == s
}

// changedPages asks git what changed since ref in the content directory
// and the project's other inputs, and maps it to pages: a changed page
// file or a file of a bundle is that page; a content file that no longer
// exists (deleted, or the old name of a renamed page) is the page it was,
// so that the links into it are checked. A change among inputs (templates,
// data, static files, configuration; "" entries are the embedded copies)
// changes every page.
func changedPages(content string, tree *hugo.Tree, inputs []string, ref string) (changes, error) {
	if strings.HasPrefix(ref, "-") {
		return changes{}, fmt.Errorf("invalid ref %q", ref)
	}
	for _, in := range inputs {
		if in == "" {
			continue
		}
		// Asked from the nearest directory that exists: a removed
		// template directory is a change too.
		dir, spec := in, "."
		for {
			st, err := os.Stat(dir)
			if err == nil && st.IsDir() {
				break
			}
			up := filepath.Dir(dir)
			if up == dir {
				break
			}
			spec = filepath.ToSlash(filepath.Join(filepath.Base(dir), spec))
			dir = up
		}
		paths, err := gitChangesOf(dir, ref, spec)
		if err != nil {
			return changes{}, err
		}
		if len(paths) > 0 {
			return changes{all: true}, nil
		}
	}
	paths, err := gitChanges(content, ref)
	if err != nil {
		return changes{}, err
	}
	ch := changes{guides: map[string]bool{}}
	for _, p := range paths {
		names := pagesAt(tree, p, false)
		if len(names) == 0 && hugo.FormatOf(p) != hugo.NotContent {
			// Gone: the page it was. Its name as GetPage keys it too,
			// which is how a link to it that now reaches nothing is
			// named (links.Site).
			n := build.PageName(p)
			names = []string{n, strings.ToLower(n)}
		}
		if len(names) == 0 {
			// A deleted file of a bundle: the bundle, if it still is one.
			for d := path.Dir(p); d != "." && len(names) == 0; d = path.Dir(d) {
				names = pagesAt(tree, d+"/index.md", false)
			}
		}
		for _, n := range names {
			ch.guides[n] = true
		}
	}
	return ch, nil
}
