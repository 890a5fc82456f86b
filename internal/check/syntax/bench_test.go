package syntax

import (
	"strings"
	"testing"

	"github.com/guidec/guidec/internal/snippet"
)

// BenchmarkCorpus runs the checker over every corpus guide.
func BenchmarkCorpus(b *testing.B) {
	guides := corpusGuides(b)
	if guides == nil {
		b.Skip("corpus absent")
	}
	var all [][]*snippet.Snippet
	for _, s := range guides {
		all = append(all, s)
	}
	b.ResetTimer()
	for range b.N {
		for _, s := range all {
			runChecker(s)
		}
	}
}

// BenchmarkYAMLErrorLocation measures the worst case of locating a YAML
// error by parsing prefixes: an unterminated quote on the first line of a
// snippet of n lines, so that every prefix fails.
func BenchmarkYAMLErrorLocation(b *testing.B) {
	for _, n := range []int{50, 500, maxPrefixParses} {
		text := []byte("a: 'open\n" + strings.Repeat("key: value\n", n-1))
		b.Run(itoa(n), func(b *testing.B) {
			for range b.N {
				fs := validateYAML(text)
				if len(fs) != 1 || fs[0].span.Start != 0 {
					b.Fatalf("got %+v", fs)
				}
			}
		})
	}
}
