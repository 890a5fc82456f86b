//go:build unix

package publish

import (
	"bytes"
	"io/fs"
	"os"
	"sync"
	"syscall"
)

// canUpdate reports that DirOutput may update a spare site in place.
const canUpdate = true

// writeFile creates (or truncates) the file name and writes data to it
// with raw system calls: open, write, close. os.WriteFile costs five more
// per file on Linux (os.OpenFile offers every descriptor to the network
// poller, which refuses regular files, and sets and clears non-blocking
// mode around that), a third of the system calls of a build.
func writeFile(name string, data []byte) error {
	var fd int
	var err error
	for {
		fd, err = syscall.Open(name, syscall.O_WRONLY|syscall.O_CREAT|syscall.O_TRUNC|syscall.O_CLOEXEC, 0o644)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		return &fs.PathError{Op: "open", Path: name, Err: err}
	}
	for len(data) > 0 {
		n, werr := syscall.Write(fd, data)
		if werr == syscall.EINTR {
			continue
		}
		if werr == nil && n == 0 {
			werr = syscall.EIO // no progress; os.File.Write reports io.ErrShortWrite
		}
		if werr != nil {
			syscall.Close(fd)
			return &fs.PathError{Op: "write", Path: name, Err: werr}
		}
		data = data[n:]
	}
	if err := syscall.Close(fd); err != nil {
		return &fs.PathError{Op: "close", Path: name, Err: err}
	}
	return nil
}

// updateFile makes the file name hold data, in a directory being updated in
// place: a regular file of ours that already holds data is left alone (no
// write, no new inode); one with other bytes is rewritten; anything else
// in its place (a symbolic link, a directory, someone else's file) is
// removed first.
func updateFile(name string, data []byte) error {
	fd, err := syscall.Open(name, syscall.O_RDONLY|syscall.O_NOFOLLOW|syscall.O_CLOEXEC, 0)
	switch {
	case err == nil:
		same, ours := compareFile(fd, data)
		syscall.Close(fd)
		if same {
			return nil
		}
		if !ours {
			if err := os.RemoveAll(name); err != nil {
				return err
			}
		}
	case err != syscall.ENOENT:
		if err := os.RemoveAll(name); err != nil {
			return err
		}
	}
	return writeFile(name, data)
}

var readPool = sync.Pool{New: func() any { return new([]byte) }}

// compareFile reports whether the open file fd holds exactly data, and
// whether it is a regular file of ours (mode 0644, owned by this user)
// that writeFile may rewrite in place.
func compareFile(fd int, data []byte) (same, ours bool) {
	var st syscall.Stat_t
	if syscall.Fstat(fd, &st) != nil || st.Mode&syscall.S_IFMT != syscall.S_IFREG ||
		st.Mode&0o7777 != 0o644 || int(st.Uid) != syscall.Geteuid() {
		return false, false
	}
	if st.Size != int64(len(data)) {
		return false, true
	}
	bp := readPool.Get().(*[]byte)
	defer readPool.Put(bp)
	if cap(*bp) < len(data)+1 {
		*bp = make([]byte, len(data)+1)
	}
	buf := (*bp)[:len(data)+1] // one byte more, to see a file that grew
	n := 0
	for n < len(buf) {
		m, err := syscall.Read(fd, buf[n:])
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return false, true
		}
		if m == 0 {
			break
		}
		n += m
	}
	return n == len(data) && bytes.Equal(buf[:n], data), true
}

// ownedDir reports whether fi is of a directory owned by this user.
func ownedDir(fi os.FileInfo) bool {
	st, ok := fi.Sys().(*syscall.Stat_t)
	return ok && fi.IsDir() && int(st.Uid) == syscall.Geteuid()
}
