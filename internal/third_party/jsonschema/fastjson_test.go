package jsonschema

import (
	"bytes"
	"reflect"
	"testing"
)

// TestDecodeJSON compares DecodeJSON with UnmarshalJSON, values and
// errors, on documents of every form, valid and not.
func TestDecodeJSON(t *testing.T) {
	docs := []string{
		`{}`, `[]`, `{"a":1}`, ` { "a" : [ 1 , 2.5 , -3e2 , 0 , -0.0e+1 , 1E-2 ] } `, `"x"`, `true`, `false`, `null`, `12`,
		`{"a":{"b":{"c":[{"d":null}]}}}`, `{"a":1,"a":2}`, `["\"\\\/\b\f\n\r\t"]`, `["\u00e9\u4e2d\ud83d\ude00"]`,
		`["é中😀"]`, `["\ud83d"]`, `["\ude00x"]`, `["\ud83dx"]`, `["\ud83d\u0041"]`, "[\"\xff\"]", "[\"a\\u00e9\xff\"]",
		"[\"\x01\"]", `["\x"]`, `["\u12"]`, `["\u12G4"]`, `{"a" 1}`, `{"a":1,}`, `[1,]`, `[1 2]`, `{"a":1}x`, `{"a":1} `,
		`01`, `-`, `1.`, `1e`, `.5`, `+1`, `tru`, `nul`, `[`, `{`, `{"a":`, `"abc`, ``, ` `, `[1e400]`, `[-0]`,
		`{"pattern":"^x-","patternProperties":{"^x-":{}},"$ref":"#/definitions/a"}`,
	}
	// The forms a schema uses take the fast path, not the fallback.
	for _, doc := range append(docs[:13:13], docs[len(docs)-1]) {
		d := jsonDecoder{data: []byte(doc)}
		_, ok := d.value()
		d.space()
		if !ok || d.i != len(d.data) {
			t.Errorf("%q: decoded by the fallback", doc)
		}
	}
	for _, doc := range docs {
		want, werr := UnmarshalJSON(bytes.NewReader([]byte(doc)))
		got, gerr := DecodeJSON([]byte(doc))
		if (werr == nil) != (gerr == nil) || werr != nil && werr.Error() != gerr.Error() {
			t.Errorf("%q: error %v, UnmarshalJSON %v", doc, gerr, werr)
			continue
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%q: %#v, UnmarshalJSON %#v", doc, got, want)
		}
	}
}
