package compose

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/guidec/guidec/internal/guide/yamlpos"
	"github.com/guidec/guidec/internal/snippet"
	"github.com/guidec/guidec/internal/testenv"
)

// battery are Compose files meant to reach the loader with what the fast
// path must not vouch for: values only the loader rejects, next to the
// shapes it accepts.
var battery = []string{
	"",
	"services: {}\n",
	"services:\n  web: {}\n",
	"version: '3'\nservices:\n  web:\n    image: nginx\n",
	"name: demo\nservices:\n  web:\n    image: nginx\n",
	"services:\n  web:\n    image: nginx\n    ports: ['80:80', '443:443/udp', '127.0.0.1:9091:9091', 8080, '[::1]:53:53/udp', '8000-8002:8000-8002']\n",
	"services:\n  web:\n    image: nginx\n    ports: ['80:abc']\n",
	"services:\n  web:\n    image: nginx\n    ports: ['99999:80']\n",
	"services:\n  web:\n    image: nginx\n    ports: ['300.1.1.1:80:80']\n",
	"services:\n  web:\n    image: nginx\n    ports: ['localhost:80:80']\n",
	"services:\n  web:\n    image: nginx\n    ports: ['8000-8002:80-81']\n",
	"services:\n  web:\n    image: nginx\n    ports: ['${P:?set P}:80']\n",
	"services:\n  web:\n    image: nginx\n    ports: ['${P}:80', '${Q:-81}:81']\n",
	"services:\n  web:\n    image: nginx\n    ports: [0, -1, '80/sctp', '80/xyz', ':80', '1:2:3:4']\n",
	"services:\n  web:\n    image: nginx\n    ports: [{target: 80, published: '8080', host_ip: 'nope'}]\n",
	"services:\n  web:\n    image: nginx\n    volumes: ['./a:/a', '/b:/b:ro', 'data:/data', '${PWD}/c:/c', '~/d:/d:rw,z']\n",
	"services:\n  web:\n    image: nginx\n    volumes: [':', '::', 'a:b:c:d', '', './a:relative', './a:/a:bogus']\n",
	"services:\n  web:\n    image: nginx\n    volumes: ['${V:?required}:/v']\n",
	"services:\n  web:\n    image: nginx\n    volumes: ['./a:/a', './b:/a']\n",
	"services:\n  web:\n    image: nginx\n    volumes: [{type: bind, source: ./a, target: /a}, {type: bind, source: ./b}]\n",
	"services:\n  web:\n    image: nginx\n    environment: ['A=1', 'B', 'C =3', '=x', 'D\t=4', 'E==']\n",
	"services:\n  web:\n    image: nginx\n    environment: ['A${X:?no}=1']\n",
	"services:\n  web:\n    image: nginx\n    environment: ['A${X} =1']\n",
	"services:\n  web:\n    image: nginx\n    environment: {A: 1, B: ~, C: '${X:?no}', D: true}\n",
	"services:\n  web:\n    image: nginx\n    labels: ['a=b', 'c', 'a=d']\n",
	"services:\n  web:\n    image: nginx\n    command: serve --port 80 --host=0.0.0.0\n",
	"services:\n  web:\n    image: nginx\n    command: \"sh -c 'echo hi\"\n",
	"services:\n  web:\n    image: nginx\n    command: echo \\\n",
	"services:\n  web:\n    image: nginx\n    command: ['sh', '-c', 'echo \"unclosed']\n",
	"services:\n  web:\n    image: nginx\n    entrypoint: a | b; c && d > e\n",
	"services:\n  web:\n    image: nginx\n    command: echo ${X:?missing}\n",
	"services:\n  web:\n    image: nginx\n    command: echo $$HOME `date`\n",
	"services:\n  web:\n    image: ${IMAGE:?set the image}\n",
	"services:\n  web:\n    image: ${IMAGE:-nginx}\n    container_name: ${NAME}\n",
	"services:\n  web:\n    image: nginx\n    restart: sometimes\n    user: '1000:1000'\n    hostname: web\n    working_dir: /app\n",
	"services:\n  web:\n    image: nginx\n    networks: [a, b, a]\n",
	"services:\n  web:\n    image: nginx\n    networks:\n      a:\n      b: {aliases: [x, y]}\n      c: {ipv4_address: 10.0.0.300}\n",
	"services:\n  web:\n    image: nginx\n    networks: {a: {aliases: [1, 2]}}\n",
	"services:\n  web:\n    image: nginx\n    secrets: [s, s]\nsecrets:\n  s: {file: ./s.txt}\n",
	"services:\n  web:\n    image: nginx\nsecrets:\n  s: {}\n  t: {file: a, environment: B}\n  u: {external: true}\n",
	"services:\n  web:\n    image: nginx\nnetworks:\n  n: {driver: bridge, name: n, external: true}\n  m:\n  o: {external: {name: x}, name: y}\n",
	"services:\n  web:\n    image: nginx\nnetworks:\n  n: {external: 'yes'}\n",
	"services:\n  web:\n    image: nginx\n    cap_add: [NET_ADMIN, NET_ADMIN]\n    cap_drop: [ALL]\n",
	"services:\n  web:\n    image: nginx\n    cap_add: [1]\n",
	"services:\n  web:\n    image: nginx\n    healthcheck: {disable: true}\n",
	"services:\n  web:\n    image: nginx\n    healthcheck: {disable: 'maybe'}\n",
	"services:\n  web:\n    image: nginx\n    healthcheck: {test: [CMD, 'true'], interval: 10x}\n",
	"services:\n  web:\n    image: nginx\n    depends_on: [db, db]\n    mem_limit: lots\n",
	"services:\n  web:\n    image: nginx\n    x-meta: {a: '${X:?no}'}\n",
	"x-common: &common\n  image: nginx\n  restart: always\n  ports: ['80:80']\nservices:\n  web:\n    <<: *common\n    container_name: web\n  api:\n    <<: [*common]\n    ports: ['81:abc']\n",
	"x-env: &env\n  A: '1'\nservices:\n  web:\n    image: nginx\n    environment:\n      <<: *env\n      B: '2'\n",
	"x-bad: '${X:?no}'\nservices:\n  web:\n    image: nginx\n",
	"services:\n  web:\n    image: nginx\n    image: httpd\n    ports: ['80:80']\n    ports: ['80:x']\n",
	"services:\n  web:\n    image: nginx\n    enviroment: {A: '1'}\n    volumnes: ['./a:/a']\n",
	"services:\n  web:\n    image: [nginx]\n    ports: '80:80'\n    volumes: {a: b}\n",
	"services:\n  web:\n    image: nginx\n    ports:\n      - '80:80'\n    ports_typo: 1\n  db:\n    image: postgres\n    volumes: ['${DATA:?}:/var/lib/postgresql/data']\n",
	"services:\n  'we b':\n    image: nginx\n",
	"services:\n  web:\n    image: nginx\nvolumes:\n  data: {}\n  other: {driver: local, external: true, name: x, driver_opts: {a: b}}\n",
	"services:\n  web:\n    image: nginx\nconfigs:\n  c: {}\n",
	"services:\n  web:\n    image: nginx\n    build: {context: ., args: ['A 1']}\n",
}

// hostile are value fragments the random battery plants at places the fast
// path knows.
var hostile = []string{
	"'80:80'", "'80:abc'", "'99999:80'", "'1.2.3.4:80:80'", "'1.2.3.400:80:80'", "8080", "'${P:?x}:80'", "'${P}:80'",
	"'./a:/a'", "':'", "'a:b:c:d'", "''", "'${V:?x}:/v'", "'/a:/b:ro'", "'/a:/b:nope'",
	"'A=1'", "'A =1'", "'A\t=1'", "'${X:?}'", "'$${X}'", "'${X'", "x", "'sh -c \"a'", "'a b c'", "'a\\'",
	"1", "true", "~", "{}", "[]", "{a: b}", "[a, b]", "[1, 2]", "{aliases: [a]}", "{disable: true}", "{file: f}",
}

// places are the service keys and top-level shapes the random battery
// fills with hostile values.
var places = []string{
	"services:\n  web:\n    image: nginx\n    ports: [%s]\n",
	"services:\n  web:\n    image: nginx\n    volumes: [%s]\n",
	"services:\n  web:\n    image: nginx\n    environment: [%s]\n",
	"services:\n  web:\n    image: nginx\n    labels: [%s]\n",
	"services:\n  web:\n    image: nginx\n    command: %s\n",
	"services:\n  web:\n    image: nginx\n    entrypoint: [%s]\n",
	"services:\n  web:\n    image: %s\n",
	"services:\n  web:\n    image: nginx\n    restart: %s\n",
	"services:\n  web:\n    image: nginx\n    networks: [%s]\n",
	"services:\n  web:\n    image: nginx\n    networks: {n: %s}\n",
	"services:\n  web:\n    image: nginx\n    secrets: [%s]\n",
	"services:\n  web:\n    image: nginx\n    cap_add: [%s]\n",
	"services:\n  web:\n    image: nginx\n    healthcheck: %s\n",
	"services:\n  web:\n    image: nginx\nnetworks:\n  n: %s\n",
	"services:\n  web:\n    image: nginx\nsecrets:\n  s: %s\n",
	"x-a: %s\nservices:\n  web:\n    image: nginx\n",
	"services:\n  web:\n    image: nginx\n    x-a: %s\n",
}

// batterySnippets returns the battery, and n random hostile fills of
// places, each as the snippets of a guide.
func batterySnippets(n int) [][]*snippet.Snippet {
	var out [][]*snippet.Snippet
	add := func(body string) {
		g, _ := embed(body, false, false)
		_, snips := testenv.ScanGuide("guide.md", []byte(g))
		out = append(out, snips)
	}
	for _, b := range battery {
		add(b)
	}
	for _, c := range defects {
		add(strings.ReplaceAll(c.body, mark, ""))
	}
	r := rand.New(rand.NewPCG(15, 15))
	for range n {
		p := places[r.IntN(len(places))]
		var vals []string
		for range 1 + r.IntN(3) {
			vals = append(vals, hostile[r.IntN(len(hostile))])
		}
		v := strings.Join(vals, ", ")
		if !strings.HasSuffix(p, "[%s]\n") {
			v = vals[0]
		}
		add(fmt.Sprintf(p, v))
	}
	return out
}

// differentialInputs returns every input of the differential test: the
// Compose snippets of both corpora, their mutations, and the battery.
func differentialInputs(t *testing.T) [][]*snippet.Snippet {
	inputs := batterySnippets(3000)
	docs, present := corpora(t)
	if len(present) == 0 {
		t.Log("corpora are absent: the battery alone")
		return inputs
	}
	sp, err := loadSpec()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range sortedKeys(docs) {
		inputs = append(inputs, docs[name])
		for _, s := range docs[name] {
			if !yamlish(s) {
				continue
			}
			for _, root := range mappingRoots(yamlpos.DecodeStream(s.Text)) {
				if !isCompose(s, root) {
					continue
				}
				for _, m := range mutations(sp, s, root) {
					c := s.File.Content
					_, snips := testenv.ScanGuide(s.File.Name, slices.Concat(c[:m.start], []byte(m.text), c[m.end:]))
					if s.Index < len(snips) {
						inputs = append(inputs, snips[s.Index:s.Index+1])
					}
				}
			}
		}
	}
	return inputs
}

// withFastPath runs f with fastPath set to p.
func withFastPath(p func(map[string]any) bool, f func()) {
	saved := fastPath
	fastPath = p
	defer func() { fastPath = saved }()
	f()
}

// differential compares pred with the loader on every input: first on
// every model the checker hands the loader (pred may vouch for a model
// only if the loader accepts it), then on the diagnostics of the whole
// checker, which must be the same with and without pred. It returns its
// complaints, the models seen and those pred vouched for.
func differential(inputs [][]*snippet.Snippet, pred func(map[string]any) bool) (bad []string, models, vouched int) {
	for _, snips := range inputs {
		var seen []map[string]any
		oracle := func() (out []string) {
			for _, d := range runChecker(snips) {
				out = append(out, format(d))
			}
			return out
		}
		var want []string
		withFastPath(func(m map[string]any) bool {
			seen = append(seen, copyValue(m).(map[string]any))
			return false
		}, func() { want = oracle() })
		n := 0
		for _, m := range seen {
			models++
			if !pred(copyValue(m).(map[string]any)) {
				continue
			}
			n++
			if err := load(m); err != nil && len(bad) < 20 {
				bad = append(bad, fmt.Sprintf("fast path vouched for %v, the loader says %v", m, err))
			}
		}
		vouched += n
		if n == 0 {
			continue // both paths are the loader's
		}
		var got []string
		withFastPath(pred, func() {
			for _, d := range runChecker(snips) {
				got = append(got, format(d))
			}
		})
		// No retry: the loader's errors do not depend on map order
		// (validateModel), so the same input must give the same findings.
		if !slices.Equal(got, want) && len(bad) < 20 {
			bad = append(bad, fmt.Sprintf("diagnostics differ on %q:\n  loader:    %q\n  fast path: %q", snips[0].Text, want, got))
		}
	}
	return bad, models, vouched
}

// TestFastPathDifferential holds surelyLoads to the loader, its oracle, on
// the corpora, their mutations and the battery; and requires that it
// spares most loader runs of the corpora, its reason to be.
func TestFastPathDifferential(t *testing.T) {
	inputs := differentialInputs(t)
	bad, models, vouched := differential(inputs, surelyLoads)
	for _, b := range bad {
		t.Error(b)
	}
	t.Logf("%d inputs, %d loader runs, %d vouched for by the fast path", len(inputs), models, vouched)
	if vouched*2 < models {
		t.Errorf("the fast path vouched for only %d of %d loader runs", vouched, models)
	}
}

// TestFastPathDifferentialCatches breaks the fast path on purpose, one
// way at a time, and requires the differential test to notice each.
func TestFastPathDifferentialCatches(t *testing.T) {
	inputs := batterySnippets(300)
	for _, c := range []struct {
		name   string
		break_ func() func()
	}{
		{"vouch for everything", func() func() { return nil }},
		{"no port parsing", swapCheck("ports", func(v any) bool { return list(v, func(any) bool { return true }) })},
		{"no volume parsing", swapCheck("volumes", func(v any) bool { return list(v, func(any) bool { return true }) })},
		{"no trailing-blank check", swapCheck("environment", func(v any) bool { return emptiedOrList(v, plainString) })},
		{"no interpolation check", swapCheck("image", func(v any) bool { _, ok := v.(string); return ok })},
		{"any command string", swapCheck("command", func(v any) bool { _, ok := v.(string); return ok || list(v, plainString) })},
	} {
		t.Run(c.name, func(t *testing.T) {
			pred := func(map[string]any) bool { return true }
			if restore := c.break_(); restore != nil {
				defer restore()
				pred = surelyLoads
			}
			if bad, _, _ := differential(inputs, pred); len(bad) == 0 {
				t.Errorf("the differential test misses a fast path broken by %s", c.name)
			}
		})
	}
}

// swapCheck returns a function replacing serviceKeys[key] by check, which
// returns the function restoring it.
func swapCheck(key string, check func(any) bool) func() func() {
	return func() func() {
		saved := serviceKeys[key]
		serviceKeys[key] = check
		return func() { serviceKeys[key] = saved }
	}
}
