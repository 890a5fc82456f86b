package consistency

import (
	"bytes"
	"strings"

	"github.com/guidec/guidec/internal/source"
)

// hclAttr is one argument or nested block name written in the body of a
// Terraform resource block (resource "TYPE" "NAME" { name = … }) or of a
// block nested in it (config { name = … }), not in a value.
type hclAttr struct {
	Type string // the resource type (vault_jwt_auth_backend)
	// Block is the path of the nested blocks the name is in ("config",
	// "config.oidc_client_assertion"), "" in the resource's body.
	Block string
	Name  string
	Span  source.Span // of Name in the text
}

// maxHCLDepth bounds the nesting scanHCL tracks.
const maxHCLDepth = 64

// scanHCL returns the names of the arguments and blocks of the body of
// each resource block of an HCL (Terraform) text, and of the blocks
// nested in it. It reads
// only what it needs: identifiers, the braces, brackets and parentheses
// that nest bodies and values, strings (with their ${…} templates) and
// heredocs, which may hold braces that nest nothing, and comments (#,
// // and /* */). A name is an identifier that starts a line of the body
// followed by '=' or by a block's labels and '{'. Malformed text gives
// what was read before the damage; it never fails.
func scanHCL(text []byte) []hclAttr {
	var out []hclAttr
	var stack []byte // the open '{', '[' and '(' of the text
	// blocks holds, for each entry of stack, the name of the block it
	// opens, or "" for a value's brace, bracket or parenthesis.
	var blocks []string
	resDepth := -1  // len(stack) inside the body of the resource open, else -1
	equals := false // the current line has an '=' (its '{' opens a value)
	resType := ""
	lineStart := true    // only blanks since the last line break
	var pending []string // the words of the current line, for a block header
	n := len(text)
	for i := 0; i < n; {
		c := text[i]
		switch {
		case c == '\n':
			lineStart, pending, equals = true, pending[:0], false
			i++
			continue
		case c == ' ' || c == '\t' || c == '\r':
			i++
			continue
		case c == '#' || c == '/' && i+1 < n && text[i+1] == '/':
			for i < n && text[i] != '\n' {
				i++
			}
			continue
		case c == '/' && i+1 < n && text[i+1] == '*':
			j := bytes.Index(text[i+2:], []byte("*/"))
			if j < 0 {
				return out
			}
			i += 2 + j + 2
			continue
		case c == '"':
			end := hclStringEnd(text, i+1)
			label := "\x00" // a quoted label, marked by a NUL no identifier has
			if end > i+1 && text[end-1] == '"' {
				label += string(text[i+1 : end-1])
			}
			pending = append(pending, label)
			i = end
		case c == '<' && i+1 < n && text[i+1] == '<':
			end, ok := hclHeredocEnd(text, i+2)
			if !ok {
				i += 2
				break
			}
			i = end
		case c == '{' || c == '[' || c == '(':
			if c == '{' && resDepth < 0 && len(stack) == 0 && len(pending) == 3 && pending[0] == "resource" && strings.HasPrefix(pending[1], "\x00") {
				resType, resDepth = pending[1][1:], len(stack)+1
			}
			if len(stack) >= maxHCLDepth {
				return out
			}
			name := ""
			if c == '{' && resDepth >= 0 && len(stack) >= resDepth && inBlocks(blocks, resDepth) && !equals && len(pending) > 0 && !strings.HasPrefix(pending[0], "\x00") {
				name = pending[0]
			}
			stack, blocks = append(stack, c), append(blocks, name)
			i++
		case c == '}' || c == ']' || c == ')':
			if len(stack) > 0 {
				stack, blocks = stack[:len(stack)-1], blocks[:len(blocks)-1]
			}
			if len(stack) < resDepth {
				resDepth, resType = -1, ""
			}
			i++
		case isNameByte(c, true):
			j := i
			for j < n && (isNameByte(text[j], false) || text[j] == '-') {
				j++
			}
			if lineStart && resDepth >= 0 && len(stack) >= resDepth && inBlocks(blocks, resDepth) && hclNameFollows(text, j) {
				out = append(out, hclAttr{Type: resType, Block: strings.Join(blocks[resDepth:], "."), Name: string(text[i:j]), Span: source.Span{Start: i, End: j}})
			}
			pending = append(pending, string(text[i:j]))
			i = j
		default:
			if c == '=' {
				equals = true
			}
			i++
		}
		lineStart = false
		if len(pending) > 8 {
			pending = pending[:8]
		}
	}
	return out
}

// inBlocks reports whether every entry of blocks from the resource's body
// (at depth) on opens a nested block, not a value.
func inBlocks(blocks []string, depth int) bool {
	for _, b := range blocks[depth:] {
		if b == "" {
			return false
		}
	}
	return true
}

// hclNameFollows reports whether an identifier ending at j names an
// argument (= follows, not ==) or a block (labels or '{' follow) in a body.
func hclNameFollows(text []byte, j int) bool {
	for j < len(text) && (text[j] == ' ' || text[j] == '\t') {
		j++
	}
	if j >= len(text) {
		return false
	}
	switch text[j] {
	case '=':
		return j+1 >= len(text) || text[j+1] != '='
	case '{', '"':
		return true
	}
	return false
}

// hclStringEnd returns the offset after the string whose text starts at
// i (after its opening quote): its closing quote, or the end of the line
// when it is left open. ${…} and %{…} templates may hold quotes.
func hclStringEnd(text []byte, i int) int {
	depth := 0
	for i < len(text) {
		c := text[i]
		switch {
		case c == '\\' && i+1 < len(text):
			i += 2
			continue
		case c == '\n' && depth == 0:
			return i
		case (c == '$' || c == '%') && i+1 < len(text) && text[i+1] == '{':
			depth++
			i += 2
			continue
		case c == '}' && depth > 0:
			depth--
		case c == '"' && depth == 0:
			return i + 1
		}
		i++
	}
	return i
}

// hclHeredocEnd returns the offset after the heredoc whose marker starts
// at i (<<EOF or <<-EOF): the end of the line that holds the marker
// alone; false when i starts no marker.
func hclHeredocEnd(text []byte, i int) (int, bool) {
	if i < len(text) && text[i] == '-' {
		i++
	}
	j := i
	for j < len(text) && isNameByte(text[j], j == i) {
		j++
	}
	if j == i || j < len(text) && text[j] != '\n' && text[j] != '\r' {
		return 0, false
	}
	_, after := heredocEnd(text, j, string(text[i:j]))
	return after, true
}
// heredocEnd finds the closing marker of a heredoc whose opening marker
// ends at from: the first later line that starts with marker (after
// blanks) followed by a blank or the line's end, as Caddy allows more
// arguments after it (HTML 200). It returns where the body ends (the
// start of that line) and where the marker ends; len(text) twice when no
// line closes it.
func heredocEnd(text []byte, from int, marker string) (body, after int) {
	off := from
	if off < len(text) && text[off] == '\r' {
		off++
	}
	if off < len(text) && text[off] == '\n' {
		off++
	}
	for off < len(text) {
		end := off
		for end < len(text) && text[end] != '\n' {
			end++
		}
		i := off
		for i < end && (text[i] == ' ' || text[i] == '\t') {
			i++
		}
		if rest := text[i:end]; len(rest) >= len(marker) && string(rest[:len(marker)]) == marker &&
			(len(rest) == len(marker) || rest[len(marker)] == ' ' || rest[len(marker)] == '\t' || rest[len(marker)] == '\r') {
			return off, i + len(marker)
		}
		off = end + 1
	}
	return len(text), len(text)
}
