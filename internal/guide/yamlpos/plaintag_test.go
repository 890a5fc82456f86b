package yamlpos

import (
	"math/rand/v2"
	"testing"

	"gopkg.in/yaml.v3"
)

// resolvedTag is yaml.v3's tag for the plain scalar v, which plainTag
// must agree with whenever it answers.
func resolvedTag(v string) string {
	return (&yaml.Node{Kind: yaml.ScalarNode, Value: v}).ShortTag()
}

func checkPlainTag(t *testing.T, v string) {
	t.Helper()
	if got := plainTag(v); got != "" && got != resolvedTag(v) {
		t.Errorf("plainTag(%q) = %s, yaml.v3 resolves %s", v, got, resolvedTag(v))
	}
}

// TestPlainTag checks the values plainTag answers for without yaml.v3,
// and that it leaves the ambiguous ones to it.
func TestPlainTag(t *testing.T) {
	for _, tt := range []struct{ v, want string }{
		{"8080", "!!int"},
		{"0", "!!int"},
		{"9", "!!int"},
		{"123456789012345678", "!!int"},
		{"1234567890123456789", ""}, // may pass int64: yaml.v3 decides
		{"0123", ""},                // octal under base 0
		{"08", ""},                  // not octal: a float
		{"1h", "!!str"},
		{"30m", "!!str"},
		{"2 days", "!!str"},
		{"5s", "!!str"},
		{"-rw", "!!str"},
		{"+y", "!!str"},
		{".well-known", "!!str"},
		{"1.5", ""},
		{"1e3", ""},
		{"0x1F", ""},
		{"0o17", ""},
		{"0b101", ""},
		{"1_000", ""},
		{"-1", ""},
		{"+1", ""},
		{".5", ""},
		{".inf", ""},
		{"-.Inf", ""},
		{".NaN", ""},
		{"2025-01-02", ""},
		{"2001-12-14t21:59:43.10Z", ""},
		{"2001-12-14 21:59:43,10", ""},
		{"1.2.3", ""},
		{"true", "!!bool"},
		{"FALSE", "!!bool"},
		{"tRUE", "!!str"},
		{"Null", "!!null"},
		{"~", "!!null"},
		{"~x", "!!str"},
		{"yes", "!!str"},
		{"off", "!!str"},
		{"openid", "!!str"},
		{"none", "!!str"},
		{"abc", "!!str"},
		{"<<", ""},
		{"", ""},
		{"é", "!!str"},
		{"1é", "!!str"},
	} {
		if got := plainTag(tt.v); got != tt.want {
			t.Errorf("plainTag(%q) = %q, want %q", tt.v, got, tt.want)
		}
		checkPlainTag(t, tt.v)
	}
}

// TestPlainTagRandom compares plainTag with yaml.v3 on random values
// made of the bytes that matter to either.
func TestPlainTagRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	const alphabet = "0123456789012345678901234567890123456789+-._:, TtZzeExXoObBpPaAfFnNiIhms/é~yYlLuUrRsS<"
	for range 200000 {
		b := make([]byte, 1+rng.IntN(12))
		for i := range b {
			b[i] = alphabet[rng.IntN(len(alphabet))]
		}
		checkPlainTag(t, string(b))
	}
}

// FuzzPlainTag compares plainTag with yaml.v3 on any value.
func FuzzPlainTag(f *testing.F) {
	for _, s := range []string{"8080", "1h", "0x1F", "2025-01-02", ".inf", "-1", "1_0", "1,5", "true", "~", "none"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		checkPlainTag(t, v)
	})
}
