package authelia

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/guidec/guidec/internal/check"
	"github.com/guidec/guidec/internal/diag"
)

// TestDefaultChanged: a block that leaves out an option whose default
// differs between the tested release and the target gets
// authelia-default-changed, naming both releases and both defaults; a block
// that sets it, does not show its parent, or does not use it gets nothing.
func TestDefaultChanged(t *testing.T) {
	jarm := with(confidential, "response_modes: ['form_post.jwt']")
	headers := "server:\n  address: 'tcp://:9091'\n  headers:\n    permissions_policy: 'camera=()'\n"
	cases := []struct {
		name, version string
		targets       []string
		blocks        []string
		want          []string // substrings, one per default-changed finding, in order
	}{
		{"upgrade: a JARM client relies on the signing default", "4.38.17", []string{"4.39"}, []string{client(jarm...)}, []string{
			"on Authelia 4.39.20 (the guide is tested with 4.38.17; changed in 4.39.0): client 'app': option 'authorization_signed_response_alg' is not set and the client allows a JWT-secured response mode, so Authelia's default applies: 'RS256' on Authelia 4.39.20, but 'none' on 4.38.17, the release the guide is tested with",
		}},
		{"every release: reported once, at the release that changed it", "4.38.17", []string{"all"}, []string{client(jarm...)}, []string{
			"on Authelia 4.39.0 (the guide is tested with 4.38.17; changed in 4.39.0): client 'app'",
		}},
		{"set explicitly", "4.38.17", []string{"4.39"}, []string{client(with(jarm, "authorization_signed_response_alg: 'RS256'")...)}, nil},
		{"null is not set", "4.38.17", []string{"4.39"}, []string{client(with(jarm, "authorization_signed_response_alg:")...)}, []string{
			"'RS256' on Authelia 4.39.20, but 'none' on 4.38.17",
		}},
		{"the empty string is not set", "4.38.17", []string{"4.39"}, []string{client(with(jarm, "authorization_signed_response_alg: ''")...)}, []string{
			"'RS256' on Authelia 4.39.20, but 'none' on 4.38.17",
		}},
		{"an empty block scalar is not set either", "4.38.17", []string{"4.39"}, []string{client(with(jarm, "authorization_signed_response_alg: |-", "  ")...)}, []string{
			"'RS256' on Authelia 4.39.20, but 'none' on 4.38.17",
		}},
		{"no JWT response mode: the default is never used", "4.38.17", []string{"4.39"}, []string{client(with(confidential, "response_modes: ['form_post', 'query']")...)}, nil},
		{"the default response modes have none either", "4.38.17", []string{"4.39"}, []string{client(confidential...)}, nil},
		{"a comma-separated string of modes", "4.38.17", []string{"4.39"}, []string{client(with(confidential, "response_modes: 'query,jwt'")...)}, []string{
			"option 'authorization_signed_response_alg' is not set",
		}},
		{"set through a merge key", "4.38.17", []string{"4.39"}, []string{
			"x-defaults: &defaults\n  authorization_signed_response_alg: 'RS256'\n" + client(with(jarm, "<<: *defaults")...)}, nil},
		{"same default on both releases", "4.39.2", []string{"4.39.20"}, []string{client(jarm...)}, nil},
		{"the tested release itself", "4.38.17", []string{"4.38.17"}, []string{client(jarm...)}, nil},
		{"downgrade names the tested release's default", "4.39.9", []string{"4.38"}, []string{client(jarm...)}, []string{
			"on Authelia 4.38.19 (the guide is tested with 4.39.9; changed in 4.39.0): client 'app': option 'authorization_signed_response_alg' is not set and the client allows a JWT-secured response mode, so Authelia's default applies: 'none' on Authelia 4.38.19, but 'RS256' on 4.39.9",
		}},
		{"a page without tested versions documents the latest release", "", []string{"4.38"}, []string{client(jarm...)}, []string{
			"(the guide is tested with latest (4.39.20, the page names no tested version); changed in 4.39.0): client 'app': option 'authorization_signed_response_alg' is not set and the client allows a JWT-secured response mode, so Authelia's default applies: 'none' on Authelia 4.38.19, but 'RS256' on latest (4.39.20",
		}},
		{"server.headers shown without csp_template", "4.38.17", []string{"4.39"}, []string{headers}, []string{
			`changed in 4.39.0): server: headers: option 'csp_template' is not set, so Authelia's default applies: "default-src 'self'; base-uri 'self'; connect-src 'self'; frame-ancestors 'none'; frame-src 'none'; object-src 'none'; script-src 'self'; style-src 'self' 'nonce-%s'" on Authelia 4.39.20, but "default-src 'self'; frame-src 'none'; object-src 'none'; style-src 'self' 'nonce-%s'; frame-ancestors 'none'; base-uri 'self'" on 4.38.17`,
		}},
		{"server shown without headers: the block says nothing about them", "4.38.17", []string{"4.39"}, []string{"server:\n  address: 'tcp://:9091'\n"}, nil},
		{"csp_template set", "4.38.17", []string{"4.39"}, []string{headers + "    csp_template: \"default-src 'self'\"\n"}, nil},
		{"a fragment is judged with the block it adds to", "4.38.17", []string{"4.39"}, []string{
			client(jarm...),
			"identity_providers:\n  oidc:\n    clients:\n      - client_id: 'app'\n        claims_policy: ''\n",
		}, []string{"client 'app': option 'authorization_signed_response_alg' is not set"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, f := range runAgainst(t, tc.version, tc.targets, tc.blocks...) {
				if strings.HasPrefix(f, "authelia-default-changed: ") {
					got = append(got, f)
				}
			}
			if len(got) != len(tc.want) {
				t.Fatalf("got %d default-changed findings, want %d:\n%s", len(got), len(tc.want), strings.Join(got, "\n"))
			}
			for i, w := range tc.want {
				if !strings.Contains(got[i], w) {
					t.Errorf("finding %d:\n got  %s\n want …%s…", i, got[i], w)
				}
			}
		})
	}
}

// TestDefaultChangedHint: the finding's hint is the fix, setting the option
// explicitly, with both values; the finding is a warning at the client.
func TestDefaultChangedHint(t *testing.T) {
	g := scanGuide("guide.md", guideOf(client(with(confidential, "response_modes: ['form_post.jwt']")...)))
	var got []diag.Diagnostic
	Checker.Run(&check.Pass{File: g.file, Snippets: g.snippets, Texts: g.texts, Version: "4.38.17", Against: []string{"4.39.0"},
		Report: func(d diag.Diagnostic) {
			if d.Code == "authelia-default-changed" {
				got = append(got, d)
			}
		}})
	if len(got) != 1 {
		t.Fatalf("got %d findings, want 1", len(got))
	}
	d := got[0]
	if d.Severity != diag.Warning || !strings.Contains(d.Hint, "set 'authorization_signed_response_alg' explicitly") ||
		!strings.Contains(d.Hint, "'none' is what it was tested with, 'RS256' the default of Authelia 4.39.0") {
		t.Errorf("got %s %q", d.Severity, d.Hint)
	}
	if covered := string(g.file.Content[d.Span.Start:d.Span.End]); covered != "client_id" {
		t.Errorf("reported on %q, want the client entry's first key", covered)
	}
}

// TestDefaultsMatchSchemas: every default the release table claims is the
// schemas' default: an entry's old default is the v4.38 schema's and its
// new one the v4.39 schema's (for changes after 4.38.19, the release the
// v4.38 schema describes), and defaultAt gives the latest schema's default
// for latest. (TestReleaseTableMatchesSchemas checks the converse: every
// default that changed between the schemas has an entry.)
func TestDefaultsMatchSchemas(t *testing.T) {
	base := sharedPath(t, "authelia-schemas")
	old := schemaPaths(loadSchemaDoc(t, filepath.Join(base, "v4.38", "configuration.json")))
	cur := schemaPaths(loadSchemaDoc(t, filepath.Join(base, "v4.39", "configuration.json")))
	latest := schemaPaths(loadSchemaDoc(t, filepath.Join(base, "latest", "configuration.json")))
	n := 0
	for _, c := range releaseTable() {
		if c.kind != defaultChanged {
			continue
		}
		n++
		if !v43819.less(c.in) || newestKnown.less(c.in) {
			t.Errorf("%s: default change in %s, which no schema pair brackets", c.path, c.in.full())
			continue
		}
		if was, ok := old[c.path]; !ok || was != c.from {
			t.Errorf("%s: the table's default before %s is %q, the v4.38 schema's %q", c.path, c.in.full(), c.from, was)
		}
		if now, ok := cur[c.path]; !ok || now != c.to {
			t.Errorf("%s: the table's default from %s is %q, the v4.39 schema's %q", c.path, c.in.full(), c.to, now)
		}
		if got, _ := defaultAt(c.path, newestKnown); got != latest[c.path] {
			t.Errorf("%s: default on latest %q, the latest schema's %q", c.path, got, latest[c.path])
		}
		if got, _ := defaultAt(c.path, v43819); got != old[c.path] {
			t.Errorf("%s: default on 4.38.19 %q, the v4.38 schema's %q", c.path, got, old[c.path])
		}
	}
	if n == 0 {
		t.Error("the release table has no default change")
	}
}

// TestFindingKeyRelated: two findings of one code at one place differ by
// their related notes, so that the upgrade report and --against keep both.
func TestFindingKeyRelated(t *testing.T) {
	a := diag.Diagnostic{Code: "authelia-default-changed", Related: []diag.Related{{Message: "'a' is left to its default here"}}}
	b := a
	b.Related = []diag.Related{{Message: "'b' is left to its default here"}}
	if keyOf(a) == keyOf(b) {
		t.Error("findings about two options share a key")
	}
	c := a
	c.Message = "on another release"
	if keyOf(a) != keyOf(c) {
		t.Error("the same finding on two releases has two keys")
	}
}
