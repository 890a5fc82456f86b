package tests

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/guidec/guidec/internal/cli"
)

// TestUpgradeReportCorpus runs `guidec upgrade-report` over the corpus and
// compares its Markdown with testdata/upgrade-report.golden.md, the table a
// maintainer reads before an upgrade from 4.38 to 4.39 and the latest
// release (run with -update and review the diff: every finding in it is a
// finding of the authelia checker for some release).
func TestUpgradeReportCorpus(t *testing.T) {
	var out, errb bytes.Buffer
	args := []string{"upgrade-report", "--source", corpusDir(t), "--site", "../site", "--shortcodes", "../shortcodes"}
	if code := cli.Main(args, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	golden := filepath.Join("testdata", "upgrade-report.golden.md")
	if *update {
		if err := os.WriteFile(golden, out.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(out.Bytes(), want) {
		t.Errorf("upgrade report differs from %s (run with -update and review):\n%s", golden,
			diffLines(strings.Split(string(want), "\n"), strings.Split(out.String(), "\n")))
	}
}
