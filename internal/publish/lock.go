package publish

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
)

// errStaleLock reports that the lock file was removed, by a failed first
// build that dropped the state directory, before or while it was locked.
var errStaleLock = errors.New("lock file removed while locking")

// errLockHeld is what tryLock returns when another process holds the lock.
var errLockHeld = errors.New("lock held")

// lockState takes the lock of the state directory, which the system
// releases when the process ends however it ends, so that a killed build
// never blocks the next one. The lock file holds the holder's pid, for the
// message of a build that finds it held.
func lockState(state, dst string) (*dirLock, error) {
	name := filepath.Join(state, lockName)
	l, err := tryLock(name)
	if errors.Is(err, errLockHeld) {
		if pid := readPid(name); pid > 0 {
			return nil, refuse(ErrBusy, "another guidec build is writing %s (pid %d)", dst, pid)
		}
		return nil, refuse(ErrBusy, "another guidec build is writing %s", dst)
	}
	if errors.Is(err, fs.ErrNotExist) {
		return nil, errStaleLock // the state directory went meanwhile
	}
	if err != nil {
		return nil, fmt.Errorf("output lock: %w", err)
	}
	// The file locked must still be the one at name.
	fi, err1 := l.f.Stat()
	cur, err2 := os.Lstat(name)
	if err1 != nil || err2 != nil || !os.SameFile(fi, cur) {
		l.unlock()
		return nil, errStaleLock
	}
	if err := l.f.Truncate(0); err == nil {
		l.f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	}
	return l, nil
}

func readPid(name string) int {
	b, err := os.ReadFile(name)
	if err != nil {
		return 0
	}
	pid, err := strconv.Atoi(string(bytes.TrimSpace(b)))
	if err != nil {
		return 0
	}
	return pid
}

// dirLock is a held lock.
type dirLock struct {
	f *os.File
}

// unlock releases the lock.
func (l *dirLock) unlock() { l.f.Close() }
