//go:build linux && (amd64 || arm64 || riscv64 || ppc64le || s390x || loong64)

package early

import (
	"bufio"
	"fmt"
	"os"
	"strings"
	"testing"
	"unsafe"
)

// TestInit checks, where huge pages are in madvise mode, what the
// package's init did in this test binary: it advised the heap (the mapping
// that holds the first pad carries the hg flag in /proc/self/smaps;
// nothing else in this binary asks for huge pages, and the Go runtime
// itself never does), and reserved the rest of the heap's 2 MiB block, the
// last pad landing past it.
func TestInit(t *testing.T) {
	if !Enabled() {
		t.Skip("transparent huge pages are not in madvise mode here (or are not 2 MiB, or overcommit is strict): the init does nothing by design")
	}
	if _, set := os.LookupEnv("GOMEMLIMIT"); set {
		t.Skip("GOMEMLIMIT is set: the init does nothing by design")
	}
	if !Padded() {
		t.Fatalf("init took %d pads, want the block's rest reserved", len(pads))
	}
	first := uintptr(unsafe.Pointer(unsafe.SliceData(pads[0])))
	last := uintptr(unsafe.Pointer(unsafe.SliceData(pads[len(pads)-1])))
	if first&^(HugePage-1) == last&^(HugePage-1) {
		t.Errorf("the last pad (%#x) is in the first one's block (%#x): the block is not all reserved", last, first)
	}
	for _, p := range []uintptr{first, last} {
		if flags := vmFlags(t, p); !strings.Contains(flags+" ", " hg ") {
			t.Errorf("the heap a pad is in (%#x) is not advised for huge pages: %s", p, flags)
		}
	}
}

// vmFlags returns the VmFlags line of the mapping that holds addr.
func vmFlags(t *testing.T, addr uintptr) string {
	t.Helper()
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		t.Skipf("no /proc/self/smaps: %v", err)
	}
	defer f.Close()
	in := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		var lo, hi uintptr
		if n, _ := fmt.Sscanf(line, "%x-%x ", &lo, &hi); n == 2 {
			in = lo <= addr && addr < hi
			continue
		}
		if in && strings.HasPrefix(line, "VmFlags:") {
			return line
		}
	}
	t.Fatalf("no mapping holds %#x", addr)
	return ""
}
