package publish

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// An Input is a directory a build reads, named for messages ("the source
// folder (--source guides)").
type Input struct {
	Name, Dir string
}

// ErrPlace is returned (wrapped) by CheckPlace.
var ErrPlace = errors.New("output folder in the wrong place")

// CheckPlace refuses an output folder that would replace or swallow what
// a build reads or what a person works in: one that is, contains or sits
// inside one of inputs; one that is or contains the working directory or
// the root of a Git repository holding the working directory or an input
// (the directory with .git); or one inside a .git directory. Paths are
// compared as the file system sees them, by device and inode, so that
// symbolic links, "..", bind mounts and case-insensitive names cannot
// hide a match; an output that does not exist yet is placed by its
// nearest existing parent.
func CheckPlace(out string, inputs ...Input) error {
	outChain, err := ancestors(out)
	if err != nil {
		return fmt.Errorf("output folder: %w", err)
	}
	outInfo, outExists := exists(out)
	for _, a := range outChain {
		if filepath.Base(a.path) == ".git" {
			return refuse(ErrPlace, "it is inside the Git directory %s", a.path)
		}
	}
	for _, in := range inputs {
		if in.Dir == "" {
			continue
		}
		inInfo, ok := exists(in.Dir)
		if !ok {
			continue
		}
		for i, a := range outChain {
			if os.SameFile(a.info, inInfo) {
				if i == 0 && outExists {
					return refuse(ErrPlace, "it is %s", in.Name)
				}
				return refuse(ErrPlace, "it is inside %s", in.Name)
			}
		}
		if outExists && within(in.Dir, outInfo) {
			return refuse(ErrPlace, "it contains %s", in.Name)
		}
	}
	if !outExists {
		return nil // a new folder contains nothing
	}
	cwd, err := os.Getwd()
	if err != nil {
		return fmt.Errorf("output folder: %w", err)
	}
	roots := []Input{{Name: "the current directory", Dir: cwd}}
	for _, start := range append([]Input{{Dir: cwd}}, inputs...) {
		if start.Dir == "" {
			continue
		}
		if root := repoRoot(start.Dir); root != "" {
			roots = append(roots, Input{Name: "the Git repository " + root, Dir: root})
		}
	}
	for _, r := range roots {
		if ri, ok := exists(r.Dir); ok && os.SameFile(ri, outInfo) {
			return refuse(ErrPlace, "it is %s", r.Name)
		}
	}
	for _, r := range roots {
		if within(r.Dir, outInfo) {
			return refuse(ErrPlace, "it contains %s", r.Name)
		}
	}
	return nil
}

// link is one directory of a chain of ancestors.
type link struct {
	path string
	info fs.FileInfo
}

// ancestors returns p, or its nearest existing parent when p does not
// exist, followed by every parent up to the root, as real paths (symbolic
// links resolved).
func ancestors(p string) ([]link, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return nil, err
	}
	cur := abs
	for {
		if _, err := os.Stat(cur); err == nil {
			break
		}
		parent := filepath.Dir(cur)
		if parent == cur {
			return nil, fmt.Errorf("%s: no existing parent", p)
		}
		cur = parent
	}
	real, err := filepath.EvalSymlinks(cur)
	if err != nil {
		return nil, err
	}
	var chain []link
	for x := real; ; x = filepath.Dir(x) {
		if fi, err := os.Stat(x); err == nil {
			chain = append(chain, link{x, fi})
		}
		if filepath.Dir(x) == x {
			return chain, nil
		}
	}
}

// within reports whether the directory p is the directory dir or sits
// inside it.
func within(p string, dir fs.FileInfo) bool {
	chain, err := ancestors(p)
	if err != nil {
		return false
	}
	for _, a := range chain {
		if os.SameFile(a.info, dir) {
			return true
		}
	}
	return false
}

// exists stats p, following symbolic links.
func exists(p string) (fs.FileInfo, bool) {
	fi, err := os.Stat(p)
	return fi, err == nil
}

// repoRoot returns the nearest directory at or above dir that holds a
// .git entry (a directory, or the file of a worktree), or "".
func repoRoot(dir string) string {
	chain, err := ancestors(dir)
	if err != nil {
		return ""
	}
	for _, a := range chain {
		if _, err := os.Lstat(filepath.Join(a.path, ".git")); err == nil {
			return a.path
		}
	}
	return ""
}
