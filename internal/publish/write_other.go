//go:build !unix

package publish

import (
	"fmt"
	"io/fs"
	"os"
)

// canUpdate reports that DirOutput may update a spare site in place: only
// on Unix, where updateFile can refuse symbolic links.
const canUpdate = false

// writeFile creates (or truncates) the file name, writes data to it and
// returns its identity.
func writeFile(name string, data []byte) (fileID, error) {
	if err := os.WriteFile(name, data, 0o644); err != nil {
		return fileID{}, err
	}
	fi, err := os.Lstat(name)
	if err != nil {
		return fileID{}, err
	}
	return statID(fi), nil
}

// statID returns the identity of the file fi describes: its size and
// modification time.
func statID(fi os.FileInfo) fileID {
	return fileID{size: fi.Size(), mtime: fi.ModTime().UnixNano()}
}

// openNoFollow opens name for reading, failing on a symbolic link.
func openNoFollow(name string) (*os.File, error) {
	fi, err := os.Lstat(name)
	if err != nil {
		return nil, err
	}
	if fi.Mode()&fs.ModeSymlink != 0 {
		return nil, fmt.Errorf("%s: a symbolic link", name)
	}
	return os.Open(name)
}

// updateFile is never called without canUpdate.
func (o *DirOutput) updateFile(name, target string, data []byte) (record, bool, error) {
	id, err := writeFile(target, data)
	return record{id: id, sum: digestOf(data)}, true, err
}
