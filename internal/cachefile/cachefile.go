// Package cachefile writes guidec's cache files (the digest cache, the
// highlighting cache) so that a reader never sees half a file.
package cachefile

import (
	"fmt"
	"os"
	"path/filepath"
)

// Write replaces the file path with data, through a temporary file in the
// same directory (".NAME-*.tmp", NAME being path's base name) and a
// rename, creating the directory (mode 0700) when it is missing. The
// temporary file is removed when anything fails. Errors carry the step
// that failed, not what the file is: callers add that.
func Write(path string, data []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+"-*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // no-op after a successful rename
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", tmp.Name(), err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("close %s: %w", tmp.Name(), err)
	}
	return os.Rename(tmp.Name(), path)
}
