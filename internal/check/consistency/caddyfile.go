package consistency

import (
	"path"
	"slices"
	"strings"

	"github.com/guidec/guidec/internal/format/caddyfile"
	"github.com/guidec/guidec/internal/snippet"
	"github.com/guidec/guidec/internal/source"
)

// caddyToken is one token of a Caddyfile: a word, or a quoted string
// (Text unquoted, Span inside the quotes).
type caddyToken struct {
	Text   string
	Span   source.Span
	Quoted bool
	// Raw: Text equals the bytes of Span (no escape was decoded).
	Raw bool
}

// caddyDirective is one line of a Caddyfile: a directive's name and
// arguments, and the labels of the blocks around it, outermost first
// ("security", "oauth identity provider authelia"). Opens is set when the
// line opens a block of its own (forward_auth authelia:9091 {).
type caddyDirective struct {
	Blocks []string
	Name   caddyToken
	Args   []caddyToken
	Opens  bool
}

// maxCaddyDepth bounds the blocks scanCaddyfile tracks.
const maxCaddyDepth = 32

// isCaddyfile reports whether s is a Caddyfile: fenced as caddy or
// caddyfile (any case; s.Lang is lowercased), or titled Caddyfile.
func isCaddyfile(s *snippet.Snippet) bool {
	switch s.Lang {
	case "caddy", "caddyfile":
		return true
	}
	n := s.FileName()
	return strings.EqualFold(n, "Caddyfile") || strings.EqualFold(path.Ext(n), ".caddyfile")
}

// caddyLexer reads Caddyfiles as scanCaddyfile always has: a heredoc's
// closing marker is a whole word (HTML 200), and a backslash in a quoted
// string escapes only a quote.
var caddyLexer = caddyfile.Options{WholeMarker: true, QuoteOnlyEscape: true}

// caddyLines splits text into the logical lines of Caddy's lexer: a
// backslash before a line break continues the line, and a string or
// heredoc spanning lines is one token of its first line (see package
// caddyfile). Malformed input (a quote left open) ends the text's last
// token; it never fails.
func caddyLines(text []byte) [][]caddyToken {
	var lines [][]caddyToken
	var cur []caddyToken
	joined := false // a continuation joins the next line to this one
	for t := range caddyLexer.Tokens(text) {
		switch t.Kind {
		case caddyfile.Newline:
			if !joined && len(cur) > 0 {
				lines = append(lines, cur)
				cur = nil
			}
			joined = false
			continue
		case caddyfile.Comment:
			continue
		case caddyfile.Word:
			if e := t.Span.End; t.Is(text, "\\") && e < len(text) && (text[e] == '\n' || text[e] == '\r' && e+1 < len(text) && text[e+1] == '\n') {
				joined = true
				continue
			}
		}
		s, raw := t.Text(text)
		cur = append(cur, caddyToken{Text: s, Span: t.Body, Quoted: t.Kind != caddyfile.Word, Raw: raw})
	}
	if len(cur) > 0 {
		lines = append(lines, cur)
	}
	return lines
}

// scanCaddyfile returns the directives of a Caddyfile with the blocks
// they are in. A line ending in an unquoted '{' opens a block labelled by
// its other tokens (the site addresses, "oauth identity provider
// authelia", or "" for the global options); a line that is '}' closes
// one. Caddy requires both braces so placed, which keeps the scan to
// lines.
func scanCaddyfile(text []byte) []caddyDirective {
	var out []caddyDirective
	var blocks []string
	for _, line := range caddyLines(text) {
		if first := line[0]; !first.Quoted && first.Text == "}" {
			if len(blocks) > 0 {
				blocks = blocks[:len(blocks)-1]
			}
			continue
		}
		last := line[len(line)-1]
		opens := !last.Quoted && last.Text == "{"
		toks := line
		if opens {
			toks = line[:len(line)-1]
		}
		if len(toks) > 0 {
			out = append(out, caddyDirective{Blocks: slices.Clone(blocks), Name: toks[0], Args: toks[1:], Opens: opens})
		}
		if opens && len(blocks) < maxCaddyDepth {
			label := make([]string, len(toks))
			for i, t := range toks {
				label[i] = t.Text
			}
			blocks = append(blocks, strings.Join(label, " "))
		}
	}
	return out
}

// caddyPlaceholder reports whether a Caddyfile argument is, or holds, a
// placeholder Caddy replaces when it loads the file ({env.X}, {$X},
// {$X:default}, {http.request.host}): a reference, not the value.
func caddyPlaceholder(s string) bool {
	i := strings.IndexByte(s, '{')
	return i >= 0 && strings.IndexByte(s[i:], '}') > 0
}

// addCaddyfile records the directives of a Caddyfile that hold one
// value, and the scopes directive's list, under the labels of their
// blocks: caddy-security's oauth identity provider block reads as an
// OpenID Connect section (client_id, client_secret, metadata_url…).
// Directives of no kind are recorded only inside such a section.
func (m *model) addCaddyfile(s *snippet.Snippet) {
	for _, d := range scanCaddyfile(s.Text) {
		if d.Opens || d.Name.Quoted {
			continue
		}
		parents := normalizeKey(strings.Join(d.Blocks, "."))
		k := normalizeKey(d.Name.Text)
		kd := caddyKind(parents, k)
		if len(d.Args) == 0 {
			if valueKinds[kd] && hasContext(parents+k) {
				// client_secret with its value lost: Caddy gives the
				// directive none.
				end := d.Name.Span.End
				m.app = append(m.app, appValue{Kind: kd, Key: d.Name.Text, Where: where(s), Group: s.Index, Parents: parents, Value: snippetValue(s, source.Span{Start: end, End: end}, ""), norm: k})
			}
			continue
		}
		if kd == kindNone && !hasContext(parents+k) {
			// A proxy's directives (reverse_proxy authelia:9091, redir
			// https://auth.example.com/…) configure no client: read as
			// settings, an Authelia URL among them would be taken for an
			// endpoint the application calls.
			continue
		}
		var v value
		switch {
		case len(d.Args) == 1:
			a := d.Args[0]
			if caddyPlaceholder(a.Text) || !a.Raw {
				continue
			}
			v = snippetValue(s, a.Span, a.Text)
		case kd == kindScope:
			// scopes openid email profile: one list, as splitList reads it.
			first, last := d.Args[0], d.Args[len(d.Args)-1]
			sp := source.Span{Start: first.Span.Start, End: last.Span.End}
			raw := string(s.Text[sp.Start:sp.End])
			if caddyPlaceholder(raw) || strings.ContainsAny(raw, "\"`\n\\") {
				continue
			}
			v = snippetValue(s, sp, raw)
		default:
			continue
		}
		m.app = append(m.app, appValue{Kind: kd, Key: d.Name.Text, Where: where(s), Group: s.Index, Parents: parents, Value: v, norm: k})
	}
}

// caddyKind classifies a Caddyfile directive. caddy-security's
// base_auth_url is the provider's base URL, from which it fetches the
// discovery document when metadata_url is not set: an issuer, not an
// authorization endpoint as its suffix says; and metadata_url is the
// discovery document's URL.
func caddyKind(parents, k string) kind {
	if hasContext(parents + k) {
		switch k {
		case "baseauthurl", "metadataurl":
			return kindIssuer
		}
	}
	return classifyNormal(parents, k)
}
