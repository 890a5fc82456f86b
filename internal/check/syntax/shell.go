package syntax

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"

	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/source"
)

// Shell snippets are not parsed either; one mistake is certain from the
// shell's rule for line breaks. A newline ends a command unless the line
// ends with a backslash, with an operator that needs more (|, &&, ||), or
// is inside quotes, a heredoc, parentheses or braces. A line that starts
// with a flag (-x, --name=…) right after a command line that ended is run
// as a command of its own ("--secret=…: command not found"), and the
// command above never gets the flags: shell-continuation-missing.

// flagLineRe is a line that starts with a flag: a dash and a letter, or
// two dashes and a letter.
var flagLineRe = regexp.MustCompile(`^[ \t]*(--?[A-Za-z][A-Za-z0-9_.-]*)`)

// modeRe is a file mode as ls -l prints it (-rw-r--r--), which command
// output pasted under a command starts with.
var modeRe = regexp.MustCompile(`^[ \t]*[-dlcbps][-rwxsStT]{9}`)

// promptRe is a prompt of a shell session ($ cmd, # cmd, > cmd): the
// lines without one are the commands' output, which may start with '-'.
var promptRe = regexp.MustCompile(`(?m)^[ \t]*(?:\$|[A-Za-z0-9_.@-]+[$#]|PS>|>)[ \t]`)

// shellState follows what a line break means at the end of each line.
type shellState struct {
	quote   byte   // the open quote, 0 when none
	depth   int    // open ( { [[ and $( … ): a newline does not end the command
	heredoc string // the delimiter line of an open heredoc
	strip   bool   // <<- : the delimiter line may be indented with tabs
	inCase  int    // open case … esac: its patterns start lines with -x)
}

// inHeredoc reports whether line is inside an open heredoc (its body or
// its delimiter line, which closes it).
func (st *shellState) inHeredoc(line []byte) bool {
	if st.heredoc == "" {
		return false
	}
	l := string(line)
	if st.strip {
		l = strings.TrimLeft(l, "\t")
	}
	if l == st.heredoc {
		st.heredoc = ""
	}
	return true
}

// validateShell reports the lines of a shell snippet that start with a
// flag after a command that ended on the line above.
func validateShell(text []byte) (fs []finding) {
	defer func() {
		if recover() != nil {
			fs = nil // a bug of the checker, which FuzzShell hunts (it calls checkShell)
		}
	}()
	return checkShell(text)
}

// checkShell is validateShell without the guard against the checker's own
// panics.
func checkShell(text []byte) (fs []finding) {
	if promptRe.Match(text) {
		return nil // a session: lines without a prompt are output
	}
	var st shellState
	lines := bytes.SplitAfter(text, []byte("\n"))
	off := 0
	var prev []byte // the previous line, when it ended a command
	prevEnd := 0
	for _, raw := range lines {
		lineStart := off
		off += len(raw)
		line := bytes.TrimRight(raw, "\r\n")
		if st.inHeredoc(line) {
			prev = nil
			continue
		}
		inside := st.quote != 0 || st.depth > 0 || st.inCase > 0
		if prev != nil && !inside {
			if m := flagLineRe.FindSubmatch(line); m != nil && !modeRe.Match(line) && !patternLine(line) && !helpLine(line, m[1], prev) {
				fs = append(fs, continuationFinding(prev, prevEnd, string(m[1])))
			}
		}
		ended := st.scan(line)
		prev = nil
		if ended && st.quote == 0 && st.depth == 0 && st.heredoc == "" && st.inCase == 0 && commandLine(line) {
			prev, prevEnd = line, lineStart+len(bytes.TrimRight(line, " \t"))
		}
	}
	return fs
}

// patternLine reports whether line is a case pattern (-h|--help)) rather
// than a command.
func patternLine(line []byte) bool {
	f := bytes.Fields(line)
	return len(f) > 0 && (bytes.HasSuffix(f[0], []byte(")")) || bytes.Contains(f[0], []byte("|")))
}

// commandLine reports whether line holds a command whose end the line
// break is: not blank, not a comment, not a keyword that closes or opens
// a compound command, and with no comment at its end (a backslash cannot
// follow one).
func commandLine(line []byte) bool {
	t := bytes.TrimSpace(line)
	if len(t) == 0 || t[0] == '#' {
		return false
	}
	switch string(t) {
	case "fi", "done", "esac", "}", ")", "then", "else", "do", "EOF", "...", "…":
		return false
	}
	return !hasComment(t)
}

// hasComment reports whether the command line t ends with a comment
// (" #" outside quotes).
func hasComment(t []byte) bool {
	var q byte
	for i := 0; i < len(t); i++ {
		c := t[i]
		switch {
		case q != 0:
			if c == q {
				q = 0
			} else if c == '\\' && q == '"' {
				i++
			}
		case c == '\\':
			i++
		case c == '\'' || c == '"':
			q = c
		case c == '#' && i > 0 && (t[i-1] == ' ' || t[i-1] == '\t'):
			return true
		}
	}
	return false
}

// scan follows line's quotes, brackets and heredocs, and reports whether
// the line break after it ends the command: no backslash, no operator
// that needs more.
func (st *shellState) scan(line []byte) bool {
	t := bytes.TrimRight(line, " \t")
	words := bytes.Fields(t)
	if st.quote == 0 && len(words) > 0 {
		switch string(words[0]) {
		case "case":
			st.inCase++
		case "esac", "esac;", "esac;;":
			if st.inCase > 0 {
				st.inCase--
			}
		}
	}
	for i := 0; i < len(t); i++ {
		c := t[i]
		if st.quote != 0 {
			switch {
			case c == st.quote:
				st.quote = 0
			case c == '\\' && st.quote == '"':
				i++
			}
			continue
		}
		switch {
		case c == '\\':
			if i == len(t)-1 {
				return false // continued
			}
			i++
		case c == '\'' || c == '"' || c == '`':
			st.quote = c
		case c == '#' && (i == 0 || t[i-1] == ' ' || t[i-1] == '\t'):
			return true // a comment: the rest of the line
		case c == '(' || c == '{' && (i+1 == len(t) || t[i+1] == ' ' || t[i+1] == '\n'):
			st.depth++
		case c == ')' || c == '}' && (i == 0 || t[i-1] == ' ' || t[i-1] == ';'):
			if st.depth > 0 {
				st.depth--
			}
		case c == '<' && i+1 < len(t) && t[i+1] == '<' && (i+2 >= len(t) || t[i+2] != '<') && (i == 0 || t[i-1] != '<'):
			st.openHeredoc(t[i+2:])
			i++
		}
	}
	if st.quote != 0 {
		return false
	}
	for _, op := range []string{"|", "&&", "||", "&", "(", "{", "\\", "do", "then", "else", "in"} {
		if bytes.HasSuffix(t, []byte(op)) && (len(op) <= 2 || len(t) == len(op) || t[len(t)-len(op)-1] == ' ' || t[len(t)-len(op)-1] == ';') {
			return false
		}
	}
	return true
}

// openHeredoc records the heredoc whose operator's rest (after <<) is r.
func (st *shellState) openHeredoc(r []byte) {
	st.strip = len(r) > 0 && r[0] == '-'
	if st.strip {
		r = r[1:]
	}
	r = bytes.TrimLeft(r, " \t")
	end := 0
	for end < len(r) && r[end] != ' ' && r[end] != '\t' && r[end] != ';' && r[end] != '|' && r[end] != '>' && r[end] != ')' {
		end++
	}
	d := strings.Trim(string(r[:end]), `'"`)
	d = strings.TrimPrefix(d, `\`)
	if d != "" {
		st.heredoc = d
	}
}

// continuationFinding is the finding for the command line ending at end,
// whose next line starts with the flag flag.
func continuationFinding(line []byte, end int, flag string) finding {
	return finding{
		span: source.Span{Start: end, End: end},
		code: "shell-continuation-missing",
		msg: fmt.Sprintf("this command ends here, with no '\\' at the end of the line: the next line, which starts with %s, runs as a command of its own (%s: command not found), and this command never gets its flags",
			short(flag), short(flag)),
		hint: "end the line with ' \\' so that the command goes on",
		fix:  &fix{msg: "append ' \\'", edits: []diag.Edit{{Span: source.Span{Start: end, End: end}, NewText: " \\"}}},
	}
}

// helpLine reports whether line, starting with flag, is a line of a
// command's help text pasted under it: the command above asks for help
// (--help, -h, help), or the flag is followed by a comma and another
// flag (-c, --config string), which no command line holds.
func helpLine(line, flag, prev []byte) bool {
	rest := bytes.TrimLeft(line, " \t")[len(flag):]
	if bytes.HasPrefix(rest, []byte(",")) {
		return true
	}
	for _, w := range bytes.Fields(prev) {
		switch string(w) {
		case "--help", "-h", "-help", "help", "--usage", "-?":
			return true
		}
	}
	return false
}
