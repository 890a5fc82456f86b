package consistency

import (
	"fmt"
	"strings"

	"github.com/guidec/guidec/internal/diag"
)

// checkEnvCase reports a variable whose name is not in capitals among the
// variables of one .env file or Compose environment that all are (at
// least three of them): names are case-sensitive, the application reads
// the names its documentation gives, in capitals, and the lower-case one
// sets nothing it reads (ebk_auth_oauth2_provider among EBK_AUTH_*). A
// file with two or more such names writes them so on purpose.
func checkEnvCase(m *model, r *reporter) {
	for _, vars := range [][]envVar{m.dotenv, m.compose} {
		byFile := map[string][]envVar{}
		var order []string
		for _, e := range vars {
			if _, ok := byFile[e.Where]; !ok {
				order = append(order, e.Where)
			}
			byFile[e.Where] = append(byFile[e.Where], e)
		}
		for _, w := range order {
			envCaseIn(m, r, byFile[w])
		}
	}
}

// envCaseIn is checkEnvCase for the variables of one file.
func envCaseIn(m *model, r *reporter, vars []envVar) {
	upper, names := 0, map[string]bool{}
	var odd []envVar
	for _, e := range vars {
		if names[e.Name] {
			continue
		}
		names[e.Name] = true
		switch {
		case upperName(e.Name):
			upper++
		case strings.ContainsRune(e.Name, '_') && upperName(strings.ToUpper(e.Name)):
			odd = append(odd, e)
		default:
			return // a name of another shape (camelCase, dots): not this file's convention
		}
	}
	if upper < 3 || len(odd) != 1 {
		return
	}
	e := odd[0]
	want := strings.ToUpper(e.Name)
	if names[want] || r.seen[e.Value.Span] {
		return
	}
	at := keyValue(r.p.File.Content, appValue{Key: e.Name, Value: e.Value})
	if r.seen[at.Span] {
		return
	}
	r.report(at, diag.Warning, "consistency-env-case", "write "+want,
		fmt.Sprintf("variable %s is not in capitals like the other variables of %s: names are case-sensitive, and the application reads %s", e.Name, e.Where, want))
}
