package browser

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"golang.org/x/net/html"
)

// codeBlocks returns the code blocks of a built page and, for each, the
// element holding its code: with line numbers in a table, the cell that
// is not the numbers.
func codeBlocks(doc *html.Node) (figs, code []*html.Node) {
	figs = findAll(doc, func(n *html.Node) bool { return n.Data == "figure" && hasClass(n, "code") })
	for _, f := range figs {
		pres := findAll(f, func(n *html.Node) bool { return n.Data == "pre" })
		pick := pres[0]
		for _, p := range pres {
			if p.Parent.Data == "td" && !hasClass(p.Parent, "ln") {
				pick = p
			}
		}
		code = append(code, pick)
	}
	return figs, code
}

func hasDescendant(n *html.Node, ok func(*html.Node) bool) bool {
	return len(findAll(n, ok)) > 0
}

func (tb *tab) clipboard() string {
	tb.t.Helper()
	return eval[string](tb, `navigator.clipboard.readText()`)
}

// copyButton selects the copy button of the i-th code block of the page.
func copyButton(i int) chromedp.JSPath {
	return chromedp.JSPath(fmt.Sprintf(`document.querySelectorAll('main figure.code')[%d].querySelector('.copy-button')`, i))
}

// TestCopyButton clicks the copy button of a code block that shows the
// reader's domain, and reads the clipboard back: exactly the code as
// shown, personalised, and a visible confirmation.
func TestCopyButton(t *testing.T) {
	s := servedSite(t)
	ctx := newBrowser(t)
	grantClipboard(t, ctx, strings.TrimSuffix(s.url, "/"))
	tb := openTab(t, ctx)
	values := map[string]string{"domain": "copy.test", "subdomain-authelia": "login"}
	figs, code := codeBlocks(s.parse(t, "romm/index.html"))
	target := -1
	for i, c := range code {
		if hasDescendant(c, func(n *html.Node) bool { return hasClass(n, "sitevar") }) {
			target = i
			break
		}
	}
	if target < 0 {
		t.Fatal("romm has no code block with a site variable")
	}
	tb.open(s.page("romm"))
	tb.setStored(values)
	tb.open(s.page("romm"))
	if n := eval[int](tb, `document.querySelectorAll('main figure.code .copy-button').length`); n != len(figs) {
		t.Errorf("%d copy buttons for %d code blocks", n, len(figs))
	}
	tb.do(chromedp.Click(copyButton(target)))
	tb.waitFor("the confirmation", fmt.Sprintf(`%s.dataset.state === 'done'`, copyButton(target)))
	want := visibleText(code[target], values)
	if got := tb.clipboard(); got != want {
		t.Errorf("clipboard:\n%s\nwant:\n%s", got, want)
	}
	if !strings.Contains(want, "copy.test") {
		t.Fatalf("the expected text lacks the reader's domain:\n%s", want)
	}
	if label := eval[string](tb, string(copyButton(target))+`.textContent`); label != "Copied" {
		t.Errorf("button says %q after copying, want Copied", label)
	}
	tb.waitFor("the announcement", `[...document.querySelectorAll('[role=status]')].some(e => /copied/i.test(e.textContent))`)
	if !eval[bool](tb, string(copyButton(target))+`.checkVisibility()`) {
		t.Error("the copy button is not visible")
	}
}

// TestCopyKeyboard reaches a copy button with Tab from its code block,
// checks that the focus shows, and copies with Enter: line numbers, in a
// table and inline, are never copied.
func TestCopyKeyboard(t *testing.T) {
	s := servedSite(t)
	ctx := newBrowser(t)
	grantClipboard(t, ctx, strings.TrimSuffix(s.url, "/"))
	tb := openTab(t, ctx)
	values := map[string]string{"domain": "kbd.example"}
	figs, code := codeBlocks(s.parse(t, fixture+"/index.html"))
	table, inline := -1, -1
	for i, f := range figs {
		switch {
		case hasDescendant(f, func(n *html.Node) bool { return n.Data == "td" && hasClass(n, "ln") }):
			table = i
		case hasDescendant(f, func(n *html.Node) bool { return hasClass(n, "ln") }):
			inline = i
		}
	}
	if table < 0 || inline < 0 {
		t.Fatalf("the fixture lacks a code block with table (%d) or inline (%d) line numbers", table, inline)
	}
	tb.open(s.page(fixture))
	tb.setStored(values)
	tb.open(s.page(fixture))

	codeEl := chromedp.JSPath(fmt.Sprintf(`document.querySelectorAll('main figure.code')[%d].querySelector('td:not(.ln) > pre')`, table))
	eval[chromedp.Void](tb, `navigator.clipboard.writeText('')`)
	tb.do(chromedp.Focus(codeEl), chromedp.KeyEvent("\t"))
	if !eval[bool](tb, fmt.Sprintf(`document.activeElement === %s`, copyButton(table))) {
		t.Fatalf("Tab from the code went to %s, not its copy button", eval[string](tb, `document.activeElement.outerHTML.slice(0, 120)`))
	}
	if !eval[bool](tb, `document.activeElement.matches(':focus-visible') && getComputedStyle(document.activeElement).outlineStyle !== 'none'`) {
		t.Error("the focused copy button shows no focus outline")
	}
	tb.do(chromedp.KeyEvent("\r"))
	tb.waitFor("the confirmation", fmt.Sprintf(`%s.dataset.state === 'done'`, copyButton(table)))
	for _, c := range []struct {
		name string
		i    int
	}{{"table line numbers", table}, {"inline line numbers", inline}} {
		if c.i != table {
			tb.do(chromedp.Click(copyButton(c.i)))
			tb.waitFor("the confirmation", fmt.Sprintf(`%s.dataset.state === 'done'`, copyButton(c.i)))
		}
		want := visibleText(code[c.i], values)
		if got := tb.clipboard(); got != want {
			t.Errorf("%s: clipboard:\n%q\nwant:\n%q", c.name, got, want)
		}
	}
}
