package browser

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// audit is a JavaScript function over the current page that returns what
// it finds wrong, as text: the structure rules (one h1, no skipped heading
// level, landmarks, labels, alt text, button names), no sideways scrolling,
// and WCAG AA contrast for every visible piece of text against the
// background it is drawn on.
const audit = `(() => {
	const problems = [];
	const say = (...a) => problems.push(a.join(' '));
	const desc = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\s+/).join('.') : '');

	const h1s = document.querySelectorAll('h1');
	if (h1s.length !== 1) say('there are', h1s.length, 'h1 elements');
	let last = 0;
	for (const h of document.querySelectorAll('h1, h2, h3, h4, h5, h6')) {
		const level = Number(h.tagName[1]);
		if (last && level > last + 1) say('heading level skips from h' + last + ' to h' + level + ':', JSON.stringify(h.textContent.trim()));
		last = level;
	}
	if (!document.documentElement.lang) say('html has no lang');
	if (document.querySelectorAll('main').length !== 1) say('want one main landmark');
	if (!document.querySelector('body > header')) say('no banner landmark (body > header)');
	if (!document.querySelector('body > footer')) say('no contentinfo landmark (body > footer)');
	if (!document.querySelector('nav')) say('no navigation landmark');
	const skip = document.querySelector('a.skip-link');
	if (!skip || !document.querySelector(skip.getAttribute('href'))) say('the skip link has no target');

	for (const c of document.querySelectorAll('input, select, textarea')) {
		if (c.type === 'hidden' || !c.checkVisibility()) continue;
		if (!(c.labels && c.labels.length) && !c.getAttribute('aria-label') && !c.getAttribute('aria-labelledby')) say('unlabelled', desc(c));
	}
	for (const i of document.querySelectorAll('img')) if (!i.hasAttribute('alt')) say('image without alt:', i.src);
	for (const b of document.querySelectorAll('button, a[href]')) {
		if (!b.checkVisibility()) continue;
		if (!(b.getAttribute('aria-label') || b.textContent).trim()) say('nameless', desc(b));
	}
	const width = document.documentElement.clientWidth;
	if (document.documentElement.scrollWidth > width) {
		const wide = [...document.body.querySelectorAll('*')].filter(e => e.getBoundingClientRect().right > width + 0.5 && !e.closest('pre, table, .chroma'));
		say('the page scrolls sideways:', document.documentElement.scrollWidth, '>', width, 'because of', wide.slice(0, 5).map(desc).join(', '));
	}

	const parse = s => {
		let m = s.match(/^rgba?\(([^)]*)\)$/);
		if (m) { const p = m[1].split(/[\s,\/]+/).filter(Boolean).map(Number); return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]; }
		m = s.match(/^color\(srgb ([^)]*)\)$/);
		if (m) { const p = m[1].split(/[\s\/]+/).filter(Boolean).map(Number); return [p[0] * 255, p[1] * 255, p[2] * 255, p.length > 3 ? p[3] : 1]; }
		return null;
	};
	const over = (top, under) => { const a = top[3]; return [0, 1, 2].map(i => top[i] * a + under[i] * (1 - a)).concat(1); };
	const background = e => {
		const layers = [];
		for (let n = e; n; n = n.parentElement) {
			const c = parse(getComputedStyle(n).backgroundColor);
			if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
		}
		let bg = [255, 255, 255, 1];
		for (let i = layers.length - 1; i >= 0; i--) bg = over(layers[i], bg);
		return bg;
	};
	const lum = c => { const v = c.slice(0, 3).map(x => { x /= 255; return x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4); }); return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2]; };
	const ratio = (a, b) => { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
	let checked = 0;
	const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
	const seen = new Set();
	for (let t = walker.nextNode(); t; t = walker.nextNode()) {
		const e = t.parentElement;
		if (!t.textContent.trim() || seen.has(e)) continue;
		seen.add(e);
		const r = e.getBoundingClientRect();
		if (r.width <= 1 || r.height <= 1 || !e.checkVisibility({checkOpacity: true, visibilityProperty: true})) continue;
		const s = getComputedStyle(e);
		const fg = parse(s.color);
		if (!fg) { say('cannot read the colour', s.color, 'of', desc(e)); continue; }
		const bg = background(e);
		const got = ratio(over(fg, bg), bg);
		const size = parseFloat(s.fontSize), bold = Number(s.fontWeight) >= 700;
		const need = size >= 24 || (size >= 18.66 && bold) ? 3 : 4.5;
		checked++;
		if (got < need) say('contrast', got.toFixed(2), '<', need, 'for', desc(e), JSON.stringify(t.textContent.trim().slice(0, 40)), s.color, 'on rgb(' + bg.slice(0, 3).map(Math.round).join(', ') + ')');
	}
	if (checked < 10) say('only', checked, 'text elements were checked');
	return problems;
})()`

// TestAccessibility audits the home page, a guide and the fixture at a
// wide and a narrow width (down to 360px), in light and dark, with the
// reader's values set (they are marked in the text) and without.
func TestAccessibility(t *testing.T) {
	s := servedSite(t)
	tb := openTab(t, newBrowser(t))
	pages := []string{"", "romm", fixture}
	for _, personalised := range []bool{false, true} {
		if personalised {
			tb.setStored(map[string]string{"domain": "reader.example", "port": "8443"})
		}
		for _, v := range []struct {
			width  int64
			scheme string
		}{{1280, "light"}, {1280, "dark"}, {375, "light"}, {375, "dark"}, {360, "light"}} {
			tb.viewport(v.width, 900, v.scheme)
			for _, p := range pages {
				tb.open(s.page(p))
				for _, problem := range eval[[]string](tb, audit) {
					t.Errorf("%s at %dpx, %s, personalised=%v: %s", or(p, "home"), v.width, v.scheme, personalised, problem)
				}
			}
		}
	}
}

// TestKeyboardFocus tabs through the first controls of a guide page: the
// skip link comes first and shows, and every focused control shows an
// outline.
func TestKeyboardFocus(t *testing.T) {
	s := servedSite(t)
	tb := openTab(t, newBrowser(t))
	for _, p := range []string{"", "romm"} {
		tb.open(s.page(p))
		tb.do(chromedp.KeyEvent("\t"))
		if !eval[bool](tb, `document.activeElement.matches('a.skip-link') && document.activeElement.getBoundingClientRect().left >= 0`) {
			t.Errorf("%s: the first Tab does not show the skip link", or(p, "home"))
		}
		for i := 0; i < 25; i++ {
			tb.do(chromedp.KeyEvent("\t"))
			got := eval[string](tb, `(() => {
				const e = document.activeElement;
				if (e === document.body) return '';
				for (let n = e, up = 0; n && up < 3; n = n.parentElement, up++) {
					const s = getComputedStyle(n);
					if (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 1) return '';
				}
				return e.outerHTML.slice(0, 100);
			})()`)
			if got != "" {
				t.Errorf("%s: focused %s shows no outline", or(p, "home"), strings.TrimSpace(got))
			}
		}
	}
}

// TestWithoutJavaScript loads pages with scripts off: the values the guide
// was written with show, the list is whole, and nothing that needs the
// script is offered.
func TestWithoutJavaScript(t *testing.T) {
	s := servedSite(t)
	tb := openTab(t, newBrowser(t))
	tb.do(chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return err
	}))
	built := builtVars(s.parse(t, "romm/index.html"))
	tb.open(s.page("romm"))
	tb.expectVars(built, nil)
	for sel, what := range map[string]string{
		"form.sitevar-preferences": "the preferences form",
		".copy-button":             "a copy button",
	} {
		if eval[bool](tb, `[...document.querySelectorAll('`+sel+`')].some(e => e.checkVisibility())`) {
			t.Errorf("without JavaScript %s is shown", what)
		}
	}
	tb.open(s.page(""))
	if n := eval[int](tb, `[...document.querySelectorAll('.guide-list > li')].filter(li => li.checkVisibility()).length`); n != len(s.index) {
		t.Errorf("without JavaScript the home page shows %d of %d guides", n, len(s.index))
	}
	if eval[bool](tb, `document.querySelector('.filter').checkVisibility()`) {
		t.Error("without JavaScript the filter, which cannot work, is shown")
	}
}
