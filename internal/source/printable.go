package source

import (
	"encoding/binary"
	"math/bits"
)

// SkipPrintable returns the offset of the first byte of b at or after off
// that is not printable ASCII (0x20–0x7E), or len(b). It reads eight bytes
// at a time: the byte, control and paste scans of every guide and snippet
// go through it, and nearly all of their text is printable ASCII.
func SkipPrintable(b []byte, off int) int {
	const lo, hi = 0x0101010101010101, 0x8080808080808080
	for off < len(b) {
		if off+8 <= len(b) {
			// A high bit flags a byte ≥ 0x80; otherwise the subtractions
			// borrow, and set one, exactly when a byte is below 0x20 or is
			// 0x7F. Borrows only run upwards, so the bytes below the lowest
			// flag are printable; the flagged one is judged below.
			w := binary.LittleEndian.Uint64(b[off:])
			f := (w | (w - 0x20*lo) | ((w ^ 0x7F*lo) - lo)) & hi
			if f == 0 {
				off += 8
				continue
			}
			off += bits.TrailingZeros64(f) >> 3
		}
		if c := b[off]; c < 0x20 || c >= 0x7F {
			return off
		}
		off++
	}
	return off
}
