package build

import (
	"io/fs"

	"github.com/guidec/guidec/internal/check"
	"github.com/guidec/guidec/internal/check/authelia"
	"github.com/guidec/guidec/internal/check/compose"
	"github.com/guidec/guidec/internal/check/consistency"
	"github.com/guidec/guidec/internal/check/escapehatch"
	"github.com/guidec/guidec/internal/check/paste"
	"github.com/guidec/guidec/internal/check/syntax"
	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/digest"
	"github.com/guidec/guidec/internal/guide"
	"github.com/guidec/guidec/internal/links"
	"github.com/guidec/guidec/internal/markdown"
	"github.com/guidec/guidec/internal/publish"
	"github.com/guidec/guidec/internal/shortcode"
)

// allCodes lists the code tables of every stage, the single source for
// docs/diagnostics.md, SARIF rule metadata and ignore annotations.
func allCodes() [][]diag.CodeInfo {
	return [][]diag.CodeInfo{
		diag.Codes, Codes, HugoCodes, guide.Codes, shortcode.Codes, markdown.Codes, links.Codes, publish.Codes, publish.ConfigCodes, publish.LayoutCodes, publish.ResourceCodes,
		syntax.Codes, authelia.Codes, compose.Codes, consistency.Codes, escapehatch.Codes, paste.Codes,
	}
}

// subFS returns the guide's directory as a file system for its resources.
func subFS(src fs.FS, name string) fs.FS {
	sub, err := fs.Sub(src, name)
	if err != nil {
		return nil
	}
	return sub
}

// consistencyName is the name of the cross-snippet checker, which a guide
// with broken shortcode calls skips.
const consistencyName = "consistency"

// checkers returns the snippet checkers of a run (Run and Session alike),
// in the order they run; digests verifies client secrets (nil: not at all).
func checkers(digests *digest.Verifier) []*check.Checker {
	return []*check.Checker{syntax.Checker, authelia.Checker, compose.Checker, consistency.New(digests), escapehatch.Checker, paste.Checker}
}
