package syntax

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/guidec/guidec/internal/snippet"
	"github.com/guidec/guidec/internal/source"
)

// Apache's configuration nests directives in sections: <VirtualHost
// *:443> … </VirtualHost>, <Location /> … </Location>. A section left
// open, closed by another's end tag, or an end tag whose name is
// misspelt makes Apache refuse to start ("Missing </Location> directive
// at end-of-file", "</Location> without matching <Location> section").

// isApacheSnippet reports whether s is an Apache configuration: fenced as
// apache or apacheconf, or a .conf file (or conf fence) whose text has an
// Apache section tag (nginx and others have none).
func isApacheSnippet(s *snippet.Snippet) bool {
	switch s.Lang {
	case "apache", "apacheconf":
		return true
	}
	if s.LangFormat() != snippet.Conf && s.TitleFormat() != snippet.Conf {
		return false
	}
	return bytes.Contains(s.Text, []byte("<VirtualHost")) || bytes.Contains(s.Text, []byte("<Location")) ||
		bytes.Contains(s.Text, []byte("<Directory")) || bytes.Contains(s.Text, []byte("<IfModule"))
}

// apacheTag is a section tag alone on its line.
type apacheTag struct {
	name  string      // as written
	span  source.Span // of the name
	close bool        // </name>
	line  int         // from 0
}

// apacheTags returns the section tags of text that stand alone on their
// lines: <Name args> and </Name>.
func apacheTags(text []byte) []apacheTag {
	var out []apacheTag
	line := 0
	for off := 0; off < len(text); line++ {
		end := lineEnd(text, off)
		l := text[off:end]
		i := 0
		for i < len(l) && (l[i] == ' ' || l[i] == '\t') {
			i++
		}
		t := bytes.TrimRight(l[i:], " \t\r")
		if len(t) >= 3 && t[0] == '<' && t[len(t)-1] == '>' {
			j := 1
			closing := t[1] == '/'
			if closing {
				j = 2
			}
			k := j
			for k < len(t) && (t[k] >= 'A' && t[k] <= 'Z' || t[k] >= 'a' && t[k] <= 'z') {
				k++
			}
			if k > j && (k == len(t)-1 || !closing && (t[k] == ' ' || t[k] == '\t')) {
				out = append(out, apacheTag{name: string(t[j:k]), span: source.Span{Start: off + i + j, End: off + i + k}, close: closing, line: line})
			}
		}
		off = end + 1
	}
	return out
}

// apacheTake1 are mod_auth_openidc directives that take exactly one
// argument (AP_INIT_TAKE1 in its src/cfg/cmds.c), lowercased: given two,
// Apache refuses to start ("OIDCScope takes one argument"). A list of
// scopes is one argument only in quotes, and Apache has no comments after
// a directive: a '#' there starts more arguments.
var apacheTake1 = func() map[string]bool {
	m := map[string]bool{}
	for _, d := range []string{
		"OIDCScope", "OIDCPathScope", "OIDCClientID", "OIDCClientSecret", "OIDCRedirectURI", "OIDCProviderMetadataURL",
		"OIDCProviderIssuer", "OIDCProviderAuthorizationEndpoint", "OIDCProviderTokenEndpoint", "OIDCProviderTokenEndpointAuth",
		"OIDCProviderUserInfoEndpoint", "OIDCProviderJwksUri", "OIDCResponseType", "OIDCResponseMode", "OIDCPKCEMethod",
		"OIDCIDTokenSignedResponseAlg", "OIDCUserInfoSignedResponseAlg", "OIDCAuthRequestParams", "OIDCCookieDomain",
		"OIDCCookie", "OIDCCookiePath", "OIDCDefaultURL", "OIDCDefaultLoggedOutURL", "OIDCSessionType",
		"OIDCSessionInactivityTimeout", "OIDCSessionMaxDuration", "OIDCStateTimeout", "OIDCSSLValidateServer",
		"OIDCValidateIssuer", "OIDCProviderAuthRequestMethod", "OIDCOAuthServerMetadataURL", "OIDCOAuthClientID",
		"OIDCOAuthClientSecret", "OIDCOAuthIntrospectionEndpoint", "OIDCOAuthVerifyJwksUri", "OIDCPassAccessToken",
		"OIDCPassRefreshToken", "OIDCPreservePost", "OIDCAuthNHeader", "OIDCClientName", "OIDCMetadataDir",
	} {
		m[strings.ToLower(d)] = true
	}
	return m
}()

// apacheArgs splits the arguments of a directive line as Apache's
// ap_getword_conf does: blanks separate words, a word in double or single
// quotes may hold blanks. It returns the spans of the words.
func apacheArgs(line []byte, base int) []source.Span {
	var out []source.Span
	for i := 0; i < len(line); {
		c := line[i]
		if c == ' ' || c == '\t' || c == '\r' {
			i++
			continue
		}
		j := i + 1
		if c == '"' || c == '\'' {
			for j < len(line) && line[j] != c {
				if line[j] == '\\' {
					j++
				}
				j++
			}
			j = min(j+1, len(line))
		} else {
			for j < len(line) && line[j] != ' ' && line[j] != '\t' && line[j] != '\r' {
				j++
			}
		}
		out = append(out, source.Span{Start: base + i, End: base + j})
		i = j
	}
	return out
}

// checkApacheTake1 reports the one-argument directives of text given more.
func checkApacheTake1(text []byte) []finding {
	var fs []finding
	for off := 0; off < len(text); {
		end := lineEnd(text, off)
		line := bytes.TrimRight(text[off:end], " \t\r")
		if len(line) > 0 && line[len(line)-1] != '\\' {
			words := apacheArgs(line, off)
			if len(words) > 2 && apacheTake1[strings.ToLower(string(text[words[0].Start:words[0].End]))] {
				name := string(text[words[0].Start:words[0].End])
				extra := source.Span{Start: words[2].Start, End: words[len(words)-1].End}
				why := "put the value in quotes"
				if text[extra.Start] == '#' {
					why = "Apache has no comment after a directive: move the comment to a line of its own"
				}
				fs = append(fs, finding{span: extra, code: "apache-arguments",
					msg:  fmt.Sprintf("%s takes one argument, and this line gives it %d: Apache refuses to start (%s takes one argument)", name, len(words)-1, name),
					hint: why})
			}
		}
		off = end + 1
	}
	return fs
}

// validateApache reports the section tags of an Apache configuration that
// do not pair: apache-section at an end tag that closes no open section
// (at its name, as a misspelling when it is one or two edits from the
// open section's), at the end tag of an outer section while inner ones are
// open (they lack theirs), and at the end of a snippet that leaves one
// open and elides nothing.
func validateApache(text []byte) []finding {
	tags := apacheTags(text)
	var stack []apacheTag
	var fs []finding
	for _, tg := range tags {
		if !tg.close {
			if len(stack) < 64 {
				stack = append(stack, tg)
			}
			continue
		}
		k := len(stack) - 1
		for k >= 0 && !strings.EqualFold(stack[k].name, tg.name) {
			k--
		}
		switch {
		case k >= 0 && k == len(stack)-1:
			stack = stack[:k]
		case k >= 0:
			for j := len(stack) - 1; j > k; j-- {
				o := stack[j]
				fs = append(fs, finding{span: source.Span{Start: lineStart(text, tg.span.Start), End: lineStart(text, tg.span.Start)}, code: "apache-section",
					msg:     fmt.Sprintf("section <%s> is not closed before </%s>: Apache refuses to start", o.name, tg.name),
					hint:    fmt.Sprintf("add </%s> before this line", o.name),
					related: []related{{span: o.span, msg: "the section opens here"}}})
			}
			stack = stack[:k]
		case len(stack) > 0 && editDistanceFold(stack[len(stack)-1].name, tg.name) <= 2:
			o := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if !apacheSection(o.name) && apacheSection(tg.name) {
				// The start tag is the one Apache does not know.
				fs = append(fs, finding{span: o.span, code: "apache-section",
					msg:     fmt.Sprintf("<%s> is no section of Apache (its end tag is </%s>): Apache refuses to start", o.name, tg.name),
					hint:    "write <" + tg.name,
					related: []related{{span: tg.span, msg: "the end tag"}}})
				continue
			}
			fs = append(fs, finding{span: tg.span, code: "apache-section",
				msg:     fmt.Sprintf("end tag </%s> misspells the open section <%s>: Apache refuses to start", tg.name, o.name),
				hint:    "write </" + o.name + ">",
				related: []related{{span: o.span, msg: "the section opens here"}}})
		case elided(text):
			// An excerpt may start inside a section.
		default:
			// The section's lines are indented deeper than its end tag:
			// the first of them is where its start tag belongs.
			at := tg.span
			if first, ok := deeperRun(text, tg.span.Start); ok {
				at = source.Span{Start: first, End: first}
			}
			fs = append(fs, finding{span: at, code: "apache-section",
				msg:     fmt.Sprintf("</%s> closes no open section: its start tag <%s> is missing, and Apache refuses to start", tg.name, tg.name),
				hint:    "add the section's start tag <" + tg.name + " …>, or remove the end tag",
				related: []related{{span: tg.span, msg: "the end tag"}}})
		}
	}
	if len(stack) > 0 && len(fs) == 0 && !elided(text) {
		o := stack[len(stack)-1]
		fs = append(fs, finding{span: source.Span{Start: len(text), End: len(text)}, code: "apache-section",
			msg:     fmt.Sprintf("section <%s> is never closed: Apache refuses to start (Missing </%s> directive at end-of-file)", o.name, o.name),
			hint:    "add </" + o.name + "> where the section ends",
			related: []related{{span: o.span, msg: "the section opens here"}}})
	}
	return append(checkApacheTake1(text), fs...)
}

// apacheSections are the section tags of Apache httpd's core and standard
// modules.
var apacheSections = []string{
	"VirtualHost", "Location", "LocationMatch", "Directory", "DirectoryMatch", "Files", "FilesMatch",
	"IfModule", "IfDefine", "IfVersion", "IfFile", "IfDirective", "IfSection", "If", "ElseIf", "Else",
	"Proxy", "ProxyMatch", "Limit", "LimitExcept", "RequireAll", "RequireAny", "RequireNone", "Macro",
	"AuthnProviderAlias", "AuthzProviderAlias", "MDomain", "MDomainSet",
}

// apacheSection reports whether name is one of apacheSections, in any case.
func apacheSection(name string) bool {
	for _, s := range apacheSections {
		if strings.EqualFold(s, name) {
			return true
		}
	}
	return false
}

// deeperRun returns the start of the first of the non-blank lines just
// before the line holding off that are indented deeper than it (blank
// lines between them skipped); false when the line before is not.
func deeperRun(text []byte, off int) (int, bool) {
	ls := lineStart(text, off)
	indent := 0
	for ls+indent < len(text) && (text[ls+indent] == ' ' || text[ls+indent] == '\t') {
		indent++
	}
	first, found := 0, false
	for end := ls - 1; end > 0; {
		start := lineStart(text, end)
		l := text[start:end]
		if len(bytes.TrimSpace(l)) == 0 {
			end = start - 1
			continue
		}
		i := 0
		for i < len(l) && (l[i] == ' ' || l[i] == '\t') {
			i++
		}
		if i <= indent {
			break
		}
		first, found = start, true
		end = start - 1
	}
	return first, found
}

// editDistanceFold is the Levenshtein distance of a and b, ignoring ASCII
// case (Apache's section names are), capped at 3.
func editDistanceFold(a, b string) int {
	a, b = strings.ToLower(a), strings.ToLower(b)
	if d := len(a) - len(b); d > 2 || d < -2 {
		return 3
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			c := 1
			if a[i-1] == b[j-1] {
				c = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+c)
		}
		prev, cur = cur, prev
	}
	return min(prev[len(b)], 3)
}
