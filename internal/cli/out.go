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

// pendingOutput is a build's output folder while openOutput prepares it in
// the background (locking it, auditing the spare copy the build updates:
// 3–5 ms of system calls on the machines guidec is measured on), beside
// the work that reads the source and writes nothing. Every write waits
// for it, and fails with its error if it failed, so nothing is written
// before the folder has been checked as before; the build reports that
// error in place of its own.
type pendingOutput struct {
	ready chan struct{}
	dst   *publish.DirOutput
	err   error
}

// openOutputAsync starts openOutput(out, inputs) and returns at once.
func openOutputAsync(out string, inputs []publish.Input) *pendingOutput {
	p := &pendingOutput{ready: make(chan struct{})}
	go func() {
		defer close(p.ready)
		p.dst, p.err = openOutput(out, inputs)
	}()
	return p
}

// wait returns what openOutput returned, once it has.
func (p *pendingOutput) wait() (*publish.DirOutput, error) {
	<-p.ready
	return p.dst, p.err
}

// WriteFile implements publish.Output: it waits for the folder and
// writes to it.
func (p *pendingOutput) WriteFile(name string, data []byte) error {
	dst, err := p.wait()
	if err != nil {
		return err
	}
	return dst.WriteFile(name, data)
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
