package build

import (
	"io/fs"
	"strings"

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

// stage is one code table of the registry: the codes a stage of the
// pipeline reports, and whether an error among them blocks the page (it
// could not be loaded, its shortcodes could not be expanded, or guidec
// itself failed), so that the site is not published. Content findings
// (links, snippets, fences) are reported but do not stop the build;
// `guidec check` fails on them.
type stage struct {
	codes    []diag.CodeInfo
	blocking bool
}

// stages lists the code tables of every stage before the checkers, in
// pipeline order. An alias that cannot be written (alias-invalid,
// alias-collision) does not block: its redirect is left out, every page
// is still right, and the error still fails the run unless --keep-going (a
// real tree, Authelia's, has two pages that list one alias, which Hugo too
// writes only once).
func stages() []stage {
	aliases, files := partition(publish.Codes, func(c diag.CodeInfo) bool { return strings.HasPrefix(c.Code, "alias-") })
	return []stage{
		{diag.Codes, true}, // internal, io
		{guide.Codes, true},
		{shortcode.Codes, true},
		{publish.ConfigCodes, true},
		{publish.LayoutCodes, true},
		{publish.ResourceCodes, true},
		{files, true},
		{aliases, false},
		{Codes, false},
		{HugoCodes, false},
		{markdown.Codes, false},
		{links.Codes, false},
	}
}

// partition splits codes by in.
func partition(codes []diag.CodeInfo, in func(diag.CodeInfo) bool) (yes, no []diag.CodeInfo) {
	for _, c := range codes {
		if in(c) {
			yes = append(yes, c)
		} else {
			no = append(no, c)
		}
	}
	return yes, no
}

// checkers returns the snippet checkers of a run (Run and Session alike),
// in the order they run, with how each depends on the ones before it;
// digests verifies client secrets (nil: not at all).
//
//   - paste comes first: it reports the characters that break on paste
//     and gives the others the text the writer meant (check.Pass.Replace),
//     so that a typographic quote is not also an unknown enum value.
//   - syntax marks the snippets that do not parse broken: compose skips
//     them, authelia counts them as unreadable parts of the guide.
//   - consistency compares snippets, so it is Whole: a guide whose
//     shortcodes did not all expand is missing some of them.
func checkers(digests *digest.Verifier) []*check.Checker {
	return []*check.Checker{
		paste.Checker,
		syntax.Checker,
		authelia.Checker,
		with(compose.Checker, func(c *check.Checker) { c.SkipBroken = true }),
		with(consistency.New(digests), func(c *check.Checker) { c.Whole = true }),
		escapehatch.Checker,
	}
}

// with returns a copy of c changed by set, so that the registry states a
// dependency without touching the checker's package value.
func with(c *check.Checker, set func(*check.Checker)) *check.Checker {
	d := *c
	set(&d)
	return &d
}

// allCodes lists the code tables of every stage and checker, the single
// source for docs/diagnostics.md, SARIF rule metadata and ignore
// annotations.
func allCodes() [][]diag.CodeInfo {
	var out [][]diag.CodeInfo
	for _, s := range stages() {
		out = append(out, s.codes)
	}
	for _, c := range checkers(nil) {
		out = append(out, c.Codes)
	}
	return out
}

// blockingCodes is the set of codes whose errors block a page, from
// stages.
var blockingCodes = func() map[string]bool {
	m := map[string]bool{}
	for _, s := range stages() {
		if s.blocking {
			for _, c := range s.codes {
				m[c.Code] = true
			}
		}
	}
	return m
}()

// subFS returns the guide's directory as a file system for its resources.
func subFS(src fs.FS, name string) fs.FS {
	sub, err := fs.Sub(src, name)
	if err != nil {
		return nil
	}
	return sub
}
