package compose

import (
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/guide/yamlpos"
	"github.com/guidec/guidec/internal/snippet"
	"github.com/guidec/guidec/internal/testenv"
)

// corpusWant is every finding on the real guides and on Authelia's own
// documentation (key: "file:line:col code: message"), each with why it is
// real. Any other finding is a false positive; a missing one is a
// regression.
var corpusWant = map[string]string{
	"authelia/ezbookkeeping/index.md:129:7 compose-type: environment is one string: YAML folds NAME=value lines without \"- \" into a single value": "the ten EBK_* lines have no \"- \", so YAML reads one plain scalar " +
		"\"EBK_SERVER_DOMAIN=… EBK_AUTH_OIDC_CUSTOM_DISPLAY_NAME=Authelia\"; docker compose refuses it (services.ezbookkeeping.environment must be a mapping)",
	"content/integration/openid-connect/clients/ezbookkeeping/index.md:129:7 compose-type: environment is one string: YAML folds NAME=value lines without \"- \" into a single value": "the same guide in Authelia's " +
		"documentation, with the same folded environment",
}

// runChecker runs Checker over snippets and returns its diagnostics sorted.
func runChecker(snips []*snippet.Snippet) diag.List { return testenv.RunChecker(Checker, snips) }

func format(d diag.Diagnostic) string { return testenv.FormatDiag(d) }

// corpora returns the snippets of the guides corpus and of Authelia's
// documentation, by file ("authelia/x/index.md", "content/…"), and the
// path prefixes of the corpora present.
func corpora(t *testing.T) (map[string][]*snippet.Snippet, []string) {
	out := map[string][]*snippet.Snippet{}
	var present []string
	for _, dir := range []string{testenv.CorpusIfPresent(t), testenv.SharedIfPresent(t, "corpus", "authelia-docs", "content")} {
		if dir == "" {
			continue
		}
		docs := corpusDocs(t, dir)
		for k, v := range docs {
			out[k] = v
		}
		present = append(present, filepath.Base(dir)+"/")
	}
	return out, present
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// TestCorpus checks every Compose snippet of both corpora: the findings
// are exactly corpusWant, and Kubernetes manifests are never taken for
// Compose files.
func TestCorpus(t *testing.T) {
	docs, present := corpora(t)
	if len(present) == 0 {
		t.Skip("corpora are absent")
	}
	var got []string
	compose, k8s := 0, 0
	for _, name := range sortedKeys(docs) {
		for _, s := range docs[name] {
			for _, root := range mappingRoots(yamlpos.DecodeStream(s.Text)) {
				switch {
				case yamlish(s) && isCompose(s, root):
					compose++
					if mapValue(root, "apiVersion") != nil || mapValue(root, "kind") != nil {
						t.Errorf("%s: snippet %d is a Kubernetes manifest taken for Compose", name, s.Index)
					}
				case mapValue(root, "apiVersion") != nil && mapValue(root, "kind") != nil:
					k8s++
				}
			}
		}
		for _, d := range runChecker(docs[name]) {
			got = append(got, format(d))
		}
	}
	t.Logf("compose documents checked: %d; kubernetes manifests passed over: %d", compose, k8s)
	if compose < 50 {
		t.Errorf("only %d Compose documents found in the corpora, want at least 50", compose)
	}
	for _, g := range got {
		if _, ok := corpusWant[g]; !ok {
			t.Errorf("unexpected finding (false positive?): %s", g)
		}
	}
	for _, w := range sortedKeys(corpusWant) {
		prefix, _, _ := strings.Cut(w, "/")
		if !slices.Contains(got, w) && slices.Contains(present, prefix+"/") {
			t.Errorf("missing finding: %s", w)
		}
	}
}
