//go:build perfheap

package markdown

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"
)

func TestPerfLang(t *testing.T) {
	files, _ := filepath.Glob("/work/shared/corpus/authelia/*/index.md")
	re := regexp.MustCompile("(?ms)^```([a-z]*)[^\n]*\n(.*?)^```")
	blocks := map[string][]string{}
	for _, f := range files {
		b, _ := os.ReadFile(f)
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			blocks[m[1]] = append(blocks[m[1]], m[2])
		}
	}
	c := newCodeRenderer()
	for lang, bs := range blocks {
		n := 0
		for _, b := range bs {
			n += len(b)
		}
		c.tokens(lang, []byte(bs[0]))
		t0 := time.Now()
		for i := 0; i < 10; i++ {
			for _, b := range bs {
				c.budget = highlightBudget
				c.tokens(lang, []byte(b))
			}
		}
		d := time.Since(t0) / 10
		fmt.Printf("%-8s blocks=%3d bytes=%7d time=%v  (%.1f MB/s)\n", lang, len(bs), n, d, float64(n)/d.Seconds()/1e6)
	}
}

func TestPerfYAMLStats(t *testing.T) {
	files, _ := filepath.Glob("/work/shared/corpus/authelia/*/index.md")
	re := regexp.MustCompile("(?ms)^```yaml[^\n]*\n(.*?)^```")
	blk := regexp.MustCompile(`[>|][+-]?\n `)
	var n, nonascii, scalar, cr, inc int
	for _, f := range files {
		b, _ := os.ReadFile(f)
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			n++
			s := m[1]
			for i := 0; i < len(s); i++ {
				if s[i] >= 0x80 {
					nonascii++
					break
				}
			}
			if blk.MatchString(s) {
				scalar++
			}
			if regexp.MustCompile(`\r`).MatchString(s) {
				cr++
			}
			if regexp.MustCompile(`(?m)^%include`).MatchString(s) {
				inc++
			}
		}
	}
	fmt.Println("yaml blocks", n, "nonascii", nonascii, "blockscalar", scalar, "cr", cr, "include", inc)
}
