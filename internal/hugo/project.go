package hugo

import (
	"fmt"
	"io/fs"
	"path"
	"strings"
)

// Layout says what --source points at.
type Layout int

// Source layouts.
const (
	// Plain is a folder of pages without a Hugo project around it (our own
	// guides/): it is the content tree, with Hugo's default settings.
	Plain Layout = iota
	// ProjectRoot is a Hugo project's root: a content directory beside a
	// configuration file or config/_default/.
	ProjectRoot
	// ProjectContent is the content directory of a Hugo project, given
	// directly; the project around it is used.
	ProjectContent
)

// String returns the layout's name.
func (l Layout) String() string {
	switch l {
	case ProjectRoot:
		return "hugo project"
	case ProjectContent:
		return "hugo content directory"
	}
	return "plain folder"
}

// Project locates the inputs of a site. Paths are slash-separated paths in
// the fs.FS given to Detect.
type Project struct {
	Layout Layout
	// Root is the project root; for Plain, the folder itself.
	Root string
	// Content is the content directory: the page tree.
	Content string
	// ContentPath is Content relative to Root's parent directory (for
	// Options.ContentPath).
	ContentPath string
	// Config is the project's merged configuration (DefaultConfig for
	// Plain).
	Config *Config
	// Shortcodes and Partials are the existing template directories, the
	// project's before its themes', and within each the Hugo ≥ 0.146
	// names (_shortcodes, _partials) before the older ones.
	Shortcodes []string
	Partials   []string
	// Markup holds the existing render hook directories (_markup).
	Markup []string
	// Data and Static are the existing data and static directories.
	Data   []string
	Static []string
}

// DetectOptions tune Detect.
type DetectOptions struct {
	// Environment selects config/ENV/ on top of config/_default/; Hugo
	// builds with "production" by default.
	Environment string
}

// Detect decides what dir (a path in fsys) is: a Hugo project root (it
// has a configuration — hugo.toml, hugo.yaml, hugo.json, config.toml,
// config.yaml, config.json or config/_default/ — and the content
// directory that configuration names, "content" by default), the content
// directory of such a project (its parent is one), or else a plain folder
// of pages. For the parent to be seen, fsys must hold it: root fsys at the
// parent of --source, or higher.
//
// An error means a configuration file that cannot be read (*ConfigError)
// or a project whose content directory is missing.
func Detect(fsys fs.FS, dir string, opt DetectOptions) (*Project, error) {
	dir = path.Clean(dir)
	if hasConfig(fsys, dir) {
		cfg, err := LoadConfig(fsys, dir, opt.Environment)
		if err != nil {
			return nil, err
		}
		content := path.Join(dir, cfg.ContentDir)
		if isDir(fsys, content) {
			return newProject(fsys, ProjectRoot, dir, content, cfg), nil
		}
		if !isDir(fsys, path.Join(dir, "content")) && cfg.ContentDir != "content" {
			return nil, fmt.Errorf("%s: the configuration's contentDir %q is not a directory", dir, cfg.ContentDir)
		}
	}
	if parent := path.Dir(dir); dir != "." && hasConfig(fsys, parent) {
		cfg, err := LoadConfig(fsys, parent, opt.Environment)
		if err != nil {
			return nil, err
		}
		if path.Join(parent, cfg.ContentDir) == dir {
			return newProject(fsys, ProjectContent, parent, dir, cfg), nil
		}
	}
	p := &Project{Layout: Plain, Root: dir, Content: dir, ContentPath: path.Base(dir), Config: DefaultConfig()}
	return p, nil
}

// hasConfig reports whether dir holds a Hugo configuration.
func hasConfig(fsys fs.FS, dir string) bool {
	for _, name := range ConfigNames {
		if isFile(fsys, path.Join(dir, name)) {
			return true
		}
	}
	return isDir(fsys, path.Join(dir, "config", "_default"))
}

func newProject(fsys fs.FS, l Layout, root, content string, cfg *Config) *Project {
	p := &Project{Layout: l, Root: root, Content: content, Config: cfg}
	p.ContentPath = path.Join(path.Base(root), strings.TrimPrefix(strings.TrimPrefix(content, root), "/"))
	if root == "." {
		p.ContentPath = content
	}
	layoutRoots := []string{path.Join(root, cfg.LayoutDir)}
	for _, th := range cfg.Theme {
		layoutRoots = append(layoutRoots, path.Join(root, "themes", th, "layouts"))
	}
	for _, lr := range layoutRoots {
		p.Shortcodes = appendDirs(fsys, p.Shortcodes, path.Join(lr, "_shortcodes"), path.Join(lr, "shortcodes"))
		p.Partials = appendDirs(fsys, p.Partials, path.Join(lr, "_partials"), path.Join(lr, "partials"))
		p.Markup = appendDirs(fsys, p.Markup, path.Join(lr, "_markup"), path.Join(lr, "_default", "_markup"))
	}
	p.Data = appendDirs(fsys, nil, path.Join(root, cfg.DataDir))
	for _, sd := range cfg.StaticDirs {
		p.Static = appendDirs(fsys, p.Static, path.Join(root, sd))
	}
	for _, th := range cfg.Theme {
		p.Data = appendDirs(fsys, p.Data, path.Join(root, "themes", th, "data"))
		p.Static = appendDirs(fsys, p.Static, path.Join(root, "themes", th, "static"))
	}
	return p
}

func appendDirs(fsys fs.FS, out []string, dirs ...string) []string {
	for _, d := range dirs {
		if isDir(fsys, d) {
			out = append(out, d)
		}
	}
	return out
}

// StaticFiles lists the regular files of the static directories (paths in
// fsys), relative to each, for Options.Static. Hidden files are skipped,
// as Hugo does, and links are not followed.
func StaticFiles(fsys fs.FS, dirs []string) ([]string, error) {
	seen := map[string]bool{}
	var out []string
	for _, dir := range dirs {
		err := fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if p != dir && strings.HasPrefix(d.Name(), ".") {
				if d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if !d.Type().IsRegular() {
				return nil
			}
			rel := strings.TrimPrefix(p, dir+"/")
			if !seen[rel] {
				seen[rel] = true
				out = append(out, rel)
			}
			if len(out) > MaxFiles {
				return fmt.Errorf("%s: %w (more than %d)", dir, ErrTooManyFiles, MaxFiles)
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("static files: %w", err)
		}
	}
	return out, nil
}
