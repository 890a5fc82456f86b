package compose

import (
	"strings"
	"testing"

	"github.com/guidec/guidec/internal/snippet"
	"github.com/guidec/guidec/internal/testenv"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// BenchmarkCorpus runs the checker over every guide of
// ../shared/corpus/authelia (33 Compose documents), as guidec check does.
func BenchmarkCorpus(b *testing.B) {
	docs := corpusDocs(b, testenv.CorpusIfPresent(b))
	if docs == nil {
		b.Skip("corpus absent")
	}
	var all [][]*snippet.Snippet
	for _, name := range sortedKeys(docs) {
		all = append(all, docs[name])
	}
	if _, err := loadSpec(); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		for _, s := range all {
			runChecker(s)
		}
	}
}

// BenchmarkSpec measures the one-time cost of compiling the schema, which
// the first guide with a Compose snippet pays.
func BenchmarkSpec(b *testing.B) {
	for range b.N {
		if _, err := compileSpec(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecodeSpec compares decoding the embedded schema with
// jsonschema.DecodeJSON, as compileSpec does, and with UnmarshalJSON
// (encoding/json).
func BenchmarkDecodeSpec(b *testing.B) {
	b.Run("DecodeJSON", func(b *testing.B) {
		for range b.N {
			if _, err := jsonschema.DecodeJSON([]byte(specJSON)); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("UnmarshalJSON", func(b *testing.B) {
		for range b.N {
			if _, err := jsonschema.UnmarshalJSON(strings.NewReader(specJSON)); err != nil {
				b.Fatal(err)
			}
		}
	})
}
