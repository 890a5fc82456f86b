package main

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"
)

// The Hugo projects this program builds with Hugo are made at bench time in
// a temporary directory from tests/testdata/hugo-bench (configuration,
// minimal layouts, stand-ins for theme templates the Authelia tree calls but
// does not hold) and from templates of their own:
//
//   - guides: guidec's own shortcodes/ (the templates guidec renders the
//     guides with), rewritten by guidecToHugo where guidec's template
//     language differs from Hugo's;
//   - docs: the tree's layouts/_shortcodes, _partials and _markup, moved to
//     the directories Hugo 0.111 reads and rewritten by docsToHugo.
//
// The content is never copied: the configuration points contentDir (and
// dataDir, staticDir) at the tree guidec reads.

// rewrite is one textual change made to a template so that Hugo 0.111
// loads it and renders what the original renders.
type rewrite struct {
	re   *regexp.Regexp
	repl string
	why  string
}

// guidecToHugo adapts guidec's shortcode templates to Hugo.
var guidecToHugo = []rewrite{
	{regexp.MustCompile(`\bsafeStyle\b`), "safeCSS",
		"guidec's safeStyle keeps only plain layout declarations; Hugo has no such filter, and safeCSS passes the value through"},
	{regexp.MustCompile(`\bunreserved\b`), `findRE "^[A-Za-z0-9._~-]+$"`,
		"guidec's unreserved (RFC 3986 unreserved characters only) as Hugo's findRE, whose empty result is false"},
	{regexp.MustCompile(`\(\.Get ("[^"]*")\)`), `(.Get $1 | default "")`,
		`guidec's .Get of an absent parameter is ""; Hugo's is nil when the call has no parameters, which printf "%v" shows as <nil>`},
}

// docsToHugo adapts the Authelia tree's templates (written for Hugo 0.146+)
// to Hugo 0.111.
var docsToHugo = []rewrite{
	{regexp.MustCompile(`\bhugo\.Data\b`), "site.Data",
		"hugo.Data is newer than Hugo 0.111; site.Data is the same data"},
}

// docsLayoutDirs maps the tree's layout directories (Hugo 0.146+ names) to
// the ones Hugo 0.111 reads. The tree's page layouts (home.html,
// single.html) are not used: they call the Doks theme's partials.
var docsLayoutDirs = map[string]string{
	"_shortcodes": "shortcodes",
	"_partials":   "partials",
	"_markup":     filepath.Join("_default", "_markup"),
}

// applyRewrites returns src with every rewrite applied.
func applyRewrites(src string, rs []rewrite) string {
	for _, r := range rs {
		src = r.re.ReplaceAllString(src, r.repl)
	}
	return src
}

// hugoSite is a Hugo project made for one tree.
type hugoSite struct {
	dir     string // the project root (--source)
	configs string // the --config argument
}

// args returns Hugo's arguments to build the site into out.
func (h hugoSite) args(out string) []string {
	return []string{"--source", h.dir, "--config", h.configs, "--destination", out}
}

// tomlString quotes s as a TOML basic string (JSON's escapes are a subset
// of TOML's).
func tomlString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// writeConfig writes the configuration template tmpl to dst with its
// @NAME@ placeholders replaced by the TOML strings of vars; a placeholder
// without a value is an error.
func writeConfig(tmpl, dst string, vars map[string]string) error {
	b, err := os.ReadFile(tmpl)
	if err != nil {
		return err
	}
	var missing []string
	out := regexp.MustCompile(`@([A-Z]+)@`).ReplaceAllStringFunc(string(b), func(m string) string {
		v, ok := vars[strings.Trim(m, "@")]
		if !ok {
			missing = append(missing, m)
			return m
		}
		return tomlString(v)
	})
	if len(missing) > 0 {
		return fmt.Errorf("%s: no value for %s", tmpl, strings.Join(missing, ", "))
	}
	return os.WriteFile(dst, []byte(out), 0o644)
}

// makeGuidesSite makes the Hugo project for a guides folder: testdata's
// configuration and layouts, guidec's shortcodes (rewritten), and the site
// variables of site/site.yaml as params.
func makeGuidesSite(repo, dir, content string) (hugoSite, error) {
	td := filepath.Join(repo, "tests", "testdata", "hugo-bench")
	if err := copyTree(filepath.Join(td, "layouts"), filepath.Join(dir, "layouts"), nil); err != nil {
		return hugoSite{}, err
	}
	err := copyTree(filepath.Join(repo, "shortcodes"), filepath.Join(dir, "layouts", "shortcodes"), func(s string) string {
		return applyRewrites(s, guidecToHugo)
	})
	if err != nil {
		return hugoSite{}, err
	}
	vars := map[string]string{"CONTENT": content, "CACHE": filepath.Join(dir, "cache")}
	if err := writeConfig(filepath.Join(td, "guides", "config.toml"), filepath.Join(dir, "config.toml"), vars); err != nil {
		return hugoSite{}, err
	}
	params, err := siteParams(filepath.Join(repo, "site", "site.yaml"))
	if err != nil {
		return hugoSite{}, err
	}
	if err := os.WriteFile(filepath.Join(dir, "params.json"), params, 0o644); err != nil {
		return hugoSite{}, err
	}
	return hugoSite{dir: dir, configs: filepath.Join(dir, "config.toml") + "," + filepath.Join(dir, "params.json")}, nil
}

// siteParams returns a Hugo configuration (JSON) whose params.variables
// are the variables of guidec's site.yaml, which sitevar-preferences lists.
func siteParams(siteYAML string) ([]byte, error) {
	b, err := os.ReadFile(siteYAML)
	if err != nil {
		return nil, err
	}
	var site map[string]any
	if err := yaml.Unmarshal(b, &site); err != nil {
		return nil, fmt.Errorf("%s: %v", siteYAML, err)
	}
	var vars any
	for k, v := range site {
		if strings.EqualFold(k, "variables") { // site.yaml keys ignore case
			vars = v
		}
	}
	return json.Marshal(map[string]any{"params": map[string]any{"variables": vars}})
}

// makeDocsSite makes the Hugo project for an Authelia-like Hugo tree at
// root: testdata's configuration and layouts, the tree's own shortcodes,
// partials and render hooks (moved and rewritten for Hugo 0.111), then
// testdata's stand-ins for the theme templates the tree does not hold.
// It returns the shortcodes and partials that are stand-ins.
func makeDocsSite(repo, dir, root string) (hugoSite, []string, error) {
	td := filepath.Join(repo, "tests", "testdata", "hugo-bench")
	layouts := filepath.Join(dir, "layouts")
	if err := copyTree(filepath.Join(td, "layouts"), layouts, nil); err != nil {
		return hugoSite{}, nil, err
	}
	for from, to := range docsLayoutDirs {
		src := filepath.Join(root, "layouts", from)
		if _, err := os.Stat(src); err != nil {
			continue
		}
		if err := copyTree(src, filepath.Join(layouts, to), func(s string) string { return applyRewrites(s, docsToHugo) }); err != nil {
			return hugoSite{}, nil, err
		}
	}
	var stubs []string
	stubRoot := filepath.Join(td, "docs", "layouts")
	err := filepath.WalkDir(stubRoot, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(stubRoot, p)
		dst := filepath.Join(layouts, rel)
		if _, err := os.Stat(dst); err == nil {
			return nil // the tree has its own
		}
		stubs = append(stubs, filepath.ToSlash(rel))
		return copyFile(p, dst, nil)
	})
	if err != nil {
		return hugoSite{}, nil, err
	}
	vars := map[string]string{
		"CONTENT": filepath.Join(root, "content"),
		"DATA":    filepath.Join(root, "data"),
		"STATIC":  filepath.Join(root, "static"),
		"CACHE":   filepath.Join(dir, "cache"),
	}
	if err := writeConfig(filepath.Join(td, "docs", "config.toml"), filepath.Join(dir, "config.toml"), vars); err != nil {
		return hugoSite{}, nil, err
	}
	return hugoSite{dir: dir, configs: filepath.Join(dir, "config.toml")}, stubs, nil
}

// copyTree copies the regular files under src to dst, passing the text of
// each through edit when it is not nil.
func copyTree(src, dst string, edit func(string) string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		return copyFile(p, filepath.Join(dst, rel), edit)
	})
}

func copyFile(src, dst string, edit func(string) string) error {
	b, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	if edit != nil {
		b = []byte(edit(string(b)))
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	return os.WriteFile(dst, b, 0o644)
}
