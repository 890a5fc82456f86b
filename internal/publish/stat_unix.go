//go:build unix && !linux

package publish

import (
	"os"
	"syscall"
)

// statID returns the identity of the file fi describes: size, inode and
// modification time (the field names of the change time differ between
// these systems, and the modification time with the inode suffices).
func statID(fi os.FileInfo) fileID {
	id := fileID{size: fi.Size(), mtime: fi.ModTime().UnixNano()}
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		id.ino = uint64(st.Ino)
	}
	return id
}

// fstatID returns the identity of the file name that st describes.
func fstatID(st *syscall.Stat_t, name string) fileID {
	if fi, err := os.Lstat(name); err == nil {
		return statID(fi)
	}
	return fileID{size: int64(st.Size), ino: uint64(st.Ino)} // no time: proves nothing
}
