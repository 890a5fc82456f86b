package source

import (
	"math/rand"
	"reflect"
	"sort"
	"testing"
)

// naiveResolve is Resolve as a linear reading of its doc comment.
func naiveResolve(m *Map, off int) (int, bool, bool) {
	if m == nil || len(m.segs) == 0 || off < 0 {
		return 0, false, false
	}
	i := sort.Search(len(m.segs), func(i int) bool { return int(m.segs[i].dst) > off }) - 1
	if i < 0 {
		return 0, false, false
	}
	s := m.segs[i].wide()
	switch {
	case off > s.dst+s.len:
		return s.src.End, false, true
	case off == s.dst+s.len:
		return s.src.End, s.verbatim, true
	case s.verbatim:
		return s.src.Start + off - s.dst, true, true
	}
	return s.src.Start, false, true
}

func randomMap(r *rand.Rand, n int) *Map {
	var m Map
	dst, src := r.Intn(3), 0
	for k := 0; k < n; k++ {
		l := 1 + r.Intn(6)
		if r.Intn(3) == 0 {
			m.AddGenerated(dst, l, Span{src, src + r.Intn(4)})
		} else {
			m.AddVerbatim(dst, src, l)
		}
		dst += l + r.Intn(2)
		src += r.Intn(8)
	}
	return &m
}

// TestSegAtAgrees checks the hand-written search, with and without hints,
// against sort.Search, and ResolveSpan and Compose on random maps against
// the naive Resolve.
func TestSegAtAgrees(t *testing.T) {
	r := rand.New(rand.NewSource(3))
	var arena MapArena
	var kept [][2]*Map // maps from the arena must not overlap
	defer func() {
		for _, k := range kept {
			if len(k[0].segs) != len(k[1].segs) || len(k[0].segs) > 0 && !reflect.DeepEqual(k[0].segs, k[1].segs) {
				t.Fatalf("a map from the arena changed: %+v, want %+v", k[0].segs, k[1].segs)
			}
		}
	}()
	for it := 0; it < 3000; it++ {
		m := randomMap(r, r.Intn(8))
		for off := -2; off < 60; off++ {
			want := sort.Search(len(m.segs), func(i int) bool { return int(m.segs[i].dst) > off }) - 1
			for hint := -1; hint <= len(m.segs); hint++ {
				if got := m.segAt(off, hint); got != want {
					t.Fatalf("%+v: segAt(%d, %d) = %d, want %d", m.segs, off, hint, got, want)
				}
			}
			if off > 0 {
				end, eok := m.resolveEnd(off)
				wend, weok := 0, false
				if i := sort.Search(len(m.segs), func(i int) bool { return int(m.segs[i].dst) >= off }) - 1; i >= 0 {
					s := m.segs[i].wide()
					wend, weok = s.src.End, true
					if s.verbatim && off <= s.dst+s.len {
						wend = s.src.Start + off - s.dst
					}
				}
				if end != wend || eok != weok {
					t.Fatalf("%+v: resolveEnd(%d) = %d %v, want %d %v", m.segs, off, end, eok, wend, weok)
				}
			}
			for end := off - 2; end < off+12; end++ {
				// ResolveSpan searches for the end from the start's
				// segment: the same as the start and end resolved apart.
				got, gok := m.ResolveSpan(Span{off, end})
				want, wok := Span{}, false
				if ws, _, ok := naiveResolve(m, off); ok {
					we, eok := m.resolveEnd(end)
					if !eok || we < ws {
						we = ws
					}
					want, wok = Span{ws, we}, true
				}
				if got != want || gok != wok {
					t.Fatalf("%+v: ResolveSpan(%d, %d) = %v %v, want %v %v", m.segs, off, end, got, gok, want, wok)
				}
			}
			o, e, ok := m.Resolve(off)
			wo, we, wok := naiveResolve(m, off)
			if o != wo || e != we || ok != wok {
				t.Fatalf("%+v: Resolve(%d) = %d %v %v, want %d %v %v", m.segs, off, o, e, ok, wo, we, wok)
			}
		}
		inner := randomMap(r, r.Intn(6))
		got := inner.Compose(m)
		want := naiveCompose(inner, m)
		if !reflect.DeepEqual(got.segs, want.segs) {
			t.Fatalf("Compose(%+v, %+v) = %+v, want %+v", inner.segs, m.segs, got.segs, want.segs)
		}
		if in := inner.ComposeIn(m, &arena); len(in.segs) != len(want.segs) || len(in.segs) > 0 && !reflect.DeepEqual(in.segs, want.segs) {
			t.Fatalf("ComposeIn(%+v, %+v) = %+v, want %+v", inner.segs, m.segs, in.segs, want.segs)
		}
		kept = append(kept, [2]*Map{inner.ComposeIn(m, &arena), want})
	}
}

// naiveCompose is Compose as it was written before segAt, searching twice
// per step.
func naiveCompose(m, outer *Map) *Map {
	r := Map{segs: make([]segment, 0, len(m.segs))}
	for k := range m.segs {
		s := m.segs[k].wide()
		if !s.verbatim {
			if sp, ok := outer.ResolveSpan(s.src); ok {
				r.AddGenerated(s.dst, s.len, sp)
			}
			continue
		}
		for i := 0; i < s.len; {
			o, exact, ok := naiveResolve(outer, s.src.Start+i)
			if !ok {
				i++
				continue
			}
			off, max := s.src.Start+i, s.len-i
			n := 1
			if j := sort.Search(len(outer.segs), func(j int) bool { return int(outer.segs[j].dst) > off }) - 1; j >= 0 {
				if d := int(outer.segs[j].dst) + int(outer.segs[j].len) - off; d > 0 {
					n = min(d, max)
				}
			}
			if exact {
				r.AddVerbatim(s.dst+i, o, n)
			} else {
				sp, _ := outer.ResolveSpan(Span{s.src.Start + i, s.src.Start + i + n})
				r.AddGenerated(s.dst+i, n, sp)
			}
			i += n
		}
	}
	return &r
}
