// Package serve is guidec's live preview: it builds the site into memory
// with a build.Session, serves it over HTTP, watches the guides, shortcode
// templates and site directories with fsnotify and rebuilds what a change
// affects, then tells the open pages over Server-Sent Events
// (/__guidec/events) so that they reload, or swap their style sheets when
// only those changed.
//
// Every build's diagnostics go to the terminal (the new ones) and to the
// pages, whose live reload script (/__guidec/livereload.js) draws them as
// an overlay from /__guidec/diagnostics.json. A guide that fails to build
// stays served in its last good version under the overlay; nothing in the
// content stops the server.
//
// Requests are answered from the snapshot of the last build, which is
// immutable and swapped in whole, so that no request sees a half-built
// site; nothing is ever read from the file system to answer a request.
//
// It answers only requests addressed to it by a name or address it is
// meant to be reached by (hostPolicy): loopback ones, its own, and
// Options.AllowedHosts; others get 421, against DNS rebinding. The event
// stream and the diagnostics also refuse requests from other origins.
//
// A watch follows a directory, not a path: the watcher also watches the
// parent of each input directory, so that one deleted and created again,
// or replaced by a rename, is watched anew and the site rebuilt whole.
// While one is gone, nothing is built; the log and the overlay say so
// until it is back.
//
// It owns no build logic (package build) and no flags or signals (package
// cli, which passes a context cancelled on SIGINT and SIGTERM).
package serve
