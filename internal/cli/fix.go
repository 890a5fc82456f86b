package cli

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"

	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/source"
)

// applyFixes applies the machine-applicable fixes in l to the guide files,
// each file rewritten atomically (temporary file, then rename), and returns
// the diagnostics that remain. Edits that overlap an earlier one in the same
// file are skipped and their diagnostics kept.
func applyFixes(l diag.List, log io.Writer) (diag.List, int, error) {
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
	for _, f := range files {
		applied, err := fixFile(f, l, byFile[f], log)
		if err != nil {
			return l, 0, err
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
	return rest, len(fixed), nil
}

type edit struct {
	diag.Edit
	owner int
}

func fixFile(f *source.File, l diag.List, idx []int, log io.Writer) ([]int, error) {
	onDisk, err := os.ReadFile(f.Name)
	if err != nil {
		return nil, err
	}
	if !bytes.Equal(onDisk, f.Content) {
		return nil, fmt.Errorf("%s changed while guidec was checking it; run again", f.Name)
	}
	var edits []edit
	var applied []int
	used := []source.Span{}
	for _, i := range idx {
		ok := true
		for _, e := range l[i].Fix.Edits {
			for _, u := range used {
				if e.Span.Start < u.End && u.Start < e.Span.End || e.Span == u {
					ok = false
				}
			}
		}
		if !ok {
			continue
		}
		for _, e := range l[i].Fix.Edits {
			edits = append(edits, edit{e, i})
			used = append(used, e.Span)
		}
		applied = append(applied, i)
		p := l[i].Start()
		fmt.Fprintf(log, "%s:%d:%d: fixed [%s]: %s\n", f.Name, p.Line, p.Column, l[i].Code, l[i].Fix.Message)
	}
	slices.SortFunc(edits, func(a, b edit) int { return b.Span.Start - a.Span.Start })
	out := slices.Clone(f.Content)
	for _, e := range edits {
		if e.Span.Start < 0 || e.Span.End > len(out) || e.Span.Start > e.Span.End {
			return nil, fmt.Errorf("%s: fix out of range", f.Name)
		}
		out = slices.Concat(out[:e.Span.Start], []byte(e.NewText), out[e.Span.End:])
	}
	return applied, writeAtomic(f.Name, out)
}

// writeAtomic replaces name with data so that readers see either the old or
// the new content, never a mix.
func writeAtomic(name string, data []byte) error {
	st, err := os.Stat(name)
	if err != nil {
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
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), name)
}
