package authelia

import "strconv"

// durationUnits are the unit names Authelia's duration syntax accepts after
// a number: Go-style letters and English words, singular or plural.
var durationUnits = map[string]bool{
	"y": true, "M": true, "w": true, "d": true, "h": true, "m": true, "s": true, "ms": true,
	"year": true, "years": true, "month": true, "months": true, "week": true, "weeks": true,
	"day": true, "days": true, "hour": true, "hours": true, "minute": true, "minutes": true,
	"second": true, "seconds": true, "millisecond": true, "milliseconds": true,
}

// unitSeconds gives the length of each unit in seconds (a month is 30
// days and a year 365, as Authelia counts them).
var unitSeconds = map[string]float64{
	"y": 365 * 86400, "year": 365 * 86400, "years": 365 * 86400,
	"M": 30 * 86400, "month": 30 * 86400, "months": 30 * 86400,
	"w": 7 * 86400, "week": 7 * 86400, "weeks": 7 * 86400,
	"d": 86400, "day": 86400, "days": 86400,
	"h": 3600, "hour": 3600, "hours": 3600,
	"m": 60, "minute": 60, "minutes": 60,
	"s": 1, "second": 1, "seconds": 1,
	"ms": 0.001, "millisecond": 0.001, "milliseconds": 0.001,
}

// validDuration reports whether s is a duration Authelia accepts: a number of
// seconds ("3600"), or one or more "<number> <unit>" terms ("1h30m",
// "1 week", "2 days 3 hours"); from 4.39 terms may be joined by "and"
// ("1h and 30m").
func validDuration(s string, v version) bool {
	_, ok := parseDuration(s, v)
	return ok
}

// parseDuration returns the length of duration s in seconds, and whether
// Authelia v accepts it (see validDuration).
func parseDuration(s string, v version) (float64, bool) {
	i, n := 0, len(s)
	if n > 0 && allDigits(s) {
		secs, err := strconv.ParseFloat(s, 64)
		return secs, err == nil
	}
	terms, total := 0, 0.0
	for {
		i = skipBlanks(s, i)
		if i == n {
			return total, terms > 0
		}
		if terms > 0 && v.atLeast(v4390) && hasWordAt(s, i, "and") {
			i = skipBlanks(s, i+3)
		}
		j := i
		for j < n && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		if j == i {
			return 0, false
		}
		num, _ := strconv.ParseFloat(s[i:j], 64)
		j = skipBlanks(s, j)
		k := j
		for k < n && (s[k] >= 'a' && s[k] <= 'z' || s[k] == 'M') {
			k++
		}
		if !durationUnits[s[j:k]] {
			return 0, false
		}
		total += num * unitSeconds[s[j:k]]
		i = k
		terms++
	}
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func skipBlanks(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	return i
}

// hasWordAt reports whether word stands at s[i:] followed by a blank.
func hasWordAt(s string, i int, word string) bool {
	end := i + len(word)
	return end < len(s) && s[i:end] == word && (s[end] == ' ' || s[end] == '\t')
}
