package hugo

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"

	"github.com/pelletier/go-toml/v2"
	"gopkg.in/yaml.v3"
)

// Config holds the settings of a Hugo project that decide which pages exist,
// where they are published and how their headings get ids. Every field has
// Hugo's default in the zero-config case (DefaultConfig).
type Config struct {
	// BaseURL is the site's base URL as configured ("" when unset); its path
	// prefixes every URL (BasePath).
	BaseURL string
	// ContentDir, DataDir, LayoutDir are project-relative directories.
	ContentDir string
	DataDir    string
	LayoutDir  string
	// StaticDirs are the project-relative static directories, in the order
	// Hugo mounts them (a file of a later one wins).
	StaticDirs []string
	// Theme names the project's themes, in order (themes/NAME).
	Theme []string
	// UglyURLs publishes regular pages as NAME.html instead of NAME/; per
	// section when UglySections is set (Hugo's uglyURLs map form).
	UglyURLs     bool
	UglySections map[string]bool
	// DisablePathToLower keeps the case of file names in URLs.
	DisablePathToLower bool
	// RemovePathAccents strips accents from URLs (é → e).
	RemovePathAccents bool
	// DisableKinds holds the lower-case kinds Hugo does not build
	// ("taxonomy", "term", "section", "page", "home", "rss", "sitemap",
	// "robotstxt", "404").
	DisableKinds map[string]bool
	// Taxonomies maps each taxonomy's singular name to its plural, the
	// front matter key and URL section of its terms.
	Taxonomies map[string]string
	// Permalinks are the URL patterns, in the order they are tried.
	Permalinks []Permalink
	// DefaultContentLanguage is the language of files without a language
	// identifier; Languages holds every configured language code.
	DefaultContentLanguage string
	Languages              []string
	// EnableRobotsTXT publishes /robots.txt.
	EnableRobotsTXT bool
	// IgnoreFiles are Hugo's ignoreFiles regular expressions, matched
	// against content file paths.
	IgnoreFiles []*regexp.Regexp
	// Markup holds the Markdown settings that change what a page is.
	Markup Markup
	// Params is the site's params table (lower-case keys), for templates.
	Params map[string]any
	// Raw is the whole merged configuration with lower-case keys.
	Raw map[string]any
	// Files are the configuration files read, project-relative, in order.
	Files []string
}

// Markup holds markup.goldmark and markup.tableOfContents settings.
type Markup struct {
	AutoHeadingID     bool   // parser.autoHeadingID
	AutoHeadingIDType IDType // parser.autoHeadingIDType
	AttributeBlock    bool   // parser.attribute.block: {.class} lines under blocks
	AttributeTitle    bool   // parser.attribute.title: {#id} after headings
	Unsafe            bool   // renderer.unsafe: raw HTML is kept
	TOCStartLevel     int    // tableOfContents.startLevel
	TOCEndLevel       int    // tableOfContents.endLevel
	TOCOrdered        bool   // tableOfContents.ordered
}

// Permalink is one URL pattern of the permalinks configuration: pages of
// Kind whose path matches Path (a glob on the page's Hugo path) get their
// URL from Pattern.
type Permalink struct {
	Kind    Kind
	Path    string
	Pattern string

	match *regexp.Regexp
}

// DefaultConfig returns Hugo's defaults.
func DefaultConfig() *Config {
	return &Config{
		ContentDir:             "content",
		DataDir:                "data",
		LayoutDir:              "layouts",
		StaticDirs:             []string{"static"},
		DisableKinds:           map[string]bool{},
		Taxonomies:             map[string]string{"category": "categories", "tag": "tags"},
		DefaultContentLanguage: "en",
		Languages:              []string{"en"},
		Markup: Markup{
			AutoHeadingID:     true,
			AutoHeadingIDType: IDGitHub,
			AttributeTitle:    true,
			TOCStartLevel:     2,
			TOCEndLevel:       3,
		},
		Params: map[string]any{},
		Raw:    map[string]any{},
	}
}

// BasePath returns the path of BaseURL without its trailing slash ("" for
// the root): the prefix of every RelPermalink.
func (c *Config) BasePath() string {
	b := c.BaseURL
	if i := strings.Index(b, "://"); i >= 0 {
		b = b[i+3:]
		if j := strings.IndexByte(b, '/'); j >= 0 {
			b = b[j:]
		} else {
			b = ""
		}
	}
	return strings.TrimRight(b, "/")
}

// isLang reports whether code is one of the site's languages.
func (c *Config) isLang(code string) bool {
	for _, l := range c.Languages {
		if l == code {
			return true
		}
	}
	return false
}

// uglyFor reports whether pages of the top-level section are published as
// NAME.html.
func (c *Config) uglyFor(section string) bool {
	if v, ok := c.UglySections[section]; ok {
		return v
	}
	return c.UglyURLs
}

// ConfigNames are the project configuration file names Hugo looks for in
// the project root, in order; the first one found is read.
var ConfigNames = []string{
	"hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json",
	"config.toml", "config.yaml", "config.yml", "config.json",
}

// ConfigError is a configuration file that cannot be used. Line and Column
// are 1-based, 0 when unknown.
type ConfigError struct {
	File         string
	Line, Column int
	Err          error
}

func (e *ConfigError) Error() string {
	switch {
	case e.Line > 0 && e.Column > 0:
		return fmt.Sprintf("%s:%d:%d: %v", e.File, e.Line, e.Column, e.Err)
	case e.Line > 0:
		return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.File, e.Err)
}

func (e *ConfigError) Unwrap() error { return e.Err }

// LoadConfig reads the configuration of the project at root in fsys the
// way Hugo merges it: the first of ConfigNames in root, then every file of
// config/_default/ and then of config/ENV/ (env "" skips that step), each
// overriding what came before, key by key. A file in the config directory
// named after a top-level key holds that key's table (markup.toml holds
// [markup]); hugo.* and config.* there hold top-level keys. Files with a
// language code (menus.en.toml) are language settings, which are left out.
//
// It returns DefaultConfig with the settings found applied; a file that
// cannot be read or decoded is a *ConfigError.
func LoadConfig(fsys fs.FS, root, env string) (*Config, error) {
	merged := map[string]any{}
	var files []string
	for _, name := range ConfigNames {
		p := path.Join(root, name)
		if !isFile(fsys, p) {
			continue
		}
		m, err := readConfigFile(fsys, p)
		if err != nil {
			return nil, err
		}
		mergeInto(merged, m)
		files = append(files, p)
		break
	}
	dirs := []string{path.Join(root, "config", "_default")}
	if env != "" {
		dirs = append(dirs, path.Join(root, "config", env))
	}
	for _, dir := range dirs {
		read, err := mergeConfigDir(fsys, dir, merged)
		if err != nil {
			return nil, err
		}
		files = append(files, read...)
	}
	cfg, err := decodeConfig(merged)
	if err != nil {
		return nil, &ConfigError{File: strings.Join(files, ", "), Err: err}
	}
	cfg.Files = files
	return cfg, nil
}

// mergeConfigDir merges the files of one config directory (absent is
// fine), in name order.
func mergeConfigDir(fsys fs.FS, dir string, merged map[string]any) ([]string, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, nil
	}
	var read []string
	for _, e := range entries {
		name := e.Name()
		if !e.Type().IsRegular() || strings.HasPrefix(name, ".") {
			continue
		}
		key, ok := configDirKey(name)
		if !ok {
			continue
		}
		p := path.Join(dir, name)
		m, err := readConfigFile(fsys, p)
		if err != nil {
			return nil, err
		}
		if key != "" {
			m = map[string]any{key: m}
		}
		mergeInto(merged, m)
		read = append(read, p)
	}
	return read, nil
}

// configDirKey returns the top-level key a config directory file holds
// ("" for hugo.* and config.*, which hold top-level keys), and false for
// files that are not configuration or hold one language's settings.
func configDirKey(name string) (string, bool) {
	ext := path.Ext(name)
	switch strings.ToLower(ext) {
	case ".toml", ".yaml", ".yml", ".json":
	default:
		return "", false
	}
	base := strings.ToLower(strings.TrimSuffix(name, ext))
	if strings.Contains(base, ".") {
		return "", false // menus.en.toml: language-specific
	}
	if base == "hugo" || base == "config" {
		return "", true
	}
	return base, true
}

func isFile(fsys fs.FS, p string) bool {
	fi, err := fs.Stat(fsys, p)
	return err == nil && fi.Mode().IsRegular()
}

func isDir(fsys fs.FS, p string) bool {
	fi, err := fs.Stat(fsys, p)
	return err == nil && fi.IsDir()
}

// maxConfigSize bounds a configuration file; real ones are a few KiB.
const maxConfigSize = 4 << 20

// readConfigFile decodes one TOML, YAML or JSON file into a map with
// lower-case keys at every level (Hugo's keys are case-insensitive).
func readConfigFile(fsys fs.FS, p string) (map[string]any, error) {
	fi, err := fs.Stat(fsys, p)
	if err != nil {
		return nil, &ConfigError{File: p, Err: err}
	}
	if fi.Size() > maxConfigSize {
		return nil, &ConfigError{File: p, Err: fmt.Errorf("file is larger than %d MiB", maxConfigSize>>20)}
	}
	b, err := fs.ReadFile(fsys, p)
	if err != nil {
		return nil, &ConfigError{File: p, Err: err}
	}
	m := map[string]any{}
	switch strings.ToLower(path.Ext(p)) {
	case ".toml":
		err = toml.Unmarshal(b, &m)
	case ".json":
		err = json.Unmarshal(b, &m)
	default:
		if len(bytes.TrimSpace(b)) > 0 {
			err = yaml.Unmarshal(b, &m)
		}
	}
	if err != nil {
		return nil, configDecodeError(p, b, err)
	}
	return lowerKeys(m).(map[string]any), nil
}

// configDecodeError places a decoding error at its line and column where
// the decoder says where it is.
func configDecodeError(p string, b []byte, err error) error {
	ce := &ConfigError{File: p, Err: err}
	var te *toml.DecodeError
	var je *json.SyntaxError
	var ye *yaml.TypeError
	switch {
	case errors.As(err, &te):
		ce.Line, ce.Column = te.Position()
	case errors.As(err, &je):
		// Offset counts the bytes read, the offending one included.
		ce.Line, ce.Column = lineCol(b, int(je.Offset)-1)
	case errors.As(err, &ye):
		// yaml.v3 puts "line N:" in each message; there is no field.
	}
	return ce
}

func lineCol(b []byte, off int) (int, int) {
	off = min(max(off, 0), len(b))
	line := 1 + bytes.Count(b[:off], []byte{'\n'})
	col := off - bytes.LastIndexByte(b[:off], '\n')
	return line, col
}

// lowerKeys returns v with every map key lower-cased, recursively; maps
// with non-string keys (YAML allows them) get their keys formatted.
func lowerKeys(v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			out[strings.ToLower(k)] = lowerKeys(x)
		}
		return out
	case map[any]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			out[strings.ToLower(fmt.Sprint(k))] = lowerKeys(x)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = lowerKeys(x)
		}
		return out
	}
	return v
}

// mergeInto sets every key of src in dst, merging tables recursively
// (Hugo's config Set: the later file wins key by key).
func mergeInto(dst, src map[string]any) {
	for k, v := range src {
		sm, sok := v.(map[string]any)
		dm, dok := dst[k].(map[string]any)
		if sok && dok {
			mergeInto(dm, sm)
			continue
		}
		dst[k] = v
	}
}

// decodeConfig applies the settings of m to the defaults.
func decodeConfig(m map[string]any) (*Config, error) {
	c := DefaultConfig()
	c.Raw = m
	c.decodeDirs(m)
	switch v := m["uglyurls"].(type) {
	case bool:
		c.UglyURLs = v
	case map[string]any:
		c.UglySections = map[string]bool{}
		for k, x := range v {
			c.UglySections[k], _ = x.(bool)
		}
	}
	c.DisablePathToLower, _ = m["disablepathtolower"].(bool)
	c.RemovePathAccents, _ = m["removepathaccents"].(bool)
	c.EnableRobotsTXT, _ = m["enablerobotstxt"].(bool)
	for _, k := range strList(m["disablekinds"]) {
		c.DisableKinds[strings.ToLower(k)] = true
	}
	if v, ok := m["taxonomies"].(map[string]any); ok {
		c.Taxonomies = map[string]string{}
		for singular, plural := range v {
			if p := str(plural); p != "" {
				c.Taxonomies[singular] = strings.ToLower(p)
			}
		}
	}
	if p, ok := m["params"].(map[string]any); ok {
		c.Params = p
	}
	if err := c.decodeLanguages(m); err != nil {
		return nil, err
	}
	if err := c.decodeIgnoreFiles(m["ignorefiles"]); err != nil {
		return nil, err
	}
	if err := c.Markup.decode(m["markup"]); err != nil {
		return nil, err
	}
	perm, err := decodePermalinks(m["permalinks"])
	if err != nil {
		return nil, err
	}
	c.Permalinks = perm
	return c, nil
}

// decodeDirs reads the base URL and the project's directories.
func (c *Config) decodeDirs(m map[string]any) {
	c.BaseURL = str(m["baseurl"])
	setStr(&c.ContentDir, m["contentdir"])
	setStr(&c.DataDir, m["datadir"])
	setStr(&c.LayoutDir, m["layoutdir"])
	if v, ok := m["staticdir"]; ok {
		c.StaticDirs = strList(v)
	}
	c.Theme = strList(m["theme"])
}

func (c *Config) decodeLanguages(m map[string]any) error {
	setStr(&c.DefaultContentLanguage, m["defaultcontentlanguage"])
	c.DefaultContentLanguage = strings.ToLower(c.DefaultContentLanguage)
	c.Languages = []string{c.DefaultContentLanguage}
	langs, _ := m["languages"].(map[string]any)
	for _, code := range sortedKeys(langs) {
		if code != c.DefaultContentLanguage {
			c.Languages = append(c.Languages, code)
		}
	}
	return nil
}

func (c *Config) decodeIgnoreFiles(v any) error {
	for _, s := range strList(v) {
		re, err := regexp.Compile(s)
		if err != nil {
			return fmt.Errorf("ignoreFiles: %w", err)
		}
		c.IgnoreFiles = append(c.IgnoreFiles, re)
	}
	return nil
}

// decode reads the markup table.
func (mk *Markup) decode(v any) error {
	m, _ := v.(map[string]any)
	gm := table(m, "goldmark")
	parser := table(gm, "parser")
	setBool(&mk.AutoHeadingID, parser["autoheadingid"])
	if t, ok := parser["autoheadingidtype"]; ok {
		it := IDType(strings.ToLower(str(t)))
		if !it.Valid() {
			return fmt.Errorf("markup.goldmark.parser.autoHeadingIDType: %q is not github, github-ascii or blackfriday", str(t))
		}
		mk.AutoHeadingIDType = it
	}
	attr := table(parser, "attribute")
	setBool(&mk.AttributeBlock, attr["block"])
	setBool(&mk.AttributeTitle, attr["title"])
	setBool(&mk.Unsafe, table(gm, "renderer")["unsafe"])
	toc := table(m, "tableofcontents")
	setInt(&mk.TOCStartLevel, toc["startlevel"])
	setInt(&mk.TOCEndLevel, toc["endlevel"])
	setBool(&mk.TOCOrdered, toc["ordered"])
	return nil
}

func table(m map[string]any, key string) map[string]any {
	t, _ := m[key].(map[string]any)
	return t
}

func str(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case nil:
		return ""
	}
	return fmt.Sprint(v)
}

func setStr(dst *string, v any) {
	if s := str(v); s != "" {
		*dst = s
	}
}

func setBool(dst *bool, v any) {
	if b, ok := v.(bool); ok {
		*dst = b
	}
}

func setInt(dst *int, v any) {
	switch v := v.(type) {
	case int:
		*dst = v
	case int64:
		*dst = int(v)
	case float64:
		*dst = int(v)
	}
}

// strList accepts a string or a list of strings (Hugo's cast.ToStringSlice
// for the settings that take either).
func strList(v any) []string {
	switch v := v.(type) {
	case string:
		if v == "" {
			return nil
		}
		return []string{v}
	case []string:
		return v
	case []any:
		out := make([]string, 0, len(v))
		for _, x := range v {
			if s := str(x); s != "" {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
