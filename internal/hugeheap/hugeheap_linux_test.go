//go:build linux && (amd64 || arm64 || riscv64 || ppc64le || s390x || loong64)

package hugeheap

import (
	"bufio"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/guidec/guidec/internal/hugeheap/early"
)

// vmFlags returns the VmFlags of the mapping that holds addr, from
// /proc/self/smaps.
func vmFlags(t *testing.T, addr uintptr) []string {
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
		if lo, hi, ok := mappingRange(line); ok {
			in = lo <= addr && addr < hi
			continue
		}
		if in && strings.HasPrefix(line, "VmFlags:") {
			return strings.Fields(strings.TrimPrefix(line, "VmFlags:"))
		}
	}
	t.Fatalf("no mapping holds %#x", addr)
	return nil
}

// mappingRange parses the address range at the start of a mapping's
// header line in smaps ("7f…-7f… rw-p …").
func mappingRange(line string) (lo, hi uintptr, ok bool) {
	r, _, found := strings.Cut(line, " ")
	if !found {
		return 0, 0, false
	}
	a, b, found := strings.Cut(r, "-")
	if !found {
		return 0, 0, false
	}
	x, err1 := strconv.ParseUint(a, 16, 64)
	y, err2 := strconv.ParseUint(b, 16, 64)
	if err1 != nil || err2 != nil {
		return 0, 0, false
	}
	return uintptr(x), uintptr(y), true
}

func advised(t *testing.T, p unsafe.Pointer) bool {
	t.Helper()
	for _, f := range vmFlags(t, uintptr(p)) {
		if f == "hg" {
			return true
		}
	}
	return false
}

// TestPrepare checks, on a Linux whose huge pages are "madvise", that the
// heap Prepare maps is advised (smaps shows the hg flag on it), and that
// heap the runtime maps later, past the region, is advised after the next
// collection.
func TestPrepare(t *testing.T) {
	if !early.Enabled() {
		t.Skip("transparent huge pages are not in madvise mode here (or are 512 MiB, or overcommit is strict): Prepare does nothing by design")
	}
	if !Prepare() {
		t.Fatal("Prepare did not ask for huge pages where they are in madvise mode")
	}
	// A small object may go into a span the initialisers left half full.
	// When the runtime started the heap near the top of an arena (about 1
	// run in 150 here), early found the heap only in the next arena and
	// advised that one: such a span is then below early.Base, on pages
	// touched before any advice could help, and left as they are.
	small := new([64]byte)
	if p := uintptr(unsafe.Pointer(small)); p >= early.Base() && !advised(t, unsafe.Pointer(small)) {
		t.Errorf("a heap object allocated after Prepare (%#x) is not in an advised mapping (early found the heap at %#x)", p, early.Base())
	}
	// Grow the heap well past the region: the runtime maps new heap,
	// which only readvise, after a collection, advises.
	var hold [][]byte
	for range 3 {
		hold = append(hold, make([]byte, Region))
	}
	last := unsafe.Pointer(unsafe.SliceData(hold[len(hold)-1]))
	deadline := time.Now().Add(10 * time.Second)
	for !advised(t, last) {
		if time.Now().After(deadline) {
			t.Fatalf("heap mapped past the region (%p) is still not advised after collections", last)
		}
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
	runtime.KeepAlive(hold)
}

// TestHeapBase covers the case TestPrepare meets only when the runtime
// starts the heap near the top of an arena (about 1 run in 150): the
// region then goes to the next arena, and advising must start below it.
func TestHeapBase(t *testing.T) {
	const a = arenaBytes
	for _, tc := range []struct {
		p, eb, want uintptr
	}{
		{p: 5*a + 100, eb: 0, want: 5 * a},
		{p: 5*a + 100, eb: 5 * a, want: 5 * a},
		{p: 6*a + 100, eb: 5 * a, want: 5 * a},
		{p: 5*a + 100, eb: 6 * a, want: 5 * a},
	} {
		if got := heapBase(tc.p, tc.eb); got != tc.want {
			t.Errorf("heapBase(%#x, %#x) = %#x, want %#x", tc.p, tc.eb, got, tc.want)
		}
	}
}

// TestPrepareRestartsGC checks that the collector prepare turns off for
// its region's collection comes back on, with the setting made meanwhile.
// (It calls prepare itself: Prepare acts once per process, and
// TestPrepare may have used it.)
func TestPrepareRestartsGC(t *testing.T) {
	if !early.Enabled() {
		t.Skip("transparent huge pages are not in madvise mode here: Prepare does nothing by design")
	}
	orig := debug.SetGCPercent(100)
	defer debug.SetGCPercent(orig)
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	if !prepare() {
		t.Fatal("prepare did not ask for huge pages where they are in madvise mode")
	}
	SetGCPercent(170)
	waitCollection(t)
	if got := debug.SetGCPercent(orig); got != 170 {
		t.Errorf("GOGC after prepare's collection is %d, want the 170 set meanwhile", got)
	}
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	if after.NumGC == before.NumGC {
		t.Error("prepare's collection did not run")
	}
}

// TestPrepareRespectsGCOff checks that prepare does not collect when the
// collector is off (GOGC=off): the user's choice stands.
func TestPrepareRespectsGCOff(t *testing.T) {
	if !early.Enabled() {
		t.Skip("transparent huge pages are not in madvise mode here: Prepare does nothing by design")
	}
	orig := debug.SetGCPercent(-1)
	defer debug.SetGCPercent(orig)
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	if !prepare() {
		t.Fatal("prepare did not ask for huge pages where they are in madvise mode")
	}
	waitCollection(t)
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	if after.NumGC != before.NumGC {
		t.Errorf("prepare collected %d times with the collector off", after.NumGC-before.NumGC)
	}
	if got := debug.SetGCPercent(orig); got != -1 {
		t.Errorf("GOGC after prepare is %d, want it still off (-1)", got)
	}
}

// waitCollection waits, 10 s at most, for the goroutine of prepare to end:
// it ends by turning the collector back on (restartGC).
func waitCollection(t *testing.T) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		gc.Lock()
		off := gc.off
		gc.Unlock()
		if !off {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("the collector is still off 10 s after prepare: its goroutine did not end")
		}
		time.Sleep(time.Millisecond)
	}
}
