// Package tomlsize measures a TOML document before it is decoded.
//
// go-toml's decoder checks that no key is defined twice by scanning, for
// every key, the keys already defined beside it: a table of n keys costs
// n²/2 comparisons, and a few MB of keys take minutes. Callers count those
// comparisons first (Comparisons, which is linear) and decode only
// documents that cost few enough.
package tomlsize

import (
	"strconv"

	"github.com/pelletier/go-toml/v2/unstable"
)

// Comparisons returns about how many key comparisons go-toml's decoder
// makes on text: for every table, inline table and array element, the
// square of the keys and tables defined directly in it, halved. Each
// dotted key counts at every level, and each array table element as its
// own table. A document that does not parse yields what was counted
// before the error.
func Comparisons(text []byte) int {
	w := widest{counts: map[string]int{}}
	var p unstable.Parser
	p.Reset(text)
	cur := ""
	for p.NextExpression() {
		e := p.Expression()
		switch e.Kind {
		case unstable.KeyValue:
			w.keyValue(cur, e)
		case unstable.Table, unstable.ArrayTable:
			cur = w.path("", e.Key())
			if e.Kind == unstable.ArrayTable {
				w.n++
				cur += "#" + strconv.Itoa(w.n)
			}
		}
	}
	return w.sum
}

type widest struct {
	counts map[string]int // keys defined under each parent path
	sum    int            // comparisons so far
	n      int            // inline tables and array elements so far, for unique paths
}

// path adds the keys of it under parent, each under the previous one, and
// returns the path of the last.
func (w *widest) path(parent string, it unstable.Iterator) string {
	for it.Next() {
		w.add(parent)
		parent += "." + strconv.Quote(string(it.Node().Data))
	}
	return parent
}

// add counts one more key under parent, compared with those before it.
func (w *widest) add(parent string) {
	w.sum += w.counts[parent]
	w.counts[parent]++
}

// keyValue counts the key of e under table and the keys of its value.
func (w *widest) keyValue(table string, e *unstable.Node) {
	w.path(table, e.Key())
	w.value(e.Value())
}

// value counts the keys of inline tables in v, each as its own table.
func (w *widest) value(v *unstable.Node) {
	switch v.Kind {
	case unstable.InlineTable:
		w.n++
		id := "#" + strconv.Itoa(w.n)
		for it := v.Children(); it.Next(); {
			w.keyValue(id, it.Node())
		}
	case unstable.Array:
		for it := v.Children(); it.Next(); {
			w.value(it.Node())
		}
	}
}
