package consistency

import (
	"bytes"
	"fmt"
	"slices"

	"github.com/guidec/guidec/internal/diag"
)

// checkEnvMissing reports a client id, client secret or issuer variable
// that one of the guide's two variants of the application's environment
// (the .env file and compose.yml's environment) sets and the other does
// not: a reader who follows the variant without it gives the application
// no client id, no secret or no provider. The two are variants only when
// they share most of their variables (at least three, and half of the
// smaller set); a compose file that loads the .env (env_file) needs not
// repeat it, so such a guide is left alone. The finding is on the lacking
// variant, at the variable the other variant sets next (where the missing
// line was), or the one before it.
func checkEnvMissing(m *model, r *reporter) {
	if len(m.dotenv) < 3 || len(m.compose) < 3 {
		return
	}
	for _, s := range r.p.Snippets {
		if s != nil && bytes.Contains(s.Text, []byte("env_file")) {
			return
		}
	}
	inEnv, inCompose := envNames(m.dotenv), envNames(m.compose)
	shared := 0
	for n := range inEnv {
		if inCompose[n] {
			shared++
		}
	}
	if shared < 3 || 2*shared < min(len(inEnv), len(inCompose)) {
		return
	}
	missing(m, r, m.compose, m.dotenv, inEnv)
	missing(m, r, m.dotenv, m.compose, inCompose)
	checkEnvOneSide(m, r)
}

// checkEnvOneSide reports the one variable that a .env snippet and a
// compose environment do not share when they share every other (three at
// least): the two are the same settings written for two ways of running
// the application, so a line is missing from one of them, and a reader
// who follows that one runs the application without it. It is a warning,
// since the variable may matter to one way only. The finding is on the
// lacking one, where the line would be (see neighbour); the kinds
// checkEnvMissing judges (client id, secret, issuer) are its, as errors.
func checkEnvOneSide(m *model, r *reporter) {
	for _, e := range envBlocks(m.dotenv) {
		inE := envNames(e)
		for _, c := range envBlocks(m.compose) {
			inC := envNames(c)
			shared, odd := 0, -1
			full, lacking, has := e, c, inC
			for i, v := range e {
				if inC[v.Name] {
					shared++
				} else if odd == -1 {
					odd = i
				} else {
					odd = -2
				}
			}
			for i, v := range c {
				if inE[v.Name] {
					continue
				}
				if odd != -1 {
					odd = -2
				} else {
					odd, full, lacking, has = i, c, e, inE
				}
			}
			if shared < 3 || odd < 0 {
				continue
			}
			v := full[odd]
			if r.seen[v.Value.Span] {
				continue
			}
			at, ok := neighbour(full, lacking, odd, has)
			if !ok || written(r, at.Where, v.Name) || slices.ContainsFunc(lacking, func(l envVar) bool { return nearMiss(l.Name, v.Name) }) {
				continue
			}
			kv := keyValue(r.p.File.Content, appValue{Key: at.Name, Value: at.Value})
			if r.seen[kv.Span] {
				continue // checkEnvMissing said so, as an error
			}
			r.report(kv, diag.Warning, "consistency-env-one-side",
				fmt.Sprintf("set %s in %s too, or say why it is not needed there", v.Name, at.Where),
				fmt.Sprintf("%s sets %s but %s, which sets the other %d variables of %s, does not: a reader who follows %s runs the application without it", v.Where, v.Name, at.Where, shared, v.Where, at.Where),
				r.related(v.Value, "%s in %s", v.Name, v.Where))
		}
	}
}

// envBlocks splits vs into the runs of one block (envVar.Block), in order.
func envBlocks(vs []envVar) [][]envVar {
	var bs [][]envVar
	for i := 0; i < len(vs); {
		j := i + 1
		for j < len(vs) && vs[j].Block == vs[i].Block {
			j++
		}
		bs = append(bs, vs[i:j])
		i = j
	}
	return bs
}

// envNames returns the set of the variables' names.
func envNames(vs []envVar) map[string]bool {
	s := make(map[string]bool, len(vs))
	for _, v := range vs {
		s[v.Name] = true
	}
	return s
}

// missingKinds are the kinds of variable without which the application
// cannot sign in with Authelia.
var missingKinds = map[kind]string{kindClientID: "client id", kindSecret: "client secret", kindIssuer: "issuer"}

// missing reports the variables of the kinds in missingKinds that full
// sets and lacking (whose names are has) does not, when lacking sets no
// variable of that kind that full does not set.
func missing(m *model, r *reporter, full, lacking []envVar, has map[string]bool) {
	// A variable of the kind that full does not set may be the same
	// setting under another name (OAUTH_CLIENT_SECRET for
	// OIDC_CLIENT_SECRET); one full sets too is no substitute.
	inFull := envNames(full)
	kinds := map[kind]bool{}
	for _, v := range lacking {
		if !inFull[v.Name] {
			kinds[classifyKey("", v.Name)] = true
		}
	}
	for i, v := range full {
		k := classifyKey("", v.Name)
		what := missingKinds[k]
		if what == "" || has[v.Name] || kinds[k] || r.seen[v.Value.Span] {
			continue
		}
		at, ok := neighbour(full, lacking, i, has)
		if !ok || written(r, at.Where, v.Name) || slices.ContainsFunc(lacking, func(l envVar) bool { return nearMiss(l.Name, v.Name) }) {
			// The variable is there but does not parse, or is
			// misspelt: the syntax rules and checkEnvNames say so.
			continue
		}
		kinds[k] = true // one finding per kind
		r.report(keyValue(r.p.File.Content, appValue{Key: at.Name, Value: at.Value}), diag.Error, "consistency-env-missing",
			fmt.Sprintf("set %s in %s too", v.Name, at.Where),
			fmt.Sprintf("%s sets the %s (%s) but %s does not: a reader who follows %s gives the application no %s", v.Where, what, v.Name, at.Where, at.Where, what),
			r.related(v.Value, "%s in %s", v.Name, v.Where))
	}
}

// written reports whether a snippet of file holds name.
func written(r *reporter, file, name string) bool {
	for _, s := range r.p.Snippets {
		if s != nil && where(s) == file && bytes.Contains(s.Text, []byte(name)) {
			return true
		}
	}
	return false
}

// neighbour returns the variable of lacking that full sets next after its
// i-th, or else the nearest before it.
func neighbour(full, lacking []envVar, i int, has map[string]bool) (envVar, bool) {
	find := func(name string) (envVar, bool) {
		for _, v := range lacking {
			if v.Name == name {
				return v, true
			}
		}
		return envVar{}, false
	}
	for j := i + 1; j < len(full); j++ {
		if has[full[j].Name] {
			return find(full[j].Name)
		}
	}
	for j := i - 1; j >= 0; j-- {
		if has[full[j].Name] {
			return find(full[j].Name)
		}
	}
	return envVar{}, false
}
