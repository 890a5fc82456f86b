//go:build !unix && !windows

package publish

import "os"

// tryLock opens name; these systems offer no lock that the system
// releases when a process dies, so two builds into one output are not
// excluded here.
func tryLock(name string) (*dirLock, error) {
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	return &dirLock{f: f}, nil
}
