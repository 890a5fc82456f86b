//go:build linux

package memofs

import (
	"io"
	"io/fs"
	"path"
	"path/filepath"
	"syscall"
	"time"
)

// openRegular opens the regular file at the OS path name with two system
// calls (open, fstat) where os.Open makes seven: it also tries to register
// every file with the network poller (fcntl, epoll_ctl, which fails for
// files on disk, fcntl again). It reports false for anything but a
// regular file opened without error: the caller then opens it through
// package os, which gives the error or handles the special file as usual.
func openRegular(name string) (*file, bool) {
	fd, err := open(filepath.Clean(name))
	if err != nil {
		return nil, false
	}
	f := &file{fd: fd, name: path.Base(filepath.ToSlash(name))}
	if fstat(fd, &f.st) != nil || f.st.Mode&syscall.S_IFMT != syscall.S_IFREG {
		syscall.Close(fd)
		return nil, false
	}
	return f, true
}

// readRegular reads the regular file at the OS path name with four system
// calls (open, fstat, read until end of file, close) where os.ReadFile
// makes ten (see openRegular).
func readRegular(name string) ([]byte, bool) {
	f, ok := openRegular(name)
	if !ok {
		return nil, false
	}
	defer f.Close()
	data := make([]byte, 0, f.st.Size+1) // one byte more, for the read that sees the end
	for {
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
		n, err := f.Read(data[len(data):cap(data)])
		data = data[:len(data)+n]
		if err == io.EOF {
			return data, true
		}
		if err != nil {
			return nil, false
		}
	}
}

// file is a regular file opened by openRegular: an fs.File for one
// goroutine at a time, as the callers of fs.FS use one.
type file struct {
	fd     int
	name   string
	st     syscall.Stat_t
	closed bool
}

// Stat implements fs.File.
func (f *file) Stat() (fs.FileInfo, error) {
	if f.closed {
		return nil, &fs.PathError{Op: "stat", Path: f.name, Err: fs.ErrClosed}
	}
	return fileInfo{name: f.name, st: f.st}, nil
}

// Read implements fs.File.
func (f *file) Read(b []byte) (int, error) {
	if f.closed {
		return 0, &fs.PathError{Op: "read", Path: f.name, Err: fs.ErrClosed}
	}
	if len(b) == 0 {
		return 0, nil
	}
	for {
		n, err := syscall.Read(f.fd, b)
		switch {
		case err == syscall.EINTR:
			continue
		case err != nil:
			return 0, &fs.PathError{Op: "read", Path: f.name, Err: err}
		case n == 0:
			return 0, io.EOF
		}
		return n, nil
	}
}

// Close implements fs.File.
func (f *file) Close() error {
	if f.closed {
		return &fs.PathError{Op: "close", Path: f.name, Err: fs.ErrClosed}
	}
	f.closed = true
	return syscall.Close(f.fd)
}

// fileInfo is a regular file's fs.FileInfo, from its fstat.
type fileInfo struct {
	name string
	st   syscall.Stat_t
}

func (fi fileInfo) Name() string       { return fi.name }
func (fi fileInfo) Size() int64        { return fi.st.Size }
func (fi fileInfo) ModTime() time.Time { return time.Unix(fi.st.Mtim.Unix()) }
func (fi fileInfo) IsDir() bool        { return false }
func (fi fileInfo) Sys() any           { return &fi.st }

// Mode is os's for a regular file: the permissions and the set-id and
// sticky bits, no type bits.
func (fi fileInfo) Mode() fs.FileMode {
	m := fs.FileMode(fi.st.Mode & 0o777)
	if fi.st.Mode&syscall.S_ISUID != 0 {
		m |= fs.ModeSetuid
	}
	if fi.st.Mode&syscall.S_ISGID != 0 {
		m |= fs.ModeSetgid
	}
	if fi.st.Mode&syscall.S_ISVTX != 0 {
		m |= fs.ModeSticky
	}
	return m
}

func open(name string) (int, error) {
	for {
		fd, err := syscall.Open(name, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
		if err != syscall.EINTR {
			return fd, err
		}
	}
}

func fstat(fd int, st *syscall.Stat_t) error {
	for {
		if err := syscall.Fstat(fd, st); err != syscall.EINTR {
			return err
		}
	}
}
