//go:build unix && !solaris && !aix

package publish

import (
	"os"
	"syscall"
)

// tryLock opens name and takes an exclusive flock on it without waiting.
// A flock belongs to the open file, so two builds in one process exclude
// each other too.
func tryLock(name string) (*dirLock, error) {
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|syscall.O_NOFOLLOW, 0o644)
	if err != nil {
		return nil, err
	}
	for {
		err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err != syscall.EINTR {
			break
		}
	}
	if err == syscall.EWOULDBLOCK {
		f.Close()
		return nil, errLockHeld
	}
	if err != nil {
		f.Close()
		return nil, &os.PathError{Op: "flock", Path: name, Err: err}
	}
	return &dirLock{f: f}, nil
}
