package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/guidec/guidec/internal/build"
	"github.com/guidec/guidec/internal/diag"
)

// sarifOptions describe guidec in a SARIF log.
func sarifOptions() diag.SARIFOptions {
	return diag.SARIFOptions{
		ToolName: "guidec", Version: version,
		InformationURI: "https://github.com/guidec/guidec",
		HelpURI:        "https://github.com/guidec/guidec/blob/main/docs/diagnostics.md",
		Registry:       build.Registry(),
	}
}

// writeStepSummary appends the Markdown job summary of l to the file
// named by $GITHUB_STEP_SUMMARY, as GitHub asks of every step that adds
// to it, and says so on stderr. Without the variable (not in GitHub
// Actions) it does nothing. The summary is sized to what is left of
// GitHub's limit, since a larger file loses the whole summary.
func writeStepSummary(l diag.List, stderr io.Writer) error {
	path := os.Getenv("GITHUB_STEP_SUMMARY")
	if path == "" {
		return nil
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return fmt.Errorf("job summary: %w", err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return fmt.Errorf("job summary: %w", err)
	}
	room := diag.GitHubSummaryLimit - int(st.Size())
	if room < 1024 {
		f.Close()
		fmt.Fprintf(stderr, "guidec check: no job summary: $GITHUB_STEP_SUMMARY already holds %d bytes of GitHub's %d\n", st.Size(), diag.GitHubSummaryLimit)
		return nil
	}
	err = diag.PrintGitHubSummary(f, l, room)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("job summary: %w", err)
	}
	fmt.Fprintf(stderr, "guidec check: job summary of %d %s appended to $GITHUB_STEP_SUMMARY\n", len(l), plural(len(l), "finding"))
	return nil
}

// checkSARIFPath refuses a --sarif file that guidec may not replace: one
// that exists and is not a SARIF log written by guidec (a previous run),
// a link or a directory. It runs before the check, so that a wrong path
// costs nothing.
func checkSARIFPath(path string) error {
	st, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if !st.Mode().IsRegular() {
		return fmt.Errorf("%s exists and is not a regular file", path)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var log struct {
		Version string
		Runs    []struct {
			Tool struct{ Driver struct{ Name string } }
		}
	}
	if json.Unmarshal(data, &log) != nil || log.Version != "2.1.0" || len(log.Runs) != 1 || log.Runs[0].Tool.Driver.Name != "guidec" {
		return fmt.Errorf("%s exists and is not a SARIF log of guidec: refusing to overwrite it", path)
	}
	return nil
}

// writeSARIFFile writes l as a SARIF log to path (checked by
// checkSARIFPath) through a temporary file beside it, so that path holds
// either the previous log or the whole new one.
func writeSARIFFile(path string, l diag.List) error {
	var b bytes.Buffer
	if err := diag.PrintSARIF(&b, l, sarifOptions()); err != nil {
		return err
	}
	if err := checkSARIFPath(path); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".guidec-sarif-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(b.Bytes()); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
