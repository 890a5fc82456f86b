//go:build solaris || aix

package publish

import (
	"os"
	"syscall"
)

// tryLock opens name and takes an exclusive fcntl lock on it without
// waiting (these systems have no flock). An fcntl lock belongs to the
// process: two builds in one process do not exclude each other.
func tryLock(name string) (*dirLock, error) {
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|syscall.O_NOFOLLOW, 0o644)
	if err != nil {
		return nil, err
	}
	lk := syscall.Flock_t{Type: syscall.F_WRLCK, Whence: 0}
	err = syscall.FcntlFlock(f.Fd(), syscall.F_SETLK, &lk)
	if err == syscall.EAGAIN || err == syscall.EACCES {
		f.Close()
		return nil, errLockHeld
	}
	if err != nil {
		f.Close()
		return nil, &os.PathError{Op: "fcntl", Path: name, Err: err}
	}
	return &dirLock{f: f}, nil
}
