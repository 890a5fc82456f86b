package compose

import (
	"testing"

	"github.com/guidec/guidec/internal/guide/yamlpos"
	"github.com/guidec/guidec/internal/snippet"
	"github.com/guidec/guidec/internal/testenv"
)

// FuzzCheck feeds arbitrary YAML to the whole Compose check (detection,
// model, schema, loader, isolation) as a compose.yml snippet: it must never
// panic, and every finding must have a registered code, a message and a
// node inside the snippet.
func FuzzCheck(f *testing.F) {
	for _, s := range []string{
		"services:\n  web:\n    image: x\n    enviroment: {}\n",
		"services:\n  web:\n    environment:\n      A=1\n      B=2\n",
		"services:\n  web:\n    ports: ['80:abc', 99999:80, '${P}:80']\n",
		"x-a: &a {image: x, labels: y}\nservices:\n  web: {<<: *a, depends_on: 3}\n",
		"services:\n  labels:\n    a: b\n  web:\n",
		"services:\n  web:\n    image: ${X\n    healthcheck: {interval: 10, timeout: 10x}\n",
		"a: &a [*a]\nservices: {w: {command: *a}}\n",
		"services:\n  web:\n    volumes: [':', '::', 'a:b:c:d']\n    secrets: [{source: 1}]\n",
		"secrets:\n  s: {}\nconfigs:\n  c: {file: 1}\nnetworks: {n: {external: maybe}}\n",
	} {
		f.Add([]byte(s))
	}
	for _, snips := range corpusDocs(f, testenv.CorpusIfPresent(f)) {
		for _, s := range snips {
			if yamlish(s) && len(checkableDocs(s)) > 0 {
				f.Add(s.Text)
			}
		}
	}
	sp, err := loadSpec()
	if err != nil {
		f.Fatal(err)
	}
	codes := map[string]bool{}
	for _, c := range Codes {
		codes[c.Code] = true
	}
	f.Fuzz(func(t *testing.T, text []byte) {
		s := &snippet.Snippet{Lang: "yaml", Attrs: []snippet.Attr{{Key: "title", Value: "compose.yml"}}, Text: text}
		lines := 1
		for _, c := range text {
			if c == '\n' {
				lines++
			}
		}
		for _, fd := range checkSnippet(sp, s) {
			if !codes[fd.code] || fd.msg == "" || fd.node == nil || fd.node.Line < 1 || fd.node.Line > lines {
				t.Fatalf("bad finding %+v", fd)
			}
			sp := nodeSpan(s, fd.node)
			if sp.Start < 0 || sp.Start > sp.End || sp.End > len(text) {
				t.Fatalf("bad span %+v for %v (len %d)", sp, fd, len(text))
			}
		}
	})
}

// checkableDocs returns the Compose documents of s.
func checkableDocs(s *snippet.Snippet) []int {
	var out []int
	for i, root := range mappingRoots(yamlpos.DecodeStream(s.Text)) {
		if isCompose(s, root) {
			out = append(out, i)
		}
	}
	return out
}

// TestFuzzSeeds keeps FuzzCheck's stored seeds in step with the Compose
// snippets of our own guides.
func TestFuzzSeeds(t *testing.T) {
	guides := testenv.Guides(t)
	testenv.Seeds(t, "FuzzCheck", testenv.FenceSeeds(guides, func(_ testenv.Guide, f testenv.Fence) []any {
		if s := f.Snippet(); yamlish(s) && len(checkableDocs(s)) > 0 {
			return []any{s.Text}
		}
		return nil
	}))
}
