package publish

import (
	"strconv"
	"testing"
)

// TestParseNumbers requires the marker's number parsers to read what
// strconv reads, and to fail where it fails.
func TestParseNumbers(t *testing.T) {
	for _, s := range []string{"0", "7", "4096", "1796498278117846308", "9223372036854775807", "9223372036854775808", "18446744073709551615", "18446744073709551616", "99999999999999999999", "-1", "+5", "", "12a", "１２", " 1", "007"} {
		wi, werr := strconv.ParseInt(s, 10, 64)
		gi, gerr := parseInt(s)
		if gi != wi || (gerr == nil) != (werr == nil) {
			t.Errorf("parseInt(%q) = %d, %v; strconv %d, %v", s, gi, gerr, wi, werr)
		}
		wu, werr := strconv.ParseUint(s, 10, 64)
		gu, gerr := parseUint(s)
		if gu != wu || (gerr == nil) != (werr == nil) {
			t.Errorf("parseUint(%q) = %d, %v; strconv %d, %v", s, gu, gerr, wu, werr)
		}
	}
}
