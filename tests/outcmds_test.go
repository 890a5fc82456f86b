package tests

import (
	"crypto/sha256"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/guidec/guidec/internal/publish"
)

// withOutputCmds adds the commands of the output scripts (out-*.txtar) to
// p: tree, holdout and releaseout.
func withOutputCmds(p testscript.Params) testscript.Params {
	cmds := map[string]func(ts *testscript.TestScript, neg bool, args []string){}
	for k, v := range p.Cmds {
		cmds[k] = v
	}
	cmds["tree"], cmds["holdout"], cmds["releaseout"] = cmdTree, cmdHoldOut, cmdReleaseOut
	p.Cmds = cmds
	return p
}

// cmdTree runs `tree DIR`: it prints every entry under DIR, sorted, with
// its kind, mode and a digest of its bytes (a link with its target), so
// that `cp stdout before` then `tree DIR` and `cmp stdout before` prove a
// folder byte for byte unchanged. A missing DIR prints "absent".
func cmdTree(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: tree DIR")
	}
	root := ts.MkAbs(args[0])
	if _, err := os.Lstat(root); os.IsNotExist(err) {
		fmt.Fprintln(ts.Stdout(), "absent")
		return
	}
	var b strings.Builder
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		fi, err := d.Info()
		if err != nil {
			return err
		}
		switch {
		case d.Type()&fs.ModeSymlink != 0:
			target, err := os.Readlink(p)
			if err != nil {
				return err
			}
			fmt.Fprintf(&b, "%s -> %s\n", rel, target)
		case d.IsDir():
			fmt.Fprintf(&b, "%s/ %v\n", rel, fi.Mode().Perm())
		default:
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			fmt.Fprintf(&b, "%s %v %x\n", rel, fi.Mode(), sha256.Sum256(data))
		}
		return nil
	})
	ts.Check(err)
	fmt.Fprint(ts.Stdout(), b.String())
}

// held are the outputs that holdout holds, by absolute path.
var held sync.Map

// cmdHoldOut runs `holdout DIR`: this process starts a build into DIR and
// holds its lock, as a build still running would, until `releaseout DIR`
// or the end of the script.
func cmdHoldOut(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: holdout DIR")
	}
	dir := ts.MkAbs(args[0])
	o, err := publish.NewDirOutput(dir)
	ts.Check(err)
	held.Store(dir, o)
	ts.Defer(func() {
		if _, ok := held.LoadAndDelete(dir); ok {
			o.Abort()
		}
	})
}

// cmdReleaseOut runs `releaseout DIR`: the build of holdout DIR fails.
func cmdReleaseOut(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: releaseout DIR")
	}
	o, ok := held.LoadAndDelete(ts.MkAbs(args[0]))
	if !ok {
		ts.Fatalf("releaseout: %s is not held", args[0])
	}
	ts.Check(o.(*publish.DirOutput).Abort())
}
