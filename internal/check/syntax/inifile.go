package syntax

import (
	"fmt"
	"strings"

	"github.com/guidec/guidec/internal/diag"
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
	unit := systemdUnit(f)
	for _, e := range f.Entries {
		if f, ok := urlSplitAtScheme(text, e); ok {
			fs = append(fs, f)
			continue
		}
		if unit {
			if e.Key != "" && strings.ContainsAny(e.Key, " \t\"'") {
				// systemd takes all before the first '=' as the key,
				// warns of an unknown key and ignores the line:
				// Environment "A=1" lost its '='.
				fs = append(fs, finding{
					span: e.KeySpan,
					code: "ini-syntax",
					msg:  fmt.Sprintf("systemd reads the key %q, which no unit has, and ignores the line: the '=' after the setting's name is missing", e.Key),
					hint: "write Name=value",
				})
			}
			continue
		}
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

// systemdSections are the sections of systemd unit files and drop-ins
// (systemd.unit(5), systemd.exec(5), podman-systemd.unit(5)), spelt as
// systemd spells them.
var systemdSections = map[string]bool{
	"Unit": true, "Service": true, "Install": true, "Socket": true, "Timer": true, "Mount": true,
	"Automount": true, "Path": true, "Slice": true, "Swap": true, "Container": true, "Pod": true, "Kube": true,
}

// systemdUnit reports whether f is a systemd unit file or drop-in: one of
// its sections or keys is a unit's. systemd reads a key given twice without
// complaint: a list setting (Environment=, ExecStartPre=) adds up, one
// Environment= line per variable being the usual shape, and another
// setting keeps its last value, as a drop-in overrides a unit.
func systemdUnit(f *ini.File) bool {
	for _, e := range f.Entries {
		if systemdSections[e.Section] || systemdKeys[e.Key] {
			return true
		}
	}
	return false
}

// systemdKeys are settings only systemd units have, spelt as systemd
// spells them: they make a unit of a file whose section header broke.
var systemdKeys = map[string]bool{
	"ExecStart": true, "ExecStartPre": true, "ExecStartPost": true, "ExecStop": true, "ExecReload": true,
	"WantedBy": true, "RequiredBy": true, "Environment": true, "EnvironmentFile": true, "PassEnvironment": true,
}

// urlSplitAtScheme recognises "key https://…", a line that lost its '=':
// readers that take ':' as a separator too (configparser) read the key
// "key https" and the value "//…", and the others (go-ini with '=' only,
// Node's ini) a key without a value, so the setting is lost either way.
func urlSplitAtScheme(text []byte, e ini.Entry) (finding, bool) {
	sp := strings.LastIndexByte(e.Key, ' ')
	if sp < 0 || !strings.HasPrefix(e.Value, "//") {
		return finding{}, false
	}
	switch strings.ToLower(e.Key[sp+1:]) {
	case "http", "https", "ldap", "ldaps", "ws", "wss", "ftp", "ftps", "redis", "rediss", "postgres", "postgresql", "mysql", "mongodb", "smtp", "smtps", "tcp", "udp", "unix", "file":
	default:
		return finding{}, false
	}
	name := strings.TrimRight(e.Key[:sp], " \t")
	at := e.KeySpan.Start + len(name)
	if at >= len(text) || text[at] != ' ' && text[at] != '\t' {
		return finding{}, false
	}
	end := at
	for end < len(text) && (text[end] == ' ' || text[end] == '\t') {
		end++
	}
	return finding{
		span: source.Span{Start: e.KeySpan.Start, End: e.ValueSpan.End},
		code: "ini-syntax",
		msg:  fmt.Sprintf("no '=' after %s: readers that split at ':' read the key %q and the value %q, the others a key without a value", name, e.Key, e.Value),
		hint: "write key=value",
		fix:  &fix{msg: "insert '='", edits: []diag.Edit{{Span: source.Span{Start: at, End: end}, NewText: "="}}},
	}, true
}
