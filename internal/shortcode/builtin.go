package shortcode

import (
	"crypto/sha256"
	"encoding/hex"

	"github.com/guidec/guidec/internal/source"
)

// builtins are guidec's built-in shortcode templates (shortcodes/NAME.html
// at the module root, which package guidec embeds), by name: the SHA-256
// of each and what analyse learns from it. TestBuiltins holds them to the
// files and compiles and escapes each.
//
// A template with its name's sum is the built-in one wherever it was read
// from (a checkout's shortcodes/ directory, which a run inside the
// repository takes over the embedded set, or --shortcodes). It is known to
// load, as the templates of a Verified directory are, and uses no partial:
// Load need not compile it up front (a fifth of a one-guide check went to
// compiling and escaping the six of them); it is compiled when a page
// first runs it. Nor need Load parse it to analyse it: it is parsed when
// it is first compiled (treesOf).
var builtins = map[string]builtin{
	"callout":                            {sum: "58a033976e29524b496fcba04d487d00383ad7f5d7ccfe5358b96bc1c49a4d1e", inner: true, memo: memoNever},
	"figure":                             {sum: "3538f7ce5de36b78dbce64ea72a2a85fb6794d53dd6677aaee4ca47a25d5eb96", memo: memoNever},
	"oidc-common":                        {sum: "696ac8d59b44b67dea9c985f5a834ca3b7cae8a3ea566fc93f4832fa0f8c49f6", memo: memoCall},
	"oidc-escape-hatch-claims-hydration": {sum: "040fa9ccc5a135e39516c1ac596fce200301d69c1d015d2400ab65ea7ec64fd5", memo: memoCall},
	"sitevar-preferences":                {sum: "099ddf1fb4a4a70995f888777e9eb0447930eda1b18a40e00adaa6dbb8e179e6", memo: memoOrdinal},
	"sitevar":                            {sum: "d26c8e8e7a3ad9071d9801d3679e1073bb75af0125e1a0543e2f4c637735826f", memo: memoCall},
}

// builtin is what guidec knows of one built-in template.
type builtin struct {
	sum   string   // SHA-256 of its text, in hex
	inner bool     // as analyse finds
	memo  memoKind // as analyse finds
}

// analyseShortcode is analyse for the shortcode template name, whose
// text's SHA-256 it records: a built-in one is taken from builtins, its
// parse left for treesOf.
func analyseShortcode(name string, f *source.File) *tmplSrc {
	sum := sumOf(f.Content)
	if b, ok := builtins[name]; ok && b.sum == sum {
		return &tmplSrc{name: name, file: f, inner: b.inner, memo: b.memo, sum: sum, builtin: true}
	}
	src := analyse(name, f)
	src.sum = sum
	return src
}

// sumOf returns the SHA-256 of a template's text, in hex.
func sumOf(content []byte) string {
	sum := sha256.Sum256(content)
	return hex.EncodeToString(sum[:])
}
