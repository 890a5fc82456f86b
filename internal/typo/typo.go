// Package typo tells whether one word is another with one slip of the
// keyboard. The checkers use it to tell a misspelt name (a host, a value
// in a sentence) from another name of its own: it counts only the slips
// typists make inside a word, and no letters added or dropped at its ends,
// which make real names of their own (goteleport, semaphoreui, admins).
package typo

// Slip reports whether a is b with one slip inside it: a letter dropped
// or doubled (not the first or the last), two neighbours swapped (not the
// first), or, in a word of six letters or more, one letter replaced (not
// the first). A first letter changed, and letters added or dropped at an
// end, make other names, so they do not count.
func Slip(a, b string) bool {
	switch len(a) - len(b) {
	case -1: // a letter of b dropped
		for i := 1; i < len(b)-1; i++ {
			if a[:i] == b[:i] && a[i:] == b[i+1:] {
				return true
			}
		}
	case 1: // a letter of b doubled
		for i := 1; i < len(a)-1; i++ {
			if a[i] == a[i-1] && a[:i] == b[:i] && a[i+1:] == b[i:] {
				return true
			}
		}
	case 0:
		diff := -1
		for i := 0; i < len(a); i++ {
			if a[i] != b[i] {
				if diff >= 0 {
					return i == diff+1 && a[diff] == b[i] && a[i] == b[diff] && a[i+1:] == b[i+1:]
				}
				diff = i
			}
		}
		return diff >= 1 && len(b) >= 6
	}
	return false
}

// Within returns the optimal string alignment distance between a and b
// (letters changed, added, dropped, neighbours swapped), or k+1 when it
// exceeds k. Bytes count one each; words longer than 64 bytes are never
// within.
func Within(a, b string, k int) int {
	if d := len(a) - len(b); d > k || -d > k {
		return k + 1
	}
	if len(a) > 64 || len(b) > 64 {
		return k + 1
	}
	var rows [3][65]int
	prev2, prev, cur := &rows[0], &rows[1], &rows[2]
	for j := 0; j <= len(b); j++ {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		low := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			low = min(low, v)
		}
		if low > k {
			return k + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return min(prev[len(b)], k+1)
}
