package consistency

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/guidec/guidec/internal/check"
	"github.com/guidec/guidec/internal/source"
	"github.com/guidec/guidec/internal/testenv"
)

var codeMarkRE = regexp.MustCompile("`([^`]*)`")

// proseText builds a Text from Markdown-ish text: backticks mark code
// spans and are removed, ** markers are removed; the map is the identity
// shifted by base so that spans can be checked.
func proseText(kind check.TextKind, section, md string, table, row, col int) check.Text {
	md = strings.ReplaceAll(md, "**", "")
	var b strings.Builder
	var code []source.Span
	last := 0
	for _, m := range codeMarkRE.FindAllStringSubmatchIndex(md, -1) {
		b.WriteString(md[last:m[0]])
		start := b.Len()
		b.WriteString(md[m[2]:m[3]])
		code = append(code, source.Span{Start: start, End: b.Len()})
		last = m[1]
	}
	b.WriteString(md[last:])
	m := &source.Map{}
	m.AddVerbatim(0, 1000, b.Len())
	return check.Text{Kind: kind, Section: section, Text: b.String(), Map: m, Code: code, Table: table, Row: row, Col: col}
}

func factStrings(vs []appValue) []string {
	var out []string
	for _, v := range vs {
		out = append(out, fmt.Sprintf("%s|%s|%s@%d", v.Kind, v.Key, v.Value.Text, v.Value.Span.Start-1000))
	}
	return out
}

func TestProseValues(t *testing.T) {
	p := func(md string) check.Text { return proseText(check.Paragraph, "application", md, 0, 0, 0) }
	tests := []struct {
		text check.Text
		want []string
	}{
		{p("Set the **Redirect URI** to `https://app.example.com/cb`."), []string{"redirect URI|Redirect URI|https://app.example.com/cb@24"}},
		{p("Enter `myapp` in the **Client ID** field."), []string{"client id|Client ID|myapp@6"}},
		{p("Paste `https://app.example.com/cb` into Callback URL, then save."), []string{"redirect URI|Callback URL|https://app.example.com/cb@6"}},
		{p("The Client ID is `myapp` and the Client Secret is `s3cret`."), []string{"client id|Client ID|myapp@17", "client secret|Client Secret|s3cret@48"}},
		{p("Set `OIDC_CLIENT_ID` to `myapp`."), []string{"client id|OIDC_CLIENT_ID|myapp@22"}},
		{p("Configure the client ID as `myapp` and the scopes as `openid profile`."), []string{"client id|client ID|myapp@27", "scope|scopes|openid profile@51"}},
		{p("Note that the Authelia Root URL is `https://auth.example.com`."), []string{"issuer URL|Authelia Root URL|https://auth.example.com@35"}},
		{proseText(check.Item, "application", "In the Web GUI, set **Client ID** to `myapp`.", 0, 0, 0), []string{"client id|Client ID|myapp@33"}},
		// A clause between the redirect URI and "is" says whose it is.
		{p("The redirect URI Memos sends is `https://app.example.com/cb`."), []string{"redirect URI|redirect URI|https://app.example.com/cb@32"}},
		{p("The Redirect URI used by the app is `https://app.example.com/cb`."), []string{"redirect URI|Redirect URI|https://app.example.com/cb@36"}},
		{p("The callback URL shown by Memos will be `https://app.example.com/cb`."), []string{"redirect URI|callback URL|https://app.example.com/cb@40"}},
		// An auth method named by Authelia's spelling.
		{p("It sends the credentials in the body of the token request, hence `client_secret_post` above."), []string{"token endpoint auth method|the token endpoint auth method|client_secret_post@65"}},
		{p("KitchenOwl authenticates to the token endpoint with `client_secret_post`."), []string{"token endpoint auth method|the token endpoint auth method|client_secret_post@52"}},
		{p("The app uses `client_secret_post`, not `client_secret_basic`."), nil},
		{p("Enter `client_secret_post` in the **Token Endpoint Authentication Method** field."), []string{"token endpoint auth method|Authentication Method|client_secret_post@6"}},
		{p("Set the **Token Endpoint Authentication Method** to `client_secret_post`."), []string{"token endpoint auth method|Authentication Method|client_secret_post@48"}},
		{p("Authelia's default, `client_secret_basic`, is fine."), nil},
		{p("`client_secret_jwt` is not supported by the app."), nil},
		// Not statements of a value.
		{p("The groups claim can be configured as `groups`."), nil},
		{p("The redirect URI of the Memos docs is `wrong`."), nil},
		{p("Set the Client ID to the one you chose."), nil},
		{p("Set `oidc.issuer` to match the Authelia Root URL: `incus config set oidc.issuer https://auth.example.com`."), nil},
		{p("Enter `myapp` and press save."), nil},
		{p("Run `kubectl create secret generic s --from-literal=client-secret=s3cret` first."), []string{"client secret|client-secret|s3cret@65"}},
		{p("Run `helm install x --set oidc.clientId=myapp --namespace=auth`."), []string{"client id|oidc.clientId|myapp@39", "value|namespace|auth@57"}},
		{proseText(check.Paragraph, "assumptions", "The Client ID is `myapp`.", 0, 0, 0), nil},
		{proseText(check.Item, "assumptions", "This option determines the redirect URI in the format of `https://app.example.com/cb`.", 0, 0, 0), []string{"redirect URI|redirect URI|https://app.example.com/cb@57"}},
	}
	for _, tt := range tests {
		got := factStrings(proseValues([]check.Text{tt.text}))
		if !slices.Equal(got, tt.want) {
			t.Errorf("%q: got %q, want %q", tt.text.Text, got, tt.want)
		}
	}
}

func TestTableValues(t *testing.T) {
	c := func(table, row, col int, md string) check.Text {
		return proseText(check.Paragraph, "application", md, table, row, col)
	}
	texts := []check.Text{
		// A two-column table of settings.
		c(1, 0, 1, "Setting"), c(1, 0, 2, "Value"),
		c(1, 1, 1, "**Client ID**"), c(1, 1, 2, "`myapp`"),
		c(1, 2, 1, "Redirect URI"), c(1, 2, 2, "https://app.example.com/cb"),
		c(1, 3, 1, "Scopes"), c(1, 3, 2, "`openid profile`"),
		c(1, 4, 1, "Client Secret"), c(1, 4, 2, "the secret you generated"),
		c(1, 5, 1, "Notes"), c(1, 5, 2, "`x`"),
		c(1, 6, 1, "Scope"), c(1, 6, 2, "openid email"),
		c(1, 7, 1, "Client ID"), c(1, 7, 2, "`two words`"),
		// One row of values under a header of labels.
		c(2, 0, 1, "Client ID"), c(2, 0, 2, "Issuer URL"), c(2, 0, 3, "Comment"),
		c(2, 1, 1, "`other`"), c(2, 1, 2, "`https://auth.example.com`"), c(2, 1, 3, "`whatever`"),
		// Two code spans: not one value.
		c(3, 0, 1, "Client ID"), c(3, 1, 1, "`a` or `b`"),
		// A remark in parentheses after a label; a label misspelt.
		c(4, 0, 1, "Setting"), c(4, 0, 2, "Value"),
		c(4, 1, 1, "Client identifier (key)"), c(4, 1, 2, "`xo`"),
		c(4, 2, 1, "Client Secert"), c(4, 2, 2, "`s3cret`"),
		c(4, 3, 1, "Favourite colour"), c(4, 3, 2, "`blue`"),
	}
	want := []string{
		"client id|Client ID|myapp@0",
		"redirect URI|Redirect URI|https://app.example.com/cb@0",
		"scope|Scopes|openid profile@0",
		"scope|Scope|openid email@0",
		"client id|Client ID|other@0",
		"issuer URL|Issuer URL|https://auth.example.com@0",
		"client id|Client identifier|xo@0",
		"value|Client Secert|s3cret@0",
	}
	if got := factStrings(tableValues(texts)); !slices.Equal(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
}

// TestProseLinear checks that a paragraph of many code spans and no
// sentence end, and a guide of many small tables, cost about linear time.
func TestProseLinear(t *testing.T) {
	if testing.Short() {
		t.Skip("timing")
	}
	para := func(n int) []check.Text {
		return []check.Text{proseText(check.Paragraph, "x", strings.Repeat("word `v` ", n), 0, 0, 0)}
	}
	tables := func(n int) []check.Text {
		var out []check.Text
		for i := range n {
			out = append(out, proseText(check.Paragraph, "x", "Client ID", i+1, 0, 1), proseText(check.Paragraph, "x", "`c`", i+1, 1, 1))
		}
		return out
	}
	for name, gen := range map[string]func(int) []check.Text{"paragraph": para, "tables": tables} {
		t.Run(name, func(t *testing.T) {
			testenv.Linear(t, 500, func(n int) func() {
				in := gen(n)
				return func() {
					proseValues(in)
					tableValues(in)
				}
			})
		})
	}
}

func TestLabelCore(t *testing.T) {
	for in, want := range map[string]string{
		"Client identifier (key)":  "Client identifier",
		"Client Secret (optional)": "Client Secret",
		"Client ID":                "Client ID",
		"(key)":                    "(key)",
		"Scopes (a (nested) one)":  "Scopes (a (nested) one)",
	} {
		if got := labelCore(in); got != want {
			t.Errorf("labelCore(%q) = %q, want %q", in, got, want)
		}
	}
}
