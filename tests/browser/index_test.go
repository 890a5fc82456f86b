package browser

import (
	"cmp"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// listed returns the hrefs of the home page's guides, shown or all.
func (tb *tab) listed(onlyShown bool) []string {
	tb.t.Helper()
	filter := ""
	if onlyShown {
		filter = `.filter(li => !li.hidden && li.checkVisibility())`
	}
	return eval[[]string](tb, `[...document.querySelectorAll('.guide-list > li')]`+filter+`.map(li => li.querySelector('a').getAttribute('href'))`)
}

// matching returns the URLs of the guides whose title or description
// contains every word of query, ignoring case: what the filter promises.
func matching(index []record, query string) []string {
	var out []string
	for _, r := range index {
		hay := strings.ToLower(r.Title + " " + r.Description)
		ok := true
		for _, w := range strings.Fields(strings.ToLower(query)) {
			ok = ok && strings.Contains(hay, w)
		}
		if ok {
			out = append(out, r.URL)
		}
	}
	return out
}

// TestIndexPage lists every guide with its title, description and support
// level, in weight-then-title order, and narrows the list with the
// filter, which reads index.json.
func TestIndexPage(t *testing.T) {
	s := servedSite(t)
	tb := openTab(t, newBrowser(t))
	sorted := slices.IsSortedFunc(s.index, func(a, b record) int {
		return cmp.Or(cmp.Compare(a.Weight, b.Weight), cmp.Compare(strings.ToLower(a.Title), strings.ToLower(b.Title)))
	})
	if !sorted {
		t.Errorf("index.json is not ordered by weight, then title: %+v", s.index)
	}
	var all []string
	for _, r := range s.index {
		all = append(all, r.URL)
	}
	tb.open(s.page(""))
	tb.waitFor("the filter", `!document.querySelector('.filter').hidden`)
	if got := tb.listed(false); !reflect.DeepEqual(got, all) {
		t.Errorf("home page lists\n %v\nwant (index.json order)\n %v", got, all)
	}
	for i, r := range s.index {
		item := fmt.Sprintf(`document.querySelectorAll('.guide-list > li')[%d]`, i)
		text := eval[string](tb, item+`.innerText`)
		for _, w := range []string{r.Title, r.Description, r.Support} {
			if !strings.Contains(strings.ToLower(text), strings.ToLower(w)) {
				t.Errorf("item %d (%s) does not show %q: %q", i, r.Name, w, text)
			}
		}
	}
	if !tb.w.requested("/index.json") {
		t.Error("the home page never requested index.json")
	}

	for _, q := range []string{"graf", "GRAFANA", "exercise", "romm manager", "provider", "nothing-matches-this"} {
		tb.typeInto("#guide-filter", q)
		want := matching(s.index, q)
		if got := tb.listed(true); !reflect.DeepEqual(got, want) && !(len(got) == 0 && len(want) == 0) {
			t.Errorf("filter %q shows %v, want %v", q, got, want)
		}
		count := eval[string](tb, `document.getElementById('filter-count').textContent`)
		if wantCount := fmt.Sprintf("%d of %d guides", len(want), len(s.index)); count != wantCount {
			t.Errorf("filter %q: count says %q, want %q", q, count, wantCount)
		}
		empty := eval[bool](tb, `!document.querySelector('.filter-empty').hidden`)
		if empty != (len(want) == 0) {
			t.Errorf("filter %q: empty message shown=%v with %d matches", q, empty, len(want))
		}
	}
	if n := len(matching(s.index, "graf")); n == 0 || n == len(s.index) {
		t.Errorf("the query graf matches %d of %d guides: it does not show that the filter narrows", n, len(s.index))
	}
	tb.do(chromedp.KeyEvent("\x1b")) // Escape clears the filter
	if got := tb.listed(true); !reflect.DeepEqual(got, all) {
		t.Errorf("after Escape the list shows %v", got)
	}
}
