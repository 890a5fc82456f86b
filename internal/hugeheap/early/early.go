// Package early advises the Go heap for transparent huge pages while the
// package initialisers run, before they touch most of it.
//
// By the time main runs, the runtime and some 160 package initialisers
// have touched about 1.3 MB of heap in 4 KiB pages, each a fault of
// 12–23 µs on the virtual machines guidec is measured on
// (docs/performance.md, "Page faults"): 300–360 faults, 4–6 ms of a run.
// The package imports nothing but syscall and unsafe, so that Go runs its
// init right after syscall's, ahead of nearly every other initialiser (Go
// initialises a package as soon as its imports are, in import-path
// order). Package hugeheap asks for huge pages for the rest of the heap
// once main runs, on the same decision (Enabled).
package early

// Enabled reports whether this system and environment allow guidec to ask
// for huge pages (Decide on the process's settings).
func Enabled() bool { return enabled }

// Decide reports whether the settings allow huge pages to be asked for:
// thp is the content of /sys/kernel/mm/transparent_hugepage/enabled, pmd
// that of .../hpage_pmd_size, overcommit that of
// /proc/sys/vm/overcommit_memory, godebug the GODEBUG environment
// variable. Only "madvise" mode needs (and heeds) the advice: "always"
// gives the heap huge pages already and "never" none. A huge page that is
// not 2 MiB (arm64 with 64 KiB pages has 512 MiB ones) would multiply the
// resident size; strict overcommit counts advised address space against
// the commit limit; GODEBUG=disablethp=1 is the user turning huge pages
// off for Go.
func Decide(thp, pmd, overcommit, godebug string) bool {
	if !contains(thp, "[madvise]") || trim(pmd) != "2097152" || trim(overcommit) == "2" {
		return false
	}
	for godebug != "" {
		kv := godebug
		if i := index(godebug, ','); i >= 0 {
			kv, godebug = godebug[:i], godebug[i+1:]
		} else {
			godebug = ""
		}
		if trim(kv) == "disablethp=1" {
			return false
		}
	}
	return true
}

// The helpers below stand in for package strings, which this package
// does not import (see the package comment).

func index(s string, c byte) int {
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			return i
		}
	}
	return -1
}

func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}

func isSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\t' || c == '\r' }

func trim(s string) string {
	for s != "" && isSpace(s[0]) {
		s = s[1:]
	}
	for s != "" && isSpace(s[len(s)-1]) {
		s = s[:len(s)-1]
	}
	return s
}

// Base returns the start of the heap arena init found the heap in (0 when
// init did not look): the runtime began the heap there, at a random
// offset since Go 1.26, and grows it upwards, so a later allocation can
// land in a higher arena while the heap below it, in this one, keeps
// growing too.
func Base() uintptr { return base }
