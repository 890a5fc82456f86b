package publish

import (
	"os"
	"syscall"
)

// statID returns the identity of the file fi describes.
func statID(fi os.FileInfo) fileID {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return fstatID(st, "")
	}
	return fileID{size: fi.Size(), mtime: fi.ModTime().UnixNano()}
}

// fstatID returns the identity in st: Linux reports the change time,
// which no program can set back, so a file whose identity holds has not
// been written, renamed, linked or had its mode changed since.
func fstatID(st *syscall.Stat_t, _ string) fileID {
	return fileID{size: st.Size, ino: uint64(st.Ino), mtime: st.Mtim.Nano(), ctime: st.Ctim.Nano()}
}
