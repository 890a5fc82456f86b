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
