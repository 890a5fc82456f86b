package guide

import (
	"time"

	"gopkg.in/yaml.v3"

	"github.com/guidec/guidec/internal/guide/yamlpos"
)

// dateLayouts are the front matter date forms guidec accepts, a subset of
// what Hugo accepts (it tries these among others, via spf13/cast): RFC 3339
// with or without a zone, with 'T' or a space, and a bare date. Fractional
// seconds are accepted after the seconds by every layout. Dates without a
// zone are UTC, Hugo's default time zone.
var dateLayouts = []string{
	time.RFC3339,
	"2006-01-02T15:04:05",
	"2006-01-02T15:04:05-0700",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05 -0700",
	"2006-01-02 15:04:05 -07:00",
	"2006-01-02 15:04:05",
	"2006-01-02",
}

// ParseDate parses a front matter date in one of the accepted layouts.
func ParseDate(s string) (time.Time, bool) {
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

func date(ptr func(*Meta) *time.Time) func(*decoder, string, *yaml.Node) {
	return func(d *decoder, _ string, v *yaml.Node) {
		s, ok := yamlpos.String(v)
		if !ok {
			d.typeError(v, "date")
			return
		}
		if s == "" {
			return
		}
		t, ok := ParseDate(s)
		if !ok {
			d.errorf(d.doc.Span(v), "frontmatter-date", "write 2006-01-02 or 2006-01-02T15:04:05+00:00 (RFC 3339)",
				"cannot parse date %q", s)
			return
		}
		*ptr(d.meta) = t
	}
}
