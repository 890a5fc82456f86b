package publish

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/guidec/guidec/internal/guide"
	"github.com/guidec/guidec/internal/source"
)

func TestSiteConfig(t *testing.T) {
	cfg := testConfig(t) // the repository's site/site.yaml, without diagnostics
	if cfg.Title != "guidec guides" || cfg.LanguageCode != "en-us" || cfg.AllowRawHTML || cfg.HighlightStyle != "github" {
		t.Errorf("config = %+v", cfg)
	}
	types := map[string]string{}
	for _, v := range cfg.Variables {
		types[v.Name] = v.Type + "=" + v.Default
	}
	want := map[string]string{"domain": "text=example.com", "subdomain-authelia": "text=auth", "port": "number=443", "tls": "boolean=true"}
	if !reflect.DeepEqual(types, want) {
		t.Errorf("variables = %v", types)
	}
	if v, ok := cfg.Variable("domain"); !ok || v.Label != "Domain" {
		t.Errorf("Variable(domain) = %+v, %v", v, ok)
	}
}

func TestParseConfig(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
	}{
		{"minimal", "title: T\nbaseURL: https://x.example/docs\n", nil},
		{"empty", "", nil},
		{"syntax", "title: T\n  x: 1\n", []string{"2:3 config-syntax: mapping values are not allowed in this context"}},
		{"not a mapping", "- a\n", []string{"1:1 config-type: expected a mapping, found a list"}},
		{"base url", "baseURL: /docs/\n", []string{`1:10 config-value: base URL "/docs/" must be an absolute http or https URL`}},
		{"base url query", "baseURL: https://x.example/?a=1\n", []string{`1:10 config-value: base URL "https://x.example/?a=1" must not have a query, fragment or user`}},
		{"language", "languageCode: en us\n", []string{`1:15 config-value: languageCode "en us" is not a language tag`}},
		{"style", "highlightStyle: githb\n", []string{`1:17 config-value: unknown highlight style "githb"`}},
		{"raw html type", "allowRawHTML: maybe\n", []string{"1:15 config-type: allowRawHTML must be true or false"}},
		{"unknown key", "titel: T\n", []string{`1:1 config-unknown-key: unknown key "titel"; did you mean "title"?`}},
		{"duplicate", "title: a\nTitle: b\n", []string{`2:1 config-duplicate-key: key "Title" is already defined`}},
		{"empty title", "title: ''\n", []string{"1:8 config-value: title is empty"}},
		{"variables not list", "variables: {a: 1}\n", []string{"1:12 config-type: variables must be a list, found a mapping"}},
		{"variable errors", `variables:
  - name: domain
  - name: Bad Name
  - label: no name
  - name: port
    type: number
    default: https
  - name: tls
    type: boolean
    default: yes
  - name: x
    type: date
  - name: domain
  - name: y
    colour: red
`, []string{
			`3:11 config-variable: variable name "Bad Name" is not valid`,
			"4:5 config-variable: variable has no name",
			`7:14 config-variable: default "https" of number variable "port" is not a number`,
			`10:14 config-variable: default "yes" of boolean variable "tls" is not true or false`,
			`12:11 config-variable: unknown variable type "date"`,
			`13:11 config-variable: variable "domain" is defined twice`,
			`15:5 config-unknown-key: unknown key "colour"`,
		}},
		{"params", "params: [1]\n", []string{"1:9 config-type: params must be a mapping, found a list"}},
		{"variable rules", `variables:
  - {name: a, validate: hostname, default: "exa mple.com"}
  - {name: b, type: number, validate: hostname}
  - {name: c, validate: email}
  - {name: d, min: 1}
  - {name: e, type: number, min: low}
  - {name: f, type: number, min: 10, max: 1}
  - {name: g, type: number, min: 1, max: 10, default: 11}
  - {name: h, type: number, default: 1e3}
  - {name: ok, type: number, min: -1.5, max: 65535, default: 443}
`, []string{
			`2:44 config-variable: default "exa mple.com" of variable "a" must be a host name such as example.com: letters, digits, '-' and dots`,
			"3:39 config-variable: validate applies to text variables, not number ones",
			`4:25 config-variable: unknown validation "email"`,
			"5:20 config-variable: min applies to number variables, not text ones",
			"6:34 config-type: min must be a number",
			"7:43 config-variable: max 1 is less than min 10",
			`8:55 config-variable: default "11" of variable "g" must be at most 10`,
			`9:38 config-variable: default "1e3" of variable "h" must be a number such as 8443`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, l := ParseConfig(source.NewFile("site.yaml", []byte(tt.in)))
			l.Sort()
			var got []string
			for _, d := range l {
				p := d.Start()
				got = append(got, fmt.Sprintf("%d:%d %s: %s", p.Line, p.Column, d.Code, d.Message))
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(tt.want, "\n  "))
			}
		})
	}
}

func TestParseConfigValues(t *testing.T) {
	c, l := ParseConfig(source.NewFile("site.yaml", []byte("BaseURL: https://x.example/docs\nhighlightstyle: MONOKAI\nparams: {a: [1, true]}\nvariables:\n  - {name: n, type: number, default: 8080}\n")))
	if len(l) > 0 {
		t.Fatal(l)
	}
	if c.BaseURL != "https://x.example/docs/" || c.HighlightStyle != "monokai" || c.Title != "guidec guides" {
		t.Errorf("config = %+v", c)
	}
	if !reflect.DeepEqual(c.Params, map[string]any{"a": []any{1, true}}) {
		t.Errorf("params = %#v", c.Params)
	}
	if !reflect.DeepEqual(c.Variables, []Variable{{Name: "n", Label: "n", Type: "number", Default: "8080"}}) {
		t.Errorf("variables = %+v", c.Variables)
	}
}

func TestLoadConfigMissing(t *testing.T) {
	c, l := LoadConfig(fstest.MapFS{}, "site.yaml")
	if len(l) != 1 || l[0].Code != "config-missing" || c.BaseURL != DefaultConfig().BaseURL {
		t.Errorf("got %+v, %v", c, l)
	}
}

func TestLoadLayoutsErrors(t *testing.T) {
	good := fstest.MapFS{
		"layouts/baseof.html": {Data: []byte(`<html>{{ block "main" . }}{{ end }}</html>`)},
		"layouts/single.html": {Data: []byte(`{{ define "main" }}{{ .Title }}{{ end }}`)},
		"layouts/index.html":  {Data: []byte(`{{ define "main" }}home{{ end }}`)},
		"layouts/alias.html":  {Data: []byte(`{{ .Permalink }}`)},
	}
	if _, l := LoadLayouts(good); len(l) > 0 {
		t.Fatalf("good layouts: %v", l)
	}
	bad := fstest.MapFS{}
	for k, v := range good {
		bad[k] = v
	}
	delete(bad, "layouts/alias.html")
	bad["layouts/single.html"] = &fstest.MapFile{Data: []byte("{{ define \"main\" }}\n{{ .Title }\n{{ end }}")}
	lay, l := LoadLayouts(bad)
	var got []string
	for _, d := range l {
		got = append(got, d.Filename()+" "+d.Code)
	}
	if lay != nil || !slices.Equal(got, []string{"layouts/single.html layout-syntax", "layouts/alias.html layout-missing"}) {
		t.Errorf("got %v, %v", lay, got)
	}
	if !strings.Contains(l[0].Message, "single.html:2") {
		t.Errorf("syntax message lacks the line: %q", l[0].Message)
	}
}

// FuzzConfig parses arbitrary site.yaml files: never a panic, every
// diagnostic inside the file.
func FuzzConfig(f *testing.F) {
	for _, s := range []string{"title: T\nbaseURL: https://x.example/\n", "variables:\n  - name: a\n    type: number\n    default: x\n", "a: b: c", "- 1", "params: &a [*a]"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, l := ParseConfig(source.NewFile("site.yaml", []byte(s)))
		if c == nil {
			t.Fatal("nil config")
		}
		for _, d := range l {
			if d.Span.Start < 0 || d.Span.End < d.Span.Start || d.Span.End > len(s) {
				t.Fatalf("%s: span %v outside [0,%d]", d.Code, d.Span, len(s))
			}
		}
		if _, err := NormalizeBaseURL(c.BaseURL); err != nil {
			t.Fatalf("accepted base URL %q: %v", c.BaseURL, err)
		}
	})
}

// FuzzAliasFile checks that every alias guide accepts maps to an output
// path CheckPath accepts: aliases can never write outside the site.
func FuzzAliasFile(f *testing.F) {
	for _, s := range []string{"/integration/openid-connect/romm/", "/a/%2e%2e/b/", "old.html", "/a/%252e%252e/", "/%c0%ae%c0%ae/"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := guide.AliasFile(s)
		if err != nil {
			return
		}
		if cerr := CheckPath(p); cerr != nil {
			t.Fatalf("alias %q accepted as %q, but %v", s, p, cerr)
		}
	})
}

func TestVariableCheck(t *testing.T) {
	one, top := 1.0, 65535.0
	host := Variable{Name: "domain", Type: TypeText, Validate: ValidateHostname}
	port := Variable{Name: "port", Type: TypeNumber, Min: &one, Max: &top}
	flag := Variable{Name: "tls", Type: TypeBoolean}
	free := Variable{Name: "note", Type: TypeText}
	tests := []struct {
		v     Variable
		value string
		ok    bool
	}{
		{host, "", true},
		{host, "example.com", true},
		{host, "a.b-c.example", true},
		{host, "localhost", true},
		{host, "xn--bcher-kva.example", true},
		{host, strings.Repeat("a", 63) + ".com", true},
		{host, strings.Repeat("a", 64) + ".com", false},
		{host, strings.Repeat("abcdefghi.", 25) + "com", true}, // 253 characters
		{host, strings.Repeat("abcdefghi.", 25) + "coms", false},
		{host, "-example.com", false},
		{host, "example-.com", false},
		{host, "example..com", false},
		{host, "example.com.", false},
		{host, ".example.com", false},
		{host, "exa mple.com", false},
		{host, "under_score.com", false},
		{host, "bücher.de", false},
		{host, "https://example.com", false},
		{host, "example.com/path", false},
		{host, `<img src=x onerror=alert(1)>`, false},
		{port, "443", true},
		{port, "1", true},
		{port, "65535", true},
		{port, "0", false},
		{port, "65536", false},
		{port, "-1", false},
		{port, "8443.5", true},
		{port, "1e3", false},
		{port, "0x1BB", false},
		{port, " 443", false},
		{port, "Infinity", false},
		{flag, "true", true},
		{flag, "false", true},
		{flag, "yes", false},
		{free, `<img src=x onerror=alert(1)>`, true},
	}
	for _, tt := range tests {
		if err := tt.v.Check(tt.value); (err == nil) != tt.ok {
			t.Errorf("%s.Check(%q) = %v, want ok=%v", tt.v.Name, tt.value, err, tt.ok)
		}
	}
}

// TestDefaultVariables: the built-in configuration defines the site
// variables of the built-in site.yaml, so that guides written for the
// built-in shortcodes show no sitevar-undefined in a site directory that
// lists no variables (or has no site.yaml); a variables list replaces them.
func TestDefaultVariables(t *testing.T) {
	if got, want := DefaultConfig().Variables, testConfig(t).Variables; !reflect.DeepEqual(got, want) {
		t.Errorf("DefaultConfig().Variables = %+v\nsite/site.yaml defines %+v", got, want)
	}
	for _, in := range []string{"title: T\n", ""} {
		c, _ := ParseConfig(source.NewFile("site.yaml", []byte(in)))
		if _, ok := c.Variable("domain"); !ok {
			t.Errorf("%q: the default variable domain is missing", in)
		}
	}
	c, _ := LoadConfig(fstest.MapFS{}, "site.yaml")
	if _, ok := c.Variable("subdomain-authelia"); !ok {
		t.Errorf("missing site.yaml: the default variable subdomain-authelia is missing")
	}
	for _, in := range []string{"variables: []\n", "variables:\n", "variables:\n  - {name: other}\n"} {
		c, _ := ParseConfig(source.NewFile("site.yaml", []byte(in)))
		if _, ok := c.Variable("domain"); ok {
			t.Errorf("%q: the defaults survive a variables list", in)
		}
	}
	// Each call returns its own copy: a caller's change stays its own.
	a := DefaultConfig()
	*a.Variables[2].Min = 99
	a.Variables[0].Default = "x"
	if b := DefaultConfig(); *b.Variables[2].Min != 1 || b.Variables[0].Default != "example.com" {
		t.Errorf("DefaultConfig shares its variables between calls")
	}
}
