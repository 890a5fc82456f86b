package cli

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing/fstest"

	"github.com/guidec/guidec/internal/build"
	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/guide"
	"github.com/guidec/guidec/internal/publish"
	"github.com/guidec/guidec/internal/source"
)

// applyFixes applies the machine-applicable fixes in l to the files they
// concern and returns the diagnostics that remain and how many were fixed.
// Guides are rechecked with the options `guidec check` uses by default;
// applyFixesWith takes the run's own.
func applyFixes(l diag.List, log io.Writer) (diag.List, int, error) {
	return applyFixesWith(l, log, nil)
}

// applyFixesWith is applyFixes with the build options of the check that
// produced l (its Source, SourceName, Site and Shortcodes), so that a
// fixed guide is rechecked exactly as the check saw it; nil derives them
// from the guide's path and the default template directories.
//
// A fix is kept only when it leaves its file no worse: the file is
// rechecked with the fixes applied (front matter, shortcodes, Markdown and
// every snippet checker for a guide; the decoder for site.yaml), and when
// an error or warning appears that the original did not have, the fixes
// are retried one at a time and each one that brings a new problem is
// refused with a message, its diagnostic kept. Text a fix inserts takes
// the line ends of the line it goes into (CRLF, CR or LF). A file is
// rewritten atomically in its own directory, keeping its mode, and never
// through a symbolic link. Edits that overlap an earlier fix's are
// skipped. The error is for I/O failure or a file that changed since the
// check read it; files fixed before it stay fixed.
func applyFixesWith(l diag.List, log io.Writer, opt *build.Options) (diag.List, int, error) {
	fx := &fixer{log: log, opt: opt}
	byFile := map[*source.File][]int{}
	var files []*source.File
	for i, d := range l {
		if d.Fix == nil || d.File == nil || len(d.Fix.Edits) == 0 {
			continue
		}
		if _, seen := byFile[d.File]; !seen {
			files = append(files, d.File)
		}
		byFile[d.File] = append(byFile[d.File], i)
	}
	fixed := map[int]bool{}
	var ferr error
	for _, f := range files {
		applied, err := fx.fixFile(f, l, byFile[f])
		if err != nil {
			ferr = err
			break
		}
		for _, i := range applied {
			fixed[i] = true
		}
	}
	var rest diag.List
	for i, d := range l {
		if !fixed[i] {
			rest = append(rest, d)
		}
	}
	return rest, len(fixed), ferr
}

// fixer applies the fixes of one run.
type fixer struct {
	log io.Writer
	opt *build.Options // nil: derived per guide
}

// candidate is one diagnostic's fix, ready to apply to its file.
type candidate struct {
	owner int         // index of the diagnostic in the list
	edits []diag.Edit // with the file's line ends
}

// fixFile applies the fixes l[idx] to f and returns the indices applied.
func (fx *fixer) fixFile(f *source.File, l diag.List, idx []int) ([]int, error) {
	if err := regularFile(f.Name); err != nil {
		fx.refuseAll(f, l, idx, err.Error())
		return nil, nil
	}
	onDisk, err := os.ReadFile(f.Name)
	if err != nil {
		return nil, err
	}
	if !bytes.Equal(onDisk, f.Content) {
		return nil, fmt.Errorf("%s changed while guidec was checking it; run again", f.Name)
	}
	cands := fx.candidates(f, l, idx)
	if len(cands) == 0 {
		return nil, nil
	}
	kept, out, err := fx.verify(f, l, cands)
	if err != nil || len(kept) == 0 {
		return nil, err
	}
	if err := writeAtomic(f.Name, out); err != nil {
		return nil, err
	}
	var applied []int
	for _, c := range kept {
		applied = append(applied, c.owner)
		p := l[c.owner].Start()
		fmt.Fprintf(fx.log, "%s:%d:%d: fixed [%s]: %s\n", f.Name, p.Line, p.Column, l[c.owner].Code, l[c.owner].Fix.Message)
	}
	return applied, nil
}

// candidates returns the fixes of l[idx] that can be applied together:
// an edit overlapping an earlier fix's, out of the file, or touching the
// byte order mark skips its whole fix.
func (fx *fixer) candidates(f *source.File, l diag.List, idx []int) []candidate {
	var out []candidate
	var used []source.Span
	keep := 0
	if bytes.HasPrefix(f.Content, []byte("\uFEFF")) {
		keep = len("\uFEFF")
	}
	for _, i := range idx {
		ok := true
		for _, e := range l[i].Fix.Edits {
			if e.Span.Start < keep || e.Span.End > len(f.Content) || e.Span.Start > e.Span.End {
				ok = false
			}
			for _, u := range used {
				if e.Span.Start < u.End && u.Start < e.Span.End || e.Span == u {
					ok = false
				}
			}
		}
		if !ok {
			continue
		}
		c := candidate{owner: i}
		for _, e := range l[i].Fix.Edits {
			c.edits = append(c.edits, diag.Edit{Span: e.Span, NewText: withLineEnds(e.NewText, eolAt(f.Content, e.Span.Start))})
			used = append(used, e.Span)
		}
		out = append(out, c)
	}
	return out
}

// verify rechecks f with the candidates applied and returns those kept and
// the resulting content. All are kept when together they add no problem;
// otherwise each is tried in turn on top of those kept so far.
func (fx *fixer) verify(f *source.File, l diag.List, cands []candidate) ([]candidate, []byte, error) {
	before, err := fx.recheck(f, f.Content)
	if err != nil {
		fx.refuseAll(f, l, owners(cands), "the fixed file cannot be rechecked: "+err.Error())
		return nil, nil, nil
	}
	all := applyEdits(f.Content, cands)
	after, err := fx.recheck(f, all)
	if err != nil {
		return nil, nil, err
	}
	if newProblem(before, after) == nil {
		return cands, all, nil
	}
	var kept []candidate
	out := f.Content
	for _, c := range cands {
		try := append(slices.Clip(kept), c)
		content := applyEdits(f.Content, try)
		after, err := fx.recheck(f, content)
		if err != nil {
			return nil, nil, err
		}
		if d := newProblem(before, after); d != nil {
			p := d.Start()
			fx.refuse(f, l, c.owner, fmt.Sprintf("the fixed file would have a new %s at %d:%d: %s", d.Code, p.Line, p.Column, d.Message))
			continue
		}
		kept, out = try, content
	}
	return kept, out, nil
}

func owners(cands []candidate) []int {
	var out []int
	for _, c := range cands {
		out = append(out, c.owner)
	}
	return out
}

func (fx *fixer) refuse(f *source.File, l diag.List, i int, why string) {
	p := l[i].Start()
	fmt.Fprintf(fx.log, "%s:%d:%d: fix refused [%s]: %s: %s; the file is unchanged\n", f.Name, p.Line, p.Column, l[i].Code, l[i].Fix.Message, why)
}

func (fx *fixer) refuseAll(f *source.File, l diag.List, idx []int, why string) {
	for _, i := range idx {
		fx.refuse(f, l, i, why)
	}
}

// recheck returns the problems of f with the given content: the full
// check of a guide, the decoder's findings for site.yaml. Other files are
// not rechecked, so their fixes are refused.
func (fx *fixer) recheck(f *source.File, content []byte) (diag.List, error) {
	switch ext := path.Ext(f.Name); {
	case path.Base(filepath.ToSlash(f.Name)) == guide.IndexFile:
		return fx.recheckGuide(f, content)
	case ext == ".yaml" || ext == ".yml":
		_, l := publish.ParseConfig(source.NewFile(f.Name, content))
		return l, nil
	}
	return nil, errors.New("guidec cannot recheck this kind of file")
}

// recheckGuide runs the check over the guide f with its index.md replaced by
// content, and returns the diagnostics about f.
func (fx *fixer) recheckGuide(f *source.File, content []byte) (diag.List, error) {
	opt, name, err := fx.guideOptions(f)
	if err != nil {
		return nil, err
	}
	file := name + "/" + guide.IndexFile
	if opt.Project != nil {
		// A page of a content tree: name is its file's path there.
		file, name = name, build.PageName(name)
	}
	opt.Source = overlayFS{FS: opt.Source, name: file, data: content}
	opt.Only = map[string]bool{name: true}
	opt.Check, opt.Drafts = true, true
	opt.Output, opt.Log, opt.Digests, opt.Jobs = nil, nil, nil, 1
	res, err := build.Run(context.Background(), opt)
	if err != nil {
		return nil, err
	}
	var out diag.List
	for _, d := range res.Diags {
		if d.File != nil && d.File.Name == f.Name {
			out = append(out, d)
		}
	}
	return out, nil
}

// guideOptions returns the build options to recheck guide file f with and
// the guide's name (for a page of a Hugo content tree, its file's path in
// the tree).
func (fx *fixer) guideOptions(f *source.File) (build.Options, string, error) {
	name := filepath.ToSlash(f.Name)
	if fx.opt != nil {
		rel, ok := strings.CutPrefix(name, fx.opt.SourceName+"/")
		if ok && fx.opt.Project != nil {
			return *fx.opt, rel, nil // the page's file, in the content tree
		}
		dir, base, _ := strings.Cut(rel, "/")
		if !ok || base != guide.IndexFile {
			return build.Options{}, "", fmt.Errorf("%s is not a guide of %s", f.Name, fx.opt.SourceName)
		}
		return *fx.opt, dir, nil
	}
	gdir := path.Dir(name)
	src := path.Dir(gdir)
	site, sc, err := defaultTemplates()
	if err != nil {
		return build.Options{}, "", err
	}
	return build.Options{Source: os.DirFS(filepath.FromSlash(src)), SourceName: src, Site: site, Shortcodes: sc}, path.Base(gdir), nil
}

// overlayFS is FS with the file name reading data.
type overlayFS struct {
	fs.FS
	name string
	data []byte
}

// Open opens name, from data when it is the overlaid file.
func (o overlayFS) Open(name string) (fs.File, error) {
	if name == o.name {
		return fstest.MapFS{name: {Data: o.data, Mode: 0o644}}.Open(name)
	}
	return o.FS.Open(name)
}

// newProblem returns an error or warning of after that before does not
// have as many times, or nil. Findings are compared by code and message:
// a fix moves the text after it, so positions do not identify them.
func newProblem(before, after diag.List) *diag.Diagnostic {
	count := map[string]int{}
	key := func(d diag.Diagnostic) string { return d.Code + "\x00" + d.Message }
	for _, d := range before {
		if d.Severity <= diag.Warning {
			count[key(d)]++
		}
	}
	for i, d := range after {
		if d.Severity > diag.Warning {
			continue
		}
		if count[key(d)]--; count[key(d)] < 0 {
			return &after[i]
		}
	}
	return nil
}

// applyEdits returns content with the edits of cands applied. Edits are
// applied from the end of the file backwards; of two at the same offset, a
// replacement goes before an insertion, so that the inserted text lands in
// front of the replaced text instead of inside it.
func applyEdits(content []byte, cands []candidate) []byte {
	var edits []diag.Edit
	for _, c := range cands {
		edits = append(edits, c.edits...)
	}
	slices.SortStableFunc(edits, func(a, b diag.Edit) int {
		return cmp.Or(cmp.Compare(b.Span.Start, a.Span.Start), cmp.Compare(b.Span.End, a.Span.End))
	})
	out := slices.Clone(content)
	for _, e := range edits {
		out = slices.Concat(out[:e.Span.Start], []byte(e.NewText), out[e.Span.End:])
	}
	return out
}

// eolAt returns the line break ending the line that holds off in c (CRLF,
// CR or LF, as source.EditorBreaks reads them); on a last line without
// one, the file's first line break; in a file without any, LF.
func eolAt(c []byte, off int) string {
	if end, next := source.EditorBreaks.LineAt(c, off); next > end {
		return string(c[end:next])
	}
	if end, next := source.EditorBreaks.LineAt(c, 0); next > end {
		return string(c[end:next])
	}
	return "\n"
}

// withLineEnds returns text with each of its line breaks written as eol.
func withLineEnds(text, eol string) string {
	if !strings.ContainsAny(text, "\r\n") {
		return text
	}
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	return strings.ReplaceAll(text, "\n", eol)
}

// regularFile checks that name is a regular file and not a symbolic link:
// --fix writes only the file it read, never through a link.
func regularFile(name string) error {
	st, err := os.Lstat(name)
	switch {
	case err != nil:
		return err
	case st.Mode()&fs.ModeSymlink != 0:
		return fmt.Errorf("%s is a symbolic link, which --fix does not write through", name)
	case !st.Mode().IsRegular():
		return fmt.Errorf("%s is not a regular file", name)
	}
	return nil
}

// writeAtomic replaces the regular file name with data so that readers see
// either the old or the new content, never a mix: data goes to a temporary
// file in the same directory (same file system), keeps name's permission
// bits, is synced and renamed over name. It refuses when name is no longer
// the regular file it was (replaced by a link, say) by the time of the
// rename.
func writeAtomic(name string, data []byte) error {
	st, err := os.Lstat(name)
	if err != nil {
		return err
	}
	if err := regularFile(name); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(name), ".guidec-fix-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(st.Mode().Perm()); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if now, err := os.Lstat(name); err != nil || !os.SameFile(st, now) {
		return fmt.Errorf("%s was replaced while guidec was fixing it; run again", name)
	}
	return os.Rename(tmp.Name(), name)
}
