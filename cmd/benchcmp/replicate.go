package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// replicateGuides writes k distinct copies of every guide of src into dst
// with ../shared/bench/replicate.sh, as BenchmarkScale does.
func replicateGuides(script, src, dst string, k int) error {
	out, err := exec.Command("bash", script, src, dst, strconv.Itoa(k)).CombinedOutput()
	if err != nil {
		return fmt.Errorf("replicate.sh ×%d: %v\n%s", k, err, clip(string(out), 2000))
	}
	return nil
}

// replicateDocs writes a Hugo project at dst holding k copies of the
// content of the project at src: every top-level section of content/
// (blog, configuration, integration…) appears as itself and as NAME-k2 …
// NAME-kK; the pages at the top of content/ (the home page) once; config/,
// data/, layouts/ and static/ once. In the copies, each page's title gets
// " (copy I)" and each alias the prefix /kI, so that no two pages are
// identical and no alias is claimed twice. Relative links inside a copy
// stay in that copy; links that climb out of its section, or start at the
// root, reach the first copy, as they would in a bigger tree.
func replicateDocs(src, dst string, k int) error {
	for _, d := range []string{"config", "data", "layouts", "static"} {
		if _, err := os.Stat(filepath.Join(src, d)); err != nil {
			continue
		}
		if err := copyTree(filepath.Join(src, d), filepath.Join(dst, d), nil); err != nil {
			return err
		}
	}
	entries, err := os.ReadDir(filepath.Join(src, "content"))
	if err != nil {
		return err
	}
	for _, e := range entries {
		from := filepath.Join(src, "content", e.Name())
		if !e.IsDir() {
			if err := copyFile(from, filepath.Join(dst, "content", e.Name()), nil); err != nil {
				return err
			}
			continue
		}
		for i := 1; i <= k; i++ {
			name, edit := e.Name(), (func(string) string)(nil)
			if i > 1 {
				name = fmt.Sprintf("%s-k%d", e.Name(), i)
				edit = func(s string) string { return distinctCopy(s, i) }
			}
			if err := copyTree(from, filepath.Join(dst, "content", name), nil); err != nil {
				return err
			}
			if edit != nil {
				if err := editPages(filepath.Join(dst, "content", name), edit); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// editPages rewrites every Markdown file under dir with edit.
func editPages(dir string, edit func(string) string) error {
	return filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(p, []byte(edit(string(b))), 0o644)
	})
}

var (
	titleLine = regexp.MustCompile(`^title:\s*(["']?)(.*?)(["']?)\s*$`)
	aliasItem = regexp.MustCompile(`^(\s*-\s*)(["']?)/?(.*)$`)
)

// distinctCopy rewrites the YAML front matter of page for copy i: the
// title gets " (copy I)" and every alias the prefix /kI. A page without
// YAML front matter is returned as it is.
func distinctCopy(page string, i int) string {
	if !strings.HasPrefix(page, "---\n") {
		return page
	}
	end := strings.Index(page[4:], "\n---")
	if end < 0 {
		return page
	}
	fm, rest := page[4:4+end], page[4+end:]
	lines := strings.Split(fm, "\n")
	inAliases := false
	for j, l := range lines {
		switch {
		case inAliases && aliasItem.MatchString(l):
			lines[j] = aliasItem.ReplaceAllString(l, fmt.Sprintf("${1}${2}/k%d/${3}", i))
			continue
		case strings.HasPrefix(l, "aliases:"):
			inAliases = true
			continue
		case titleLine.MatchString(l):
			m := titleLine.FindStringSubmatch(l)
			if m[1] == m[3] { // quoted alike, or not quoted
				lines[j] = fmt.Sprintf("title: %s%s (copy %d)%s", m[1], m[2], i, m[3])
			}
		}
		inAliases = false
	}
	return "---\n" + strings.Join(lines, "\n") + rest
}
