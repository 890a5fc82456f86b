package shortcode

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/guidec/guidec/internal/source"
)

// TestEstimateCalls checks the counts that size the parser's first
// chunks of calls and parameters.
func TestEstimateCalls(t *testing.T) {
	for _, tt := range []struct {
		src           string
		calls, params int
	}{
		{"", 0, 0},
		{"no calls {{ here }}", 0, 0},
		{`{{< sitevar name="domain" nojs="example.com" >}}`, 1, 2},
		{`{{% oidc-common %}}`, 1, 0},
		{`{{<sitevar name="a">}} and {{% x a="1" b="2" c="3" %}}`, 2, 4},
		{"{{< callout title=\"T\" >}}\nin {{< sitevar name=\"d\" >}}\n{{< /callout >}}", 2, 2},
		{`{{</* sitevar name="d" */>}}`, 0, 0},         // escaped: no call
		{`{{<  / callout >}}`, 0, 0},                   // closing tag
		{`{{< ref "a.md" >}}`, 1, 0},                   // positional: counted short
		{`{{< x u="https://e.example/?a=1" >}}`, 1, 2}, // '=' in a value: counted long
		{`{{< broken name="x"`, 1, 0},                  // no end
		{"{{", 0, 0},
		{"{{<", 0, 0},
		{"{{< ", 0, 0},
	} {
		calls, params := estimateCalls([]byte(tt.src))
		if calls != tt.calls || params != tt.params {
			t.Errorf("estimateCalls(%q) = %d, %d, want %d, %d", tt.src, calls, params, tt.calls, tt.params)
		}
	}
}

// TestEstimateCallsCorpus checks that the estimate is exact on the corpus
// guides, whose calls all have named parameters without '=' in values.
func TestEstimateCallsCorpus(t *testing.T) {
	corpus := corpusDir(t)
	set := loadSet(t)
	paths, _ := filepath.Glob(filepath.Join(corpus, "*", "index.md"))
	var est, got [2]int
	for _, path := range paths {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		body := bodySpan(b)
		nodes, _ := Parse(source.NewFile(path, b), body, set)
		c, p := estimateCalls(b[body.Start:body.End])
		est[0], est[1] = est[0]+c, est[1]+p
		got = countCalls(nodes, got)
	}
	if est != got {
		t.Errorf("estimated %d calls, %d parameters on %d guides; parsed %d, %d", est[0], est[1], len(paths), got[0], got[1])
	}
}

// countCalls adds to n the calls in nodes and their parameters.
func countCalls(nodes []Node, n [2]int) [2]int {
	for _, x := range nodes {
		if c, ok := x.(*Call); ok {
			n[0], n[1] = n[0]+1, n[1]+len(c.Params)
			n = countCalls(c.Inner, n)
		}
	}
	return n
}

// FuzzEstimateCalls checks that estimateCalls never panics and counts no
// more calls than there are "{{".
func FuzzEstimateCalls(f *testing.F) {
	for _, s := range []string{`{{< a b="c" >}}`, "{{% x %}}{{< /y >}}", "{{</* z */>}}", "{{<", "{{{{<<"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		calls, params := estimateCalls(b)
		if calls < 0 || params < 0 || calls > bytes.Count(b, []byte("{{")) || params > bytes.Count(b, []byte("=")) {
			t.Errorf("estimateCalls(%q) = %d, %d", b, calls, params)
		}
	})
}

// TestEstimateCallsCapped checks that a body of tags that make no calls
// (empty names, a run of '=') reserves no more than the capped chunks.
func TestEstimateCallsCapped(t *testing.T) {
	for _, body := range []string{
		strings.Repeat("{{<>}}", 100000),
		strings.Repeat("{{< x a=b=c=d=e=f=g=h >}}", 1000),
		`{{< x ` + strings.Repeat("=", 100000) + ` >}}`,
		strings.Repeat("{{< sitevar name=\"d\" >}}", 10),
	} {
		calls, params := estimateCalls([]byte(body))
		var p parser
		p.reserve([]byte(body), nil)
		if p.callEst != min(calls, maxCallEst) || p.paramEst != min(params, 4*maxCallEst) || cap(p.root) != 2*p.callEst+1 {
			t.Errorf("%.40q: reserved %d calls, %d parameters, %d nodes; estimated %d, %d",
				body, p.callEst, p.paramEst, cap(p.root), calls, params)
		}
	}
}

// TestParseStore parses every corpus guide into one reused store and
// compares each tree with a parse into storage of its own; between pages
// the store is cleared, and must then hold nothing.
func TestParseStore(t *testing.T) {
	corpus := corpusDir(t)
	set := loadSet(t)
	paths, _ := filepath.Glob(filepath.Join(corpus, "*", "index.md"))
	// A page of many calls first and one of none, so that the store
	// grows and shrinks in use.
	bodies := [][]byte{[]byte(strings.Repeat(`{{< sitevar name="domain" nojs="x" >}} `, 300)), []byte("none\n")}
	for _, path := range paths {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		bodies = append(bodies, b)
	}
	var st parseStore
	for i, b := range bodies {
		f := source.NewFile("g.md", b)
		body := bodySpan(b)
		want, wantD := parseCalls(f, body, set, nil)
		got, gotD := parseInto(f, body, set, nil, &st)
		if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(gotD, wantD) {
			t.Fatalf("body %d: the tree parsed into the store differs", i)
		}
		st.clear()
		if slices.ContainsFunc(st.calls[:cap(st.calls)], func(c Call) bool { return !reflect.ValueOf(c).IsZero() }) ||
			slices.ContainsFunc(st.params[:cap(st.params)], func(p Param) bool { return p != Param{} }) ||
			slices.ContainsFunc(st.root[:cap(st.root)], func(n Node) bool { return n != nil }) {
			t.Fatalf("body %d: the cleared store still holds a page's nodes", i)
		}
	}
}
