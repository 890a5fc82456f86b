package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing/fstest"
	"text/template"
	"time"
	"unicode"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/guidec/guidec/internal/build"
	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/guide"
)

// newGuideTemplate is the skeleton of a guide in the format guidec compiles.
// It is text/template (not html) because it produces Markdown: every value
// is encoded beforehand for the place it goes (see skeleton). It is parsed
// on first use: only `guidec new` needs it, and every process paid the
// parse before main (docs/performance.md, Start-up).
var newGuideTemplate = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("guide").Delims("<<", ">>").Parse(newGuideText))
})

const newGuideText = `<<.FrontMatter>>
## Tested Versions

- [Authelia]
  - [v4.39.20](https://github.com/authelia/authelia/releases/tag/v4.39.20)
- [<<.TitleMarkdown>>]
  - vX.Y.Z

{{% oidc-common %}}

### Assumptions

This example makes the following assumptions:

- __Application Root URL:__ ` + "`" + `https://<<.Name>>.{{< sitevar name="domain" nojs="example.com" >}}/` + "`" + `
- __Authelia Root URL:__ ` + "`" + `https://{{< sitevar name="subdomain-authelia" nojs="auth" >}}.{{< sitevar name="domain" nojs="example.com" >}}/` + "`" + `
- __Client ID:__ ` + "`" + `<<.Name>>` + "`" + `
- __Client Secret:__ ` + "`" + `insecure_secret` + "`" + `

Some of the values presented in this guide can automatically be replaced with documentation variables.

{{< sitevar-preferences >}}

## Configuration

### Authelia

The following YAML configuration is an example __Authelia__ client configuration for use with [<<.TitleMarkdown>>]:

` + "```" + `yaml {title="configuration.yml"}
identity_providers:
  oidc:
    clients:
      - client_id: '<<.Name>>'
        client_name: '<<.TitleQuoted>>'
        client_secret: '$pbkdf2-sha512$310000$c8p78n7pUMln0jzvd4aK4Q$JNRBzwAo0ek5qKn50cFzzvE9RXV88h1wJn5KGiHrD0YKtZaR/nCb2CJPOsKaPK0hjf.9yHxzQGZziziccp6Yng'  # The digest of 'insecure_secret'.
        public: false
        authorization_policy: 'two_factor'
        redirect_uris:
          - 'https://<<.Name>>.{{< sitevar name="domain" nojs="example.com" >}}/oauth/callback'
        scopes:
          - 'openid'
          - 'profile'
          - 'email'
        response_types:
          - 'code'
        grant_types:
          - 'authorization_code'
        token_endpoint_auth_method: 'client_secret_basic'
` + "```" + `

### Application

Describe how to configure [<<.TitleMarkdown>>] here.

## See Also

- [<<.TitleMarkdown>> documentation](https://example.com/)

[Authelia]: https://www.authelia.com
[<<.TitleMarkdown>>]: https://example.com/
`

// skeleton is what newGuideTemplate is filled with: the name (a validated
// path segment, safe anywhere) and the title encoded for each place it goes.
type skeleton struct {
	Name          string
	FrontMatter   string // the whole front matter, delimiters included, marshalled by yaml.v3
	TitleMarkdown string // for Markdown text and link labels: ASCII punctuation backslash-escaped
	TitleQuoted   string // for the inside of a single-quoted YAML scalar: ' doubled
}

func runNew(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("new", "new NAME [--source DIR] [--title TITLE]", stderr)
	source := fs.String("source", "guides", "guides directory")
	title := fs.String("title", "", "the application's display name (default: NAME)")
	if done, code := parse(fs, args, stdout); done {
		return code
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "guidec new: exactly one NAME is required")
		return exitUsage
	}
	name := fs.Arg(0)
	if *title == "" {
		*title = name
	}
	content, err := newGuide(name, *title, time.Now().UTC())
	if err == nil {
		err = createGuide(*source, name, content)
	}
	if err != nil {
		fmt.Fprintf(stderr, "guidec new: %v\n", err)
		return exitUsage
	}
	fmt.Fprintf(stdout, "created %s (a draft: build with --drafts or set draft: false)\n", filepath.Join(*source, name, guide.IndexFile))
	return exitOK
}

// newGuide returns the skeleton of guide name titled title, after proving
// that it reads back as written: its front matter decodes to the same
// title, and checking it finds no error.
func newGuide(name, title string, date time.Time) ([]byte, error) {
	if err := validName(name); err != nil {
		return nil, err
	}
	if err := validTitle(title); err != nil {
		return nil, err
	}
	content, err := newSkeleton(name, title, date)
	if err != nil {
		return nil, err
	}
	if err := verifyGuide(name, title, date, content); err != nil {
		return nil, err
	}
	return content, nil
}

// newSkeleton fills newGuideTemplate for name and title.
func newSkeleton(name, title string, date time.Time) ([]byte, error) {
	fm, err := frontMatter(name, title, date)
	if err != nil {
		return nil, err
	}
	quoted := strings.ReplaceAll(title, "'", "''")
	var b bytes.Buffer
	if err := newGuideTemplate().Execute(&b, skeleton{Name: name, FrontMatter: fm, TitleMarkdown: markdownEscape(title), TitleQuoted: quoted}); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// frontMatter marshals the skeleton's front matter with yaml.v3, so that
// any title is quoted and escaped as YAML requires.
func frontMatter(name, title string, date time.Time) (string, error) {
	str := func(v string) *yaml.Node {
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Style: yaml.DoubleQuotedStyle, Value: v}
	}
	lit := func(tag, v string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: v} }
	mapping := func(kv ...*yaml.Node) *yaml.Node { return &yaml.Node{Kind: yaml.MappingNode, Content: kv} }
	key := func(k string) *yaml.Node { return lit("!!str", k) }
	alias := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Style: yaml.SingleQuotedStyle, Value: "/integration/openid-connect/" + name + "/"}
	root := mapping(
		key("title"), str(title),
		key("description"), str("Integrating "+title+" with the Authelia OpenID Connect 1.0 Provider."),
		key("summary"), str(""),
		key("date"), lit("!!timestamp", date.Format(time.RFC3339)),
		key("draft"), lit("!!bool", "true"),
		key("images"), &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle},
		key("weight"), lit("!!int", "620"),
		key("toc"), lit("!!bool", "true"),
		key("aliases"), &yaml.Node{Kind: yaml.SequenceNode, Content: []*yaml.Node{alias}},
		key("support"), mapping(key("level"), lit("!!str", "community"), key("versions"), lit("!!bool", "true"),
			key("integration"), lit("!!bool", "true")),
		key("seo"), mapping(key("title"), str(title+" | OpenID Connect 1.0 | Integration"),
			key("description"), str("Step-by-step guide to configuring "+title+" with OpenID Connect 1.0 for secure SSO."),
			key("canonical"), str(""), key("noindex"), lit("!!bool", "false")),
	)
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(root); err != nil {
		return "", fmt.Errorf("front matter: %w", err)
	}
	if err := enc.Close(); err != nil {
		return "", fmt.Errorf("front matter: %w", err)
	}
	return "---\n" + b.String() + "---\n", nil
}

// markdownEscape backslash-escapes every ASCII punctuation character of s,
// which CommonMark allows before any of them: the title then reads as
// text in a paragraph, a list item or a link label, never as markup.
func markdownEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r < 0x80 && unicode.IsPunct(r) || r < 0x80 && unicode.IsSymbol(r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// verifyGuide loads content as guide name: the title must read back
// unchanged. Then it checks it, with the templates `guidec check` uses by
// default, beside the same skeleton under a plain title: the title may add
// no error or warning. This is the proof that the encodings above hold for
// this title, whatever it holds, and it does not depend on whether the
// skeleton checks clean with the templates at hand.
func verifyGuide(name, title string, date time.Time, content []byte) error {
	src := fstest.MapFS{name + "/" + guide.IndexFile: {Data: content, Mode: 0o644}}
	g, _ := guide.Load(src, ".", name, "")
	if g == nil || g.Meta.Title != title {
		return fmt.Errorf("title %q does not survive in the front matter; please report this", title)
	}
	after, err := checkSkeleton(name, content)
	if err != nil {
		return err
	}
	plain, err := newSkeleton(name, "App", date)
	if err != nil {
		return err
	}
	before, err := checkSkeleton(name, plain)
	if err != nil {
		return err
	}
	if d := newProblem(before, after); d != nil {
		p := d.Start()
		return fmt.Errorf("with title %q the new guide would not check (%d:%d: %s: %s)", title, p.Line, p.Column, d.Code, d.Message)
	}
	return nil
}

// checkSkeleton checks content as the only guide, name, and returns its
// diagnostics.
func checkSkeleton(name string, content []byte) (diag.List, error) {
	site, sc, err := defaultTemplates()
	if err != nil {
		return nil, err
	}
	src := fstest.MapFS{name + "/" + guide.IndexFile: {Data: content, Mode: 0o644}}
	res, err := build.Run(context.Background(), build.Options{Source: src, SourceName: ".", Site: site, Shortcodes: sc,
		Drafts: true, Check: true, Jobs: 1})
	if err != nil {
		return nil, fmt.Errorf("cannot check the new guide: %w", err)
	}
	var out diag.List
	for _, d := range res.Diags {
		if d.File != nil && strings.HasSuffix(d.File.Name, "/"+guide.IndexFile) {
			out = append(out, d)
		}
	}
	return out, nil
}

// createGuide writes content as source/name/index.md. It creates the
// source directory if needed, and the guide directory, but writes nothing
// through a symbolic link: the guide directory must be absent or a real
// directory, and index.md must not exist in any form (file, link, even
// dangling); the file is created exclusively (O_EXCL), inside source only
// (os.Root), and removed again if writing it fails.
func createGuide(source, name string, content []byte) error {
	if err := os.MkdirAll(source, 0o755); err != nil {
		return err
	}
	root, err := os.OpenRoot(source)
	if err != nil {
		return err
	}
	defer root.Close()
	switch st, err := root.Lstat(name); {
	case errors.Is(err, fs.ErrNotExist):
		if err := root.Mkdir(name, 0o755); err != nil {
			return err
		}
	case err != nil:
		return err
	case st.Mode()&fs.ModeSymlink != 0:
		return fmt.Errorf("%s is a symbolic link; guidec does not write through links", filepath.Join(source, name))
	case !st.IsDir():
		return fmt.Errorf("%s exists and is not a directory", filepath.Join(source, name))
	}
	index := name + "/" + guide.IndexFile
	display := filepath.Join(source, name, guide.IndexFile)
	if _, err := root.Lstat(index); err == nil {
		return fmt.Errorf("%s already exists", display)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	f, err := root.OpenFile(index, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%s already exists", display)
	}
	if err != nil {
		return err
	}
	_, err = f.Write(content)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		root.Remove(index) // ours, and incomplete
		return err
	}
	return nil
}

// validName accepts a guide folder name that is one safe URL path segment
// and a name the loader accepts (guide.ValidName): lowercase letters,
// digits, '-', '_' and '.', starting with a letter or digit, without "..".
func validName(name string) error {
	if err := guide.ValidName(name); err != nil {
		return fmt.Errorf("invalid name: %w", err)
	}
	if strings.ToLower(name) != name {
		return fmt.Errorf("invalid name %q: use lowercase letters", name)
	}
	if strings.Contains(name, "..") {
		return fmt.Errorf("invalid name %q: \"..\" is not allowed", name)
	}
	return nil
}

// validTitle rejects what no encoding can carry into every place the
// title goes: a title is one line of text (no control characters or line
// separators), holds no shortcode delimiters ("{{", "}}", which shortcode
// expansion reads even inside code) and no character guidec reserves.
func validTitle(title string) error {
	for _, r := range title {
		switch {
		case r == utf8.RuneError:
			return fmt.Errorf("invalid title %q: not UTF-8", title)
		case unicode.IsControl(r) || r == '\u2028' || r == '\u2029':
			return fmt.Errorf("invalid title %q: a title is one line of text, without control characters", title)
		case r == '\uFFFC' || r == '\uFEFF':
			return fmt.Errorf("invalid title %q: U+%04X is reserved", title, r)
		}
	}
	if strings.Contains(title, "{{") || strings.Contains(title, "}}") {
		return fmt.Errorf("invalid title %q: {{ and }} delimit shortcodes", title)
	}
	if len(title) > 200 {
		return fmt.Errorf("invalid title %q: at most 200 bytes", title)
	}
	return nil
}
