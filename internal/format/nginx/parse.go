package nginx

import "bytes"

// Directive is one directive: a name, its arguments, and its end: a ';',
// a block in braces, or nothing when the text (or an elision, or a '}')
// ends it first.
type Directive struct {
	Name Token   // a Word or Quoted
	Args []Token // Word, Quoted or Ellipsis tokens
	// End is the ';' or '{' that ends the directive; for a directive that
	// nothing ends it is the token (RBrace, Ellipsis) or the end of text
	// that cut it off, with Term 0.
	End  Token
	Term byte // ';', '{' or 0
	// Block holds the directives inside the braces of a block directive
	// (none for a Lua block, whose body is Body).
	Block []*Directive
	// Close is the '}' of the block; Kind LBrace with Open set when the
	// text ends first.
	Close Token
	// Body is the Lua of a *_by_lua_block directive.
	Body *Token
	// Parent is the block directive that holds this one; nil at the top.
	Parent *Directive
}

// ErrorKind classifies what nginx -t would refuse.
type ErrorKind uint8

// The errors Parse reports.
const (
	ErrUnterminated    ErrorKind = iota + 1 // a directive cut off by '}' or the end of text before its ';'
	ErrUnexpectedEnd                        // the text ends inside a block
	ErrUnexpectedBrace                      // a '}' that closes no block
	ErrOpenQuote                            // a quoted string the text never closes
	ErrGluedQuote                           // a closing quote followed by a byte nginx refuses
	ErrOpenLua                              // a Lua block whose braces never balance
)

// Error is what nginx -t would refuse, at Offset.
type Error struct {
	Kind      ErrorKind
	Offset    int
	Directive *Directive // the directive concerned, if any
}

// File is parsed nginx configuration.
type File struct {
	Directives []*Directive
	Errors     []Error
	Comments   []Token
	// Elided is set when the text marks lines left out ("...", "…").
	Elided bool
}

// Parse reads text into directives. It never fails: what nginx would
// refuse is in File.Errors.
func Parse(text []byte) *File {
	f := &File{}
	var stack []*Directive // open blocks
	var cur *Directive     // directive being read
	add := func(d *Directive) {
		if n := len(stack); n > 0 {
			d.Parent = stack[n-1]
			stack[n-1].Block = append(stack[n-1].Block, d)
		} else {
			f.Directives = append(f.Directives, d)
		}
	}
	toks := Lex(text)
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		switch t.Kind {
		case Comment:
			f.Comments = append(f.Comments, t)
			if isEllipsisComment(text[t.Start:t.End]) {
				f.Elided = true
			}
		case Word, Quoted:
			if t.Kind == Quoted && t.Open {
				f.Errors = append(f.Errors, Error{Kind: ErrOpenQuote, Offset: t.Start, Directive: cur})
			} else if t.Glued {
				f.Errors = append(f.Errors, Error{Kind: ErrGluedQuote, Offset: t.Start, Directive: cur})
			}
			if cur == nil {
				cur = &Directive{Name: t}
				add(cur)
			} else {
				cur.Args = append(cur.Args, t)
			}
		case Ellipsis:
			f.Elided = true
			if cur != nil {
				cur.Args = append(cur.Args, t)
				cur.End = t
				cur = nil
			}
		case Semicolon:
			if cur != nil {
				cur.End, cur.Term = t, ';'
				cur = nil
			}
		case LBrace:
			if cur == nil {
				// A block without a name: nginx refuses it too
				// (unexpected "{"), but the braces still pair.
				cur = &Directive{Name: Token{Kind: Word, Start: t.Start, End: t.Start}}
				add(cur)
			}
			cur.End, cur.Term = t, '{'
			cur.Close = Token{Kind: LBrace, Start: len(text), End: len(text), Open: true}
			if i+1 < len(toks) && toks[i+1].Kind == LuaBody {
				i++
				b := toks[i]
				cur.Body = &b
				if b.Open {
					f.Errors = append(f.Errors, Error{Kind: ErrOpenLua, Offset: t.Start, Directive: cur})
					cur = nil
					continue
				}
				// The Lua block's '}' follows its body.
				if i+1 < len(toks) && toks[i+1].Kind == RBrace {
					i++
					cur.Close = toks[i]
				}
				cur = nil
				continue
			}
			stack = append(stack, cur)
			cur = nil
		case RBrace:
			if cur != nil {
				cur.End = t
				f.Errors = append(f.Errors, Error{Kind: ErrUnterminated, Offset: t.Start, Directive: cur})
				cur = nil
			}
			if len(stack) == 0 {
				f.Errors = append(f.Errors, Error{Kind: ErrUnexpectedBrace, Offset: t.Start})
				continue
			}
			stack[len(stack)-1].Close = t
			stack = stack[:len(stack)-1]
		}
	}
	if cur != nil {
		cur.End = Token{Kind: Semicolon, Start: len(text), End: len(text), Open: true}
		f.Errors = append(f.Errors, Error{Kind: ErrUnterminated, Offset: len(text), Directive: cur})
	}
	for k := len(stack) - 1; k >= 0; k-- {
		f.Errors = append(f.Errors, Error{Kind: ErrUnexpectedEnd, Offset: len(text), Directive: stack[k]})
	}
	return f
}

// isEllipsisComment reports whether a comment elides lines: "# ...",
// "# …", "#..." with nothing else but blanks.
func isEllipsisComment(c []byte) bool {
	i := 1
	for i < len(c) && (c[i] == ' ' || c[i] == '\t') {
		i++
	}
	j := len(c)
	for j > i && (c[j-1] == ' ' || c[j-1] == '\t' || c[j-1] == '\r') {
		j--
	}
	return isEllipsis(c[i:j]) || bytes.Contains(c, []byte("...")) || bytes.Contains(c, []byte("…"))
}

// Walk calls fn for every directive of ds and of their blocks, parents
// first.
func Walk(ds []*Directive, fn func(*Directive)) {
	for _, d := range ds {
		fn(d)
		Walk(d.Block, fn)
	}
}
