package cli

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/pflag"

	"github.com/guidec/guidec"
	"github.com/guidec/guidec/internal/build"
	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/hugo"
	"github.com/guidec/guidec/internal/memofs"
)

// common holds the flags build, check and serve share.
type common struct {
	source, site, shortcodes string
	drafts                   bool
	jobs                     int
	verbose, quiet           bool
	color                    string
	prof                     profiling
	digest                   digestFlags // limits of client secret verification

	// siteDir and shortcodesDir are the directories options resolved the
	// flags to, "" for the embedded copies.
	siteDir, shortcodesDir string
	// contentDir is the directory options found the pages in: --source,
	// or the content directory of the Hugo project --source names.
	contentDir string
	// projectInputs are, for a Hugo project, the directories and files
	// besides content/ whose change may change every page: templates,
	// data, static files, configuration (see sourceTree.inputs).
	projectInputs []string
	// projectDirs are the directories of the Hugo project --source names
	// that its shortcodes read (see serve.Options.ProjectDirs).
	projectDirs []string
	// dirs, when set, keeps the directory listings options and the run
	// read, for commands that read the tree once (check and build): the
	// detection of --source and the build then walk it once between them.
	dirs *memofs.Cache
}

// dirFS returns the file system of the OS directory dir, through c.dirs
// when set.
func (c *common) dirFS(dir string) fs.FS {
	if c.dirs == nil {
		return os.DirFS(dir)
	}
	return c.dirs.FS(dir)
}

func (c *common) register(fs *pflag.FlagSet) {
	fs.StringVar(&c.source, "source", "guides", "guides directory (each guide is NAME/index.md), or a Hugo project (its root or its content directory)")
	fs.BoolVar(&c.drafts, "drafts", false, "publish guides with draft: true")
	fs.StringVar(&c.site, "site", "", "site directory (layouts, static, site.yaml); default ./site if it holds a site.yaml, else built in")
	fs.StringVar(&c.shortcodes, "shortcodes", "", "shortcode templates directory; default ./shortcodes if it holds templates, else built in")
	fs.IntVar(&c.jobs, "jobs", 0, "parallel workers (default: number of CPUs)")
	fs.BoolVarP(&c.verbose, "verbose", "v", false, "also print info diagnostics in text output")
	fs.BoolVarP(&c.quiet, "quiet", "q", false, "print only errors and the summary in text output")
	fs.StringVar(&c.color, "color", "auto", "colour in text output: auto, always or never")
	for _, d := range []string{"source", "site", "shortcodes"} {
		fs.SetAnnotation(d, annotDir, []string{"true"})
	}
	fs.SetAnnotation("color", annotValues, []string{"auto", "always", "never"})
	c.digest.register(fs)
	c.prof.register(fs)
}

// validate checks the flag values that pflag cannot.
func (c *common) validate() error {
	switch c.color {
	case "auto", "always", "never":
	default:
		return fmt.Errorf("--color must be auto, always or never, not %q", c.color)
	}
	if _, err := c.digest.options(); err != nil {
		return err
	}
	if c.verbose && c.quiet {
		return fmt.Errorf("--verbose and --quiet cannot be used together")
	}
	return nil
}

// shown returns the diagnostics of l that text output prints: errors
// alone with --quiet (and warnings too when strict makes them fail the
// run), all but info ones by default, all with --verbose.
func (c *common) shown(l diag.List, strict bool) diag.List {
	if !c.quiet {
		return l.Shown(c.verbose)
	}
	var out diag.List
	for _, d := range l {
		if d.Severity == diag.Error || strict && d.Severity == diag.Warning {
			out = append(out, d)
		}
	}
	return out
}

// options resolves the directories into build options.
func (c *common) options(stderr io.Writer) (build.Options, error) {
	st, err := os.Stat(c.source)
	if err != nil {
		return build.Options{}, fmt.Errorf("--source: %w", err)
	}
	if !st.IsDir() {
		return build.Options{}, fmt.Errorf("--source: %s is not a directory", c.source)
	}
	src, err := detectSource(c.source, c.dirFS)
	if err != nil {
		return build.Options{}, fmt.Errorf("--source: %w", err)
	}
	c.contentDir = src.dir
	c.projectInputs = src.inputs
	c.projectDirs = src.projectDirs
	site, dir, err := templateDir(c.site, "site", isSiteDir, guidec.Site)
	if err != nil {
		return build.Options{}, fmt.Errorf("--site: %w", err)
	}
	c.siteDir = dir
	sc, dir, err := templateDir(c.shortcodes, "shortcodes", isShortcodesDir, guidec.Shortcodes)
	if err != nil {
		return build.Options{}, fmt.Errorf("--shortcodes: %w", err)
	}
	c.shortcodesDir = dir
	log := stderr
	if c.quiet {
		log = nil
	}
	return build.Options{
		Source:     c.dirFS(src.dir),
		SourceName: src.name,
		Project:    src.project,
		Section:    src.section,

		ProjectShortcodes: src.shortcodes,
		Partials:          src.partials,
		Data:              src.data,
		Site:              site,
		Shortcodes:        sc,
		Drafts:            c.drafts,
		Jobs:              c.jobs,
		Log:               log,
	}, nil
}

// templateDir picks an explicit directory, else ./def when is reports it
// is one of ours, else the embedded copy. It returns the directory's path, ""
// for the embedded copy.
//
// A directory is not taken for ours by its name alone: a ./site that a
// build wrote (`guidec build --out site`) or that another tool keeps there
// would replace the built-in layouts and site variables with nothing.
func templateDir(flag, def string, is func(string) bool, embedded func() fs.FS) (fs.FS, string, error) {
	if flag != "" {
		st, err := os.Stat(flag)
		if err != nil {
			return nil, "", err
		}
		if !st.IsDir() {
			return nil, "", fmt.Errorf("%s is not a directory", flag)
		}
		return os.DirFS(flag), flag, nil
	}
	if dir := localDir(def, is); dir != "" {
		return os.DirFS(dir), dir, nil
	}
	return embedded(), "", nil
}

// defaultTemplates resolves the site and shortcode directories as a run
// without --site and --shortcodes does.
func defaultTemplates() (site, shortcodes fs.FS, err error) {
	if site, _, err = templateDir("", "site", isSiteDir, guidec.Site); err != nil {
		return nil, nil, err
	}
	shortcodes, _, err = templateDir("", "shortcodes", isShortcodesDir, guidec.Shortcodes)
	return site, shortcodes, err
}

// localDir returns def when it is a directory that is reports is ours,
// else "".
func localDir(def string, is func(string) bool) string {
	if st, err := os.Stat(def); err == nil && st.IsDir() && is(def) {
		return def
	}
	return ""
}

// isSiteDir reports whether dir is a site directory: it holds site.yaml.
func isSiteDir(dir string) bool {
	st, err := os.Stat(filepath.Join(dir, "site.yaml"))
	return err == nil && st.Mode().IsRegular()
}

// isShortcodesDir reports whether dir holds shortcode templates (NAME.html).
func isShortcodesDir(dir string) bool {
	m, _ := filepath.Glob(filepath.Join(dir, "*.html"))
	return len(m) > 0
}

// sourceTree is what --source names.
type sourceTree struct {
	dir     string         // the directory of the pages (OS path)
	name    string         // dir as diagnostics print it: as the user named --source
	project *build.Project // nil for a folder of guides
	section string         // the directory --source named inside the content tree
	// The project's shortcodes, partials and data (none for a folder of
	// guides), beside the built-in set.
	shortcodes, partials []fs.FS
	data                 fs.FS
	// inputs are the project's template, data and static directories and
	// configuration files (OS paths): what `check --changed-since` watches
	// besides the pages.
	inputs []string
	// projectDirs are the project's layouts/ and data/ (which may not
	// exist) and the template and data directories found in it and its
	// themes, as OS paths.
	projectDirs []string
}

// detectSource decides what --source is (build.DetectSource): a folder
// of guides, a Hugo project's root (its content directory holds the
// pages), that content directory, or a plain folder of pages.
func detectSource(source string, dirFS func(string) fs.FS) (sourceTree, error) {
	name := filepath.ToSlash(filepath.Clean(source))
	abs, err := filepath.Abs(source)
	if err != nil {
		return sourceTree{}, err
	}
	// Detection needs to see the directories above, to recognise a
	// project's content directory or a section inside it.
	root := filepath.VolumeName(abs) + string(filepath.Separator)
	dir := filepath.ToSlash(strings.TrimPrefix(abs, root))
	if dir == "" {
		dir = "."
	}
	src, err := build.DetectSource(dirFS(root), dir)
	if err != nil {
		return sourceTree{}, err
	}
	st := sourceTree{dir: source, name: name, project: src.Project, section: src.Section}
	if rel := src.ContentRel; rel != "" {
		st.dir = filepath.Join(source, filepath.FromSlash(rel))
		st.name = path.Join(name, rel)
	}
	if h := src.Hugo; src.Project != nil && h != nil {
		osPath := func(p string) string { return filepath.Join(root, filepath.FromSlash(p)) }
		for _, list := range [][]string{h.Shortcodes, h.Partials, h.Markup, h.Data, h.Static} {
			for _, d := range list {
				st.inputs = append(st.inputs, osPath(d))
			}
		}
		if h.Layout != hugo.Plain {
			// The configuration: the files read (their paths include
			// the root), and config/, where a new file is read too.
			st.inputs = append(st.inputs, osPath(path.Join(h.Root, "config")))
			if h.Config != nil {
				for _, f := range h.Config.Files {
					st.inputs = append(st.inputs, osPath(f))
				}
			}
		}
	}
	if h := src.Hugo; h != nil && src.Project != nil && h.Layout != hugo.Plain {
		osPath := func(dir string) string { return filepath.Join(root, filepath.FromSlash(dir)) }
		st.projectDirs = []string{osPath(path.Join(h.Root, "layouts")), osPath(path.Join(h.Root, "data"))}
		for _, d := range slices.Concat(h.Shortcodes, h.Partials, h.Data) {
			st.projectDirs = append(st.projectDirs, osPath(d))
		}
	}
	st.shortcodes, st.partials, st.data = src.Templates(dirFS(root), func(dir string) string {
		// As the user would write the path from here.
		p := filepath.Join(root, filepath.FromSlash(dir))
		if wd, err := os.Getwd(); err == nil {
			if rel, err := filepath.Rel(wd, p); err == nil && !strings.HasPrefix(rel, "..") {
				p = rel
			}
		}
		return filepath.ToSlash(p)
	})
	return st, nil
}
