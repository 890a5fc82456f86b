package syntax

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/guidec/guidec/internal/format/hcl"
	"github.com/guidec/guidec/internal/testenv"
)

// hclGood is Terraform as guides write it.
const hclGood = "resource \"vault_jwt_auth_backend\" \"a\" {\n  path = \"oidc\" # a {\n  oidc_discovery_url = \"https://${var.host}/x\"\n" +
	"  tune {\n    listing_visibility = \"unauth\"\n  }\n}\n\nresource \"vault_jwt_auth_backend_role\" \"r\" {\n" +
	"  backend = vault_jwt_auth_backend.a.path\n  uris = [\n    \"https://a/cb\",\n    \"http://b/cb\",\n  ]\n" +
	"  scopes = [\"openid\", \"email\"]\n  claims = {\n    a = \"b\"\n  }\n  names = [for s in var.l : upper(s)]\n" +
	"  policy = <<-EOT\n    path \"x\" {\n  EOT\n  enabled = var.on ? true : false\n}\n"

func TestValidateHCL(t *testing.T) {
	lines := strings.SplitAfter(hclGood, "\n")
	without := func(n int) string { return strings.Join(lines[:n-1], "") + strings.Join(lines[n:], "") }
	for _, tt := range []struct {
		name, in string
		want     string // line:col of each finding
	}{
		{"good", hclGood, ""},
		{"block brace dropped", without(7), "7:1"},
		{"nested block brace dropped", without(6), "6:1"},
		{"list bracket dropped", without(14), "14:1"},
		{"last brace dropped", without(24), "24:1"},
		{"last brace dropped in an excerpt", strings.Replace(without(24), "names", "# ...\n  names", 1), ""},
		{"one-line list unclosed", strings.Replace(hclGood, "\"email\"]", "\"email\"", 1), "15:30"},
		{"stray closer", strings.Replace(hclGood, "path = \"oidc\"", "path = \"oidc\"]", 1), "2:16"},
		{"bracket kinds", strings.Replace(hclGood, "uris = [", "uris = {", 1), "11:10"},
		{"quote dropped", strings.Replace(hclGood, "\"unauth\"", "\"unauth", 1), "5:26"},
		{"comma dropped one line", strings.Replace(hclGood, "\"openid\",", "\"openid\"", 1), "15:13"},
		{"comma dropped lines", strings.Replace(hclGood, "\"https://a/cb\",", "\"https://a/cb\"", 1), "12:5"},
		{"equals dropped before string", strings.Replace(hclGood, "path = \"oidc\"", "path \"oidc\"", 1), "2:7"},
		{"equals dropped before reference", strings.Replace(hclGood, "backend = ", "backend ", 1), "10:10"},
		{"equals dropped before list", strings.Replace(hclGood, "scopes = [", "scopes [", 1), "15:9"},
		{"closer alone", "}\n", "1:1"},
		{"excerpt ending a block", "  # ...\n  a = 1\n}\n", ""},
		{"empty", "", ""},
	} {
		var got []string
		for _, f := range validateHCL([]byte(tt.in)) {
			line := strings.Count(tt.in[:f.span.Start], "\n") + 1
			col := f.span.Start - (strings.LastIndexByte(tt.in[:f.span.Start], '\n') + 1) + 1
			got = append(got, fmt.Sprintf("%d:%d", line, col))
		}
		if g := strings.Join(got, " "); g != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, g, tt.want)
		}
	}
}

// FuzzValidateHCL: no panic, spans inside the text.
func FuzzValidateHCL(f *testing.F) {
	for _, s := range []string{hclGood, "\"${\"}\"", "a = <<E\n", "/*", "x [\n", "]\n", "a \"b\" {\n", "\"${a(\"b\")}\"\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		for _, fd := range validateHCL([]byte(in)) {
			if fd.span.Start < 0 || fd.span.End > len(in) || fd.span.Start > fd.span.End {
				t.Fatalf("span %v out of %d", fd.span, len(in))
			}
		}
	})
}

// hclArgRE matches an argument line: its name, and the '=' with its
// blanks.
var hclArgRE = regexp.MustCompile(`(?m)^([ \t]*[a-z_]+)([ \t]*=[ \t]*)\S`)

// TestHCLMutations breaks each HCL snippet of the guides in turn: every
// line that is a closing brace or bracket dropped, every closing quote
// dropped, every comma of a list dropped, every argument's '=' dropped;
// each must give one hcl-syntax finding, on the line of the mutation (a
// dropped closer's line is where its finding goes).
func TestHCLMutations(t *testing.T) {
	paths, _ := filepath.Glob(filepath.Join(testenv.RepoRoot(t), "tests", "testdata", "novel*", "*", "index.md"))
	more, _ := filepath.Glob(filepath.Join(testenv.Shared(t, "corpus", "authelia"), "*", "index.md"))
	kinds := map[string][2]int{}
	for _, p := range append(paths, more...) {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		_, snips := testenv.ScanGuide(filepath.Base(p), b)
		for _, s := range snips {
			if kindOf(s) != kindHCL || len(validateHCL(s.Text)) > 0 {
				continue
			}
			text := string(s.Text)
			judge := func(kind, mutated string, line int) {
				fs := validateHCL([]byte(mutated))
				c := kinds[kind]
				c[0]++
				if len(fs) == 1 && strings.Count(mutated[:fs[0].span.Start], "\n") == line {
					c[1]++
				} else {
					t.Logf("MISS %s %s line %d: %d findings", filepath.Base(filepath.Dir(p)), kind, line+1, len(fs))
				}
				kinds[kind] = c
			}
			lines := strings.SplitAfter(text, "\n")
			off := 0
			for i, l := range lines {
				if tr := strings.TrimSpace(l); tr == "}" || tr == "]" {
					judge("closer dropped", text[:off]+text[off+len(l):], i)
				}
				off += len(l)
			}
			toks, _ := hcl.Lex(s.Text)
			depth := 0
			for _, tk := range toks {
				switch tk.Kind {
				case 's':
					if !strings.Contains(text[tk.Span.Start:tk.Span.End], "${") {
						judge("quote dropped", text[:tk.Span.End-1]+text[tk.Span.End:], strings.Count(text[:tk.Span.Start], "\n"))
					}
				case '[':
					depth++
				case ']':
					depth--
				case ',':
					if depth > 0 {
						if next := strings.TrimLeft(text[tk.Span.End:], " \t\n"); next != "" && next[0] != ']' {
							judge("comma dropped", text[:tk.Span.Start]+text[tk.Span.End:], strings.Count(text[:tk.Span.Start], "\n"))
						}
					}
				}
			}
			for _, m := range hclArgRE.FindAllStringSubmatchIndex(text, -1) {
				judge("equals dropped", text[:m[4]]+" "+text[m[5]:], strings.Count(text[:m[4]], "\n"))
			}
		}
	}
	total, found := 0, 0
	for k, c := range kinds {
		t.Logf("%s: %d of %d", k, c[1], c[0])
		total, found = total+c[0], found+c[1]
	}
	if total < 20 || found < total {
		t.Errorf("found %d of %d HCL mutations", found, total)
	}
}
