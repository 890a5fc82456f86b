package syntax

import (
	"fmt"

	"github.com/guidec/guidec/internal/format/ini"
	"github.com/guidec/guidec/internal/source"
)

// validateINI parses text as an INI file (see package ini). Keys repeated in
// one section are compared exactly (case included), and a section opened
// twice is one section, as go-ini and configparser merge them.
func validateINI(text []byte) []finding {
	f, errs := ini.Parse(text)
	var fs []finding
	for _, e := range errs {
		fs = append(fs, finding{span: e.Span, code: "ini-syntax", msg: e.Msg, hint: "write key = value, [section], or start a comment with ';' or '#'"})
	}
	type id struct{ section, key string }
	first := map[id]source.Span{}
	for _, e := range f.Entries {
		k := id{e.Section, e.Key}
		prev, dup := first[k]
		if !dup {
			first[k] = e.KeySpan
			continue
		}
		where := "before any section"
		if e.Section != "" {
			where = fmt.Sprintf("in section [%s]", e.Section)
		}
		fs = append(fs, finding{
			span:    e.KeySpan,
			code:    "ini-duplicate-key",
			msg:     fmt.Sprintf("duplicate key %q %s", e.Key, where),
			hint:    "readers either reject the file or keep only one value: remove or merge one of them",
			related: []related{{span: prev, msg: "first defined here"}},
		})
	}
	return fs
}
