// Package guide loads guides: a guide is a directory NAME holding index.md
// (YAML front matter, then the Markdown body) and its resources (images and
// other files beside index.md).
//
// Load checks the raw bytes (encoding, NUL, the reserved sentinel rune),
// splits the front matter from the body (delimiter lines as Hugo reads them),
// parses it into a yaml.Node tree with gopkg.in/yaml.v3 and decodes the
// typed Meta by walking that tree, so that every key and value keeps its
// span in the file on disk. TOML front matter (+++) is accepted too.
//
// It owns no Markdown or shortcode parsing: Guide.Body is a span of the
// file that package shortcode reads next. It never follows symbolic links
// and never reads outside the fs.FS it is given.
package guide
