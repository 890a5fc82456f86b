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

// writeFile creates (or truncates) the file name, which must not be a
// symbolic link, writes data to it and returns its identity, with raw
// system calls: open, write, fstat, close. os.WriteFile costs five more
// per file on Linux (os.OpenFile offers every descriptor to the network
// poller, which refuses regular files, and sets and clears non-blocking
// mode around that), a third of the system calls of a build.
func writeFile(name string, data []byte) (fileID, error) {
	var fd int
	var err error
	for {
		fd, err = syscall.Open(name, syscall.O_WRONLY|syscall.O_CREAT|syscall.O_TRUNC|syscall.O_NOFOLLOW|syscall.O_CLOEXEC, 0o644)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		return fileID{}, &fs.PathError{Op: "open", Path: name, Err: err}
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
			return fileID{}, &fs.PathError{Op: "write", Path: name, Err: werr}
		}
		data = data[n:]
	}
	var st syscall.Stat_t
	if err := syscall.Fstat(fd, &st); err != nil {
		syscall.Close(fd)
		return fileID{}, &fs.PathError{Op: "fstat", Path: name, Err: err}
	}
	if err := syscall.Close(fd); err != nil {
		return fileID{}, &fs.PathError{Op: "close", Path: name, Err: err}
	}
	return fstatID(&st, name), nil
}

// openNoFollow opens name for reading, failing on a symbolic link.
func openNoFollow(name string) (*os.File, error) {
	return os.OpenFile(name, os.O_RDONLY|syscall.O_NOFOLLOW, 0)
}

// updateFile makes the file name (at target, in the spare being updated in
// place) hold data. A regular file that already holds data with the
// site's mode is left alone: no write, no new inode. Otherwise the file
// there is replaced only if guidec wrote it (its record in o.have still
// holds, see holds) or it holds data anyway: rewritten in place, or
// removed and created again when it has other links (which must keep the
// bytes they have) or another mode. A directory of the spare's site where
// the new site has a file is removed as clear does. Anything else is an
// error: the audit of the spare saw none, so it appeared since.
// It reports whether it created a new directory entry.
func (o *DirOutput) updateFile(name, target string, data []byte) (rec record, created bool, err error) {
	fd, err := syscall.Open(target, syscall.O_RDONLY|syscall.O_NOFOLLOW|syscall.O_CLOEXEC, 0)
	for err == syscall.EINTR {
		fd, err = syscall.Open(target, syscall.O_RDONLY|syscall.O_NOFOLLOW|syscall.O_CLOEXEC, 0)
	}
	create := func() (record, bool, error) {
		id, err := writeFile(target, data)
		return record{id: id, sum: digestOf(data)}, true, err
	}
	switch {
	case err == syscall.ENOENT:
		return create()
	case err == syscall.ELOOP:
		return record{}, false, refuse(ErrNotOwned, "%s: %s", target, whySymlink)
	case err != nil:
		return record{}, false, &fs.PathError{Op: "open", Path: target, Err: err}
	}
	var st syscall.Stat_t
	if err := syscall.Fstat(fd, &st); err != nil {
		syscall.Close(fd)
		return record{}, false, &fs.PathError{Op: "fstat", Path: target, Err: err}
	}
	switch st.Mode & syscall.S_IFMT {
	case syscall.S_IFREG:
	case syscall.S_IFDIR:
		syscall.Close(fd)
		if err := o.clear(name); err != nil {
			return record{}, false, err
		}
		return create()
	default:
		syscall.Close(fd)
		return record{}, false, refuse(ErrNotOwned, "%s: %s", target, whyStrange)
	}
	id := fstatID(&st, target)
	o.mu.Lock()
	old, had := o.have[name]
	o.mu.Unlock()
	ours := had && old.id.same(id)
	equal := false
	if st.Size == int64(len(data)) {
		equal = equalFD(fd, data)
		if !equal && !ours && had {
			buf := readFD(fd, len(data)+1) // one byte more, to see a file that grew
			ours = int64(len(buf.b)) == old.id.size && digestOf(buf.b) == old.sum
			buf.put()
		}
	} else if !ours && had && st.Size == old.id.size {
		buf := readFD(fd, int(st.Size)+1)
		ours = int64(len(buf.b)) == old.id.size && digestOf(buf.b) == old.sum
		buf.put()
	}
	syscall.Close(fd)
	rightMode := st.Mode&0o7777 == 0o644
	switch {
	case equal && rightMode:
		sum := old.sum
		if !ours {
			sum = digestOf(data)
		}
		return record{id: id, sum: sum}, false, nil
	case !ours && !equal:
		o.mu.Lock()
		o.disown(name)
		o.mu.Unlock()
		return record{}, false, refuse(ErrNotOwned, "%s %s, so guidec will not overwrite it", target, whyChanged)
	case !rightMode || st.Nlink > 1:
		if err := os.Remove(target); err != nil {
			return record{}, false, err
		}
		return create()
	}
	id, err = writeFile(target, data) // in place: same inode, same directory entry
	return record{id: id, sum: digestOf(data)}, false, err
}

// chunkPool holds the buffers equalFD reads into: one size, so that a
// build comparing every page with the spare's copy allocates a few of
// them rather than one of each page's size (1.3 MB of a corpus build).
var chunkPool = sync.Pool{New: func() any { return new([64 << 10]byte) }}

// equalFD reports whether the open file fd holds exactly data, reading it
// from the start in chunks; a read error makes it false.
func equalFD(fd int, data []byte) bool {
	buf := chunkPool.Get().(*[64 << 10]byte)
	defer chunkPool.Put(buf)
	off := 0
	for {
		// One byte more than data has left, to see a file that grew.
		want := min(len(buf), len(data)-off+1)
		m, err := syscall.Pread(fd, buf[:want], int64(off))
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return false
		}
		if m == 0 {
			return off == len(data)
		}
		if off+m > len(data) || !bytes.Equal(buf[:m], data[off:off+m]) {
			return false
		}
		off += m
	}
}

var readPool = sync.Pool{New: func() any { return new([]byte) }}

// pooled is a buffer of readPool holding b.
type pooled struct {
	p *[]byte
	b []byte
}

func (p pooled) put() { readPool.Put(p.p) }

// readFD reads up to max bytes from the start of the open file fd into a
// pooled buffer; a read error ends it early.
func readFD(fd, max int) pooled {
	bp := readPool.Get().(*[]byte)
	if cap(*bp) < max {
		*bp = make([]byte, max)
	}
	buf := (*bp)[:max]
	n := 0
	for n < len(buf) {
		m, err := syscall.Pread(fd, buf[n:], int64(n))
		if err == syscall.EINTR {
			continue
		}
		if err != nil || m == 0 {
			break
		}
		n += m
	}
	return pooled{p: bp, b: buf[:n]}
}
