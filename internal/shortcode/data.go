package shortcode

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"

	"github.com/pelletier/go-toml/v2"
	"gopkg.in/yaml.v3"

	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/source"
)

// Limits on the data directory: real projects hold a few files of a few
// hundred KiB.
const (
	maxDataFiles = 10000
	maxDataBytes = 64 << 20 // all files together
)

// loadData reads the data files of fsys into nested maps, as Hugo does:
// data/a/b.json is hugo.Data.a.b. JSON, YAML and TOML files are decoded
// (Hugo's other formats are left out); hidden files are skipped. A file
// that does not decode is reported at its position and left out. When a
// file and a directory have the same name, maps are merged, the file's
// keys winning.
func loadData(fsys fs.FS, name string) (map[string]any, diag.List, error) {
	root := map[string]any{}
	var l diag.List
	files, total := 0, 0
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return fmt.Errorf("load data: %w", err)
		}
		if p != "." && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		ext := strings.ToLower(path.Ext(p))
		if !d.Type().IsRegular() || ext != ".json" && ext != ".yaml" && ext != ".yml" && ext != ".toml" {
			return nil
		}
		if files++; files > maxDataFiles {
			return fmt.Errorf("load data: more than %d files in %s", maxDataFiles, name)
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return fmt.Errorf("load data: %w", err)
		}
		f := source.NewFile(path.Join(name, p), b)
		if total += len(b); total > maxDataBytes {
			l.Addf(f, source.Span{}, diag.Error, codeData, "", "data files larger than %d MiB together; this one is left out", maxDataBytes>>20)
			return nil
		}
		v, err := decodeData(ext, b)
		if err != nil {
			l.Add(dataDiag(f, err))
			return nil
		}
		insertData(root, strings.Split(strings.TrimSuffix(p, path.Ext(p)), "/"), v)
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	return root, l, nil
}

// insertData stores v under the key path keys of root.
func insertData(root map[string]any, keys []string, v any) {
	cur := root
	for _, k := range keys[:len(keys)-1] {
		next, ok := cur[k].(map[string]any)
		if !ok {
			next = map[string]any{}
			cur[k] = next
		}
		cur = next
	}
	k := keys[len(keys)-1]
	if vm, ok := v.(map[string]any); ok {
		if old, ok := cur[k].(map[string]any); ok {
			mergeMap(old, vm)
			return
		}
	}
	cur[k] = v
}

// decodeData decodes a JSON, YAML or TOML document into plain values:
// maps with string keys, []any, strings, numbers (JSON's as float64, as
// in Hugo), booleans.
func decodeData(ext string, b []byte) (any, error) {
	var v any
	var err error
	switch ext {
	case ".json":
		err = json.Unmarshal(b, &v)
	case ".toml":
		m := map[string]any{}
		err = toml.Unmarshal(b, &m)
		v = m
	default:
		if len(bytes.TrimSpace(b)) > 0 {
			err = yaml.Unmarshal(b, &v)
		}
	}
	if err != nil {
		return nil, err
	}
	return plainData(v), nil
}

// plainData turns the maps with non-string keys YAML may produce into maps
// with string keys, recursively.
func plainData(v any) any {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			v[k] = plainData(x)
		}
		return v
	case map[any]any:
		m := make(map[string]any, len(v))
		for k, x := range v {
			m[toString(k)] = plainData(x)
		}
		return m
	case []any:
		for i, x := range v {
			v[i] = plainData(x)
		}
		return v
	}
	return v
}

// dataDiag reports a data file that does not decode, at the position the
// decoder names when it names one.
func dataDiag(f *source.File, err error) diag.Diagnostic {
	d := diag.Diagnostic{File: f, Severity: diag.Error, Code: codeData,
		Message: "data file does not decode: " + err.Error(),
		Hint:    "templates that read it see no value"}
	var je *json.SyntaxError
	var te *toml.DecodeError
	switch {
	case errors.As(err, &je):
		off := min(max(int(je.Offset)-1, 0), len(f.Content))
		d.Span = source.Span{Start: off, End: off}
	case errors.As(err, &te):
		line, col := te.Position()
		lines := source.NewLines(f.Content, source.LFBreaks)
		if line >= 1 && line <= lines.Count() {
			off := min(lines.Start(line)+col-1, lines.End(line))
			d.Span = source.Span{Start: off, End: off}
		}
	}
	return d
}

// dataMap returns the data files, an empty map when there are none.
func (lib *library) dataMap() map[string]any {
	if lib.data == nil {
		return map[string]any{}
	}
	return lib.data
}

// unmarshal is Hugo's transform.Unmarshal [OPTIONS] INPUT for a string
// INPUT: JSON, TOML or YAML, decided by its content as Hugo does.
func unmarshal(args ...any) (any, error) {
	if len(args) < 1 || len(args) > 2 {
		return nil, fmt.Errorf("transform.Unmarshal: want [OPTIONS] INPUT")
	}
	s := strings.TrimSpace(toString(args[len(args)-1]))
	if s == "" {
		return nil, nil
	}
	ext := ".yaml"
	switch {
	case s[0] == '{' || s[0] == '[' && json.Valid([]byte(s)): // "[table]" is TOML
		ext = ".json"
	case looksLikeTOML(s):
		ext = ".toml"
	}
	v, err := decodeData(ext, []byte(s))
	if err != nil {
		return nil, fmt.Errorf("transform.Unmarshal: %w", err)
	}
	return v, nil
}

// looksLikeTOML reports whether the first line that says something sets
// a key with '=' (before any ':') or opens a table.
func looksLikeTOML(s string) bool {
	for _, line := range strings.Split(s, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if strings.HasPrefix(line, "[") {
			return true
		}
		eq, colon := strings.Index(line, "="), strings.Index(line, ":")
		return eq > 0 && (colon < 0 || eq < colon)
	}
	return false
}
