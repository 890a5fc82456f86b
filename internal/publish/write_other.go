//go:build !unix

package publish

import "os"

// canUpdate reports that DirOutput may update a spare site in place: only
// on Unix, where updateFile can refuse symbolic links.
const canUpdate = false

// writeFile creates (or truncates) the file name and writes data to it.
func writeFile(name string, data []byte) error {
	return os.WriteFile(name, data, 0o644)
}

// updateFile is writeFile: without canUpdate nothing is updated in place.
func updateFile(name string, data []byte) error { return writeFile(name, data) }

// ownedDir is never called without canUpdate.
func ownedDir(fi os.FileInfo) bool { return false }
