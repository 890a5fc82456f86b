package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/template"
	"time"
)

// newGuideTemplate is the skeleton of a guide in the format guidec compiles.
// It is text/template (not html) because it produces Markdown.
var newGuideTemplate = template.Must(template.New("guide").Delims("<<", ">>").Parse(`---
title: "<<.Title>>"
description: "Integrating <<.Title>> with the Authelia OpenID Connect 1.0 Provider."
summary: ""
date: <<.Date>>
draft: true
images: []
weight: 620
toc: true
aliases:
  - '/integration/openid-connect/<<.Name>>/'
support:
  level: community
  versions: true
  integration: true
seo:
  title: "<<.Title>> | OpenID Connect 1.0 | Integration"
  description: "Step-by-step guide to configuring <<.Title>> with OpenID Connect 1.0 for secure SSO."
  canonical: ""
  noindex: false
---

## Tested Versions

- [Authelia]
  - [v4.39.20](https://github.com/authelia/authelia/releases/tag/v4.39.20)
- [<<.Title>>]
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

The following YAML configuration is an example __Authelia__ client configuration for use with [<<.Title>>]:

` + "```" + `yaml {title="configuration.yml"}
identity_providers:
  oidc:
    clients:
      - client_id: '<<.Name>>'
        client_name: '<<.Title>>'
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

Describe how to configure [<<.Title>>] here.

## See Also

- [<<.Title>> documentation](https://example.com/)

[Authelia]: https://www.authelia.com
[<<.Title>>]: https://example.com/
`))

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
	if err := validName(name); err != nil {
		fmt.Fprintf(stderr, "guidec new: %v\n", err)
		return exitUsage
	}
	if *title == "" {
		*title = name
	}
	dir := filepath.Join(*source, name)
	path := filepath.Join(dir, "index.md")
	if _, err := os.Stat(path); err == nil {
		fmt.Fprintf(stderr, "guidec new: %s already exists\n", path)
		return exitUsage
	} else if !errors.Is(err, os.ErrNotExist) {
		fmt.Fprintf(stderr, "guidec new: %v\n", err)
		return exitUsage
	}
	var b strings.Builder
	data := map[string]string{"Name": name, "Title": *title, "Date": time.Now().UTC().Format(time.RFC3339)}
	if err := newGuideTemplate.Execute(&b, data); err != nil {
		fmt.Fprintf(stderr, "guidec new: %v\n", err)
		return exitUsage
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		fmt.Fprintf(stderr, "guidec new: %v\n", err)
		return exitUsage
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		fmt.Fprintf(stderr, "guidec new: %v\n", err)
		return exitUsage
	}
	fmt.Fprintf(stdout, "created %s (a draft: build with --drafts or set draft: false)\n", path)
	return exitOK
}

// validName accepts a guide folder name that is one safe URL path segment.
func validName(name string) error {
	if name == "" || len(name) > 100 {
		return fmt.Errorf("invalid name %q: 1 to 100 characters", name)
	}
	for _, r := range name {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.') {
			return fmt.Errorf("invalid name %q: use lowercase letters, digits, '-', '_' and '.'", name)
		}
	}
	if name[0] == '.' || name[0] == '-' {
		return fmt.Errorf("invalid name %q: must start with a letter or digit", name)
	}
	return nil
}
