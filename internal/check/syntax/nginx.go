package syntax

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"

	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/format/nginx"
	"github.com/guidec/guidec/internal/snippet"
	"github.com/guidec/guidec/internal/source"
)

// nginx reads its configuration as words ended by ';' or by a block in
// braces, and line breaks are blanks to it: a directive that lost its ';'
// takes the next line's directive as more of its arguments, or meets the
// block's '}' ("unexpected }"), and nginx -t refuses the file, as it does
// a name no module declares ("unknown directive"). Guides write one
// directive a line, indented by its block, so a line that starts with a
// directive's name no deeper than the directive before it starts a new
// one, and the ';' belongs at the end of the line before.

// isNginxSnippet reports whether s holds nginx configuration: fenced as
// nginx, titled nginx.conf or a .conf file under an nginx directory
// (/etc/nginx/conf.d/x.conf, /config/nginx/snippets/x.conf), or a conf
// or plain fence whose text starts with an nginx directive and has
// proxy_pass in a server or location block or two lines of directives
// only nginx has (proxy_set_header …;), or a *_by_lua_block (a Lua block
// is nginx's alone).
func isNginxSnippet(s *snippet.Snippet) bool {
	if s.Lang == "nginx" || s.FileName() == "nginx.conf" {
		return true
	}
	switch s.LangFormat() {
	case snippet.Conf:
	case snippet.Text:
		if nameKind(s.FileName()) != kindNone {
			return false // titled as a file of another format
		}
	default:
		return false
	}
	title := strings.ToLower(s.Title())
	if strings.HasSuffix(title, "nginx.conf") || strings.Contains(title, "nginx/") && strings.HasSuffix(title, ".conf") {
		return true
	}
	if bytes.Contains(s.Text, []byte("_by_lua_block")) {
		return true
	}
	if !bytes.Contains(s.Text, []byte(";")) {
		return false
	}
	proxy := bytes.Contains(s.Text, []byte("proxy_pass")) &&
		(bytes.Contains(s.Text, []byte("server {")) || bytes.Contains(s.Text, []byte("location ")))
	if !proxy && nginxLines(s.Text) < 2 {
		return false
	}
	// A plain block may show a command and its output: nginx starts at
	// its first word.
	for _, t := range nginx.Lex(s.Text) {
		if t.Kind != nginx.Comment {
			return t.Kind == nginx.Word && nginx.Known(string(t.Text(s.Text)))
		}
	}
	return false
}

// nginxLines counts the lines of text that are an nginx directive of a
// name no other format uses (proxy_set_header, auth_request_set: with an
// underscore) ended by ';', up to 2: a snippet of an nginx include file
// (Authelia's proxy.conf, authelia-location.conf) has no server block.
func nginxLines(text []byte) int {
	n := 0
	for off := 0; off < len(text) && n < 2; {
		end := lineEnd(text, off)
		l := bytes.TrimSpace(text[off:end])
		if bytes.HasSuffix(l, []byte(";")) {
			w := l
			if i := bytes.IndexAny(l, " \t"); i > 0 {
				w = l[:i]
			}
			if bytes.IndexByte(w, '_') > 0 && nginx.Known(string(w)) {
				n++
			}
		}
		off = end + 1
	}
	return n
}

// nginxDataBlocks are the blocks whose lines are data (a map's values, a
// types' MIME types), not directives.
var nginxDataBlocks = map[string]bool{
	"map": true, "geo": true, "types": true, "split_clients": true, "charset_map": true, "match": true,
}

// nginxBlockNames are the directives that take a block of directives
// (server takes one outside an upstream).
var nginxBlockNames = map[string]bool{
	"http": true, "events": true, "stream": true, "mail": true, "server": true, "location": true, "if": true,
	"upstream": true, "limit_except": true, "map": true, "geo": true, "types": true, "split_clients": true,
}

// validateNginx checks an nginx file: its directives' ';' and braces and
// quotes (nginx-syntax), its directives' names (nginx-directive), and the
// Lua of its *_by_lua_block blocks.
func validateNginx(text []byte) []finding {
	return append(checkNginx(text), validateNginxLua(text)...)
}

// checkNginx reports nginx-syntax and nginx-directive findings. A
// template ({{ .Values.host }}, {% if %}) is not nginx until rendered:
// its braces are the template's.
func checkNginx(text []byte) (fs []finding) {
	if bytes.Contains(text, []byte("{{")) || bytes.Contains(text, []byte("{%")) {
		return nil
	}
	f := nginx.Parse(text)
	lines := source.NewLines(text, source.LFBreaks)
	for _, e := range f.Errors {
		if e.Kind == nginx.ErrOpenQuote {
			at := strayQuote(text, e.Offset)
			q := text[at : at+1]
			return []finding{{span: source.Span{Start: at, End: lineEnd(text, at)}, code: "nginx-syntax",
				msg:  fmt.Sprintf("this %s string is never closed: nginx reads the rest of the file into it and refuses it (unexpected end of file)", q),
				hint: "close the string with " + string(q)}}
		}
	}
	for _, e := range f.Errors {
		if e.Kind == nginx.ErrGluedQuote {
			fs = append(fs, gluedQuote(text, e.Offset))
		}
	}
	if len(fs) > 0 {
		// The quotes pair otherwise than written: what follows is misread.
		return fs
	}
	col := func(off int) int { return off - lineStart(text, off) }
	indent := func(off int) int {
		s := lineStart(text, off)
		i := s
		for i < len(text) && (text[i] == ' ' || text[i] == '\t') {
			i++
		}
		return i - s
	}
	firstOnLine := func(off int) bool { return indent(off) == col(off) }
	missingOpens := 0 // '{' reported missing: as many '}' then close nothing
	unterminated := map[*nginx.Directive]bool{}
	for _, e := range f.Errors {
		if e.Kind == nginx.ErrUnterminated {
			unterminated[e.Directive] = true
		}
	}
	inData := func(d *nginx.Directive) bool {
		for p := d.Parent; p != nil; p = p.Parent {
			if nginxDataBlocks[string(p.Name.Text(text))] || !nginx.Known(string(p.Name.Text(text))) {
				return true
			}
		}
		return false
	}
	nginx.Walk(f.Directives, func(d *nginx.Directive) {
		name := string(d.Name.Text(text))
		data := inData(d)
		// A directive that runs on over lines: where a line starts with a
		// directive, no deeper than this one, its ';' is missing.
		prev := d.Name
		for _, a := range d.Args {
			entry := a.Kind == nginx.Word && directiveLike(string(a.Text(text))) || nginxDataBlocks[name] && (a.Kind == nginx.Word || a.Kind == nginx.Quoted)
			if nginxBlockNames[name] && entry && lines.Line(a.Start) > lines.Line(prev.Start) && firstOnLine(a.Start) && indent(a.Start) > indent(d.Name.Start) {
				// Lines indented under a block directive's line that ends
				// without '{': they were meant as its block.
				at := source.Span{Start: prev.End, End: prev.End}
				label := strings.TrimSpace(string(text[d.Name.Start:prev.End]))
				fs = append(fs, finding{span: at, code: "nginx-syntax",
					msg:  fmt.Sprintf("the line '%s' opens no block, but the lines below are indented as its block: nginx reads them as its arguments, and nginx -t refuses the file", label),
					hint: "end the line with ' {'",
					fix:  &fix{msg: "add ' {'", edits: []diag.Edit{{Span: at, NewText: " {"}}}})
				missingOpens++
				return
			}
			starts := a.Kind == nginx.Word && (data || directiveLike(string(a.Text(text)))) || a.Kind == nginx.Quoted && data
			if starts && lines.Line(a.Start) > lines.Line(prev.Start) && firstOnLine(a.Start) && indent(a.Start) <= indent(d.Name.Start) {
				fs = append(fs, missingSemicolon(text, name, prev, string(a.Text(text))))
				return
			}
			prev = a
		}
		if unterminated[d] {
			next := "the end of the file"
			if d.End.Kind == nginx.RBrace {
				next = "the '}' of its block"
			} else if !directiveLike(name) {
				// The last line is no directive: words after the
				// configuration (a command, a remark), not a lost ';'.
				return
			}
			fs = append(fs, missingSemicolon(text, name, prev, next))
			return
		}
		if data || d.Name.Kind != nginx.Word {
			return
		}
		if low := strings.ToLower(name); low != name && nginx.Known(low) && plainName(low) {
			// nginx compares names byte for byte: Listen is unknown.
			fs = append(fs, finding{span: source.Span{Start: d.Name.Start, End: d.Name.End}, code: "nginx-directive",
				msg:  fmt.Sprintf("%s is not an nginx directive: nginx's names are lower case, and nginx -t refuses the file (unknown directive \"%s\")", name, name),
				hint: "write " + low,
				fix:  &fix{msg: "replace with " + low, edits: []diag.Edit{{Span: source.Span{Start: d.Name.Start, End: d.Name.End}, NewText: low}}}})
			return
		}
		if !plainName(name) {
			return
		}
		if want, ok := nginx.Near(name); ok {
			fs = append(fs, finding{span: source.Span{Start: d.Name.Start, End: d.Name.End}, code: "nginx-directive",
				msg:  fmt.Sprintf("%s is not an nginx directive: nginx -t refuses the file (unknown directive \"%s\"); it is one slip from %s", name, name, want),
				hint: "write " + want,
				fix:  &fix{msg: "replace with " + want, edits: []diag.Edit{{Span: source.Span{Start: d.Name.Start, End: d.Name.End}, NewText: want}}}})
		}
	})
	if f.Elided {
		return fs
	}
	// Braces: a block whose '}' is indented less than its opening line
	// took the '}' of the block around it, and lacks its own.
	short := false
	for _, e := range f.Errors {
		short = short || e.Kind == nginx.ErrUnexpectedEnd
	}
	// The first such '}' is where the reading goes wrong: the blocks
	// around then take the '}' of theirs in turn.
	var first *nginx.Directive
	if short {
		nginx.Walk(f.Directives, func(d *nginx.Directive) {
			if d.Term != '{' || d.Body != nil || d.Close.Open || d.Parent == nil || first != nil && first.Close.Start < d.Close.Start {
				return
			}
			if firstOnLine(d.Close.Start) && indent(d.Close.Start) < indent(d.Name.Start) && indent(d.Close.Start) == indent(d.Parent.Name.Start) {
				first = d
			}
		})
	}
	reported := first != nil
	if first != nil {
		fs = append(fs, unclosedBlock(text, first, first.Close.Start))
	}
	for _, e := range f.Errors {
		switch e.Kind {
		case nginx.ErrUnexpectedEnd:
			if !reported {
				fs = append(fs, unclosedBlock(text, e.Directive, len(text)))
				reported = true
			}
		case nginx.ErrUnexpectedBrace:
			if missingOpens > 0 {
				missingOpens--
				continue
			}
			fs = append(fs, finding{span: source.Span{Start: e.Offset, End: e.Offset + 1}, code: "nginx-syntax",
				msg:  "this '}' closes no block: nginx -t refuses the file (unexpected \"}\")",
				hint: "remove the '}', or add the '{' of its block at the end of the line that opens it"})
		}
	}
	return fs
}

// strayQuote returns the opening quote of the string the text leaves
// open at open, or of the first string before it that runs over a line
// ending in ';': that one lost its closing quote, and the quotes after
// it pair off wrongly up to the one left open.
func strayQuote(text []byte, open int) int {
	for _, t := range nginx.Lex(text[:open]) {
		if body := text[t.Start:t.End]; t.Kind == nginx.Quoted && (bytes.Contains(body, []byte(";\n")) || bytes.Contains(body, []byte(";\r\n"))) {
			return t.Start
		}
	}
	return open
}

// plainName reports whether name is spelt as nginx's directives are:
// lower-case letters, digits and underscores.
func plainName(name string) bool {
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return name != ""
}

// directiveLike reports whether word reads as a directive's name: an
// nginx directive, one slip from one, or a third-party module's name
// (lower case with an underscore: more_set_headers), not an argument
// such as always or off.
func directiveLike(word string) bool {
	if nginx.Known(word) {
		return true
	}
	if !plainName(word) {
		return false
	}
	_, near := nginx.Near(word)
	return near || strings.Contains(word, "_")
}

// missingSemicolon is the nginx-syntax finding for a directive whose ';'
// is missing after token last, before next (a directive's name, a '}', the
// end of the file).
func missingSemicolon(text []byte, name string, last nginx.Token, next string) finding {
	at := source.Span{Start: last.End, End: last.End}
	why := `unexpected "}"`
	if next == "the end of the file" {
		why = `unexpected end of file, expecting ";" or "}"`
	}
	msg := fmt.Sprintf("directive %s is not terminated by ';' before %s: nginx -t refuses the file (%s)", name, next, why)
	if !strings.HasPrefix(next, "the ") {
		msg = fmt.Sprintf("directive %s is not terminated by ';': nginx reads the next line's %s as more of its arguments (nginx -t: invalid number of arguments, or the next directive is lost)", name, next)
	}
	return finding{span: at, code: "nginx-syntax", msg: msg, hint: "end the line with ';'",
		fix: &fix{msg: "add ';'", edits: []diag.Edit{{Span: at, NewText: ";"}}}}
}

// unclosedBlock is the nginx-syntax finding for block d, which lacks its
// '}' (the one at offset at, or the end of the text, closes another).
func unclosedBlock(text []byte, d *nginx.Directive, at int) finding {
	label := strings.TrimSpace(string(text[d.Name.Start:d.End.Start]))
	msg := fmt.Sprintf("the block '%s' is never closed: nginx -t refuses the file (unexpected end of file, expecting \"}\")", label)
	if at < len(text) {
		msg = fmt.Sprintf("the block '%s' is not closed before the '}' of the block around it: that '}' closes it, and nginx -t refuses the file (unexpected end of file, expecting \"}\")", label)
	}
	return finding{span: source.Span{Start: d.Name.Start, End: d.Name.End}, code: "nginx-syntax", msg: msg,
		hint:    "add the block's '}' on a line of its own where it ends",
		related: []related{{span: source.Span{Start: at, End: at}, msg: "the '}' missing from here or before"}}}
}

// gluedQuote is the nginx-syntax finding for a string whose closing quote
// is followed by a byte nginx refuses there: when the string spans lines,
// its opening quote lost its partner and paired with the next one.
func gluedQuote(text []byte, start int) finding {
	end := start + 1
	for end < len(text) && text[end] != text[start] {
		if text[end] == '\\' {
			end++
		}
		end++
	}
	end = min(end, len(text)-1)
	if bytes.IndexByte(text[start:end], '\n') >= 0 {
		return finding{span: source.Span{Start: start, End: lineEnd(text, start)}, code: "nginx-syntax",
			msg:  fmt.Sprintf("this %c string is not closed on its line: it runs to the next %c, and nginx -t refuses what follows (unexpected \"%c\")", text[start], text[start], text[end+1]),
			hint: "close the string on its line"}
	}
	return finding{span: source.Span{Start: end + 1, End: end + 2}, code: "nginx-syntax",
		msg:  fmt.Sprintf("nginx wants a blank, ';' or '{' after a closing quote, not %q: nginx -t refuses the file", text[end+1]),
		hint: "add a blank after the quote, or quote the whole word"}
}

// nginxAnnotationRe is the key of an ingress-nginx annotation whose value
// is nginx configuration, with a block scalar (|) for a value: the
// controller pastes it into its nginx.conf, and nginx refuses it there.
var nginxAnnotationRe = regexp.MustCompile(`(?m)^([ \t]*)["']?nginx\.ingress\.kubernetes\.io/(?:configuration|server|auth|stream|modsecurity)-snippet["']?[ \t]*:[ \t]*\|[-+0-9]*[ \t]*(?:#.*)?\r?$`)

// validateNginxAnnotations checks the nginx configuration in the
// ingress-nginx snippet annotations of a YAML text (configuration-snippet,
// server-snippet, auth-snippet…) as an nginx file: each block scalar is
// checked in a copy of the text with everything else blanked out, so that
// the offsets stay the text's.
func validateNginxAnnotations(text []byte) []finding {
	if !bytes.Contains(text, []byte("-snippet")) || !bytes.Contains(text, []byte("nginx.ingress.kubernetes.io/")) {
		return nil
	}
	var fs []finding
	for _, m := range nginxAnnotationRe.FindAllSubmatchIndex(text, -1) {
		keyIndent := m[3] - m[2]
		start := nextLine(text, m[1])
		end := start
		for end < len(text) {
			le := lineEnd(text, end)
			line := bytes.TrimRight(text[end:le], " \t\r")
			ind := len(line) - len(bytes.TrimLeft(line, " \t"))
			if len(line) > 0 && ind <= keyIndent {
				break
			}
			end = min(le+1, len(text))
		}
		if end <= start {
			continue
		}
		blank := make([]byte, len(text))
		for i, c := range text {
			switch {
			case i >= start && i < end, c == '\n':
				blank[i] = c
			default:
				blank[i] = ' '
			}
		}
		fs = append(fs, checkNginx(blank)...)
	}
	return fs
}
