// Package publish writes the site: it loads the site configuration
// (site.yaml) and the html/template layouts (site/layouts), renders each
// guide page as the build finishes it, then the home page, the search index
// (index.json), the sitemap, the redirect pages of aliases and a copy of the
// static files, through an Output: a directory swapped in atomically, or
// memory.
//
// It owns no Markdown: pages arrive rendered (template.HTML) with their
// headings. Every name it writes is checked by CheckPath, so nothing lands
// outside the output, and every byte it writes is a function of its inputs,
// so rebuilding gives identical files.
package publish

import "github.com/guidec/guidec/internal/diag"

// Codes are the codes this package reports while publishing (LoadConfig's
// are in ConfigCodes, LoadLayouts' in LayoutCodes).
var Codes = []diag.CodeInfo{
	{Code: "alias-collision", Severity: diag.Error, Summary: "an alias names the same output file as a page, another alias or a site file"},
	{Code: "alias-invalid", Severity: diag.Error, Summary: "an alias is not a path inside the site"},
	{Code: "output-collision", Severity: diag.Error, Summary: "two files of the site would be written to the same path"},
	{Code: "resource-name", Severity: diag.Error, Summary: "a guide resource's file name cannot be published safely"},
	{Code: "resource-read", Severity: diag.Error, Summary: "a file in a guide's folder cannot be read, so it cannot be published"},
}
