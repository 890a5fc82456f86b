package shortcode

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/guidec/guidec/internal/source"
)

// TestCorpusHeadingIDs checks that the Markdown of each corpus guide, with
// `{{% %}}` output in place, has the headings Hugo gave the guide (the ids
// in ../shared/reference/hugo-heading-ids.json), in order. Headings are read
// with a line scan that knows ATX headings and fenced code, which is all the
// corpus uses; ids follow Hugo's github style via anchorize.
func TestCorpusHeadingIDs(t *testing.T) {
	corpus := corpusDir(t)
	b, err := os.ReadFile(filepath.Join(corpus, "..", "..", "reference", "hugo-heading-ids.json"))
	if err != nil {
		t.Skipf("reference ids absent: %v", err)
	}
	var want map[string][]string
	if err := json.Unmarshal(b, &want); err != nil {
		t.Fatal(err)
	}
	set := loadSet(t)
	for name, ids := range want {
		src, err := os.ReadFile(filepath.Join(corpus, name, "index.md"))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		ex, _ := Expand(set, source.NewFile(name, src), bodySpan(src), Options{})
		if got := headingIDs(ex.Markdown); !slices.Equal(got, ids) {
			t.Errorf("%s: heading ids\ngot  %q\nwant %q", name, got, ids)
		}
	}
}

func headingIDs(md []byte) []string {
	var ids []string
	seen := map[string]int{}
	fence := ""
	sc := bufio.NewScanner(bytes.NewReader(md))
	for sc.Scan() {
		line := strings.TrimLeft(sc.Text(), " ")
		if fence != "" {
			if strings.HasPrefix(line, fence) {
				fence = ""
			}
			continue
		}
		if strings.HasPrefix(line, "```") || strings.HasPrefix(line, "~~~") {
			fence = line[:3]
			continue
		}
		level := len(line) - len(strings.TrimLeft(line, "#"))
		if level == 0 || level > 6 || len(line) > level && line[level] != ' ' {
			continue
		}
		id := anchorize(strings.Trim(strings.TrimSpace(line[level:]), "#"))
		if n := seen[id]; n > 0 {
			seen[id]++
			id = fmt.Sprintf("%s-%d", id, n)
		} else {
			seen[id] = 1
		}
		ids = append(ids, id)
	}
	return ids
}
