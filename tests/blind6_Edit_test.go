package tests

import (
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/pelletier/go-toml/v2"
	"gopkg.in/yaml.v3"

	"github.com/guidec/guidec/internal/diag"
)

// The sixth blind battery, edit side: the edits a judge makes with a text
// editor "at a known line", in every snippet format a guide carries
// (Authelia's configuration.yml, the application's .env, Compose
// environment in map and list form, JSON, TOML, INI, YAML) and in the
// page. Each generic edit operator (a letter transposed, dropped or
// doubled in a key or an enum value; indentation moved by one or two
// spaces; a colon, a list dash, an `=`, a quote dropped or doubled; a
// line duplicated or deleted; a boolean spelt as a word) is gated by a
// FACT that makes the edited line certainly wrong: Authelia's key list
// and enums (shared/reference/authelia-oidc-clients.md), the parser the
// reader's tool uses (gopkg.in/yaml.v3, which Authelia's koanf and
// Compose both use; encoding/json; the TOML spec via go-toml), or another
// snippet of the same guide naming the key correctly. Sites rotate over
// the guides with n. The battery reuses the blind battery's parser,
// injections and judge (a defect is found when exactly one new finding of
// the expected severity lies within two lines and no new error appears
// elsewhere); edits that are not in place carry a control of the same
// shape, and in-place edits inside a fence that has a comment line carry
// a control that rewords the comment.

// b6ClientKeys are the keys of a client (reference §1, 4.39 / master,
// and the 4.38 renames of §2 that Authelia still maps).
var b6ClientKeys = map[string]bool{}

func init() {
	for _, k := range strings.Fields(`client_id client_name client_secret sector_identifier_uri public redirect_uris
		request_uris audience scopes grant_types response_types response_modes authorization_policy lifespan
		claims_policy requested_audience_mode consent_mode pre_configured_consent_duration
		require_pushed_authorization_requests require_pkce pkce_challenge_method request_object_signing_alg
		request_object_encryption_alg request_object_encryption_enc token_endpoint_auth_method
		token_endpoint_auth_signing_alg revocation_endpoint_auth_method revocation_endpoint_auth_signing_alg
		introspection_endpoint_auth_method introspection_endpoint_auth_signing_alg
		pushed_authorization_request_endpoint_auth_method pushed_authorization_request_endpoint_auth_signing_alg
		allow_multiple_auth_methods jwks_uri jwks id secret description sector_identifier userinfo_signing_algorithm`) {
		b6ClientKeys[k] = true
	}
	for _, p := range []string{"authorization", "id_token", "access_token", "userinfo", "introspection"} {
		for _, s := range []string{"_signed_response_alg", "_signed_response_key_id", "_encrypted_response_alg", "_encrypted_response_enc", "_encrypted_response_key_id"} {
			b6ClientKeys[p+s] = true
		}
	}
}

// b6ComposeKeys are the service keys of the Compose specification a
// guide uses, and the top-level services.
var b6ComposeKeys = map[string]bool{}

func init() {
	for _, k := range strings.Fields(`services image container_name environment env_file volumes ports restart
		depends_on networks command entrypoint labels healthcheck user working_dir hostname build secrets
		configs extra_hosts expose deploy logging cap_add cap_drop devices dns tmpfs ulimits read_only
		stop_grace_period security_opt platform pull_policy profiles init privileged shm_size sysctls`) {
		b6ComposeKeys[k] = true
	}
}

// b6Enums are the enumerated client options whose every value the
// reference lists (§1, §1.1): a value outside the set is an error at
// start. response_types is left out: an unknown value there is only a
// warning (§3 response-types-enum) but also leaves the client without
// `code`, an error on the same line (two findings the judge cannot take).
var b6Enums = map[string][]string{
	"token_endpoint_auth_method":        {"none", "client_secret_post", "client_secret_basic", "private_key_jwt", "client_secret_jwt"},
	"consent_mode":                      {"auto", "explicit", "implicit", "pre-configured"},
	"pkce_challenge_method":             {"", "plain", "S256"},
	"authorization_policy":              {"one_factor", "two_factor"},
	"requested_audience_mode":           {"explicit", "implicit"},
	"id_token_signed_response_alg":      {"HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "ES256", "ES384", "ES512", "PS256", "PS384", "PS512"},
	"access_token_signed_response_alg":  {"none", "HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "ES256", "ES384", "ES512", "PS256", "PS384", "PS512"},
	"userinfo_signed_response_alg":      {"none", "HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "ES256", "ES384", "ES512", "PS256", "PS384", "PS512"},
	"introspection_signed_response_alg": {"none", "HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "ES256", "ES384", "ES512", "PS256", "PS384", "PS512"},
	"grant_types":                       {"authorization_code", "implicit", "refresh_token", "client_credentials", "urn:ietf:params:oauth:grant-type:device_code"},
	"response_modes":                    {"form_post", "form_post.jwt", "query", "query.jwt", "fragment", "fragment.jwt", "jwt"},
}

// b6Typo applies one of three typing slips to s, chosen by op: two
// letters transposed in the middle, a letter dropped, a letter doubled.
// It only touches letters, so separators stay where they were.
func b6Typo(s string, op int) string {
	r := []rune(s)
	var letters []int
	for k, c := range r {
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' {
			letters = append(letters, k)
		}
	}
	if len(letters) < 3 {
		return ""
	}
	k := letters[len(letters)/2]
	switch op % 3 {
	case 0:
		for j := len(letters) / 2; j+1 < len(letters); j++ {
			a, b := letters[j], letters[j+1]
			if b == a+1 && r[a] != r[b] {
				r[a], r[b] = r[b], r[a]
				return string(r)
			}
		}
		return ""
	case 1:
		return string(r[:k]) + string(r[k+1:])
	}
	return string(r[:k+1]) + string(r[k:])
}

// b6FenceExp is the expanded body of fence fi, with line i (a guide line)
// replaced by the expansion of raw when i >= 0, and extra lines inserted
// after line at.
func (g *bGuide) b6FenceExp(fi, i int, raw string, at int, extra ...string) string {
	f := g.fences[fi]
	var b strings.Builder
	for k := f.open + 1; k < f.close && k < len(g.exp); k++ {
		l := g.exp[k]
		if k == i {
			l, _ = bExpand(raw)
		}
		b.WriteString(l)
		b.WriteByte('\n')
		if k == at {
			for _, e := range extra {
				x, _ := bExpand(e)
				b.WriteString(x)
				b.WriteByte('\n')
			}
		}
	}
	return b.String()
}

// b6YAMLOK reports whether every document of s parses with yaml.v3.
func b6YAMLOK(s string) bool {
	d := yaml.NewDecoder(strings.NewReader(s))
	for {
		// Decoding into a value (not a Node) also refuses a key given
		// twice in one mapping, as Authelia's and Compose's loaders do.
		var n any
		err := d.Decode(&n)
		if errors.Is(err, io.EOF) {
			return true
		}
		if err != nil {
			return false
		}
	}
}

func b6TOMLOK(s string) bool {
	var m map[string]any
	return toml.Unmarshal([]byte(s), &m) == nil
}

func b6JSONOK(s string) bool { return json.Valid([]byte(s)) }

// b6XMLOK reports whether s is well-formed XML (encoding/xml, strict).
func b6XMLOK(s string) bool {
	d := xml.NewDecoder(strings.NewReader(s))
	for {
		_, err := d.Token()
		if errors.Is(err, io.EOF) {
			return true
		}
		if err != nil {
			return false
		}
	}
}

// b6Format is the format of the fence of line i: "authelia" for the
// provider's YAML, else b4aFenceKind's env, compose, json, toml, ini, yaml.
func (g *bGuide) b6Format(i int) string {
	fi := g.fenceOf[i]
	if fi < 0 || i < g.body {
		return ""
	}
	if g.fences[fi].authelia {
		return "authelia"
	}
	if k := g.b4aFenceKind(i); k != "" {
		return k
	}
	switch l := g.fences[fi].lang; l {
	case "python", "py", "php", "js", "javascript", "ruby", "rb", "lua", "exs", "elixir":
		return "code"
	case "shell", "sh", "bash", "console", "apache", "xml", "hcl", "properties":
		return l
	}
	return ""
}

// b6Parses reports whether the fence of line i parses with the parser of
// its format, with line i replaced by raw (i < 0: unchanged); ok is false
// for a format without a parser here.
func (g *bGuide) b6Parses(i, at int, raw string, extra ...string) (parses, ok bool) {
	fi := g.fenceOf[max(i, at)]
	body := g.b6FenceExp(fi, i, raw, at, extra...)
	switch g.b6Format(max(i, at)) {
	case "authelia", "compose", "yaml":
		return b6YAMLOK(body), true
	case "json":
		return b6JSONOK(body), true
	case "toml":
		return b6TOMLOK(body), true
	case "xml":
		return b6XMLOK(body), true
	}
	return false, false
}

// b6Breaks reports whether replacing line i by raw turns a fence that
// parses into one that does not.
func (g *bGuide) b6Breaks(i int, raw string) bool {
	before, ok := g.b6Parses(-1, i, "")
	if !ok || !before {
		return false
	}
	after, _ := g.b6Parses(i, -1, raw)
	return !after
}

// b6Plain reports whether line i is a plain snippet line: inside a fence,
// no shortcode but sitevar, not a comment, not blank.
func (g *bGuide) b6Plain(i int) bool {
	if g.fenceOf[i] < 0 || i < g.body {
		return false
	}
	l := g.lines[i]
	t := strings.TrimSpace(l)
	if t == "" || strings.HasPrefix(t, "#") || strings.HasPrefix(t, "//") {
		return false
	}
	if s := bSitevar.ReplaceAllString(l, ""); strings.Contains(s, "{{") {
		return false
	}
	return true
}

// b6Comment is a control for an in-place edit in the fence of line i: a
// comment line of that fence reworded (a word added), which changes
// nothing a reader's tool reads. nil when the fence has no comment line.
func (g *bGuide) b6Comment(i int) []byte {
	fi := g.fenceOf[i]
	if fi < 0 {
		return nil
	}
	f := g.fences[fi]
	for k := f.open + 1; k < f.close; k++ {
		t := strings.TrimSpace(g.lines[k])
		if k != i && (strings.HasPrefix(t, "#") || strings.HasPrefix(t, "//")) && !strings.Contains(t, "{{") && !strings.HasPrefix(t, "#!") {
			return g.withLine(k, g.lines[k]+" (example)")
		}
	}
	return nil
}

// b6In builds an in-place injection of line i replaced by raw, with the
// comment control of its fence.
func (g *bGuide) b6In(i int, raw string, sev diag.Severity, alt ...int) bInjection {
	return bInjection{out: g.withLine(i, raw), control: g.b6Comment(i), want: []bWant{{line: i, alt: alt, sev: sev}}, form: g.b6Form(i)}
}

// b6Form is the site's form with its format, for the per-format tally.
func (g *bGuide) b6Form(i int) string {
	f := g.b6Format(i)
	if f == "" {
		return g.form(i)
	}
	return f + ": " + g.form(i)
}

// b6OIDCLines are the application's lines that state a value the login
// depends on: the client id, the secret, a URL on Authelia's origin, a
// registered redirect URI.
func (g *bGuide) b6OIDCLines() map[int]bool {
	out := map[int]bool{}
	c := g.mainClient()
	if c == nil || !g.uniqueClient(c) {
		return out
	}
	var ss []bSite
	ss = append(ss, g.idSites(c.id.val)...)
	if a, ok := g.assume["clientsecret"]; ok && !isPublicClient(c) && len(a.val) >= 4 {
		ss = append(ss, g.secretSites(a.val)...)
	}
	ss = append(ss, g.authSites()...)
	ss = append(ss, g.redirectSites(c)...)
	for _, s := range ss {
		if g.b6Plain(s.line) {
			out[s.line] = true
		}
	}
	return out
}

// b6AppKey finds the key of an application snippet line in its format:
// its expanded span, or ok false.
var (
	b6EnvKey          = regexp.MustCompile(`^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=`)
	b6ListKey         = regexp.MustCompile(`^\s*-\s+['"]?([A-Za-z_][A-Za-z0-9_]*)=`)
	b6MapKey          = regexp.MustCompile(`^\s*(?:-\s+)?['"]?([A-Za-z_][A-Za-z0-9_.\-]*)['"]?:\s`)
	b6JSONKey         = regexp.MustCompile(`^\s*"([A-Za-z_][A-Za-z0-9_.\-]*)"\s*:`)
	b6AssignKey       = regexp.MustCompile(`^\s*([A-Za-z_][A-Za-z0-9_.\-]*)\s*=`)
	b6YAMLKeyVal      = regexp.MustCompile(`^(\s*(?:-\s+)?['"]?[A-Za-z_][A-Za-z0-9_.\-]*['"]?)(:)(\s+\S.*)$`)
	b6CodeKey         = regexp.MustCompile(`^\s*['"]?([A-Za-z_][A-Za-z0-9_]*)['"]?\s*(?::|=>|=)\s*\S`)
	b6ShellKey        = regexp.MustCompile(`(?:^|\s)(?:-e\s+|--env\s+)?["']?([A-Za-z_][A-Za-z0-9_]*)=`)
	b6RefDef          = regexp.MustCompile(`^\[([^\]]+)\](:)\s+\S`)
	b6ComposeKey      = regexp.MustCompile(`^( *)([a-z_]+):(\s|$)`)
	b6JSONClose       = regexp.MustCompile(`^\s*([}\]])\s*,?\s*$`)
	b6JSMember        = regexp.MustCompile(`^['"]?[A-Za-z_$][A-Za-z0-9_$]*['"]?\s*:\s*\S`)
	b6ApacheDirective = regexp.MustCompile(`^\s*(OIDC[A-Za-z]+)\s+\S`)
	b6XMLClose        = regexp.MustCompile(`</([A-Za-z][A-Za-z0-9]*)>\s*$`)
	b6QuotedEnd       = regexp.MustCompile(`^(.*[:=]\s*)(['"])([^'"\\]*)(['"])(\s*,?\s*)$`)
	// b6ShellQuoted is a KEY="value" or KEY='value' (a .env line, or an
	// `-e` argument of a command): group 1 the opening quote, 2 (empty)
	// the end of the value, 3 the closing quote.
	b6ShellQuoted = regexp.MustCompile(`(?:^|\s)[A-Za-z_][A-Za-z0-9_]*=(["'])[^"'\\$]+()(["'])(?:\s|$)`)
)

func (g *bGuide) b6AppKey(i int) (s, e int, ok bool) {
	l := g.exp[i]
	var m []int
	switch g.b6Format(i) {
	case "env":
		m = b6EnvKey.FindStringSubmatchIndex(l)
	case "compose", "yaml":
		if m = b6ListKey.FindStringSubmatchIndex(l); m == nil {
			m = b6MapKey.FindStringSubmatchIndex(l)
		}
	case "json":
		m = b6JSONKey.FindStringSubmatchIndex(l)
	case "toml", "ini", "properties":
		m = b6AssignKey.FindStringSubmatchIndex(l)
	case "shell", "sh", "bash":
		m = b6ShellKey.FindStringSubmatchIndex(l)
	case "code":
		m = b6CodeKey.FindStringSubmatchIndex(l)
	}
	if m == nil {
		return 0, 0, false
	}
	return m[2], m[3], true
}

// b6Word reports whether w occurs in s as a whole key name.
func b6Word(s, w string) bool {
	for from := 0; ; {
		k := strings.Index(s[from:], w)
		if k < 0 {
			return false
		}
		a, b := from+k, from+k+len(w)
		if (a == 0 || !b6KeyChar(s[a-1])) && (b == len(s) || !b6KeyChar(s[b])) {
			return true
		}
		from = b
	}
}

func b6KeyChar(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// b6YAMLLines are the plain lines of YAML fences (the provider's when
// prov, else the application's Compose and YAML files).
func (g *bGuide) b6YAMLLines(prov, app bool) []int {
	var out []int
	for i := range g.lines {
		f := g.b6Format(i)
		if (prov && f == "authelia" || app && (f == "compose" || f == "yaml")) && g.b6Plain(i) {
			out = append(out, i)
		}
	}
	return out
}

// b6Rotate picks, starting at n, the first candidate for which try
// returns an injection.
func b6Rotate(cands []int, n int, try func(i, n int) (bInjection, bool)) (bInjection, bool) {
	for k := range cands {
		i := cands[(n+k)%len(cands)]
		if in, ok := try(i, n); ok {
			return in, true
		}
	}
	return bInjection{}, false
}

// b6ClientOf is the client whose entry holds line i, or nil.
func (g *bGuide) b6ClientOf(i int) *bClient {
	for _, c := range g.clients {
		if c.fence == g.fenceOf[i] && c.id.line <= i && i <= c.last {
			return c
		}
	}
	return nil
}

var b6Kinds = []bKind{
	// Authelia accepts only the keys of schema.Keys: a client key with a
	// letter transposed, dropped or doubled is `configuration key not
	// expected` (an error at start), in every client of every fence.
	{"b6Edit-prov-key-typo", func(g *bGuide, n int) (bInjection, bool) {
		type site struct {
			line int
			key  string
		}
		var ss []site
		for _, c := range g.clients {
			for k, l := range c.keyAt {
				if b6ClientKeys[k] && g.b6Plain(l) {
					ss = append(ss, site{l, k})
				}
			}
		}
		slices.SortFunc(ss, func(a, b site) int { return a.line - b.line })
		if len(ss) == 0 {
			return bInjection{}, false
		}
		s := ss[(n*7)%len(ss)]
		nk := b6Typo(s.key, n)
		if nk == "" || b6ClientKeys[nk] {
			return bInjection{}, false
		}
		k := strings.Index(g.lines[s.line], s.key)
		if k < 0 || !strings.HasPrefix(g.lines[s.line][k+len(s.key):], ":") {
			return bInjection{}, false
		}
		return g.b6In(s.line, g.lines[s.line][:k]+nk+g.lines[s.line][k+len(s.key):], diag.Error), true
	}},
	// Every enumerated client option takes a value of its set (§1, §3
	// *-enum rules): a letter slipped in the value is an error at start,
	// a warning for response_types only.
	{"b6Edit-prov-enum-typo", func(g *bGuide, n int) (bInjection, bool) {
		var ss []bSite
		for _, c := range g.clients {
			for k, s := range c.keys {
				if set, ok := b6Enums[k]; ok && slices.Contains(set, s.val) && s.val != "" && g.b6Plain(s.line) {
					ss = append(ss, s)
				}
			}
			for k, l := range c.lists {
				if set, ok := b6Enums[k]; ok {
					for _, s := range l {
						if slices.Contains(set, s.val) && g.b6Plain(s.line) {
							ss = append(ss, s)
						}
					}
				}
			}
		}
		if len(ss) == 0 {
			return bInjection{}, false
		}
		slices.SortFunc(ss, func(a, b bSite) int { return a.line*1000 + a.start - b.line*1000 - b.start })
		s := ss[(n*5)%len(ss)]
		v := b6Typo(s.val, n/3)
		if v == "" || slices.Contains(b6Enums[s.key], v) {
			return bInjection{}, false
		}
		in := g.editSite(s.line, s.start, s.end, v, diag.Error)
		in.form = g.b6Form(s.line) + " " + s.key
		if in.control == nil {
			in.control = g.b6Comment(s.line)
		}
		return in, true
	}},
	// A boolean option (public, require_pkce, …) decodes with
	// strconv.ParseBool after YAML 1.2 (yaml.v3) reads yes/no/on/off as
	// strings: a boolean written as a word is an error at start.
	{"b6Edit-prov-bool-word", func(g *bGuide, n int) (bInjection, bool) {
		var ss []bSite
		for _, c := range g.clients {
			for _, k := range []string{"public", "require_pkce", "require_pushed_authorization_requests", "allow_multiple_auth_methods"} {
				if s, ok := c.keys[k]; ok && (s.val == "true" || s.val == "false") && g.b6Plain(s.line) {
					ss = append(ss, s)
				}
			}
		}
		if len(ss) == 0 {
			return bInjection{}, false
		}
		s := bPick(ss, n)
		w := bPick([]string{"yes", "on", "enabled", "y"}, n)
		if s.val == "false" {
			w = bPick([]string{"no", "off", "disabled", "n"}, n)
		}
		in := g.editSite(s.line, s.start, s.end, w, diag.Error)
		in.form = g.b6Form(s.line) + " " + s.key
		in.control = g.b6Comment(s.line)
		return in, true
	}},
	// YAML nests by indentation: a key or list item moved by one or two
	// spaces, or indented with a tab (YAML 1.2 §6.1), that yaml.v3
	// (Authelia's and Compose's parser) then refuses is a file that does
	// not load, in the provider's or the app's YAML.
	{"b6Edit-yaml-indent-shift", func(g *bGuide, n int) (bInjection, bool) {
		return b6Rotate(g.b6YAMLLines(n%2 == 0, n%2 == 1), n/2, func(i, n int) (bInjection, bool) {
			l := g.lines[i]
			ind := len(l) - len(strings.TrimLeft(l, " "))
			var nl string
			switch n % 4 {
			case 0:
				nl = " " + l
			case 1:
				if ind == 0 {
					return bInjection{}, false
				}
				nl = l[1:]
			case 2:
				nl = "  " + l
			default:
				// YAML 1.2 §6.1: tabs are not indentation.
				if ind < 2 {
					return bInjection{}, false
				}
				nl = "\t" + l[2:]
			}
			if !g.b6Breaks(i, nl) {
				return bInjection{}, false
			}
			return g.b6In(i, nl, diag.Error), true
		})
	}},
	// A YAML mapping entry needs its colon: `public false` inside a
	// mapping is a parse error in yaml.v3 (provider or app file).
	{"b6Edit-yaml-colon-dropped", func(g *bGuide, n int) (bInjection, bool) {
		return b6Rotate(g.b6YAMLLines(n%2 == 1, n%2 == 0), n/2, func(i, n int) (bInjection, bool) {
			m := b6YAMLKeyVal.FindStringSubmatchIndex(g.lines[i])
			if m == nil {
				return bInjection{}, false
			}
			nl := g.lines[i][:m[4]] + g.lines[i][m[5]:]
			if !g.b6Breaks(i, nl) {
				return bInjection{}, false
			}
			return g.b6In(i, nl, diag.Error), true
		})
	}},
	// A block sequence item starts with `- `: an item whose dash was
	// deleted among its siblings is a parse error (yaml.v3), in the
	// provider's lists (redirect_uris, scopes, …) or Compose lists.
	{"b6Edit-yaml-dash-dropped", func(g *bGuide, n int) (bInjection, bool) {
		return b6Rotate(g.b6YAMLLines(n%3 != 2, n%3 == 2), n/3, func(i, n int) (bInjection, bool) {
			l := g.lines[i]
			t := strings.TrimLeft(l, " ")
			if !strings.HasPrefix(t, "- ") {
				return bInjection{}, false
			}
			ind := len(l) - len(t)
			nl := l[:ind] + t[2:]
			if n%2 == 1 {
				nl = l[:ind] + " " + t[2:] // the dash overwritten by a blank
			}
			if !g.b6Breaks(i, nl) {
				return bInjection{}, false
			}
			return g.b6In(i, nl, diag.Error), true
		})
	}},
	// A key given twice in one YAML mapping is an error in yaml.v3
	// ("mapping key already defined"), and in one TOML table (TOML 1.0):
	// a client's option line, or a TOML key line, duplicated by a stray
	// paste. Control: a comment line inserted there.
	{"b6Edit-line-duplicated", func(g *bGuide, n int) (bInjection, bool) {
		var ls []int
		for _, c := range g.clients {
			for k, s := range c.keys {
				if s.line == c.keyAt[k] && s.line != c.id.line && g.b6Plain(s.line) {
					ls = append(ls, s.line)
				}
			}
		}
		// TOML: "Defining a key multiple times is invalid" (TOML 1.0).
		if n%3 == 0 {
			var ts []int
			for i := range g.lines {
				if g.b6Format(i) == "toml" && g.b6Plain(i) && b6AssignKey.MatchString(g.lines[i]) {
					ts = append(ts, i)
				}
			}
			if len(ts) > 0 {
				ls = ts
			}
		}
		slices.Sort(ls)
		return b6Rotate(ls, n*3, func(i, n int) (bInjection, bool) {
			before, _ := g.b6Parses(-1, i, "")
			if after, _ := g.b6Parses(-1, i, "", g.lines[i]); !before || after {
				return bInjection{}, false
			}
			l := g.lines[i]
			ind := l[:len(l)-len(strings.TrimLeft(l, " "))]
			out, old := g.insertAfter(i, l)
			ctl, _ := g.insertAfter(i, bPick([]string{ind + "# The same option again, see above.", ""}, n))
			return bInjection{out: out, control: ctl, old: old, want: []bWant{{line: i + 1, alt: []int{i}, sev: diag.Error}}, form: g.b6Form(i)}, true
		})
	}},
	// A confidential client that authenticates with a secret
	// (client_secret_basic, the default, or _post) needs client_secret
	// (§3 confidential-secret-required); every client needs client_id
	// (client-id-required). The line deleted; to keep the line numbers of
	// a control equal, a blank line is added before the fence's end, and
	// the control moves the same line there instead (still in the last
	// client, so it means the same).
	{"b6Edit-prov-required-line-deleted", func(g *bGuide, n int) (bInjection, bool) {
		var cands []int
		for _, c := range g.clients {
			if !c.isLast || !g.uniqueClient(c) {
				continue
			}
			f := g.fences[c.fence]
			// The control moves the line to the fence's end: the client's
			// last line must be one of its own keys (not a list item).
			lastKey := strings.TrimLeft(g.lines[c.last], " ")
			if len(g.lines[c.last])-len(lastKey) != c.indent || c.last != f.close-1 && strings.TrimSpace(strings.Join(g.lines[c.last+1:f.close], "")) != "" {
				continue
			}
			m := c.keys["token_endpoint_auth_method"].val
			if s, ok := c.keys["client_secret"]; ok && !isPublicClient(c) && (m == "" || m == "client_secret_basic" || m == "client_secret_post") && s.line == c.keyAt["client_secret"] && g.b6Plain(s.line) && strings.HasPrefix(s.val, "$") && !strings.Contains(s.val, "...") && len(s.val) > 40 {
				cands = append(cands, s.line)
			}
			if s := c.id; s.line == c.keyAt["client_id"] && !strings.HasPrefix(strings.TrimSpace(g.lines[s.line]), "-") && g.b6Plain(s.line) {
				cands = append(cands, s.line)
			}
		}
		if len(cands) == 0 {
			return bInjection{}, false
		}
		i := bPick(cands, n)
		f := g.fences[g.fenceOf[i]]
		c := g.b6ClientOf(i)
		if c == nil {
			return bInjection{}, false
		}
		moved := strings.Repeat(" ", c.indent) + strings.TrimLeft(g.lines[i], " ")
		build := func(tail string) []byte {
			ls := append(bClone(g.lines[:i]), g.lines[i+1:f.close]...)
			ls = append(ls, tail)
			ls = append(ls, g.lines[f.close:]...)
			return g.join(ls)
		}
		old := func(l int) int {
			switch {
			case l < i:
				return l
			case l < f.close-1:
				return l + 1
			case l == f.close-1:
				return -1
			}
			return l
		}
		// The finding belongs where the line was, or on the client's
		// first line (the entry that lacks it).
		return bInjection{out: build(""), control: build(moved), old: old, want: []bWant{{line: i, alt: []int{i - 1, c.id.line}, sev: diag.Error}}, form: g.b6Form(i) + " " + bNorm(strings.SplitN(strings.TrimSpace(g.lines[i]), ":", 2)[0])}, true
	}},
	// An application reads the keys it knows and ignores the rest: a key
	// that carries a login value (client id, secret, Authelia URL,
	// redirect URI) misspelt in one snippet while another snippet of the
	// guide spells it right is a setting the app never sees.
	{"b6Edit-app-key-typo-seen-elsewhere", func(g *bGuide, n int) (bInjection, bool) {
		oidc := g.b6OIDCLines()
		var ls []int
		for i := range oidc {
			ls = append(ls, i)
		}
		slices.Sort(ls)
		if len(ls) == 0 {
			return bInjection{}, false
		}
		return b6Rotate(ls, n, func(i, n int) (bInjection, bool) {
			s, e, ok := g.b6AppKey(i)
			if !ok || bSitevar.MatchString(g.lines[i][:min(e, len(g.lines[i]))]) {
				return bInjection{}, false
			}
			key := g.exp[i][s:e]
			elsewhere := false
			for j := range g.lines {
				if g.fenceOf[j] >= 0 && g.fenceOf[j] != g.fenceOf[i] && !g.fences[g.fenceOf[j]].authelia && b6Word(g.exp[j], key) {
					elsewhere = true
				}
			}
			nk := b6Typo(key, n)
			if !elsewhere || nk == "" || strings.Contains(strings.Join(g.exp, "\n"), nk) {
				return bInjection{}, false
			}
			in := g.b6In(i, g.lines[i][:s]+nk+g.lines[i][e:], g.sevAt(i))
			return in, true
		})
	}},
	// `=` separates a key from its value in .env files, Compose list
	// entries, INI, Java properties, TOML and key=value arguments of a
	// shell command (docker run -e, mc idp …): typed twice, the value the
	// application reads starts with `=` or the TOML file does not parse;
	// in JSON a doubled colon does not parse either.
	{"b6Edit-assign-doubled", func(g *bGuide, n int) (bInjection, bool) {
		oidc := g.b6OIDCLines()
		var ls []int
		for i := range oidc {
			ls = append(ls, i)
		}
		slices.Sort(ls)
		if len(ls) == 0 {
			return bInjection{}, false
		}
		return b6Rotate(ls, n, func(i, n int) (bInjection, bool) {
			f := g.b6Format(i)
			_, e, ok := g.b6AppKey(i)
			if !ok || e >= len(g.exp[i]) || bSitevar.MatchString(g.lines[i][:min(e+3, len(g.lines[i]))]) {
				return bInjection{}, false
			}
			l := g.lines[i]
			var nl string
			switch f {
			case "env", "ini", "toml", "properties", "shell", "sh", "bash":
				k := strings.Index(l[e:], "=")
				if k < 0 {
					return bInjection{}, false
				}
				nl = l[:e+k] + "=" + l[e+k:]
			case "compose", "yaml":
				if !b6ListKey.MatchString(l) {
					return bInjection{}, false
				}
				nl = l[:e+1] + "=" + l[e+1:]
			case "json":
				k := strings.Index(l[e:], ":")
				if k < 0 {
					return bInjection{}, false
				}
				nl = l[:e+k] + ":" + l[e+k:]
			default:
				return bInjection{}, false
			}
			if (f == "toml" || f == "json") && !g.b6Breaks(i, nl) {
				return bInjection{}, false
			}
			return g.b6In(i, nl, g.sevAt(i)), true
		})
	}},
	// JSON (RFC 8259) needs a colon after each member name, the name in
	// double quotes, and balanced brackets: a colon or a closing quote
	// deleted, or a closing brace or bracket typed twice, makes the file
	// fail to parse (encoding/json). Only fences that parsed before.
	{"b6Edit-json-punct-dropped", func(g *bGuide, n int) (bInjection, bool) {
		var ls []int
		for i := range g.lines {
			if g.b6Format(i) == "json" && g.b6Plain(i) && (b6JSONKey.MatchString(g.exp[i]) || n%3 == 2 && b6JSONClose.MatchString(g.exp[i])) {
				ls = append(ls, i)
			}
		}
		if len(ls) == 0 {
			return bInjection{}, false
		}
		return b6Rotate(ls, n, func(i, n int) (bInjection, bool) {
			l := g.lines[i]
			if m := b6JSONClose.FindStringSubmatchIndex(l); m != nil {
				// A closing bracket or brace typed twice.
				nl := l[:m[3]] + l[m[2]:m[3]] + l[m[3]:]
				if !g.b6Breaks(i, nl) {
					return bInjection{}, false
				}
				return g.b6In(i, nl, diag.Error), true
			}
			m := b6JSONKey.FindStringSubmatchIndex(l)
			if m == nil {
				return bInjection{}, false
			}
			var nl string
			if n%2 == 0 {
				c := strings.Index(l[m[3]:], ":") + m[3]
				nl = l[:c] + l[c+1:]
			} else {
				nl = l[:m[3]] + l[m[3]+1:]
			}
			if !g.b6Breaks(i, nl) {
				return bInjection{}, false
			}
			return g.b6In(i, nl, diag.Error), true
		})
	}},
	// A quoted value closes with one quote: a quote typed twice at its
	// end leaves a string open in YAML (single quotes: '' is an escaped
	// quote), JSON and TOML, a file the parser refuses.
	{"b6Edit-quote-doubled", func(g *bGuide, n int) (bInjection, bool) {
		var ls []int
		for i := range g.lines {
			switch g.b6Format(i) {
			case "authelia", "compose", "yaml", "json", "toml":
				if g.b6Plain(i) && b6QuotedEnd.MatchString(g.lines[i]) {
					ls = append(ls, i)
				}
			}
		}
		if len(ls) == 0 {
			return bInjection{}, false
		}
		if n%4 == 3 {
			// A .env value read as is (Docker) or by a dotenv parser, and
			// a shell command: a doubled closing quote leaves a value with
			// a stray quote, or a command whose quote never closes.
			var es []int
			for i := range g.lines {
				switch g.b6Format(i) {
				case "env", "shell", "sh", "bash":
					// Not in a line with a sitevar call: its own quoted
					// parameters are no value of the command.
					if g.b6Plain(i) && !strings.Contains(g.lines[i], "{{") && b6ShellQuoted.MatchString(g.lines[i]) {
						es = append(es, i)
					}
				}
			}
			if len(es) > 0 {
				ls = es
			}
		}
		return b6Rotate(ls, n*11, func(i, n int) (bInjection, bool) {
			l := g.lines[i]
			var nl string
			switch g.b6Format(i) {
			case "env", "shell", "sh", "bash":
				m := b6ShellQuoted.FindStringSubmatchIndex(l)
				if m == nil {
					return bInjection{}, false
				}
				q := l[m[2]:m[3]]
				if l[m[6]:m[7]] != q {
					return bInjection{}, false
				}
				nl = l[:m[6]] + q + l[m[6]:]
				f := g.fences[g.fenceOf[i]]
				if strings.Count(strings.Join(g.lines[f.open+1:f.close], "\n"), q)%2 != 0 {
					return bInjection{}, false
				}
			default:
				m := b6QuotedEnd.FindStringSubmatchIndex(l)
				if m == nil || l[m[4]:m[5]] != l[m[8]:m[9]] {
					return bInjection{}, false
				}
				nl = l[:m[9]] + l[m[8]:m[9]] + l[m[9]:]
				if !g.b6Breaks(i, nl) {
					return bInjection{}, false
				}
			}
			return g.b6In(i, nl, diag.Error), true
		})
	}},
	// Authelia compares the redirect_uri the application sends with the
	// registered ones exactly: the provider's entry with a letter of its
	// path, or of its host's first label, slipped no longer matches the
	// URI the application's snippet states (the two snippets disagree;
	// either line may carry the finding).
	{"b6Edit-prov-redirect-path-typo", func(g *bGuide, n int) (bInjection, bool) {
		c := g.mainClient()
		if c == nil || !g.uniqueClient(c) {
			return bInjection{}, false
		}
		reg := map[string]bool{}
		for _, r := range c.lists["redirect_uris"] {
			reg[r.val] = true
		}
		var rs []bSite
		for _, r := range c.lists["redirect_uris"] {
			if len(g.valueSites(r.val, func(string) bool { return true })) > 0 {
				rs = append(rs, r)
			}
		}
		if len(rs) == 0 {
			return bInjection{}, false
		}
		r := bPick(rs, n)
		scheme, host, rest, ok := urlParts(r.val)
		if !ok || len(rest) < 4 {
			return bInjection{}, false
		}
		nr := b6Typo(rest, n)
		if n%2 == 1 {
			// The host's first label instead (grafana.example.com →
			// grafnaa.example.com): written out where it was a sitevar.
			label, after, _ := strings.Cut(host, ".")
			if nl := b6Typo(label, n/2); nl != "" && after != "" {
				rest = r.val[len(scheme)+3:]
				nr = nl + "." + after + r.val[len(scheme)+3+len(host):]
			}
		}
		nv := strings.TrimSuffix(r.val, rest) + nr
		if nr == "" || reg[nv] {
			return bInjection{}, false
		}
		var alt []int
		for _, s := range g.valueSites(r.val, func(string) bool { return true }) {
			alt = append(alt, s.line)
		}
		in := g.editSite(r.line, r.start+len(r.val)-len(rest), r.end, nr, diag.Error, alt...)
		in.form = g.b6Form(r.line)
		if in.control == nil {
			in.control = g.b6Comment(r.line)
		}
		return in, true
	}},
	// Docker's env-file and Compose's .env reader set only the variables
	// the file names: the client id, secret or URL line deleted from a
	// .env whose key another snippet of the guide names leaves the app
	// without it. To keep a control's line numbers equal, a blank line is
	// added before the fence's end; the control moves the same line there
	// instead (order does not matter in a .env).
	{"b6Edit-env-line-deleted", func(g *bGuide, n int) (bInjection, bool) {
		c := g.mainClient()
		if c == nil || !g.uniqueClient(c) {
			return bInjection{}, false
		}
		ss := g.idSites(c.id.val)
		if a, ok := g.assume["clientsecret"]; ok && !isPublicClient(c) && len(a.val) >= 4 {
			ss = append(ss, g.secretSites(a.val)...)
		}
		oidc := map[int]bool{}
		for _, s := range ss {
			if g.b6Plain(s.line) {
				oidc[s.line] = true
			}
		}
		var ls []int
		for i := range oidc {
			if g.b6Format(i) != "env" {
				continue
			}
			m := b6EnvKey.FindStringSubmatch(g.exp[i])
			if m == nil {
				continue
			}
			for j := range g.lines {
				if g.fenceOf[j] >= 0 && g.fenceOf[j] != g.fenceOf[i] && !g.fences[g.fenceOf[j]].authelia && b6Word(g.exp[j], m[1]) {
					ls = append(ls, i)
					break
				}
			}
		}
		slices.Sort(ls)
		if len(ls) == 0 {
			return bInjection{}, false
		}
		i := bPick(ls, n)
		f := g.fences[g.fenceOf[i]]
		build := func(tail string) []byte {
			ls := append(bClone(g.lines[:i]), g.lines[i+1:f.close]...)
			ls = append(ls, tail)
			ls = append(ls, g.lines[f.close:]...)
			return g.join(ls)
		}
		old := func(l int) int {
			switch {
			case l < i:
				return l
			case l < f.close-1:
				return l + 1
			case l == f.close-1:
				return -1
			}
			return l
		}
		return bInjection{out: build(""), control: build(g.lines[i]), old: old, want: []bWant{{line: i, alt: []int{i - 1, f.open}, sev: g.sevAt(i)}}, form: g.b6Form(i)}, true
	}},
	// Python, PHP, JavaScript object literals, Ruby, Lua and Elixir
	// separate the members of a call, dict, array() or table with one
	// comma: `,,` is a syntax error in each (JavaScript allows holes in
	// arrays only, so only `key: value,` members there), and the
	// application does not start.
	{"b6Edit-code-comma-doubled", func(g *bGuide, n int) (bInjection, bool) {
		var ls []int
		for i := range g.lines {
			if g.b6Format(i) != "code" || !g.b6Plain(i) {
				continue
			}
			t := strings.TrimSpace(g.exp[i])
			if !strings.HasSuffix(t, ",") || strings.HasSuffix(t, ",,") || strings.HasPrefix(t, "--") || strings.Contains(t, "#") && g.fences[g.fenceOf[i]].lang != "php" {
				continue
			}
			if l := g.fences[g.fenceOf[i]].lang; (l == "js" || l == "javascript") && !b6JSMember.MatchString(t) {
				continue
			}
			if strings.Count(t, "'")%2 != 0 || strings.Count(t, "\"")%2 != 0 {
				continue
			}
			ls = append(ls, i)
		}
		if len(ls) == 0 {
			return bInjection{}, false
		}
		i := ls[(n*3)%len(ls)]
		l := strings.TrimRight(g.lines[i], " \t")
		return g.b6In(i, l+",", diag.Error), true
	}},
	// A name the reader's tool looks up: an Apache directive (httpd
	// refuses to start on `Invalid command`), an XML closing tag (the
	// document is no longer well-formed, encoding/xml), a Terraform
	// resource argument (`Unsupported argument`): one letter slipped.
	{"b6Edit-config-name-typo", func(g *bGuide, n int) (bInjection, bool) {
		var ls []int
		for i := range g.lines {
			if !g.b6Plain(i) {
				continue
			}
			switch g.b6Format(i) {
			case "apache":
				if b6ApacheDirective.MatchString(g.lines[i]) {
					ls = append(ls, i)
				}
			case "xml":
				if b6XMLClose.MatchString(g.lines[i]) {
					ls = append(ls, i)
				}
			case "hcl":
				if b6AssignKey.MatchString(g.lines[i]) && strings.HasPrefix(g.lines[i], "  ") {
					ls = append(ls, i)
				}
			}
		}
		if len(ls) == 0 {
			return bInjection{}, false
		}
		return b6Rotate(ls, n*5, func(i, n int) (bInjection, bool) {
			l := g.lines[i]
			var m []int
			switch g.b6Format(i) {
			case "apache":
				m = b6ApacheDirective.FindStringSubmatchIndex(l)
			case "xml":
				m = b6XMLClose.FindStringSubmatchIndex(l)
			default:
				m = b6AssignKey.FindStringSubmatchIndex(l)
			}
			name := l[m[2]:m[3]]
			nn := b6Typo(name, n)
			if nn == "" || strings.Contains(strings.Join(g.lines, "\n"), nn) {
				return bInjection{}, false
			}
			nl := l[:m[2]] + nn + l[m[3]:]
			if g.b6Format(i) == "xml" && !g.b6Breaks(i, nl) {
				return bInjection{}, false
			}
			in := g.b6In(i, nl, diag.Error)
			if g.b6Format(i) == "apache" {
				// Control: Apache matches directive names without regard
				// to case, so the same directive in lower case is the
				// same configuration.
				in.control = g.withLine(i, l[:m[2]]+strings.ToLower(name)+l[m[3]:])
			}
			return in, true
		})
	}},
	// CommonMark: a closing code fence is indented at most three spaces
	// and is at least as long as the opening one. Indented by four, or a
	// backtick short, it closes nothing: the snippet runs on over the
	// page (Hugo renders the rest as code). Controls: indented by two, or
	// a backtick longer, which still close it.
	{"b6Edit-md-fence-close-broken", func(g *bGuide, n int) (bInjection, bool) {
		var fs []bFence
		for _, f := range g.fences {
			if f.close < len(g.lines) && strings.HasPrefix(g.lines[f.open], "```") && !strings.HasPrefix(g.lines[f.open], "````") && g.lines[f.close] == "```" {
				fs = append(fs, f)
			}
		}
		if len(fs) == 0 {
			return bInjection{}, false
		}
		f := fs[(n*3)%len(fs)]
		out, ctl := "    ```", "  ```"
		if n%2 == 1 {
			out, ctl = "``", "````"
		}
		return bInjection{out: g.withLine(f.close, out), control: g.withLine(f.close, ctl), want: []bWant{{line: f.close, alt: []int{f.open}, sev: diag.Error}}, form: "markdown: fence close"}, true
	}},
	// CommonMark: a link reference definition is `[label]: destination`;
	// without its colon the line is plain text, and every `[label]` link
	// of the page renders as literal brackets (no link).
	{"b6Edit-md-refdef-colon-dropped", func(g *bGuide, n int) (bInjection, bool) {
		var ls []int
		for i := g.body; i < len(g.lines); i++ {
			if g.fenceOf[i] >= 0 {
				continue
			}
			m := b6RefDef.FindStringSubmatch(g.lines[i])
			if m == nil {
				continue
			}
			used := false
			for j := g.body; j < len(g.lines); j++ {
				if j != i && g.fenceOf[j] < 0 && strings.Contains(g.lines[j], "["+m[1]+"]") {
					used = true
					break
				}
			}
			if used {
				ls = append(ls, i)
			}
		}
		if len(ls) == 0 {
			return bInjection{}, false
		}
		i := ls[(n*5)%len(ls)]
		m := b6RefDef.FindStringSubmatchIndex(g.lines[i])
		l := g.lines[i]
		return bInjection{out: g.withLine(i, l[:m[4]]+l[m[5]:]), want: []bWant{{line: i, sev: diag.Error}}, form: "markdown: reference definition"}, true
	}},
	// CommonMark: a code span needs its closing backtick run; without it
	// the backtick is literal text. A Web GUI step whose value (client
	// id, secret, redirect URI, Authelia URL) lost its closing backtick
	// shows the reader a stray ` and no code span, and the value runs
	// into the following words.
	{"b6Edit-gui-backtick-dropped", func(g *bGuide, n int) (bInjection, bool) {
		c := g.mainClient()
		if c == nil || !g.uniqueClient(c) {
			return bInjection{}, false
		}
		var ss []bSite
		ss = append(ss, g.idSites(c.id.val)...)
		if a, ok := g.assume["clientsecret"]; ok && !isPublicClient(c) && len(a.val) >= 4 {
			ss = append(ss, g.secretSites(a.val)...)
		}
		ss = append(ss, g.redirectSites(c)...)
		ss = append(ss, g.authSites()...)
		var ok []bSite
		for _, s := range ss {
			e := g.exp[s.line]
			if g.fenceOf[s.line] >= 0 || g.described[s.line] || g.form(s.line) != "gui step" {
				continue
			}
			if s.start == 0 || e[s.start-1] != '`' || s.end >= len(e) || e[s.end] != '`' || strings.Count(e, "`")%2 != 0 || strings.Contains(e, "``") {
				continue
			}
			ok = append(ok, s)
		}
		if len(ok) == 0 {
			return bInjection{}, false
		}
		slices.SortFunc(ok, func(a, b bSite) int { return a.line*1000 + a.start - b.line*1000 - b.start })
		s := ok[(n*3)%len(ok)]
		in := g.editSite(s.line, s.end, s.end+1, "", diag.Error)
		in.form = "gui step"
		return in, true
	}},
	// Authelia compares client_id as an exact string and checks the
	// secret against the client's digest: a letter typed twice in the
	// middle of either value, on the application's side in whatever
	// format states it (.env, Compose, JSON, TOML, INI, YAML, a shell
	// command, a Web GUI step, prose), or in the provider's client_id,
	// makes the two sides disagree: the login fails.
	{"b6Edit-value-letter-doubled", func(g *bGuide, n int) (bInjection, bool) {
		c := g.mainClient()
		if c == nil || !g.uniqueClient(c) || len(c.id.val) < 3 {
			return bInjection{}, false
		}
		var ss []bSite
		switch n % 3 {
		case 0:
			ss = g.idSites(c.id.val)
		case 1:
			if a, ok := g.assume["clientsecret"]; ok && !isPublicClient(c) && len(a.val) >= 4 && !strings.ContainsAny(a.val, "<>{} ") {
				ss = g.secretSites(a.val)
			}
		default:
			if !g.stated(c) {
				return bInjection{}, false
			}
			v := b6Typo(c.id.val, 2)
			if v == "" {
				return bInjection{}, false
			}
			in := g.editSite(c.id.line, c.id.start, c.id.end, v, diag.Error)
			in.form = g.b6Form(c.id.line) + " client_id"
			return in, true
		}
		if len(ss) == 0 {
			return bInjection{}, false
		}
		s := ss[(n/3)%len(ss)]
		v := b6Typo(s.val, 2)
		if v == "" {
			return bInjection{}, false
		}
		in := g.editSite(s.line, s.start, s.end, v, g.sevAt(s.line))
		if f := g.b6Format(s.line); f != "" {
			in.form = f + ": " + in.form
		}
		return in, true
	}},
	// The Compose specification's schema allows only its own keys on a
	// service (and x-* extensions): `docker compose` refuses a file with
	// `enviroment:` or `imgae:` ("additional property … is not
	// allowed"), and the top-level `services:` misspelt leaves no
	// service.
	{"b6Edit-compose-key-typo", func(g *bGuide, n int) (bInjection, bool) {
		var ls []int
		for i := range g.lines {
			if g.b6Format(i) != "compose" || !g.b6Plain(i) {
				continue
			}
			m := b6ComposeKey.FindStringSubmatch(g.lines[i])
			if m != nil && b6ComposeKeys[m[2]] && (m[1] == "" && m[2] == "services" || len(m[1]) == 4 && m[2] != "services") {
				ls = append(ls, i)
			}
		}
		if len(ls) == 0 {
			return bInjection{}, false
		}
		return b6Rotate(ls, n*7, func(i, n int) (bInjection, bool) {
			m := b6ComposeKey.FindStringSubmatchIndex(g.lines[i])
			k := g.lines[i][m[4]:m[5]]
			nk := b6Typo(k, n)
			if nk == "" || b6ComposeKeys[nk] {
				return bInjection{}, false
			}
			return g.b6In(i, g.lines[i][:m[4]]+nk+g.lines[i][m[5]:], diag.Error), true
		})
	}},
	// The separator between a member's name and its value in code
	// configs: Python dict `'k': v` and call `k=v`, PHP `'k' => v`, JS
	// `k: v`, Ruby `k: v`: deleted, the member is two expressions side by
	// side, a syntax error (a Python dict member next to others, so two
	// adjacent strings cannot form a set literal instead).
	{"b6Edit-code-separator-dropped", func(g *bGuide, n int) (bInjection, bool) {
		var ls []int
		for i := range g.lines {
			if g.b6Format(i) != "code" || !g.b6Plain(i) {
				continue
			}
			if b6CodeSep(g.fences[g.fenceOf[i]].lang, g.lines[i]) == nil {
				continue
			}
			ind := len(g.lines[i]) - len(strings.TrimLeft(g.lines[i], " "))
			sib := false
			for _, j := range []int{i - 1, i + 1} {
				if j >= 0 && j < len(g.lines) && g.fenceOf[j] == g.fenceOf[i] && len(g.lines[j])-len(strings.TrimLeft(g.lines[j], " ")) == ind && b6CodeSep(g.fences[g.fenceOf[j]].lang, g.lines[j]) != nil {
					sib = true
				}
			}
			if sib {
				ls = append(ls, i)
			}
		}
		if len(ls) == 0 {
			return bInjection{}, false
		}
		i := ls[(n*5)%len(ls)]
		m := b6CodeSep(g.fences[g.fenceOf[i]].lang, g.lines[i])
		l := g.lines[i]
		return g.b6In(i, l[:m[2]]+" "+strings.TrimLeft(l[m[3]:], " "), diag.Error), true
	}},
	// Authelia compares redirect_uri with the registered list exactly: a
	// client with several redirect URIs that lost the one the
	// application's snippet states (its line deleted) refuses the login.
	// Control: the same item moved to the end of its list (order does
	// not matter); the deletion adds a blank line there to keep the line
	// numbers equal.
	{"b6Edit-prov-redirect-item-deleted", func(g *bGuide, n int) (bInjection, bool) {
		c := g.mainClient()
		if c == nil || !g.uniqueClient(c) {
			return bInjection{}, false
		}
		rs := c.lists["redirect_uris"]
		if len(rs) < 2 {
			return bInjection{}, false
		}
		last := rs[len(rs)-1].line
		if !strings.HasPrefix(strings.TrimSpace(g.lines[last]), "- ") {
			return bInjection{}, false
		}
		var cands []bSite
		for _, r := range rs {
			if r.line != c.keyAt["redirect_uris"] && r.line != last && strings.HasPrefix(strings.TrimSpace(g.lines[r.line]), "- ") && g.b6Plain(r.line) && len(g.valueSites(r.val, func(string) bool { return true })) > 0 {
				cands = append(cands, r)
			}
		}
		if len(cands) == 0 {
			return bInjection{}, false
		}
		r := bPick(cands, n)
		out, ctl, old := g.b6DeleteMove(r.line, last)
		var alt []int
		for _, s := range g.valueSites(r.val, func(string) bool { return true }) {
			alt = append(alt, s.line-1)
		}
		return bInjection{out: out, control: ctl, old: old, want: []bWant{{line: r.line, alt: alt, sev: diag.Error}}, form: g.b6Form(r.line)}, true
	}},
	// The Compose twin of b6Edit-env-line-deleted: the client id or
	// secret entry deleted from a Compose environment block while the
	// guide's .env (or another snippet) sets that variable. Control: the
	// entry moved to the end of its block.
	{"b6Edit-compose-env-line-deleted", func(g *bGuide, n int) (bInjection, bool) {
		c := g.mainClient()
		if c == nil || !g.uniqueClient(c) {
			return bInjection{}, false
		}
		ss := g.idSites(c.id.val)
		if a, ok := g.assume["clientsecret"]; ok && !isPublicClient(c) && len(a.val) >= 4 {
			ss = append(ss, g.secretSites(a.val)...)
		}
		entries := map[int]bool{}
		for _, mf := range []bool{true, false} {
			for _, j := range g.b5aEnvEntries(mf) {
				entries[j] = true
			}
		}
		var ls []int
		for _, s := range ss {
			if !entries[s.line] || !g.b6Plain(s.line) || slices.Contains(ls, s.line) {
				continue
			}
			ks, ke, ok := g.b6AppKey(s.line)
			if !ok {
				continue
			}
			key := g.exp[s.line][ks:ke]
			for j := range g.lines {
				if g.fenceOf[j] >= 0 && g.fenceOf[j] != g.fenceOf[s.line] && !g.fences[g.fenceOf[j]].authelia && b6Word(g.exp[j], key) {
					ls = append(ls, s.line)
					break
				}
			}
		}
		slices.Sort(ls)
		if len(ls) == 0 {
			return bInjection{}, false
		}
		i := bPick(ls, n)
		// A service that also reads an env_file may get the variable
		// from there: not certainly missing.
		f := g.fences[g.fenceOf[i]]
		if strings.Contains(strings.Join(g.lines[f.open:f.close], "\n"), "env_file") {
			return bInjection{}, false
		}
		// The block's last entry: the following entries at the same indent.
		ind := len(g.lines[i]) - len(strings.TrimLeft(g.lines[i], " "))
		last := i
		for j := i + 1; j < g.fences[g.fenceOf[i]].close && entries[j] && len(g.lines[j])-len(strings.TrimLeft(g.lines[j], " ")) == ind; j++ {
			last = j
		}
		if last == i {
			return bInjection{}, false
		}
		out, ctl, old := g.b6DeleteMove(i, last)
		return bInjection{out: out, control: ctl, old: old, want: []bWant{{line: i, alt: []int{i - 1}, sev: g.sevAt(i)}}, form: g.b6Form(i)}, true
	}},
	// TOML (1.0) and INI readers (Python's configparser, go-ini) need
	// the `=` between a key and its value: `client_id grafana` is a
	// parse error ("key-value delimiter not found", ParsingError), and
	// the application does not start. (Java properties also split on a
	// blank, so they are left out.)
	{"b6Edit-assign-dropped", func(g *bGuide, n int) (bInjection, bool) {
		var ls []int
		for i := range g.lines {
			if f := g.b6Format(i); (f == "toml" || f == "ini") && g.b6Plain(i) && b6AssignKey.MatchString(g.lines[i]) {
				ls = append(ls, i)
			}
		}
		if len(ls) == 0 {
			return bInjection{}, false
		}
		return b6Rotate(ls, n*3, func(i, n int) (bInjection, bool) {
			l := g.lines[i]
			m := b6AssignKey.FindStringSubmatchIndex(l)
			k := strings.Index(l[m[3]:], "=") + m[3]
			nl := l[:k] + l[k+1:]
			if !strings.Contains(nl[:m[3]+1], " ") && !strings.HasPrefix(nl[m[3]:], " ") {
				nl = nl[:m[3]] + " " + nl[m[3]:]
			}
			if g.b6Format(i) == "toml" && !g.b6Breaks(i, nl) {
				return bInjection{}, false
			}
			return g.b6In(i, nl, diag.Error), true
		})
	}},
}

// b6DeleteMove deletes line i and adds a blank line after line at (at >
// i); the control moves line i there instead. Both share old.
func (g *bGuide) b6DeleteMove(i, at int) (out, ctl []byte, old func(int) int) {
	build := func(tail string) []byte {
		ls := append(bClone(g.lines[:i]), g.lines[i+1:at+1]...)
		ls = append(ls, tail)
		ls = append(ls, g.lines[at+1:]...)
		return g.join(ls)
	}
	old = func(l int) int {
		switch {
		case l < i:
			return l
		case l < at:
			return l + 1
		case l == at:
			return -1
		}
		return l
	}
	return build(""), build(g.lines[i]), old
}

// b6CodeSep finds the name/value separator of a member line of a code
// config in language lang: its span as m[2]:m[3], or nil.
func b6CodeSep(lang, l string) []int {
	var re *regexp.Regexp
	switch lang {
	case "python", "py":
		re = b6PySep
	case "php":
		re = b6PHPSep
	case "js", "javascript", "ruby", "rb":
		re = b6JSSep
	default:
		return nil
	}
	m := re.FindStringSubmatchIndex(l)
	if m == nil || strings.Contains(l, "#") || strings.Contains(l, "//") && !strings.Contains(l, "://") {
		return nil
	}
	return m
}

var (
	b6PySep  = regexp.MustCompile(`^\s*(?:['"][A-Za-z_][A-Za-z0-9_]*['"]\s*(:)|[A-Za-z_][A-Za-z0-9_]*(=))\s*['"A-Za-z0-9\[({]`)
	b6PHPSep = regexp.MustCompile(`^\s*['"][A-Za-z_][A-Za-z0-9_]*['"]\s*(=>)\s*\S`)
	b6JSSep  = regexp.MustCompile(`^\s*['"]?[A-Za-z_][A-Za-z0-9_]*['"]?(:)\s+['"A-Za-z0-9\[({]`)
)

// b6Floor holds the kinds found less often than 97% on the corpus, at
// the measured share (a regression fails; raise as gaps close).
var b6Floor = map[string]float64{
	"b6Edit-env-line-deleted":        0.90, // 28/31 since consistency-env-missing (0/31 before): a .env whose lost line is written elsewhere in it, or an env_file
	"b6Edit-prov-redirect-path-typo": 0.78, // 11/14: only the Assumptions' statement disagrees (a warning there); a host typo gives a warning on the entry and an error on the app line
}

// b6NovelFloor is the same on the novel guides.
var b6NovelFloor = map[string]float64{
	// A code span left open where no label names the value: a prose
	// sentence (Immich's Mobile Redirect URI) or a GUI step that only
	// asks to check a value (Tailscale's issuer): code-span-unclosed, a
	// warning.
	"b6Edit-gui-backtick-dropped":        0.84, // novel grew by 16 guides (2026-12-05): 11/13 measured (6/7 before)
	"b6Edit-app-key-typo-seen-elsewhere": 0.66, // 6/9 since consistency-key-spelling (1/9 before): a word of no vocabulary misspelt in one format only
	"b6Edit-env-line-deleted":            0.50, // 2/4
	"b6Edit-prov-redirect-item-deleted":  0.00, // 0/1: vault: reported on each app statement of the URI (several findings), not on the deletion
	// opkssh's config.yml redirect_uris are not read; 2fauth's host typo
	// is a warning on the entry and an error on the prose URL. Where the
	// application derives its redirect URI and the guide states it only
	// in the Assumptions (Etherpad, Gokapi, Weblate, XWiki), the typo in
	// the client's entry is a warning at the Assumptions, the side that
	// is right (a tie of one statement against one).
	"b6Edit-prov-redirect-path-typo": 0.85, // novel grew by 16 guides (2026-12-05): 36/42 measured (29/31 before)
	// RomM: OIDC_CLIENT_ID deleted from compose.yml's environment is not
	// reported, although the docker run -e flags of the same guide set it.
	"b6Edit-compose-env-line-deleted": 0.50, // novel grew by 16 guides (2026-12-05): 1/2 measured
}

// b6NovelOnly are the kinds whose formats (Apache, XML, HCL) or shapes
// (a client with several redirect URIs the app restates) only the novel
// guides carry: the corpus run does not require them.
var b6NovelOnly = []string{"b6Edit-config-name-typo", "b6Edit-prov-redirect-item-deleted"}

func TestBlind6Edit(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	per, _, _ := runBKinds(t, corpusDir(t), "blind6-edit", b6Kinds, os.Getenv("BLIND6_KIND"))
	if os.Getenv("BLIND6_KIND") != "" {
		return
	}
	var kinds []string
	for _, k := range bKindNames(b6Kinds) {
		if !slices.Contains(b6NovelOnly, k) {
			kinds = append(kinds, k)
		}
	}
	requireFloors(t, kinds, per, b6Floor)
}

func TestBlind6EditNovel(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	per, _, _ := runBKinds(t, novelDir, "blind6-edit-novel", b6Kinds, os.Getenv("BLIND6_KIND"))
	if os.Getenv("BLIND6_KIND") != "" {
		return
	}
	// A kind that applies to none of the novel guides is not required
	// here (the corpus run requires it), except the novel-only ones.
	var kinds []string
	for _, k := range bKindNames(b6Kinds) {
		if per[k] != nil || slices.Contains(b6NovelOnly, k) {
			kinds = append(kinds, k)
		}
	}
	requireFloors(t, kinds, per, b6NovelFloor)
}
