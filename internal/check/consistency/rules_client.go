package consistency

import (
	"fmt"

	"github.com/guidec/guidec/internal/diag"
)

// clientIDs returns the distinct literal client ids of the configuration,
// in order of appearance, with the first value of each.
func (m *model) clientIDs() (ids []string, first []value) {
	x := m.index()
	for _, id := range x.ids {
		if x.literals[id] {
			ids = append(ids, id)
			first = append(first, m.clients[x.byID[id].clients[0]].ID)
		}
	}
	return ids, first
}

// clientsFor returns the clients an app-side value of group g refers to:
// those named by a client id of the same snippet, else assumedClients; with
// anyClient, all clients rather than none. Several clients with one
// client_id are alternatives (two apps, two blocks), and each of them counts.
// The result is shared: callers must not modify it.
func (m *model) clientsFor(g int, anyClient bool) []client {
	x := m.index()
	k := setKey{g, anyClient}
	s := m.set(g, anyClient)
	if !s.built {
		s.clients, s.built = m.clientsOf(s), true
		x.sets[k] = s
	}
	return s.clients
}

// assumedClients returns the clients the assumptions describe: those with
// the Client ID assumption as client_id, else all clients when they share
// one client_id, else none.
func (m *model) assumedClients() []client {
	return m.clientsOf(m.assumedSet())
}

// checkClientIDs compares the Client ID assumption with the configuration's
// client_id values, then every app-side client id with them.
func checkClientIDs(m *model, r *reporter) {
	ids, first := m.clientIDs()
	if len(ids) == 0 {
		return
	}
	related := make([]diag.Related, min(len(first), maxRelated))
	for i, v := range first[:len(related)] {
		related[i] = r.related(v, "client_id in the Authelia configuration")
	}
	literals := m.index().literals
	providerWrong := false
	a, hasA := m.assume.primary(labelClientID)
	if hasA && literalID(a.Text) && !literals[a.Text] {
		providerWrong = checkAssumedID(m, r, a, ids, related)
	}
	for _, av := range m.app {
		t := av.Value.Text
		if av.Kind != kindClientID || !literalID(t) || literals[t] || providerWrong && t == a.Text {
			continue
		}
		msg := fmt.Sprintf("client id '%s' (%s) matches no client_id of the Authelia configuration (%s)", t, describe(av), quoteFew(ids))
		if len(ids) == 1 {
			msg = fmt.Sprintf("client id '%s' (%s) differs from the client_id '%s' of the Authelia configuration", t, describe(av), ids[0])
		}
		r.report(av.Value, diag.Error, "consistency-client-id", "use the client_id of the Authelia client", msg, related...)
	}
}

// checkAssumedID reports a Client ID assumption that no client has. With
// several client_ids the assumption is at fault. With one, the app-side
// values break the tie: when some agree with the configuration and none with
// the assumption, the assumption is reported; otherwise the configuration is
// (and app values that agree with the assumption are not reported again).
func checkAssumedID(m *model, r *reporter, a value, ids []string, related []diag.Related) (providerWrong bool) {
	if len(ids) > 1 {
		r.report(a, diag.Error, "consistency-client-id", "state the client_id of one of the Authelia clients",
			fmt.Sprintf("the Client ID assumption '%s' matches no client_id of the Authelia configuration (%s)", a.Text, quoteFew(ids)), related...)
		return false
	}
	agreeConfig, agreeAssumption := false, false
	for _, av := range m.app {
		if av.Kind == kindClientID {
			agreeConfig = agreeConfig || av.Value.Text == ids[0]
			agreeAssumption = agreeAssumption || av.Value.Text == a.Text
		}
	}
	if agreeConfig && !agreeAssumption {
		r.report(a, diag.Error, "consistency-client-id", "state the client_id the guide uses",
			fmt.Sprintf("the Client ID assumption '%s' differs from the client_id '%s' that the configuration and the application use", a.Text, ids[0]), related...)
		return false
	}
	for _, c := range m.clients {
		if c.ID.Text == ids[0] {
			r.report(c.ID, diag.Error, "consistency-client-id", "use the same client id in the Authelia configuration and in the assumptions",
				fmt.Sprintf("client_id '%s' differs from the Client ID assumption '%s'", ids[0], a.Text),
				r.related(a, "the Client ID assumption"))
		}
	}
	return true
}
