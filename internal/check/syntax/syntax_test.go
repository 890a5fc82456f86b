package syntax

import (
	"bytes"
	"github.com/guidec/guidec/internal/testenv"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/snippet"
	"github.com/guidec/guidec/internal/source"
)

// tick writes a fence without fighting Go's raw strings: every "”'" in a
// fixture becomes "```".
func tick(s string) string { return strings.ReplaceAll(s, "'''", "```") }

const sv = `{{< sitevar name="domain" nojs="example.com" >}}`

func TestChecker(t *testing.T) {
	tests := []struct {
		name  string
		guide string
		want  []string // "line:col code: message", in guide order
	}{
		// YAML
		{"yaml valid with sitevar and placeholder", `# T
'''yaml {title="configuration.yml"}
url: 'https://` + sv + `/x'
secret: '<provided by the app>'
'''
`, nil},
		{"yaml duplicate key", `# T
'''yaml
a: 1
b:
  c: 1
  c: 2
'''
`, []string{`g.md:6:3 yaml-duplicate-key: duplicate key "c"`}},
		{"yaml duplicate quoted key", `'''yaml
"a b": 1
'a b': 2
'''
`, []string{`g.md:3:1 yaml-duplicate-key: duplicate key "a b"`}},
		{"yaml keys of other tags and merge keys", `'''yaml
base: &b {x: 1}
m:
  1: a
  "1": b
  <<: *b
  <<: *b
---
base: 2
'''
`, nil},
		{"yaml bad indentation", `# T

'''yaml
x:
  a: 1
 b: 2
'''
`, []string{`g.md:6:2 yaml-syntax: 'b' is indented 1 space, which lines it up with no mapping above it: the keys above it are indented 2`}},
		// Mistakes on the line before the one YAML stops at are reported
		// on their own line; a string with a colon in a list is not one.
		{"yaml no space after colon in a list entry", "'''yaml\nclients:\n  - client_id:'app'\n    client_name: 'App'\n'''\n",
			[]string{`g.md:3:5 yaml-syntax: no space after the colon of 'client_id:', so YAML reads "client_id:'app'" as one piece of text, not a key and its value`}},
		{"yaml no space after colon in a mapping", "'''yaml\na: 1\nb:\"x\"\nc: 2\n'''\n",
			[]string{`g.md:3:1 yaml-syntax: no space after the colon of 'b:', so YAML reads "b:\"x\"" as one piece of text, not a key and its value`}},
		{"yaml no colon before the next key", "'''yaml\nservice:\n  enabled true\n  port: 80\n'''\n",
			[]string{`g.md:3:3 yaml-syntax: no colon after 'enabled', so YAML reads "enabled true" as one piece of text, not a key and its value`}},
		{"yaml image tag is not a missing space", "'''yaml\nimages:\n  - nginx:latest\n  bad: x\n'''\n",
			[]string{`g.md:4:3 yaml-syntax: 'bad' lines up with the '- ' entries of the list above it but is not one`}},
		{"yaml key left its mapping", "'''yaml\nservices:\n  app:\n    environment:\n      A: '1'\n    B: '2'\n      C: '3'\n'''\n",
			[]string{`g.md:6:5 yaml-syntax: 'B' is indented 4 spaces, less than the other keys of 'environment' (6), and the lines after it no longer fit`}},
		{"yaml list items dedented under their key", "'''yaml\nclients:\n  - client_id: 'a'\n    scopes:\n  - 'openid'\n  - 'email'\n    public: false\n'''\n",
			[]string{`g.md:5:5 yaml-syntax: the list under 'scopes' starts here indented 2 spaces, less than 'scopes' itself (4): YAML reads its items as entries of an outer list and 'scopes' as empty`}},
		{"yaml one list item dedented under its key", "'''yaml\nclients:\n  - client_id: 'a'\n    scopes:\n  - 'openid'\n      - 'email'\n'''\n",
			[]string{`g.md:5:5 yaml-syntax: the list under 'scopes' starts here indented 2 spaces, less than 'scopes' itself (4): YAML reads its items as entries of an outer list and 'scopes' as empty`}},
		{"yaml item after mapping", `'''yaml
x:
  - a
  b: 1
'''
`, []string{`g.md:4:3 yaml-syntax: 'b' lines up with the '- ' entries of the list above it but is not one`}},
		{"yaml unterminated quote after sitevar", `'''yaml
a: 1
url: 'https://` + sv + `/x
b: 2
'''
`, []string{`g.md:3:1 yaml-syntax: the quote (') that opens the value is not closed on this line, so YAML reads the next lines as part of the value`}},
		{"yaml unclosed flow", `'''yaml
l1: 1
l3: [a, b
l4: 4
'''
`, []string{`g.md:3:1 yaml-syntax: did not find expected ',' or ']'`}},
		{"yaml tab", "'''yaml\na:\n\tb: 1\n'''\n", []string{`g.md:3:1 yaml-tab: tab used for indentation`}},
		{"yaml dash without blank", "'''yaml\nscopes:\n  -'groups'\n'''\n", []string{`g.md:3:3 yaml-dash-blank: "-'groups'" is a string, not a list item: YAML needs a blank after a list item's dash`}},
		{"yaml dash glued to a key", "'''yaml\nrules:\n  -matches:\n      - path: /\n    backendRefs:\n      - name: x\n'''\n", []string{`g.md:3:3 yaml-dash-blank: "-matches:" is not a list item: YAML needs a blank after a list item's dash`}},
		{"yaml dash glued to an item among items", "'''yaml\nscopes:\n  - openid\n  -email\n  - profile\n'''\n", []string{`g.md:4:3 yaml-dash-blank: "-email" is not a list item: YAML needs a blank after a list item's dash`}},
		{"yaml negative number and document marker: control", "'''yaml\na:\n  -1\n---\nb: [\n'''\n", []string{`g.md:5:1 yaml-syntax: a value is missing, or a bracket is not closed`}},
		{"yaml embedded in a block scalar: glued dash", "'''yaml\ndata:\n  sso: |\n    issuer: https://auth.example.com\n    scopes:\n      - groups\n      -email\n      - profile\n'''\n", []string{`g.md:7:7 yaml-dash-blank: "-email" is not a list item: YAML needs a blank after a list item's dash (in the YAML document "sso" holds)`}},
		{"yaml embedded in a block scalar: no colon", "'''yaml\ndata:\n  oidc.config: |\n    name: Authelia\n    clientID: app\n    clientSecret\n'''\n", []string{`g.md:6:5 yaml-syntax: this line is neither 'key: value' nor the continuation of a value (in the YAML document "oidc.config" holds)`}},
		{"yaml embedded in a block scalar: duplicate key", "'''yaml\ndata:\n  oidc.config: |\n    name: Authelia\n    name: Other\n'''\n", []string{`g.md:5:5 yaml-duplicate-key: duplicate key "name" (in the YAML document "oidc.config" holds)`}},
		{"yaml embedded: clean document, scripts and other formats are not checked", "'''yaml\ndata:\n  sso: |\n    issuer: https://auth.example.com\n    scopes:\n      - groups\n  run.sh: |\n    set -e\n    echo a: b\n  nginx.conf: |\n    server {\n      listen 80;\n    }\n  app.properties: |\n    a: 1\n    b c\n  script: |\n    echo hello: world\n    exit 1\n'''\n", nil},
		{"yaml dash without blank, double quote, flow", "'''yaml\na: [-\"x\", y]\nb: -\"z\"\n'''\n", []string{`g.md:2:5 yaml-dash-blank: "-\"x\"" is a string, not a list item: YAML needs a blank after a list item's dash`, `g.md:3:4 yaml-dash-blank: "-\"z\"" is a string, not a list item: YAML needs a blank after a list item's dash`}},
		{"yaml dash values that are fine", "'''yaml\nargs:\n  -v\nn: -1\nq: \"-'x'\"\n-'k': 1\n'''\n", nil},
		{"yaml tab in block scalar", "'''yaml\na:\n  b: |\n    x\n  \ty\n'''\n", []string{`g.md:5:3 yaml-tab: tab used for indentation`}},
		{"yaml tab inside a flow is fine", "'''yaml\na: [1,\n\t2]\n'''\n", nil},
		{"yaml error in second document", `'''yaml
a: 1
---
a: [
'''
`, []string{`g.md:4:1 yaml-syntax: a value is missing, or a bracket is not closed`}},
		{"yaml by title", `'''text {title="values.yaml"}
a: 1
a: 2
'''
`, []string{`g.md:3:1 yaml-duplicate-key: duplicate key "a"`}},
		{"yaml in an indented fence", `1. Step:

   '''yaml
   a:
     b: 1
     b: 2
   '''
`, []string{`g.md:6:6 yaml-duplicate-key: duplicate key "b"`}},

		{"yaml columns count runes", "'''yaml\nx: {é: 1, é: 2}\n'''\n", []string{`g.md:2:11 yaml-duplicate-key: duplicate key "é"`}},
		{"json columns count runes", "'''json\n{\"é\": 1, \"é\": 2}\n'''\n", []string{`g.md:2:10 json-duplicate-key: duplicate key "é"`}},
		{"toml columns after multibyte", "'''toml\na = \"ü\" x\n'''\n", []string{`g.md:2:9 toml-syntax: expected newline but got U+0078 'x'`}},
		// JSON
		{"json valid", "'''json\n{\"a\": [1, {\"b\": null}], \"c\": \"" + sv + "\"}\n'''\n", nil},
		{"json trailing comma", "'''json\n{\n  \"a\": 1,\n}\n'''\n", []string{`g.md:3:9 json-syntax: trailing comma before '}'`}},
		{"json trailing comma in array", "'''json\n[1, 2, ]\n'''\n", []string{`g.md:2:6 json-syntax: trailing comma before ']'`}},
		{"json invalid character", "'''json\n{\"a\": tru}\n'''\n", []string{`g.md:2:10 json-syntax: invalid character '}' in literal true (expecting 'e')`}},
		{"json unexpected end", "'''json\n{\"a\": [1\n'''\n", []string{`g.md:2:9 json-syntax: unexpected end of JSON input`}},
		{"json two values", "'''json\n{}\n{}\n'''\n", []string{`g.md:3:1 json-syntax: invalid character '{' after top-level value`}},
		{"json duplicate key", "'''json\n{\"a\": {\"x\": 1, \"y\": 2, \"x\": 3}, \"b\": [{\"x\": 1}, {\"x\": 2}]}\n'''\n", []string{`g.md:2:24 json-duplicate-key: duplicate key "x"`}},
		{"json duplicate key after escape", "'''json\n{\"a\": 1, \"\\u0061\": 2}\n'''\n", []string{`g.md:2:10 json-duplicate-key: duplicate key "a"`}},
		{"json member excerpt", "'''json\n\"a\": 1,\n\"b\": {\"c\": [1, 2]},\n'''\n", nil},
		{"json member excerpt duplicate", "'''json\n\"a\": 1,\n\"a\": 2\n'''\n", []string{`g.md:3:1 json-duplicate-key: duplicate key "a"`}},
		{"json member excerpt missing comma", "'''json\n\"a\": 1\n\"b\": 2\n'''\n", []string{`g.md:2:6 json-syntax: a comma is missing after this value: JSON separates members and elements with commas`}},
		{"json missing comma after string", "'''json\n{\n  \"a\": \"x\"\n  \"b\": 2\n}\n'''\n", []string{`g.md:3:10 json-syntax: a comma is missing after this value: JSON separates members and elements with commas`}},
		{"json missing comma in array", "'''json\n[1,\n 2\n 3]\n'''\n", []string{`g.md:3:2 json-syntax: a comma is missing after this value: JSON separates members and elements with commas`}},
		{"json missing comma after object", "'''json\n[{\"a\": 1}\n {\"b\": 2}]\n'''\n", []string{`g.md:2:9 json-syntax: a comma is missing after this value: JSON separates members and elements with commas`}},
		{"json member excerpt unclosed", "'''json\n\"a\": {\"b\": 1\n'''\n", []string{`g.md:2:13 json-syntax: unexpected end of JSON input`}},
		{"json comments rejected", "'''json\n{\"a\": 1} // c\n'''\n", []string{`g.md:2:10 json-syntax: invalid character '/' after top-level value`}},
		{"jsonc comments allowed", "'''jsonc\n// c\n{\"a\": \"//x\", /* b */ \"b\": 1}\n'''\n", nil},
		{"jsonc trailing comma", "'''jsonc\n{\"a\": 1, /* c */ }\n'''\n", []string{`g.md:2:8 json-syntax: trailing comma before '}'`}},
		{"jsonc unterminated comment", "'''jsonc\n{} /* x\n'''\n", []string{`g.md:2:4 json-syntax: unterminated /* comment`}},

		// TOML
		{"toml valid", "'''toml\n[server]\nurl = \"https://" + sv + "\"\n'''\n", nil},
		{"toml syntax", "'''toml\n[server]\nurl = https://x\n'''\n", []string{`g.md:3:7 toml-syntax: unexpected character U+0068 'h' at start of value`}},
		{"toml duplicate key", "'''toml\na = 1\nb = 2\na = 3\n'''\n", []string{`g.md:4:1 toml-syntax: key a is already defined`}},

		// INI
		{"ini URL without its equals sign", "'''ini\n[s]\nicon https://example.com/logo.png\nname=x\n'''\n",
			[]string{`g.md:3:1 ini-syntax: no '=' after icon: readers that split at ':' read the key "icon https" and the value "//example.com/logo.png", the others a key without a value`}},
		{"ini key with a space and a colon value is not one", "'''ini\n[s]\nmy key: value\n'''\n", nil},
		{"ini valid", `'''ini {title="grafana.ini"}
; comment
[auth.generic_oauth]
enabled = true
scopes = openid profile email
role_attribute_path =
'''
`, nil},
		{"ini bad line and duplicate", `'''ini
[server]
domain = a
just words
domain = b
[server]
domain = c
'''
`, []string{
			`g.md:4:1 ini-syntax: expected key = value, [section] or a comment`,
			`g.md:5:1 ini-duplicate-key: duplicate key "domain" in section [server]`,
			`g.md:7:1 ini-duplicate-key: duplicate key "domain" in section [server]`,
		}},
		{"ini systemd unit repeats keys", `'''ini {title="/etc/systemd/system/app.service.d/oidc.conf"}
[Service]
Environment="A=1"
Environment="B=2"
ExecStartPre=/bin/true
ExecStartPre=/bin/true
'''
`, nil},
		{"ini systemd unit key without its '='", `'''ini {title="app.service"}
[Service]
Environment "A=1"
Environment="B=2"
'''
`, []string{
			`g.md:3:1 ini-syntax: systemd reads the key "Environment \"A", which no unit has, and ignores the line: the '=' after the setting's name is missing`,
		}},
		{"ini systemd unit whose header broke", `'''ini
[Service
Environment="A=1"
Environment="B=2"
'''
`, []string{
			`g.md:2:1 ini-syntax: missing ']' in section header`,
		}},
		{"ini a section named like a unit's in another case is no unit", `'''ini
[service]
name = a
name = b
'''
`, []string{
			`g.md:4:1 ini-duplicate-key: duplicate key "name" in section [service]`,
		}},

		// .env
		{"env shell titled .env", `'''shell {title=".env"}
A=1
S=openid profile email
# C=
U=https://` + sv + `/x
'''
`, nil},
		{"env blanks around equals", `'''shell {title=".env"}
A = 1
B=2
B=3
'''
`, []string{
			`g.md:2:2 env-syntax: blank around '=' in A=`,
			`g.md:4:1 env-duplicate-key: B is assigned twice: this later value, '3', wins over the first, '2'`,
		}},
		{"env command in .env", `'''bash {title="app.env"}
docker run -e A=1 image
'''
`, []string{`g.md:2:1 env-syntax: expected KEY=value`}},
		{"shell commands pass", "'''shell\ndocker run -e A=1 image\nocc config:app:set x\n'''\n", nil},
		{"shell yaml passes", "'''shell\noidc-enabled: true\noidc-scopes:\n  - 'openid'\n'''\n", nil},
		{"shell assignments are env", "'''sh\nA=1\nB='x\n'''\n", []string{`g.md:3:3 env-syntax: unterminated single-quoted value`}},
		{"dotenv fence", "'''dotenv\nA\n'''\n", []string{`g.md:2:1 env-syntax: missing '=' after A`}},

		// XML
		{"xml valid fragment", "'''xml\n<a x=\"" + sv + "\"><b/></a>\n<c/>\n'''\n", nil},
		{"xml mismatched", "'''xml\n<a>\n  <b>\n</a>\n'''\n", []string{`g.md:4:1 xml-syntax: element <b> closed by </a>`}},
		{"xml never closed", "'''xml\n<a>\n  <b x=\"1\">\n'''\n", []string{`g.md:3:3 xml-syntax: element <b> is never closed`}},
		{"xml duplicate attribute", "'''xml\n<a x=\"1\" x=\"2\"/>\n'''\n", []string{`g.md:2:1 xml-syntax: attribute x given twice in <a>`}},

		// Titles
		{"toml titled yaml", "'''toml {title=\"config.yaml\"}\na = 1\n'''\n", []string{`g.md:1:10 title-lang-mismatch: title "config.yaml" names a YAML file, but the block's language is toml`}},
		{"yaml titled .env", "'''yaml {title=\".env\"}\na: 1\n'''\n", []string{`g.md:1:10 title-lang-mismatch: title ".env" names a .env file, but the block's language is yaml`}},
		// A body in the title's format is checked as that format, once
		// the label finding is made: one finding for one mistake.
		{"toml titled yaml holding yaml", "'''toml {title=\"config.yaml\"}\na:\n  b: 'x'\n'''\n", []string{`g.md:1:10 title-lang-mismatch: title "config.yaml" names a YAML file, but the block's language is toml; the text is YAML, so guidec checks it as YAML`}},
		{"json titled yaml holding broken yaml", "'''json {title=\"config.yaml\"}\na:\n\tb: 'x'\n'''\n", []string{`g.md:1:10 title-lang-mismatch: title "config.yaml" names a YAML file, but the block's language is json`, `g.md:2:1 json-syntax: invalid character 'a' looking for beginning of value`}},
		{"ini titled json, read as ini", "'''ini {title=\"settings.json\"}\n{\"a\": [1, 2]}\n'''\n", []string{`g.md:1:9 title-lang-mismatch: title "settings.json" names a JSON file, but the block's language is ini`}},
		{"toml titled json holding json", "'''toml {title=\"settings.json\"}\n{\"a\": [1, 2]}\n'''\n", []string{`g.md:1:10 title-lang-mismatch: title "settings.json" names a JSON file, but the block's language is toml; the text is JSON, so guidec checks it as JSON`}},
		{"yaml titled toml holding toml", "'''yaml {title=\"config.toml\"}\n[server]\nport = 1\n'''\n", []string{`g.md:1:10 title-lang-mismatch: title "config.toml" names a TOML file, but the block's language is yaml; the text is TOML, so guidec checks it as TOML`}},
		{"consistent titles", `'''shell {title=".env"}
A=1
'''
'''yml {title="compose.yaml"}
a: 1
'''
'''json {title="config/settings.json"}
{}
'''
'''js {title="settings.js"}
x
'''
'''yaml {title="Kiali CR"}
a: 1
'''
`, nil},
		{"misspelt compose", "'''yaml {title=\"comppse.yml\"}\na: 1\n'''\n", []string{`g.md:1:10 title-misspelt: title "comppse.yml" looks misspelt: did you mean compose.yml`}},
		{"misspelt path", "'''yaml {title=\"deploy/docker-compse.yaml\"}\na: 1\n'''\n", []string{`g.md:1:10 title-misspelt: title "docker-compse.yaml" looks misspelt: did you mean docker-compose.yaml`}},
		{"misspelt configuration", "'''yaml {title=\"configuraton.yml\"}\na: 1\n'''\n", []string{`g.md:1:10 title-misspelt: title "configuraton.yml" looks misspelt: did you mean configuration.yml`}},
		{"misspelt extension", "'''yaml {title=\"compose.ymal\"}\na: 1\n'''\n", []string{`g.md:1:10 title-misspelt: title "compose.ymal" looks misspelt: did you mean compose.yaml`}},

		// Program languages: positions through site variables and indented fences.
		{"js comma after sitevar", "'''js {title=\"settings.js\"}\nx = {\n  url: 'https://" + sv + "'\n  id: 'a',\n};\n'''\n", []string{
			`g.md:3:66 code-missing-comma: no comma after 'https://example.com': the next line starts another entry (id) of the same object literal, and JavaScript needs a comma between entries`}},
		{"python foreign literal in indented fence", "1. Edit:\n\n   '''python {title=\"settings.py\"}\n   A = '" + sv + "'\n   B = true\n   '''\n", []string{
			`g.md:5:8 code-foreign-literal: true is not a Python literal: Python writes True (Python reads it as an undefined name: NameError when the file is loaded)`}},
		{"text fence titled .rb", "'''text {title=\"gitlab.rb\"}\nh = {\n  a: True,\n}\n'''\n", []string{
			`g.md:3:6 code-foreign-literal: True is not a Ruby literal: Ruby writes true (Ruby reads it as an undefined constant or method: NameError)`}},

		// Languages that pass
		{"unknown language passes", "'''haproxy\nbackend app { server a\n'''\n", nil},
		{"conf is not ini", "'''conf\nbind :443\n'''\n", nil},
		{"empty yaml", "'''yaml\n'''\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, snips := testenv.ScanGuide("g.md", []byte(tick(tt.guide)))
			var got []string
			for _, d := range runChecker(snips) {
				got = append(got, format(d))
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("findings:\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

// TestRelated checks that duplicates point back at the first occurrence.
func TestRelated(t *testing.T) {
	tests := []struct{ name, guide, related string }{
		{"yaml", "'''yaml\nx:\n  a: 1\n  a: 2\n'''\n", "3:3"},
		{"json", "'''json\n{\"a\": 1,\n \"a\": 2}\n'''\n", "2:2"},
		{"ini", "'''ini\n[s]\nk = 1\nk = 2\n'''\n", "3:1"},
		{"env", "'''env\nA=1\n  A=2\n'''\n", "2:1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, snips := testenv.ScanGuide("g.md", []byte(tick(tt.guide)))
			l := runChecker(snips)
			if len(l) != 1 || len(l[0].Related) != 1 {
				t.Fatalf("want one finding with one related location, got %v", l)
			}
			r := l[0].Related[0]
			p := r.File.Position(r.Span.Start)
			if got := itoa(p.Line) + ":" + itoa(p.Column); got != tt.related {
				t.Errorf("related at %s, want %s", got, tt.related)
			}
		})
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func readFile(t *testing.T, name string) string {
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestFixes applies each fix to the guide and checks that the finding is
// gone and nothing else changed.
func TestFixes(t *testing.T) {
	tests := []struct{ name, guide, fixed string }{
		{"json trailing comma", "'''json\n{\"a\": 1, }\n'''\n", "'''json\n{\"a\": 1 }\n'''\n"},
		{"env blanks", "'''env\nA = 1\nB= 2\n'''\n", "'''env\nA=1\nB=2\n'''\n"},
		{"title", "'''yaml {title=\"x/comppse.yml\"}\na: 1\n'''\n", "'''yaml {title=\"x/compose.yml\"}\na: 1\n'''\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			content := []byte(tick(tt.guide))
			_, snips := testenv.ScanGuide("g.md", content)
			l := runChecker(snips)
			var edits []diag.Edit
			for _, d := range l {
				if d.Fix == nil {
					t.Fatalf("no fix for %s", format(d))
				}
				edits = append(edits, d.Fix.Edits...)
			}
			got := applyEdits(content, edits)
			if string(got) != tick(tt.fixed) {
				t.Fatalf("fixed guide:\n%s\nwant:\n%s", got, tick(tt.fixed))
			}
			_, snips = testenv.ScanGuide("g.md", got)
			if l := runChecker(snips); len(l) != 0 {
				t.Errorf("findings remain after the fix: %v", l)
			}
		})
	}
}

// TestNoFixThroughSitevar checks that a fix touching generated text is
// dropped rather than corrupting the guide.
func TestNoFixThroughSitevar(t *testing.T) {
	g := tick("'''json\n[\"" + sv + "\",]\n'''\n")
	_, snips := testenv.ScanGuide("g.md", []byte(g))
	l := runChecker(snips)
	if len(l) != 1 || l[0].Fix == nil {
		t.Fatalf("want one finding with a fix (the comma is verbatim), got %v", l)
	}
	s := snips[0]
	// A span covering the sitevar's text is not exact.
	if _, ok := exactSpan(s, source.Span{Start: 1, End: 5}); ok {
		t.Error("exactSpan accepted generated text")
	}
}

func applyEdits(b []byte, edits []diag.Edit) []byte {
	slices.SortFunc(edits, func(x, y diag.Edit) int { return y.Span.Start - x.Span.Start })
	out := bytes.Clone(b)
	for _, e := range edits {
		out = slices.Concat(out[:e.Span.Start], []byte(e.NewText), out[e.Span.End:])
	}
	return out
}

// TestGeneratedSnippet checks a block produced by a shortcode: its text
// maps only to the call, so findings land on the call.
func TestGeneratedSnippet(t *testing.T) {
	guide := "intro\n{{% oidc-escape-hatch client_id=\"x\" %}}\n"
	f := source.NewFile("g.md", []byte(guide))
	call := source.Span{Start: 6, End: len(guide) - 1}
	text := []byte("a: 1\na: 2\n")
	m := &source.Map{}
	m.AddGenerated(0, len(text), call)
	s := &snippet.Snippet{File: f, Lang: "yaml", Text: text, Map: m, Span: call, Shortcode: "oidc-escape-hatch"}
	l := runChecker([]*snippet.Snippet{s})
	if len(l) != 1 || format(l[0]) != `g.md:2:1 yaml-duplicate-key: duplicate key "a"` {
		t.Fatalf("got %v", l)
	}
	if l[0].Span != call {
		t.Errorf("span %v, want the call %v", l[0].Span, call)
	}
}

// TestAliasBomb checks that aliases are not expanded: a billion-laughs
// document is checked in linear time.
func TestAliasBomb(t *testing.T) {
	var b strings.Builder
	b.WriteString("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i < 30; i++ {
		b.WriteString("a" + itoa(i) + ": &a" + itoa(i) + " [")
		for j := 0; j < 10; j++ {
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteString("*a" + itoa(i-1))
		}
		b.WriteString("]\n")
	}
	b.WriteString("a1: dup\n")
	start := time.Now()
	fs := validateYAML([]byte(b.String()))
	if len(fs) != 1 || fs[0].code != "yaml-duplicate-key" {
		t.Fatalf("got %+v", fs)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %v", d)
	}
}

// TestCodesDocumented checks that every code is registered once, has a
// summary, and is described in doc.go, and that the validators emit only
// registered codes.
func TestCodesDocumented(t *testing.T) {
	docSrc := readFile(t, "doc.go")
	seen := map[string]bool{}
	for _, c := range Codes {
		if seen[c.Code] {
			t.Errorf("code %s listed twice", c.Code)
		}
		seen[c.Code] = true
		if c.Summary == "" || strings.HasSuffix(c.Summary, ".") {
			t.Errorf("code %s: bad summary %q", c.Code, c.Summary)
		}
		if !strings.Contains(docSrc, "// "+c.Code+" (") {
			t.Errorf("code %s is not described in doc.go", c.Code)
		}
	}
	for _, k := range []kind{kindYAML, kindJSON, kindTOML, kindINI, kindEnv, kindXML} {
		if !seen[k.String()+"-syntax"] {
			t.Errorf("no syntax code for %v", k)
		}
	}
}
