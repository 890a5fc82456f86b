package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestMedian(t *testing.T) {
	for _, tc := range []struct {
		in   []time.Duration
		want time.Duration
	}{
		{nil, 0},
		{[]time.Duration{5}, 5},
		{[]time.Duration{9, 1, 5}, 5},
		{[]time.Duration{4, 1, 3, 2}, 2}, // (2+3)/2 in integer nanoseconds
		{[]time.Duration{10, 30, 20, 40}, 25},
	} {
		if got := median(tc.in); got != tc.want {
			t.Errorf("median(%v) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func TestSummarise(t *testing.T) {
	st := summarise([]sample{
		{wall: 30 * time.Millisecond, cpu: 3, rss: 300},
		{wall: 10 * time.Millisecond, cpu: 1, rss: 100},
		{wall: 20 * time.Millisecond, cpu: 2, rss: 900},
	})
	want := stats{n: 3, wall: 20 * time.Millisecond, cpu: 2, rss: 300, minWall: 10 * time.Millisecond, maxWall: 30 * time.Millisecond}
	if st != want {
		t.Errorf("summarise = %+v, want %+v", st, want)
	}
}

func TestPercentile(t *testing.T) {
	ds := []time.Duration{10, 1, 9, 2, 8, 3, 7, 4, 6, 5}
	for _, tc := range []struct {
		p    float64
		want time.Duration
	}{{0.5, 5}, {0.9, 9}, {1, 10}, {0, 1}} {
		if got := percentile(ds, tc.p); got != tc.want {
			t.Errorf("percentile(%v) = %v, want %v", tc.p, got, tc.want)
		}
	}
}

func TestVerdict(t *testing.T) {
	ms := time.Millisecond
	hugo := &stats{wall: 400 * ms, rss: 100 << 20}
	for _, tc := range []struct {
		name string
		tg   target
		st   stats
		h    *stats
		want string
	}{
		{"no target", target{}, stats{wall: ms}, hugo, "—"},
		{"ratio holds", target{wallRatio: 0.25, rssRatio: 0.5}, stats{wall: 100 * ms, rss: 50 << 20}, hugo, "yes"},
		{"wall over", target{wallRatio: 0.25, rssRatio: 0.5}, stats{wall: 101 * ms, rss: 50 << 20}, hugo, "no (wall)"},
		{"rss over", target{wallRatio: 0.25, rssRatio: 0.5}, stats{wall: 99 * ms, rss: 51 << 20}, hugo, "no (RSS)"},
		{"both over", target{wallRatio: 0.25, rssRatio: 0.5}, stats{wall: 200 * ms, rss: 60 << 20}, hugo, "no (wall, RSS)"},
		{"no hugo", target{wallRatio: 0.3}, stats{wall: ms}, nil, "needs Hugo"},
		{"absolute holds", target{wall: 60 * ms}, stats{wall: 60 * ms}, nil, "yes"},
		{"absolute over", target{wall: 60 * ms}, stats{wall: 61 * ms}, nil, "no (wall)"},
	} {
		if got := tc.tg.verdict(tc.st, tc.h); got != tc.want {
			t.Errorf("%s: verdict = %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestApplyRewrites(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		rs       []rewrite
	}{
		{`{{ $s = safeStyle . }}`, `{{ $s = safeCSS . }}`, guidecToHugo},
		{`{{ if not (unreserved $client) }}`, `{{ if not (findRE "^[A-Za-z0-9._~-]+$" $client) }}`, guidecToHugo},
		{`{{ $b := printf "%v" (.Get "bugs") }}`, `{{ $b := printf "%v" (.Get "bugs" | default "") }}`, guidecToHugo},
		// Already defaulted, or not a parenthesised .Get: left alone.
		{`{{ (.Get "faq" | default "x") }}`, `{{ (.Get "faq" | default "x") }}`, guidecToHugo},
		{`{{ with .Get "title" }}`, `{{ with .Get "title" }}`, guidecToHugo},
		// Words that merely contain a function's name are not calls.
		{`{{ $notunreserved := 1 }}{{ safeStyles }}`, `{{ $notunreserved := 1 }}{{ safeStyles }}`, guidecToHugo},
		{`{{ range (index hugo.Data.x "y") }}`, `{{ range (index site.Data.x "y") }}`, docsToHugo},
	} {
		if got := applyRewrites(tc.in, tc.rs); got != tc.want {
			t.Errorf("applyRewrites(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestWriteConfig(t *testing.T) {
	dir := t.TempDir()
	tmpl := filepath.Join(dir, "t.toml")
	os.WriteFile(tmpl, []byte("contentDir = @CONTENT@\ncacheDir = @CACHE@\n"), 0o644)
	dst := filepath.Join(dir, "c.toml")
	err := writeConfig(tmpl, dst, map[string]string{"CONTENT": `/a "b"\c`, "CACHE": "/x"})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(dst)
	if want := "contentDir = \"/a \\\"b\\\"\\\\c\"\ncacheDir = \"/x\"\n"; string(b) != want {
		t.Errorf("config = %q, want %q", b, want)
	}
	if err := writeConfig(tmpl, dst, map[string]string{"CONTENT": "/a"}); err == nil || !strings.Contains(err.Error(), "@CACHE@") {
		t.Errorf("a missing value: err = %v, want one naming @CACHE@", err)
	}
}

func TestDistinctCopy(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"quoted title and aliases",
			"---\ntitle: \"Access Control\"\naliases:\n  - '/docs/a.html'\n  - /docs/b/\nweight: 3\n---\nBody.\n",
			"---\ntitle: \"Access Control (copy 2)\"\naliases:\n  - '/k2/docs/a.html'\n  - /k2/docs/b/\nweight: 3\n---\nBody.\n"},
		{"plain title, empty aliases",
			"---\ntitle: Plain\naliases: []\n---\n",
			"---\ntitle: Plain (copy 2)\naliases: []\n---\n"},
		{"list after aliases is not an alias",
			"---\naliases:\n  - /x\nseo:\n  - keep\n---\n",
			"---\naliases:\n  - /k2/x\nseo:\n  - keep\n---\n"},
		{"no front matter", "# Title\n", "# Title\n"},
		{"unclosed front matter", "---\ntitle: x\n", "---\ntitle: x\n"},
		{"title in the body untouched", "---\nlayout: x\n---\ntitle: body\n", "---\nlayout: x\n---\ntitle: body\n"},
	} {
		if got := distinctCopy(tc.in, 2); got != tc.want {
			t.Errorf("%s:\ngot  %q\nwant %q", tc.name, got, tc.want)
		}
	}
}

func TestReplicateDocs(t *testing.T) {
	src := t.TempDir()
	write := func(rel, s string) {
		p := filepath.Join(src, rel)
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte(s), 0o644)
	}
	write("config/_default/hugo.toml", "title = 'x'\n")
	write("data/d.json", "{}")
	write("content/_index.md", "---\ntitle: Home\n---\n")
	write("content/guides/_index.md", "---\ntitle: Guides\naliases:\n  - /old/\n---\n")
	write("content/guides/a/index.md", "---\ntitle: A\n---\n[b](../b.md)\n")
	write("content/guides/a/shot.png", "png")
	write("content/guides/b.md", "---\ntitle: B\n---\n")
	dst := filepath.Join(t.TempDir(), "out")
	if err := replicateDocs(src, dst, 3); err != nil {
		t.Fatal(err)
	}
	var got []string
	filepath.WalkDir(dst, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dst, p)
			got = append(got, filepath.ToSlash(rel))
		}
		return nil
	})
	want := []string{
		"config/_default/hugo.toml", "content/_index.md",
		"content/guides-k2/_index.md", "content/guides-k2/a/index.md", "content/guides-k2/a/shot.png", "content/guides-k2/b.md",
		"content/guides-k3/_index.md", "content/guides-k3/a/index.md", "content/guides-k3/a/shot.png", "content/guides-k3/b.md",
		"content/guides/_index.md", "content/guides/a/index.md", "content/guides/a/shot.png", "content/guides/b.md",
		"data/d.json",
	}
	slices.Sort(got)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("files:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	read := func(rel string) string { b, _ := os.ReadFile(filepath.Join(dst, rel)); return string(b) }
	if s := read("content/guides/_index.md"); !strings.Contains(s, "  - /old/") {
		t.Errorf("first copy changed: %q", s)
	}
	if s := read("content/guides-k3/_index.md"); !strings.Contains(s, "  - /k3/old/") || !strings.Contains(s, "title: Guides (copy 3)") {
		t.Errorf("third copy: %q", s)
	}
	if s := read("content/guides-k2/a/index.md"); !strings.Contains(s, "[b](../b.md)") {
		t.Errorf("body of a copy changed: %q", s)
	}
}

func TestReadSSE(t *testing.T) {
	stream := "retry: 500\n\nevent: hello\ndata: {\"seq\":1}\n\n: ping\n\nevent: build\ndata: {\"seq\":2,\ndata: \"changed\":[\"a/index.html\"]}\n\ndata: bare\n\n"
	ch := make(chan sseEvent, 8)
	if err := readSSE(strings.NewReader(stream), ch); err != nil {
		t.Fatal(err)
	}
	close(ch)
	var got []string
	for ev := range ch {
		got = append(got, ev.name+"="+ev.data)
	}
	want := []string{`hello={"seq":1}`, "build={\"seq\":2,\n\"changed\":[\"a/index.html\"]}", "message=bare"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("events %q, want %q", got, want)
	}
}

func TestBuildEventNames(t *testing.T) {
	for _, tc := range []struct {
		ev   buildEvent
		want bool
	}{
		{buildEvent{Changed: []string{"app-k6/index.html"}}, true},
		{buildEvent{Changed: []string{"app-k60/index.html"}}, false}, // another guide sharing the prefix
		{buildEvent{Changed: []string{"index.html", "sitemap.xml"}}, false},
		{buildEvent{All: true}, true},
		{buildEvent{}, false},
	} {
		if got := tc.ev.names("app-k6"); got != tc.want {
			t.Errorf("%+v names app-k6 = %v, want %v", tc.ev, got, tc.want)
		}
	}
}

func TestFmtDur(t *testing.T) {
	for _, tc := range []struct {
		d    time.Duration
		want string
	}{
		{1500 * time.Microsecond, "1.5 ms"},
		{62 * time.Millisecond, "62 ms"},
		{9999 * time.Millisecond, "9999 ms"},
		{12340 * time.Millisecond, "12.34 s"},
	} {
		if got := fmtDur(tc.d); got != tc.want {
			t.Errorf("fmtDur(%v) = %q, want %q", tc.d, got, tc.want)
		}
	}
}

func TestParseInitTrace(t *testing.T) {
	trace := `init internal/bytealg @0.007 ms, 0.004 ms clock, 0 bytes, 0 allocs
init runtime @0.10 ms, 0.50 ms clock, 0 bytes, 0 allocs
guidec dev
init github.com/x/y @3.1 ms, 2.25 ms clock, 1024 bytes, 7 allocs
init broken @1 ms, x ms clock, 0 bytes, 0 allocs
`
	n, total := parseInitTrace(trace)
	if n != 3 {
		t.Errorf("packages = %d, want 3", n)
	}
	if want := 2754 * time.Microsecond; total != want {
		t.Errorf("total = %v, want %v", total, want)
	}
}
