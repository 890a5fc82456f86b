package lazyre

import (
	"regexp"
	"strings"
	"sync"
	"testing"
)

// TestSameAsRegexp runs every method against regexp.MustCompile of the
// same pattern on the same inputs.
func TestSameAsRegexp(t *testing.T) {
	tests := []struct{ pat, in string }{
		{`a(b+)c`, "xabbbc abc ac"},
		{`^([A-Za-z_][\w.-]*):(\s|$)`, "key: value"},
		{`(?i)\b(set|use)\s+(\w{1,10})`, "Set the Client ID, use  x"},
		{`[0-7]{3,4}`, "0755 8 0644"},
		{`x*`, ""},
	}
	for _, tt := range tests {
		l, re := New(tt.pat), regexp.MustCompile(tt.pat)
		if g, w := l.MatchString(tt.in), re.MatchString(tt.in); g != w {
			t.Errorf("%q MatchString(%q) = %v, want %v", tt.pat, tt.in, g, w)
		}
		if g, w := strings.Join(l.FindStringSubmatch(tt.in), "|"), strings.Join(re.FindStringSubmatch(tt.in), "|"); g != w {
			t.Errorf("%q FindStringSubmatch = %q, want %q", tt.pat, g, w)
		}
		if g, w := l.FindStringSubmatchIndex(tt.in), re.FindStringSubmatchIndex(tt.in); !equalInts(g, w) {
			t.Errorf("%q FindStringSubmatchIndex = %v, want %v", tt.pat, g, w)
		}
		if g, w := strings.Join(l.FindAllString(tt.in, -1), "|"), strings.Join(re.FindAllString(tt.in, -1), "|"); g != w {
			t.Errorf("%q FindAllString = %q, want %q", tt.pat, g, w)
		}
		g, w := l.FindAllStringSubmatchIndex(tt.in, -1), re.FindAllStringSubmatchIndex(tt.in, -1)
		if len(g) != len(w) {
			t.Errorf("%q FindAllStringSubmatchIndex = %v, want %v", tt.pat, g, w)
		} else {
			for i := range g {
				if !equalInts(g[i], w[i]) {
					t.Errorf("%q FindAllStringSubmatchIndex = %v, want %v", tt.pat, g, w)
				}
			}
		}
		if g, w := l.ReplaceAllString(tt.in, "<$1>"), re.ReplaceAllString(tt.in, "<$1>"); g != w {
			t.Errorf("%q ReplaceAllString = %q, want %q", tt.pat, g, w)
		}
		if g, w := l.ReplaceAllStringFunc(tt.in, strings.ToUpper), re.ReplaceAllStringFunc(tt.in, strings.ToUpper); g != w {
			t.Errorf("%q ReplaceAllStringFunc = %q, want %q", tt.pat, g, w)
		}
		if l.String() != re.String() {
			t.Errorf("String = %q, want %q", l.String(), re.String())
		}
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestLazy checks that New compiles nothing and that concurrent first
// uses share one compiled expression.
func TestLazy(t *testing.T) {
	r := New(`a+`)
	if r.re != nil {
		t.Fatal("New compiled the pattern")
	}
	var wg sync.WaitGroup
	res := make([]*regexp.Regexp, 8)
	for i := range res {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res[i] = r.Re()
		}()
	}
	wg.Wait()
	for _, re := range res {
		if re != res[0] || re == nil {
			t.Fatalf("Re returned %p and %p", re, res[0])
		}
	}
}

// TestCompileAll checks that an invalid pattern is reported by CompileAll
// and panics at first use, and that New registers every pattern.
func TestCompileAll(t *testing.T) {
	saved := registry
	defer func() { registry = saved }()
	n := Count()
	New(`ok`)
	if Count() != n+1 {
		t.Fatalf("Count = %d after New, want %d", Count(), n+1)
	}
	if err := CompileAll(); err != nil {
		t.Fatalf("CompileAll: %v", err)
	}
	bad := New(`a(b`)
	err := CompileAll()
	if err == nil || !strings.Contains(err.Error(), "a(b") {
		t.Fatalf("CompileAll = %v, want an error naming a(b", err)
	}
	defer func() {
		if recover() == nil {
			t.Error("Re of an invalid pattern did not panic")
		}
	}()
	bad.Re()
}
