package cli

import (
	"fmt"
	"io"

	"github.com/guidec/guidec/internal/publish"
)

// openOutput checks where the output folder out is (publish.CheckPlace)
// and opens it (publish.NewDirOutput), which refuses a folder guidec did
// not create.
func openOutput(out string, inputs []publish.Input) (*publish.DirOutput, error) {
	if err := publish.CheckPlace(out, inputs...); err != nil {
		return nil, fmt.Errorf("--out %s: %w; nothing was written", out, err)
	}
	return publish.NewDirOutput(out)
}

// printOutputWarnings prints what the output left alone, and why.
func printOutputWarnings(dst *publish.DirOutput, stderr io.Writer) {
	for _, w := range dst.Warnings() {
		fmt.Fprintf(stderr, "guidec build: warning: %s\n", w)
	}
}

// inputs names the directories a build reads, which its output must keep
// clear of: the source folder, and the site and shortcodes folders read
// from disk (none for the embedded copies), as options resolved them.
func (c *common) inputs() []publish.Input {
	return []publish.Input{
		{Name: "the source folder (--source " + c.source + ")", Dir: c.source},
		{Name: "the site folder (" + flagOrDefault(c.site, "site") + ")", Dir: c.siteDir},
		{Name: "the shortcodes folder (" + flagOrDefault(c.shortcodes, "shortcodes") + ")", Dir: c.shortcodesDir},
	}
}

func flagOrDefault(flag, def string) string {
	if flag != "" {
		return "--" + def + " " + flag
	}
	return "./" + def
}
