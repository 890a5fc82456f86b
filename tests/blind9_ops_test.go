package tests

import (
	"fmt"
	"strings"
	"testing"
)

// b9Sample is a small guide with a line of every class the battery edits.
const b9Sample = `---
title: "Sample"
draft: false
date: 2025-06-01T12:55:40+00:00
---

## Tested Versions

See the [docs](https://example.com/docs) and ` + "`value`" + `.

### Assumptions

- __Client ID:__ ` + "`sample`" + `

{{< sitevar-preferences >}}

## Configuration

### Authelia

` + "```yaml {title=\"configuration.yml\"}" + `
identity_providers:
  oidc:
    ## Other options go here.
    authorization_policies:
      sample_policy:
        default_policy: 'deny'
        rules:
          - policy: 'two_factor'
            subject: 'group:app-users'
    clients:
      - client_id: 'sample'
        client_name: 'Sample'
        public: false
        authorization_policy: 'sample_policy'
        redirect_uris:
          - 'https://myapp.example.com/cb'
        scopes:
          - 'openid'
          - 'profile'
        token_endpoint_auth_method: 'client_secret_post'
` + "```" + `

### Application

` + "```shell {title=\".env\"}" + `
# The client.
CLIENT_ID=sample
` + "```" + `

| Setting | Value |
|---|---|
| Client | ` + "`sample`" + ` |

[docs]: https://example.com/docs
`

func TestBlind9Edits(t *testing.T) {
	g := b9Parse("sample", []byte(b9Sample))
	line := func(s string) int {
		for i, l := range g.lines {
			if strings.Contains(l, s) {
				return i
			}
		}
		t.Fatalf("no line %q", s)
		return -1
	}
	edit := map[string]b9Edit{}
	for _, e := range b9Edits {
		edit[e.name+" "+strings.Join(e.classes, ",")] = e
	}
	find := func(name, class string) b9Edit {
		for k, e := range edit {
			if strings.HasPrefix(k, name+" ") && strings.Contains(","+strings.Join(e.classes, ",")+",", ","+class+",") {
				return e
			}
		}
		t.Fatalf("no edit %s for %s", name, class)
		return b9Edit{}
	}
	for _, c := range []struct {
		edit, at, class string
		want            string // "defect", "control" or "none"
		text            string // a piece of the edited line
	}{
		{"key-letter-dropped", "client_name:", "authelia-key", "defect", "clien_name"},
		{"key-case-changed", "public: false", "authelia-key", "defect", "Public"},
		{"key-synonym", "redirect_uris:", "authelia-key", "defect", "redirect_urls"},
		{"key-underscore-dash", "token_endpoint", "authelia-key", "defect", "token-endpoint"},
		{"line-deleted", "public: false", "authelia-key", "control", ""},
		{"line-deleted", "client_name:", "authelia-key", "control", ""},
		{"line-deleted", "token_endpoint_auth_method", "authelia-key", "defect", ""},
		{"line-deleted", "- client_id", "authelia-key", "none", ""},
		{"line-duplicated", "public: false", "authelia-key", "defect", ""},
		{"line-duplicated", "'profile'", "authelia-item", "defect", ""},
		{"line-indent-more", "public: false", "authelia-key", "defect", ""},
		{"line-indent-less", "'profile'", "authelia-item", "defect", ""},
		{"value-enum-invalid", "token_endpoint", "authelia-key", "defect", "client_sceret_post"},
		{"value-letter-dropped", "client_name:", "authelia-key", "control", "Samle"},
		{"value-letter-dropped", "'profile'", "authelia-item", "defect", "proile"},
		{"value-quote-broken", "client_name:", "authelia-key", "defect", "'Sample\n"},
		{"defined-name-letter-dropped", "sample_policy:", "provider-key", "defect", "sample_olicy"},
		{"subject-prefix-typo", "subject:", "provider-key", "defect", "groups:"},
		{"value-enum-invalid", "default_policy", "provider-key", "defect", "dney"},
		{"key-letter-dropped", "CLIENT_ID=", "env-line", "defect", "CLIET_ID"},
		{"key-case-changed", "CLIENT_ID=", "env-line", "defect", "client_id="},
		{"value-letter-dropped", "CLIENT_ID=", "env-line", "defect", "CLIENT_ID=samle"},
		{"line-duplicated", "CLIENT_ID=", "env-line", "control", ""},
		{"word-typo", "# The client.", "fence-comment", "control", ""},
		{"heading-space-dropped", "## Configuration", "heading", "defect", "##Configuration"},
		{"heading-level-skipped", "### Authelia", "heading", "defect", "##### Authelia"},
		{"heading-level-skipped", "## Configuration", "heading", "none", ""},
		{"link-paren-spaced", "See the", "prose", "defect", "] ("},
		{"code-span-unclosed", "See the", "prose", "defect", "`value."},
		{"shortcode-close-broken", "sitevar-preferences", "shortcode", "defect", ">}\n"},
		{"shortcode-name-typo", "sitevar-preferences", "shortcode", "defect", "sitevar-peferences"},
		{"refdef-label-typo", "[docs]:", "refdef", "defect", "[dos]:"},
		{"table-pipe-dropped", "| Client", "table-row", "defect", "| Client  `sample` |"},
		{"value-letter-dropped", "| Client", "table-row", "defect", "samle"},
		{"key-case-changed", "draft:", "fm-key", "control", "Draft"},
		{"key-letter-dropped", "draft:", "fm-key", "defect", "drft"},
		{"date-invalid", "date:", "fm-key", "defect", "2025-13-"},
		{"value-quote-broken", "title:", "fm-key", "defect", `"Sample` + "\n"},
		{"value-case-changed", "public: false", "authelia-key", "control", "public: False"},
		{"value-case-changed", "token_endpoint", "authelia-key", "defect", "'Client_secret_post'"},
		{"quote-style-changed", "client_name:", "authelia-key", "control", `"Sample"`},
		{"list-key-given-scalar", "scopes:", "authelia-key", "defect", "scopes: 'openid'"},
		{"url-path-case", "'https://myapp.example.com/cb'", "authelia-item", "defect", "/Cb'"},
		{"url-host-letter-dropped", "'https://myapp.example.com/cb'", "authelia-item", "defect", "//mypp.example"},
		{"line-deleted", "CLIENT_ID=", "env-line", "defect", ""},
		{"comment-marker-dropped", "## Other options", "fence-comment", "defect", "    Other options go here."},
		{"fence-backtick-dropped", "```shell", "fence-open", "defect", "``shell"},
	} {
		i := line(c.at)
		if g.class[i] != c.class {
			t.Errorf("%s %q: class %s, want %s", c.edit, c.at, g.class[i], c.class)
			continue
		}
		m, ok := find(c.edit, c.class).apply(g, i)
		got := "none"
		if ok {
			got = map[bool]string{true: "defect", false: "control"}[m.defect]
		}
		if got != c.want {
			t.Errorf("%s on %q: %s (%s), want %s", c.edit, c.at, got, m.note, c.want)
			continue
		}
		if ok && c.text != "" && !strings.Contains(string(m.out)+"\n", c.text) {
			t.Errorf("%s on %q: the mutant has no %q: %q", c.edit, c.at, c.text, lineOf(m.out, i+1))
		}
	}
}

// TestBlind9Classes pins the class of each kind of line.
func TestBlind9Classes(t *testing.T) {
	g := b9Parse("sample", []byte(b9Sample))
	want := map[string]string{
		"title:": "fm-key", "## Tested": "heading", "See the": "prose", "- __Client": "list-item",
		"{{< sitevar-pref": "shortcode", "  oidc:": "authelia-key", "default_policy": "provider-key",
		"- policy:": "provider-key", "- client_id": "authelia-key", "- 'openid'": "authelia-item",
		"# The client.": "fence-comment", "CLIENT_ID=": "env-line", "| Client": "table-row", "[docs]:": "refdef",
	}
	for s, c := range want {
		for i, l := range g.lines {
			if strings.Contains(l, s) {
				if g.class[i] != c {
					t.Errorf("%q: class %q, want %q", l, g.class[i], c)
				}
				break
			}
		}
	}
}

func TestBlind9Verdict(t *testing.T) {
	for _, c := range []struct {
		name, before, after string
		same, ok            bool
	}{
		{"item indented more", "a:\n  - 'x'\n  - 'y'\n", "a:\n  - 'x'\n    - 'y'\n", false, false},
		{"only item less", "a:\n  - 'x'\n", "a:\n- 'x'\n", true, true},
		{"duplicate key", "a: 1\nb: 2\n", "a: 1\na: 1\nb: 2\n", false, false},
		{"key moved", "a:\n  b: 1\n  c: 2\n", "a:\n  b: 1\nc: 2\n", false, true},
	} {
		b, _ := b9YAML(c.before)
		a, ok := b9YAML(c.after)
		same := ok && strings.EqualFold(strings.TrimSpace(fmtAny(a)), strings.TrimSpace(fmtAny(b)))
		if ok != c.ok || ok && same != c.same {
			t.Errorf("%s: parsed %v same %v, want %v %v", c.name, ok, same, c.ok, c.same)
		}
	}
}

func fmtAny(v any) string { return strings.ReplaceAll(strings.TrimSpace(fmt.Sprint(v)), " ", "") }
