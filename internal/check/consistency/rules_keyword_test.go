package consistency

import (
	"fmt"
	"slices"
	"testing"
)

// keyWordTypos returns "line:col word" of each consistency-key-word-typo of f.
func keyWordTypos(t *testing.T, f *fixture) []string {
	t.Helper()
	var got []string
	for _, d := range f.diags(t, nil, nil) {
		if d.Code == "consistency-key-word-typo" {
			p := d.Start()
			got = append(got, fmt.Sprintf("%d:%d %s", p.Line, p.Column, f.content[d.Span.Start:d.Span.End]))
		}
	}
	return got
}

func TestKeyWordTyposQuick(t *testing.T) {
	var f fixture
	f.code("json", "config.json", "{\n  \"opneId\": {\n    \"server_ostname\": \"https://x.example.com\"\n  }\n}\n")
	got := keyWordTypos(t, &f)
	if !slices.Equal(got, []string{"x"}) {
		t.Errorf("got %v\n%s", got, numbered(f.content))
	}
}
