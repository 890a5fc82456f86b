package shortcode

import (
	"crypto/sha256"
	"encoding/hex"
)

// builtinSums are the SHA-256 sums of guidec's built-in shortcode
// templates (shortcodes/NAME.html at the module root, which package guidec
// embeds), by name; TestBuiltinSums holds them to the files and compiles
// and escapes each. A template with its name's sum is the built-in one
// wherever it was read from (a checkout's shortcodes/ directory, which a
// run inside the repository takes over the embedded set, or
// --shortcodes): it is known to load, as the templates of a Verified
// directory are, and uses no partial, so Load need not compile it up front
// (a third of a one-guide check went to compiling and escaping the six of
// them); it is compiled when a page first runs it.
var builtinSums = map[string]string{
	"callout":                            "58a033976e29524b496fcba04d487d00383ad7f5d7ccfe5358b96bc1c49a4d1e",
	"figure":                             "3538f7ce5de36b78dbce64ea72a2a85fb6794d53dd6677aaee4ca47a25d5eb96",
	"oidc-common":                        "696ac8d59b44b67dea9c985f5a834ca3b7cae8a3ea566fc93f4832fa0f8c49f6",
	"oidc-escape-hatch-claims-hydration": "040fa9ccc5a135e39516c1ac596fce200301d69c1d015d2400ab65ea7ec64fd5",
	"sitevar-preferences":                "099ddf1fb4a4a70995f888777e9eb0447930eda1b18a40e00adaa6dbb8e179e6",
	"sitevar":                            "d26c8e8e7a3ad9071d9801d3679e1073bb75af0125e1a0543e2f4c637735826f",
}

// sumOf returns the SHA-256 of a template's text, in hex.
func sumOf(content []byte) string {
	sum := sha256.Sum256(content)
	return hex.EncodeToString(sum[:])
}

// isBuiltin reports whether src is a built-in template, unedited.
func isBuiltin(src *tmplSrc) bool {
	want, ok := builtinSums[src.name]
	return ok && src.bad == nil && src.sum == want
}
