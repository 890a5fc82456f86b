package guide

import (
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// billionLaughs builds a front matter whose aliases expand to 9^9 values.
func billionLaughs() string {
	var b strings.Builder
	b.WriteString("---\ntitle: T\na0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n")
	for i := 1; i < 9; i++ {
		fmt.Fprintf(&b, "a%d: &a%d [*a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d]\n", i, i, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1)
	}
	b.WriteString("params: *a8\nimages: *a8\naliases: *a8\n---\n")
	return b.String()
}

func TestHostileFrontMatter(t *testing.T) {
	tests := []struct {
		name, in string
		codes    []string
	}{
		{"billion laughs", billionLaughs(), append(append([]string{"frontmatter-too-large"}, slices.Repeat([]string{"frontmatter-unknown-key"}, 9)...),
			"frontmatter-type", "frontmatter-type", "frontmatter-type")},
		{"too large", "---\ntitle: T\nx: '" + strings.Repeat("a", MaxFrontMatter) + "'\n---\n", []string{"frontmatter-too-large"}},
		{"deep flow nesting", "---\ntitle: " + strings.Repeat("[", 20000) + strings.Repeat("]", 20000) + "\n---\n", []string{"frontmatter-syntax"}},
		{"many lines", "---\ntitle: T\n" + strings.Repeat("k: v\n", 50000) + "bad: [\n---\n", []string{"frontmatter-syntax"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			_, l := load(t, tt.in)
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("took %v", d)
			}
			var codes []string
			l.Sort()
			for _, d := range l {
				codes = append(codes, d.Code)
			}
			if fmt.Sprint(codes) != fmt.Sprint(tt.codes) {
				t.Errorf("codes = %v, want %v\n%v", codes, tt.codes, render(l))
			}
		})
	}
}

// FuzzFrontMatter loads arbitrary guides: Load must never panic, and every
// diagnostic must lie inside the file.
func FuzzFrontMatter(f *testing.F) {
	for _, s := range []string{okFM, fullFM, billionLaughs(), "---\n", "+++\ntitle = 'x'\n[a]\n+++\n", "\uFEFF---\r\ntitle: x\r\n---\r\n",
		"---\ntitle: x\naliases: [/a/%2e%2e/]\ndate: 2024-01-01\n---\n", "---\n- a\n---\n", "---\na: b: c\n---\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		g, l := load(t, s)
		if g == nil {
			t.Fatalf("nil guide for readable file: %v", l)
		}
		for _, d := range l {
			if d.Span.Start < 0 || d.Span.End < d.Span.Start || d.Span.End > len(s) {
				t.Fatalf("%s: span %v outside [0,%d]", d.Code, d.Span, len(s))
			}
			if d.Message == "" || d.Message != strings.TrimSuffix(d.Message, ".") {
				t.Fatalf("%s: bad message %q", d.Code, d.Message)
			}
		}
		if g.Body.Start < 0 || g.Body.End != len(s) || g.Body.Start > g.Body.End {
			t.Fatalf("body %v for len %d", g.Body, len(s))
		}
		for path, fl := range g.Meta.Fields {
			if fl.Key.End > len(s) || fl.Value.End > len(s) || fl.Key.Start > fl.Key.End || fl.Value.Start > fl.Value.End {
				t.Fatalf("%s: field %+v outside file", path, fl)
			}
		}
	})
}

// panicFS panics when a path under dir is opened, standing for a bug below
// Load or a file system implementation that panics.
type panicFS struct {
	fs.FS
	dir string
}

func (p panicFS) Open(name string) (fs.File, error) {
	if strings.HasPrefix(name, p.dir+"/") || name == p.dir {
		panic("boom in " + name)
	}
	return p.FS.Open(name)
}

// TestLoadRecoversPanic checks that a panic while loading one guide is an
// internal diagnostic naming it, not a crash of the build.
func TestLoadRecoversPanic(t *testing.T) {
	fsys := panicFS{FS: fstest.MapFS{"g/bad/index.md": {Data: []byte(okFM)}, "g/good/index.md": {Data: []byte(okFM)}}, dir: "g/bad"}
	g, l := Load(fsys, "g", "bad", "guides/bad/index.md")
	if g != nil || len(l) != 1 || l[0].Code != "internal" || !strings.Contains(l[0].Message, `"bad"`) || l[0].File.Name != "guides/bad/index.md" {
		t.Fatalf("got %v, %v", g, l)
	}
	if g, l := Load(fsys, "g", "good", ""); g == nil || len(l) != 0 {
		t.Fatalf("the other guide: %v, %v", g, l)
	}
}
