package consistency

import (
	"cmp"
	"fmt"
	"net/url"
	"slices"
	"strings"
)

// The rules ask, for each app-side value, about the clients it refers to
// (clientsFor): all the clients with one of a few client ids, or every
// client. Answered by scanning the value's snippet and every client each
// time, a guide of n values and n clients cost n² (500 of each: 6 s), so
// the answers come from an index built once per guide.

// clientIndex indexes the clients of a guide by client id.
type clientIndex struct {
	ids      []string             // distinct client ids, in order of their first client
	byID     map[string]*idRegs   // the clients and redirect URIs of each id
	all      *idRegs              // the same for every client
	named    map[int][]string     // distinct client ids named by the values of each group
	sets     map[setKey]clientSet // resolved client sets, by group
	literals map[string]bool      // literal client ids of the configuration
}

// setKey identifies the client set of a group, with or without the
// fallback to every client.
type setKey struct {
	group     int
	anyClient bool
}

// clientSet is the set of clients a value of some group refers to: every
// client (all), or those with one of ids, which are ordered by their first
// client. clients holds them, in configuration order, once needed.
type clientSet struct {
	all     bool
	ids     []string
	clients []client
	built   bool
}

// idRegs gathers the clients of one client id (or of all) and their
// literal redirect URIs.
type idRegs struct {
	clients []int           // indices in model.clients, ascending
	exact   map[string]bool // registered redirect URIs
	loop    map[string]bool // loopbackKey of the registered loopback http URIs
	first   []regRef        // the first maxRelated registered URIs
	n       int             // registered redirect URIs
}

// regRef is one registered redirect URI: its client and position there.
type regRef struct {
	client, i int
	v         value
}

// maxRelated bounds the related locations and the names listed in one
// message: a guide with thousands of clients must not print thousands of
// lines for each of its mistakes.
const maxRelated = 5

// index returns the guide's client index, building it once.
func (m *model) index() *clientIndex {
	if m.idx != nil {
		return m.idx
	}
	x := &clientIndex{byID: map[string]*idRegs{}, all: &idRegs{}, named: map[int][]string{},
		sets: map[setKey]clientSet{}, literals: map[string]bool{}}
	for i, c := range m.clients {
		r := x.byID[c.ID.Text]
		if r == nil {
			r = &idRegs{}
			x.byID[c.ID.Text] = r
			x.ids = append(x.ids, c.ID.Text)
		}
		r.add(i, c, m.urls)
		x.all.add(i, c, m.urls)
		if literalID(c.ID.Text) {
			x.literals[c.ID.Text] = true
		}
	}
	seen := map[int]map[string]bool{}
	for _, a := range m.app {
		if a.Kind != kindClientID {
			continue
		}
		if seen[a.Group] == nil {
			seen[a.Group] = map[string]bool{}
		}
		if !seen[a.Group][a.Value.Text] {
			seen[a.Group][a.Value.Text] = true
			x.named[a.Group] = append(x.named[a.Group], a.Value.Text)
		}
	}
	m.idx = x
	return x
}

// add records client c, at index i. Its redirect URIs are parsed with
// urls, the guide's memo, as each client is added to two registries.
func (r *idRegs) add(i int, c client, urls urlMemo) {
	r.clients = append(r.clients, i)
	for j, u := range c.RedirectURIs {
		pu, ok := urls.literal(u.Text)
		if !ok {
			continue
		}
		if r.exact == nil {
			r.exact = map[string]bool{}
		}
		r.exact[u.Text] = true
		// literalURL's parse is loopbackKey's: no second one.
		if k, ok := loopbackKeyOf(pu); ok {
			if r.loop == nil {
				r.loop = map[string]bool{} // few clients register loopback URIs
			}
			r.loop[k] = true
		}
		if len(r.first) < maxRelated {
			r.first = append(r.first, regRef{client: i, i: j, v: u})
		}
		r.n++
	}
}

// matches reports whether a client of r registers a redirect URI that
// Authelia accepts for got (see redirectMatches).
func (r *idRegs) matches(got string) bool {
	if r.exact[got] {
		return true
	}
	k, ok := loopbackKey(got)
	return ok && r.loop[k]
}

// loopbackKey returns what redirectMatches compares of a loopback http
// URI (everything but the port), and false for any other URI.
func loopbackKey(s string) (string, bool) {
	u, err := url.Parse(s)
	if err != nil {
		return "", false
	}
	return loopbackKeyOf(u)
}

// loopbackKeyOf is loopbackKey of the URL u parses to.
func loopbackKeyOf(u *url.URL) (string, bool) {
	if u.Scheme != "http" || !isLoopback(u) {
		return "", false
	}
	return u.Hostname() + "\x00" + u.EscapedPath() + "\x00" + u.RawQuery + "\x00" + u.EscapedFragment(), true
}

// set returns the client set of the values of group g (see clientsFor).
func (m *model) set(g int, anyClient bool) clientSet {
	x := m.index()
	k := setKey{g, anyClient}
	if s, ok := x.sets[k]; ok {
		return s
	}
	var s clientSet
	if ids := x.existing(x.named[g]); len(ids) > 0 {
		s.ids = ids
	} else if a := m.assumedSet(); a.all || len(a.ids) > 0 || !anyClient {
		s = a
	} else {
		s.all = true
	}
	x.sets[k] = s
	return s
}

// assumedSet returns the client set the assumptions describe (see
// assumedClients).
func (m *model) assumedSet() clientSet {
	x := m.index()
	k := setKey{group: -2}
	if s, ok := x.sets[k]; ok {
		return s
	}
	var s clientSet
	if a, ok := m.assume.primary(labelClientID); ok && x.byID[a.Text] != nil {
		s.ids = []string{a.Text}
	} else if len(x.literals) == 1 {
		s.all = true
	}
	x.sets[k] = s
	return s
}

// existing returns the ids among names that some client has, ordered by
// their first client.
func (x *clientIndex) existing(names []string) []string {
	var ids []string
	for _, n := range names {
		if x.byID[n] != nil {
			ids = append(ids, n)
		}
	}
	slices.SortFunc(ids, func(a, b string) int { return cmp.Compare(x.byID[a].clients[0], x.byID[b].clients[0]) })
	return ids
}

// regs returns the per-id indexes of s (one for every client when s.all).
func (x *clientIndex) regs(s clientSet) []*idRegs {
	if s.all {
		return []*idRegs{x.all}
	}
	rs := make([]*idRegs, len(s.ids))
	for i, id := range s.ids {
		rs[i] = x.byID[id]
	}
	return rs
}

// clientsOf returns the clients of s in configuration order.
func (m *model) clientsOf(s clientSet) []client {
	var idx []int
	for _, r := range m.index().regs(s) {
		idx = append(idx, r.clients...)
	}
	slices.Sort(idx)
	out := make([]client, len(idx))
	for i, j := range idx {
		out[i] = m.clients[j]
	}
	return out
}

// idNames returns the distinct client ids of s in configuration order.
func (x *clientIndex) idNames(s clientSet) []string {
	if s.all {
		return x.ids
	}
	return s.ids
}

// firstRegs returns the first maxRelated redirect URIs registered by the
// clients of s, in configuration order.
func (x *clientIndex) firstRegs(s clientSet) []value {
	var refs []regRef
	for _, r := range x.regs(s) {
		refs = append(refs, r.first...)
	}
	slices.SortFunc(refs, func(a, b regRef) int { return cmp.Or(cmp.Compare(a.client, b.client), cmp.Compare(a.i, b.i)) })
	out := make([]value, 0, maxRelated)
	for _, r := range refs[:min(len(refs), maxRelated)] {
		out = append(out, r.v)
	}
	return out
}

// redirectIndex answers, for the values of one group, whether a client of
// its set registers a matching redirect URI. With few ids it asks each
// id's index per value; when that would cost more than merging the ids'
// redirect URIs once, it merges them (a snippet of n values naming n
// clients each would otherwise cost n²).
type redirectIndex struct {
	per    []*idRegs
	merged *idRegs
	n      int // registered URIs
	// For the messages, computed once per group: the first registered
	// URIs and the client ids.
	first []value
	names string
}

func newRedirectIndex(x *clientIndex, s clientSet, values int) *redirectIndex {
	ri := &redirectIndex{per: x.regs(s), first: x.firstRegs(s), names: quoteFew(x.idNames(s))}
	for _, r := range ri.per {
		ri.n += r.n
	}
	if len(ri.per) > 1 && values*len(ri.per) > ri.n {
		ri.merged = &idRegs{exact: map[string]bool{}, loop: map[string]bool{}}
		for _, r := range ri.per {
			for u := range r.exact {
				ri.merged.exact[u] = true
			}
			for k := range r.loop {
				ri.merged.loop[k] = true
			}
		}
	}
	return ri
}

func (ri *redirectIndex) matches(got string) bool {
	if ri.merged != nil {
		return ri.merged.matches(got)
	}
	return slices.ContainsFunc(ri.per, func(r *idRegs) bool { return r.matches(got) })
}

// quoteFew renders up to maxRelated values as 'a', 'b' and says how many
// more there are.
func quoteFew(vs []string) string {
	q := quoteList(vs[:min(len(vs), maxRelated)])
	if n := len(vs) - maxRelated; n > 0 {
		q += fmt.Sprintf(" and %d more", n)
	}
	return q
}

// lowerHost returns the host of u in lower case, for comparing hosts as
// strings.EqualFold does.
func lowerHost(u *url.URL) string { return strings.ToLower(u.Hostname()) }
