package consistency

import (
	"strings"

	"github.com/guidec/guidec/internal/format/hcl"
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

// hclLexer reads HCL as scanHCL always has, more loosely than HCL (see
// package hcl's Options): a traversal is one name, a string's templates
// nest by their openers alone, and a heredoc closes at a line that starts
// with its marker.
var hclLexer = hcl.Options{DottedNames: true, NoNumbers: true, FlatTemplates: true, LooseHeredoc: true}

// scanHCL returns the names of the arguments and blocks of the body of
// each resource block of an HCL (Terraform) text, and of the blocks
// nested in it. It reads the tokens of package hcl: strings and heredocs
// may hold braces that nest nothing. A name is an identifier that starts
// a line of the body followed by '=' or by a block's labels and '{'.
// Malformed text gives what was read before the damage; it never fails.
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
	for t := range hclLexer.Tokens(text) {
		i, j := t.Span.Start, t.Span.End
		switch c := t.Kind; c {
		case hcl.Newline:
			lineStart, pending, equals = true, pending[:0], false
			continue
		case hcl.String:
			label := "\x00" // a quoted label, marked by a NUL no identifier has
			if j > i+1 && text[j-1] == '"' {
				label += string(text[i+1 : j-1])
			}
			pending = append(pending, label)
		case '{', '[', '(':
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
		case '}', ']', ')':
			if len(stack) > 0 {
				stack, blocks = stack[:len(stack)-1], blocks[:len(blocks)-1]
			}
			if len(stack) < resDepth {
				resDepth, resType = -1, ""
			}
		case hcl.Ident:
			if lineStart && resDepth >= 0 && len(stack) >= resDepth && inBlocks(blocks, resDepth) && hclNameFollows(text, j) {
				out = append(out, hclAttr{Type: resType, Block: strings.Join(blocks[resDepth:], "."), Name: string(text[i:j]), Span: source.Span{Start: i, End: j}})
			}
			pending = append(pending, string(text[i:j]))
		case '=':
			equals = true
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
