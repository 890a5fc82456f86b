//go:build linux && (amd64 || arm64 || riscv64 || ppc64le || s390x || loong64)

package early

import (
	"os"
	"syscall"
	"testing"
	"unsafe"
)

func TestParseMapping(t *testing.T) {
	for _, c := range []struct {
		line string
		want mapping
		ok   bool
	}{
		{"00400000-00d50000 r-xp 00000000 fe:00 10101970                           /work/main/bin/guidec", mapping{0x400000, 0xd50000, false, true, "/work/main/bin/guidec"}, true},
		{"01691000-017ca000 rw-p 01291000 fe:00 10101970 /tmp/a b/guidec", mapping{0x1691000, 0x17ca000, true, false, "/tmp/a b/guidec"}, true},
		{"7f27c32ee000-7f27c3500000 rw-p 00000000 00:00 0 ", mapping{}, false},
		{"7fffe26e9000-7fffe270a000 rw-p 00000000 00:00 0                          [stack]", mapping{0x7fffe26e9000, 0x7fffe270a000, true, false, "[stack]"}, true},
		{"zz-10 r-xp 0 0 0 /x", mapping{}, false},
		{"10-zz r-xp 0 0 0 /x", mapping{}, false},
		{"20-10 r-xp 0 0 0 /x", mapping{}, false},
		{"", mapping{}, false},
	} {
		got, ok := parseMapping(c.line)
		if ok != c.ok || ok && got != c.want {
			t.Errorf("parseMapping(%q) = %+v, %v; want %+v, %v", c.line, got, ok, c.want, c.ok)
		}
	}
}

// TestPopulated checks, where the kernel knows MADV_POPULATE_READ and
// this test binary is in the page cache (it was just built), that init
// populated its mappings. (The resident size of the code cannot tell:
// the kernel maps large page-cache folios at a fault, so faults alone
// leave most of a small binary's code resident too.)
func TestPopulated(t *testing.T) {
	probe := make([]byte, 2*os.Getpagesize())
	page := (uintptr(unsafe.Pointer(unsafe.SliceData(probe))) + uintptr(os.Getpagesize()) - 1) &^ uintptr(os.Getpagesize()-1)
	if _, _, errno := syscall.Syscall(syscall.SYS_MADVISE, page, uintptr(os.Getpagesize()), madvPopulateRead); errno != 0 {
		t.Skipf("the kernel refuses MADV_POPULATE_READ: %v", errno)
	}
	if populated == 0 {
		t.Fatal("init populated none of the binary's mappings")
	}
}

func TestRuns(t *testing.T) {
	const lo, page = 0x1000, 0x1000
	for _, c := range []struct {
		vec  string // one byte per page: '1' resident
		hi   uintptr
		want [][2]uintptr
	}{
		{"", lo, nil},
		{"000", lo + 3*page, nil},
		{"111", lo + 3*page, [][2]uintptr{{lo, lo + 3*page}}},
		{"111", lo + 3*page - 10, [][2]uintptr{{lo, lo + 3*page - 10}}},
		{"0110100", lo + 7*page, [][2]uintptr{{lo + page, lo + 3*page}, {lo + 4*page, lo + 5*page}}},
	} {
		vec := make([]byte, len(c.vec))
		for i := range vec {
			vec[i] = c.vec[i] - '0'
		}
		got := runs(vec, lo, c.hi, page)
		if len(got) != len(c.want) {
			t.Errorf("runs(%q) = %x, want %x", c.vec, got, c.want)
			continue
		}
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("runs(%q) = %x, want %x", c.vec, got, c.want)
			}
		}
	}
	many := make([]byte, 2*maxRuns+2)
	for i := 0; i < len(many); i += 2 {
		many[i] = 1
	}
	if got := runs(many, lo, lo+uintptr(len(many))*page, page); got != nil {
		t.Errorf("%d scattered runs gave %d, want none", maxRuns+1, len(got))
	}
}
