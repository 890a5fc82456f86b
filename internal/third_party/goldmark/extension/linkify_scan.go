package extension

// guidec fork: a hand-written matcher for the default expressions of
// linkify (urlRegexp and wwwURLRegxp), which linkifyParser.Parse uses
// unless an option set its own. Compiling the two expressions (their
// {1,256} repeats a character class 256 times) cost ~84 M instructions,
// an eighth of `guidec check` of 88 guides, and matching them ran Go's
// backtracker, whose cost is proportional to the program's size times
// the line's length. The matcher finds the same match: the expressions
// are anchored, and after the host every part is optional and greedy,
// so the leftmost-first match is the longest host that a '.' and a
// lower-case letter follow, then the longest of each later part.
// linkify_scan_test.go checks it against the expressions.

// hostChar reports whether c is in [-a-zA-Z0-9@:%._\+~#=].
func hostChar(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	switch c {
	case '-', '@', ':', '%', '.', '_', '+', '~', '#', '=':
		return true
	}
	return false
}

// pathChar reports whether c is in the class of the path part:
// [-a-zA-Z0-9@:%_\+.~#$!?&/=\(\);,'">\^{}\[\]`] (without '$' for the www
// expression).
func pathChar(c byte, dollar bool) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	switch c {
	case '-', '@', ':', '%', '_', '+', '.', '~', '#', '!', '?', '&', '/', '=',
		'(', ')', ';', ',', '\'', '"', '>', '^', '{', '}', '[', ']', '`':
		return true
	case '$':
		return dollar
	}
	return false
}

func isLower(c byte) bool { return 'a' <= c && c <= 'z' }

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// matchURL returns the end of the match of urlRegexp at the start of line,
// or -1.
func matchURL(line []byte) int {
	p := 0
	switch {
	case hasPrefix(line, "http://"):
		p = 7
	case hasPrefix(line, "https://"):
		p = 8
	case hasPrefix(line, "ftp://"):
		p = 6
	default:
		return -1
	}
	return matchHostPath(line, p, true)
}

// matchWWW returns the end of the match of wwwURLRegxp at the start of
// line, or -1.
func matchWWW(line []byte) int {
	if !hasPrefix(line, "www.") {
		return -1
	}
	return matchHostPath(line, 4, false)
}

// matchHostPath matches, from p,
// [-a-zA-Z0-9@:%._\+~#=]{1,256}\.[a-z]+ then, for a URL, (?::\d+)? then
// (?:[/#?][path class]*)?, and returns the end or -1.
func matchHostPath(line []byte, p int, url bool) int {
	run := 0
	for p+run < len(line) && run <= 256 && hostChar(line[p+run]) {
		run++
	}
	// The host takes k characters, then '.' and a lower-case letter
	// follow: the largest such k wins. The '.' is a host character, so
	// k < run.
	k := min(256, run-1)
	for ; k >= 1; k-- {
		if line[p+k] == '.' && p+k+1 < len(line) && isLower(line[p+k+1]) {
			break
		}
	}
	if k < 1 {
		return -1
	}
	i := p + k + 1
	for i < len(line) && isLower(line[i]) {
		i++
	}
	if url && i+1 < len(line) && line[i] == ':' && isDigit(line[i+1]) {
		i += 2
		for i < len(line) && isDigit(line[i]) {
			i++
		}
	}
	if i < len(line) && (line[i] == '/' || line[i] == '#' || line[i] == '?') {
		i++
		for i < len(line) && pathChar(line[i], url) {
			i++
		}
	}
	return i
}

func hasPrefix(b []byte, s string) bool {
	return len(b) >= len(s) && string(b[:len(s)]) == s
}
