// Package build is the only package that knows the whole pipeline:
//
//	discover → load (front matter) → expand shortcodes → render Markdown
//	→ extract snippets → run checkers → publish
//
// It runs the per-guide stages on a bounded pool of workers, each with its
// own template set and Markdown renderer, and merges their results in a
// deterministic order: output bytes and diagnostics do not depend on the
// number of workers or on scheduling. Pages are written as soon as they are
// rendered so memory does not grow with the size of the site; the output is
// committed (swapped in atomically) only when no guide failed.
package build
