package browser

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"golang.org/x/net/html"

	"github.com/guidec/guidec/internal/publish"
)

// varEl is one site variable element of a page.
type varEl struct {
	Name   string `json:"name"`
	Format string `json:"format"`
	Text   string `json:"text"`
	Code   bool   `json:"code"` // inside a code block
}

// builtVars lists the site variable elements of a built page with the
// text they have without JavaScript (the shortcode's nojs).
func builtVars(doc *html.Node) []varEl {
	var out []varEl
	for _, n := range findAll(doc, func(n *html.Node) bool { _, ok := attr(n, "data-sitevar"); return ok && hasClass(n, "sitevar") }) {
		name, _ := attr(n, "data-sitevar")
		f, _ := attr(n, "data-format")
		out = append(out, varEl{Name: name, Format: f, Text: visibleText(n, nil), Code: inside(n, "pre")})
	}
	return out
}

// pageVars lists the site variable elements the page shows now.
func (tb *tab) pageVars() []varEl {
	tb.t.Helper()
	return eval[[]varEl](tb, `[...document.querySelectorAll('.sitevar[data-sitevar]')].map(e => ({
		name: e.dataset.sitevar, format: e.dataset.format || '', text: e.textContent, code: !!e.closest('pre')}))`)
}

// want is what built shows once the reader set values: each variable
// with a value in its format, the others as built.
func want(built []varEl, values map[string]string) []varEl {
	out := make([]varEl, len(built))
	for i, e := range built {
		out[i] = e
		if v, ok := values[e.Name]; ok && v != "" {
			out[i].Text = format(v, e.Format)
		}
	}
	return out
}

func (tb *tab) expectVars(built []varEl, values map[string]string) {
	tb.t.Helper()
	exp := want(built, values)
	// The page updates in its input and change handlers, which the browser
	// may run after the key or click that fired them has been reported
	// done; a busy machine widens that gap, so look again for a while.
	deadline := time.Now().Add(5 * time.Second)
	for {
		got := tb.pageVars()
		if reflect.DeepEqual(got, exp) {
			return
		}
		if time.Now().After(deadline) {
			tb.t.Fatalf("site variables with %v:\n got %v\nwant %v", values, got, exp)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// lastValid is the value pages show after a reader typed typed, key by
// key, into an emptied field whose pages showed prev: every key saves the
// field's value when it is valid, so the last valid prefix wins.
func lastValid(v publish.Variable, prev, typed string) string {
	shown := prev
	rs := []rune(typed)
	for i := 1; i <= len(rs); i++ {
		if p := string(rs[:i]); v.Check(p) == nil {
			shown = p
		}
	}
	return shown
}

const (
	domainField = `form.sitevar-preferences input[name="domain"]`
	resetButton = `form.sitevar-preferences button[type="reset"]`
)

// TestSiteVariables sets the domain in the form of one guide and follows
// it everywhere: every occurrence on the page, in prose and in code, a
// guide opened afterwards, and another open tab; then Reset.
func TestSiteVariables(t *testing.T) {
	s := servedSite(t)
	ctx := newBrowser(t)
	a, b := openTab(t, ctx), openTab(t, ctx)
	romm, gitea, grafana := builtVars(s.parse(t, "romm/index.html")), builtVars(s.parse(t, "gitea/index.html")), builtVars(s.parse(t, "grafana/index.html"))
	prose, code := 0, 0
	for _, e := range romm {
		if e.Name == "domain" && e.Code {
			code++
		} else if e.Name == "domain" {
			prose++
		}
	}
	if prose == 0 || code == 0 {
		t.Fatalf("romm shows the domain %d times in prose and %d in code; the test needs both", prose, code)
	}

	a.open(s.page("romm"))
	b.open(s.page("gitea"))
	a.expectVars(romm, nil)

	a.typeInto(domainField, "guides.test")
	values := map[string]string{"domain": "guides.test"}
	a.expectVars(romm, values)
	if got := a.stored(); !reflect.DeepEqual(got, values) {
		t.Errorf("localStorage = %v, want %v", got, values)
	}
	if text := eval[string](a, `[...document.querySelectorAll('main pre')].map(p => p.innerText).join('\n')`); !strings.Contains(text, "https://romm.guides.test/api/oauth/openid") {
		t.Errorf("the code as rendered lacks the personalised redirect URI:\n%s", text)
	}

	// The other tab follows through the storage event, without a reload.
	b.waitFor("the other tab to show the domain", `document.querySelector('.sitevar[data-sitevar="domain"]').textContent === 'guides.test'`)
	b.expectVars(gitea, values)

	// A guide opened afterwards shows it on load, and so does its form.
	a.open(s.page("grafana"))
	a.expectVars(grafana, values)
	if v := eval[string](a, `document.querySelector('`+domainField+`').value`); v != "guides.test" {
		t.Errorf("form on the next guide shows %q", v)
	}

	a.do(chromedp.Click(chromedp.CSS(resetButton)))
	a.expectVars(grafana, nil)
	if got := a.stored(); len(got) != 0 {
		t.Errorf("after reset localStorage = %v, want nothing", got)
	}
	if v := eval[string](a, `document.querySelector('`+domainField+`').value`); v != "example.com" {
		t.Errorf("after reset the field shows %q, want the default", v)
	}
	b.waitFor("the other tab to follow the reset", `document.querySelector('.sitevar[data-sitevar="domain"]').textContent === 'example.com'`)
	b.expectVars(gitea, nil)
}

// TestSiteVariableValidation types values into the form and compares the
// page's verdict with publish.Variable.Check, the rule guidec applies to
// defaults: an invalid value is flagged, explained and never shown.
func TestSiteVariableValidation(t *testing.T) {
	s := servedSite(t)
	tb := openTab(t, newBrowser(t))
	built := builtVars(s.parse(t, "romm/index.html"))
	domain, ok := s.cfg.Variable("domain")
	if !ok || domain.Validate == "" {
		t.Fatalf("site.yaml's domain variable has no validation: %+v", domain)
	}
	tb.open(s.page("romm"))
	shown := map[string]string{}
	for _, value := range []string{
		"valid.example", "a-b.c-d.example", "localhost", "xn--bcher-kva.example",
		"-lead.example", "trail-.example", "two..dots", "dot.", "under_score.example",
		"bücher.example", "with space.example", "https://scheme.example", "path.example/x",
		strings.Repeat("x", 64) + ".example", strings.Repeat("y", 63) + ".example",
	} {
		tb.typeInto(domainField, value)
		invalid := eval[bool](tb, `document.querySelector('`+domainField+`').getAttribute('aria-invalid') === 'true'`)
		msg := eval[string](tb, `(() => { const e = document.getElementById(document.querySelector('`+domainField+`').id + '-sitevar-error'); return e && !e.hidden ? e.textContent : ''; })()`)
		wantInvalid := domain.Check(value) != nil
		switch {
		case invalid != wantInvalid:
			t.Errorf("%q: page says invalid=%v, publish.Variable.Check says %v", value, invalid, domain.Check(value))
		case invalid && msg == "":
			t.Errorf("%q is flagged but no message explains why", value)
		case !invalid && msg != "":
			t.Errorf("%q is valid but the message %q shows", value, msg)
		}
		shown["domain"] = lastValid(domain, shown["domain"], value)
		tb.expectVars(built, shown) // an invalid value never reaches the page
	}
	tb.do(chromedp.Click(chromedp.CSS(resetButton)))
	tb.expectVars(built, nil)
}

// TestSiteVariableTypesAndFormats covers the number and boolean variables
// of site.yaml and the regex and dn formats, on the fixture guide.
func TestSiteVariableTypesAndFormats(t *testing.T) {
	s := servedSite(t)
	tb := openTab(t, newBrowser(t))
	built := builtVars(s.parse(t, fixture+"/index.html"))
	formats := map[string]bool{}
	for _, e := range built {
		formats[e.Name+"/"+e.Format] = true
	}
	for _, f := range []string{"domain/", "domain/regex", "domain/dn", "port/", "tls/"} {
		if !formats[f] {
			t.Fatalf("the fixture lacks a %s site variable: %v", f, formats)
		}
	}
	tb.open(s.page(fixture))
	if typ := eval[string](tb, `document.querySelector('form.sitevar-preferences input[name="port"]').type`); typ != "number" {
		t.Errorf("port field is of type %q, want number (site.yaml)", typ)
	}
	if typ := eval[string](tb, `document.querySelector('form.sitevar-preferences input[name="tls"]').type`); typ != "checkbox" {
		t.Errorf("tls field is of type %q, want checkbox (site.yaml)", typ)
	}

	tb.typeInto(domainField, "guides.example.org")
	tb.typeInto(`form.sitevar-preferences input[name="port"]`, "8443")
	tb.do(chromedp.Click(chromedp.CSS(`form.sitevar-preferences input[name="tls"]`)))
	values := map[string]string{"domain": "guides.example.org", "port": "8443", "tls": "false"}
	tb.expectVars(built, values)
	texts := map[string]bool{}
	for _, e := range tb.pageVars() {
		texts[e.Text] = true
	}
	for _, w := range []string{`guides\.example\.org`, "DC=guides,DC=example,DC=org", "8443", "false"} {
		if !texts[w] {
			t.Errorf("no site variable shows %s; shown: %v", w, texts)
		}
	}

	// Out of range: refused; the pages keep the last valid value typed.
	port, _ := s.cfg.Variable("port")
	for _, bad := range []string{"70000", "0", "-5"} {
		tb.typeInto(`form.sitevar-preferences input[name="port"]`, bad)
		if !eval[bool](tb, `document.querySelector('form.sitevar-preferences input[name="port"]').getAttribute('aria-invalid') === 'true'`) {
			t.Errorf("port %s is not flagged", bad)
		}
		values["port"] = lastValid(port, values["port"], bad)
	}
	if values["port"] != "7000" { // "7000" was valid on the way to "70000"
		t.Fatalf("expected the port to stay at 7000, the model says %s", values["port"])
	}
	tb.expectVars(built, values)
	if got := tb.stored(); !reflect.DeepEqual(got, values) {
		t.Errorf("localStorage = %v, want %v", got, values)
	}
	tb.do(chromedp.Click(chromedp.CSS(resetButton)))
	tb.expectVars(built, nil)
	if checked := eval[bool](tb, `document.querySelector('form.sitevar-preferences input[name="tls"]').checked`); !checked {
		t.Error("reset left tls unchecked; its default is true")
	}
}

// TestHostileValues stores markup as values, as a value from another tab
// or an older version of the site could be: pages show it as text, and
// nothing runs (the watcher fails the test on any dialog).
func TestHostileValues(t *testing.T) {
	s := servedSite(t)
	tb := openTab(t, newBrowser(t))
	built := builtVars(s.parse(t, "romm/index.html"))
	payload := map[string]string{
		"domain":             `<img src=x onerror=alert(1)>`,
		"subdomain-authelia": `"><img src=y onerror="window.__pwned=1"><script>window.__pwned=2</script>`,
	}
	tb.open(s.page("romm"))
	imgs := eval[int](tb, `document.images.length`)
	tb.setStored(payload)
	tb.open(s.page("romm"))
	tb.expectVars(built, payload)
	if n := eval[int](tb, `document.querySelectorAll('.sitevar *').length`); n != 0 {
		t.Errorf("%d elements inside site variables: values were inserted as HTML", n)
	}
	if n := eval[int](tb, `document.images.length`); n != imgs {
		t.Errorf("the page has %d images, %d before the values: a value became an element", n, imgs)
	}
	if v := eval[string](tb, `document.querySelector('`+domainField+`').value`); v != payload["domain"] {
		t.Errorf("the field shows %q, want the stored value as text", v)
	}
	if !eval[bool](tb, `document.querySelector('`+domainField+`').getAttribute('aria-invalid') === 'true'`) {
		t.Error("the stored value is not a host name, but the field does not say so")
	}

	// Typed into the form, the same value is refused.
	tb.do(chromedp.Click(chromedp.CSS(resetButton)))
	tb.typeInto(domainField, payload["domain"])
	tb.expectVars(built, nil)
	if got := tb.stored(); len(got) != 0 {
		t.Errorf("a typed hostile value was stored: %v", got)
	}
	if ran := eval[bool](tb, `typeof window.__pwned !== 'undefined'`); ran {
		t.Error("script from a value ran")
	}
}
