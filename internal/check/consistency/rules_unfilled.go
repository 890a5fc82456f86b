package consistency

import (
	"fmt"
	"strings"

	"github.com/guidec/guidec/internal/diag"
)

// unfilled says why text, the application's statement of a fact the
// guide states concretely elsewhere, cannot be it: empty, or (for a
// client id, which has no blanks) words such as
// the client's display name; where quotes are part of the value (a code
// span of the instructions, a Compose list entry KEY='v'), a value in
// quotes. It
// returns "" for a value that may be it.
func unfilled(text string, id, quotes bool) string {
	t := strings.TrimSpace(text)
	switch {
	case quotes && len(t) > 2 && (t[0] == '\'' || t[0] == '"') && t[len(t)-1] == t[0] && !strings.ContainsAny(t[1:len(t)-1], "'\" "):
		return "in quotes, which the reader copies"
	case t == "":
		return "empty"
	case id && strings.Contains(t, " ") && !isTemplated(t):
		return "a name with blanks, which no client_id has"
	}
	return ""
}

// isTemplated reports whether t holds a template or reference mark.
func isTemplated(t string) bool {
	for _, p := range placeholderMarks {
		if strings.Contains(t, p) {
			return true
		}
	}
	return strings.HasPrefix(t, "$")
}

// checkUnfilled reports the application's statements of the client id
// and the client secret that are empty, words or quoted, when the guide
// states the value concretely (one client_id; a Client Secret assumption
// of a confidential client): the reader copies the statement and the
// login fails. A slot such as <client id> is the reader's to fill, not
// a value (see isPlaceholder).
func checkUnfilled(m *model, r *reporter) {
	ids, _ := m.clientIDs()
	id := ""
	if len(ids) == 1 && literalID(ids[0]) {
		id = ids[0]
	}
	sec, hasS := m.assume.primary(labelClientSecret)
	hasS = hasS && literalSecret(sec.Text) && len(secretClients(m.assumedClients())) > 0
	for _, av := range m.app {
		if r.seen[av.Value.Span] || av.Group < 0 && av.Kind == kindNone {
			continue
		}
		switch {
		case av.Kind == kindClientID && id != "":
			if why := unfilled(av.Value.Text, true, av.Group < 0 || m.keepsQuotes[av.Value.Span]); why != "" {
				r.report(av.Value, diag.Error, "consistency-client-id", "use the client_id '"+id+"'",
					fmt.Sprintf("client id (%s) is %s, but the client's client_id is '%s'", describe(av), why, id))
			}
		case av.Kind == kindSecret && hasS:
			if why := unfilled(av.Value.Text, false, av.Group < 0 || m.keepsQuotes[av.Value.Span]); why != "" {
				r.report(av.Value, diag.Error, secretCode, "use the client secret stated in the assumptions",
					fmt.Sprintf("client secret (%s) is %s, but the Client Secret assumption is '%s'", describe(av), why, sec.Text),
					r.related(sec, "the Client Secret assumption"))
			}
		}
	}
}
