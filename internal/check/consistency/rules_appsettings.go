package consistency

import (
	"bytes"
	"fmt"
	"slices"
	"strings"

	"github.com/guidec/guidec/internal/diag"
)

// role is one of the three things an OpenID Connect relying party must be
// given to sign in with the provider: the client id it is registered
// under, the client secret when the client is confidential, and where the
// provider is (an issuer or discovery URL, its endpoints, a base URL).
type role int

const (
	roleID role = iota
	roleSecret
	roleIssuer
	numRoles
)

// roleNames name the roles in messages; roleKeys name the key family a
// hint asks for.
var (
	roleNames = [numRoles]string{"client ID", "client secret", "provider's location"}
	roleKeys  = [numRoles]string{
		"a client id key (CLIENT_ID, client_id, clientId)",
		"a client secret key (CLIENT_SECRET, client_secret), or its _FILE variant",
		"an issuer or discovery URL key (ISSUER, issuer_url, discovery_url), or the authorization and token endpoints",
	}
)

// maxLinearGroups bounds the groups appGroups searches one by one, which
// costs no map for the few groups of most guides.
const maxLinearGroups = 32

// appGroupKey identifies the settings of one snippet that configure one
// thing: the keys of one .env file, one compose environment, one mapping
// or one INI section.
type appGroupKey struct {
	group   int
	parents string
}

// appGroup is what checkAppSettings needs to know about one group.
type appGroup struct {
	key     appGroupKey
	first   int           // index in m.app of the group's first key
	keys    int           // the keys the group sets
	roles   [numRoles]int // index in m.app of the first value of each role, or -1
	tied    bool          // a value of the group is this guide's: its client id, secret, Authelia's host
	idText  string        // the client id the group sets, when it is a literal
	foreign bool          // the group is Authelia's own configuration
	// other: the group sets an OpenID Connect setting of no role (the
	// scopes, a redirect URI, PKCE): it is the whole configuration, not
	// an excerpt that shows the credentials only.
	other bool
}

// appSettingsFacts are the values the guide states for its Authelia client,
// against which app-side values are recognised by their text.
type appSettingsFacts struct {
	ids     textSet // the clients' ids and the Client ID assumption
	secrets textSet // the Client Secret assumption's values
	hosts   textSet // the Authelia Root URL's hosts
}

// checkAppSettings reports a group of the application's settings that
// configures OpenID Connect for the guide's Authelia client (it sets two
// of the three roles, by the kind of its keys or by the guide's values)
// but lacks the third: the relying party cannot sign in without its client
// id, its secret (when the client is confidential) or the provider's
// location. A deleted line of the application's configuration leaves
// exactly that. A role set in another snippet counts, as the rest of the
// configuration given apart (a secret file, a Kubernetes Secret, a
// command line). Excerpts are not whole configurations (see whole); a
// key of the role written with an empty or placeholder value is another
// rule's; a public client needs no secret.
func checkAppSettings(m *model, r *reporter) {
	if len(m.app) < 3 || len(m.clients) == 0 {
		return
	}
	f := m.appSettingsFacts()
	groups, order, inSnippet, labelled := f.appGroups(m)
	if len(order) == 0 {
		return
	}
	var anywhere [numRoles]bool // set by some snippet
	for _, roles := range inSnippet {
		for rl, ok := range roles {
			anywhere[rl] = anywhere[rl] || ok
		}
	}
	for _, gi := range order {
		g := &groups[gi]
		partial := false
		if !g.qualifies() {
			// The settings of OpenID Connect of one role whose second
			// role is given apart (the secret in a Kubernetes Secret):
			// the third, which no snippet sets, is missing from them.
			if partial = g.partial(m, anywhere); !partial {
				continue
			}
		}
		gk := g.key
		for rl := range numRoles {
			rl := role(rl)
			// A role set apart counts: a secret file, a command line.
			if g.roles[rl] >= 0 || anywhere[rl] || labelled[rl] {
				continue
			}
			stated, ok := m.statedValue(rl, g.idText)
			if !ok || writtenRole(m, r, rl) || m.groupReported(r, gk) {
				continue
			}
			at := m.app[g.anchor(m, rl)]
			r.report(keyValue(r.p.File.Content, at), diag.Warning, "consistency-app-setting-missing",
				fmt.Sprintf("add %s to %s's settings beside %s", roleKeys[rl], at.Where, at.Key),
				fmt.Sprintf("these OIDC settings in %s never set the %s%s: the application cannot sign in with Authelia without it", at.Where, roleNames[rl], stated))
		}
	}
}

// whole reports whether g is a whole configuration rather than an
// excerpt: an excerpt shows a few keys (three at most, none of them an
// OpenID Connect setting of no role) to make a point about them, a
// configuration also sets the scopes, the redirect URI, PKCE or more keys.
func (g *appGroup) whole() bool {
	return g.keys >= 4 || g.keys == 3 && g.other
}

// qualifies reports whether g clearly configures OpenID Connect for the
// guide's client: a whole configuration (see whole), two roles set, a
// value of the guide's, and not Authelia's own configuration.
func (g *appGroup) qualifies() bool {
	if g.foreign || !g.tied || !g.whole() {
		return false
	}
	set := 0
	for _, i := range g.roles {
		if i >= 0 {
			set++
		}
	}
	return set == int(numRoles)-1
}

// partial reports whether g, which sets one role, is the settings of
// OpenID Connect for the guide's client (a whole configuration under a
// parent or with a key that names OpenID Connect, a value of the guide's)
// whose two other roles are one set by another snippet and one set
// nowhere.
func (g *appGroup) partial(m *model, anywhere [numRoles]bool) bool {
	if g.foreign || !g.tied || !g.whole() {
		return false
	}
	own, other := 0, 0
	for rl, i := range g.roles {
		switch {
		case i >= 0:
			own++
		case anywhere[rl]:
			other++
		}
	}
	if own != 1 || other != 1 {
		return false
	}
	if hasContext(g.key.parents) {
		return true
	}
	for _, i := range g.roles {
		if i >= 0 && hasContext(m.app[i].normKey()) {
			return true
		}
	}
	return false
}

// groupReported reports whether a key or value of the group gk already
// carries a finding (checkEnvMissing's, for a .env and its compose.yml;
// checkJoinedLines', for a variable run into the line before): the same
// missing line is not reported twice.
//
// A snippet that does not parse is the syntax checker's: its settings are
// read in part, and a role lost with the broken lines is a consequence.
func (m *model) groupReported(r *reporter, gk appGroupKey) bool {
	for _, s := range r.p.Snippets {
		if s != nil && s.Index == gk.group && r.p.Broken(s) {
			return true
		}
	}
	for _, av := range m.app {
		if av.Group == gk.group && av.Parents == gk.parents && (r.seen[av.Value.Span] || r.seen[keyValue(r.p.File.Content, av).Span]) {
			return true
		}
	}
	return false
}

// anchor returns the index in m.app of the key the finding for the missing
// role rl is put on, where the missing line most likely was: the group's
// key of the same family (the secret beside the client id; for the
// provider's location, a key about discovery or the provider, else the
// client id, which it is most often written beside), else the group's
// first key.
func (g *appGroup) anchor(m *model, rl role) int {
	switch rl {
	case roleID:
		if g.roles[roleSecret] >= 0 {
			return g.roles[roleSecret]
		}
	case roleSecret:
		if g.roles[roleID] >= 0 {
			return g.roles[roleID]
		}
	case roleIssuer:
		first := m.app[g.first]
		for i := g.first; i < len(m.app); i++ {
			av := m.app[i]
			if av.Group != first.Group || av.Parents != first.Parents {
				continue
			}
			if k := av.normKey(); strings.Contains(k, "discovery") || strings.Contains(k, "wellknown") || strings.Contains(k, "issuer") {
				return i
			}
		}
		if g.roles[roleID] >= 0 {
			return g.roles[roleID]
		}
	}
	return g.first
}

// appGroups returns the groups of the app-side values that belong to a
// snippet and have three keys or more, in order of appearance, with their
// roles; the roles each snippet sets (a reference to a secret counts);
// and those the instructions' labelled items (a form of the application's
// Web GUI) set. One pass over the values.
func (f *appSettingsFacts) appGroups(m *model) (groups []appGroup, order []int, inSnippet [][numRoles]bool, labelled [numRoles]bool) {
	var index map[appGroupKey]int // made when a linear search would be long
	for i, av := range m.app {
		if av.Group < 0 && !av.Label {
			continue // the Assumptions state the values, they set none
		}
		rl, ok := f.roleOf(m, av)
		presence := ok
		if !ok {
			rl, presence = referenceRole(av)
		}
		if av.Group < 0 {
			if presence {
				labelled[rl] = true
			}
			continue
		}
		k := appGroupKey{av.Group, av.Parents}
		gi := -1
		if index != nil {
			if j, ok := index[k]; ok {
				gi = j
			}
		} else {
			// The values of a snippet are recorded together: its
			// groups are the last ones.
			for j := len(groups) - 1; j >= 0 && groups[j].key.group == k.group; j-- {
				if groups[j].key == k {
					gi = j
					break
				}
			}
		}
		if gi < 0 {
			gi = len(groups)
			groups = append(groups, appGroup{key: k, first: i, roles: [numRoles]int{-1, -1, -1}})
			switch {
			case index != nil:
				index[k] = gi
			case len(groups) > maxLinearGroups:
				index = make(map[appGroupKey]int, len(groups))
				for j := range groups {
					index[groups[j].key] = j
				}
			}
		}
		g := &groups[gi]
		g.keys++
		switch av.Kind {
		case kindRedirect, kindScope, kindAuthMethod, kindPKCE, kindPKCEMethod, kindResponseType, kindSigningAlg, kindAudience:
			g.other = true
		}
		if autheliaKey(av.normKey()) {
			g.foreign = true
		}
		if presence {
			for len(inSnippet) <= av.Group {
				inSnippet = append(inSnippet, [numRoles]bool{})
			}
			inSnippet[av.Group][rl] = true
		}
		if !ok {
			continue
		}
		if g.roles[rl] < 0 {
			g.roles[rl] = i
		}
		if f.tiedValue(m, rl, av) {
			g.tied = true
		}
		if rl == roleID && literalID(av.Value.Text) {
			g.idText = av.Value.Text
		}
	}
	for i := range groups {
		if groups[i].keys >= 3 {
			order = append(order, i)
		}
	}
	return groups, order, inSnippet, labelled
}

// appSettingsFacts collects the values the guide states for its client.
// It reads the model's clients and assumptions in place: it runs for
// every guide, and copies would cost allocations.
func (m *model) appSettingsFacts() *appSettingsFacts {
	f := &appSettingsFacts{}
	for _, c := range m.clients {
		if literalID(c.ID.Text) {
			f.ids.add(c.ID.Text)
		}
	}
	for _, x := range m.assume.facts[labelClientID] {
		if literalID(x.Value.Text) {
			f.ids.add(x.Value.Text)
		}
	}
	for _, x := range m.assume.facts[labelClientSecret] {
		if t := strings.TrimSpace(x.Value.Text); t != "" && !isPlaceholder(t) {
			f.secrets.add(t)
		}
	}
	for _, x := range m.assume.facts[labelAutheliaRoot] {
		if u, ok := m.urls.literal(x.Value.Text); ok && isWeb(u) {
			f.hosts.add(lowerHost(u))
		}
	}
	return f
}

// roleOf returns the role av plays: by its key's kind, or by its value (the
// client's id or secret, a URL on Authelia's host) for a key of no kind.
// A key naming a file or path of the secret sets the secret.
func (f *appSettingsFacts) roleOf(m *model, av appValue) (role, bool) {
	if av.Kind != kindNone {
		return kindRole(av.Kind)
	}
	k := av.normKey()
	if strings.Contains(k, "secret") && (strings.HasSuffix(k, "file") || strings.HasSuffix(k, "path")) {
		return roleSecret, true
	}
	t := av.Value.Text
	switch {
	case t == "":
		return 0, false
	case f.ids.has(t) && idLikeKey(k):
		return roleID, true
	case f.secrets.has(t):
		return roleSecret, true
	case f.onHost(t):
		if u, ok := m.urls.literal(t); ok && isWeb(u) && f.hosts.has(lowerHost(u)) {
			return roleIssuer, true
		}
	}
	return 0, false
}

// tiedValue reports whether av, of role rl, is a value the guide states
// for its Authelia client: the settings are then for this guide's
// provider, not another.
func (f *appSettingsFacts) tiedValue(m *model, rl role, av appValue) bool {
	t := strings.TrimSpace(av.Value.Text)
	switch rl {
	case roleID:
		return f.ids.has(t)
	case roleSecret:
		return f.secrets.has(t)
	}
	if !f.onHost(t) {
		return false
	}
	u, ok := m.urls.literal(t)
	return ok && isWeb(u) && f.hosts.has(lowerHost(u))
}

// statedValue returns, for messages, the value the guide states elsewhere
// for role rl (" 'argocd' that Authelia's client registers"); ok is false
// when the guide states none, or the role is not needed (a public client
// needs no secret). id is the client id the group sets, if any.
func (m *model) statedValue(rl role, id string) (string, bool) {
	var cs []client
	if id != "" {
		for _, c := range m.clients {
			if c.ID.Text == id {
				cs = append(cs, c)
			}
		}
	}
	if len(cs) == 0 {
		cs = m.assumedClients()
	}
	if len(cs) == 0 {
		return "", false
	}
	switch rl {
	case roleID:
		for _, c := range cs[1:] {
			if c.ID.Text != cs[0].ID.Text {
				return "", false // which client is meant is unclear
			}
		}
		if !literalID(cs[0].ID.Text) {
			return "", false
		}
		return fmt.Sprintf(" '%s' that Authelia's client registers", cs[0].ID.Text), true
	case roleSecret:
		for _, c := range cs {
			if c.Secret == nil || c.Public || c.AuthMethod != nil && strings.TrimSpace(c.AuthMethod.Text) == "none" {
				return "", false // a public client needs no secret
			}
		}
		if v, ok := m.assume.primary(labelClientSecret); ok && !isPlaceholder(v.Text) {
			return fmt.Sprintf(" '%s' of Authelia's client '%s'", v.Text, cs[0].ID.Text), true
		}
		return fmt.Sprintf(" of Authelia's client '%s' (its client_secret)", cs[0].ID.Text), true
	}
	if v, ok := m.assume.primary(labelAutheliaRoot); ok && !isPlaceholder(v.Text) {
		return fmt.Sprintf(" (an issuer on the Authelia Root URL '%s', or its endpoints)", v.Text), true
	}
	return "", false
}

// autheliaKey reports whether a normalised key is of Authelia's own
// configuration given as environment variables or a flattened path.
func autheliaKey(k string) bool {
	return strings.HasPrefix(k, "autheliaidentityproviders") || strings.Contains(k, "identityprovidersoidc")
}

// writtenRole reports whether an app-side snippet of the guide writes a
// key of role rl that the model did not read as a setting: a key with no
// value (a compose variable left empty), a line the parsers skipped. A
// comment does not count: it sets nothing.
func writtenRole(m *model, r *reporter, rl role) bool {
	for _, s := range r.p.Snippets {
		if s == nil || len(s.Text) == 0 || providerText(m, s.Text) {
			continue
		}
		shell := shellLang(s)
		for line := range bytes.Lines(s.Text) {
			l := bytes.TrimSpace(line)
			if len(l) == 0 || l[0] == '#' || l[0] == ';' || bytes.HasPrefix(l, []byte("//")) {
				continue
			}
			l = bytes.TrimLeft(l, "-\"' ")
			i := bytes.IndexAny(l, ":= ")
			if i <= 0 {
				continue
			}
			if keyOfRole(l[:i], rl) {
				return true
			}
			if !shell {
				continue
			}
			// A command names a setting as an argument (Elasticsearch's
			// keystore add ….rp.client_secret): the value is entered
			// at its prompt or read from a file.
			for _, w := range bytes.Fields(l[i:]) {
				w = bytes.Trim(w, "-\"'")
				if k, _, _ := bytes.Cut(w, []byte("=")); len(k) > 0 && keyOfRole(k, rl) {
					return true
				}
			}
		}
	}
	return false
}

// keyOfRole reports whether key is a key of role rl.
func keyOfRole(key []byte, rl role) bool {
	switch classifyKey("", string(key)) {
	case kindClientID:
		return rl == roleID
	case kindSecret:
		return rl == roleSecret
	case kindIssuer, kindEndpoint:
		return rl == roleIssuer
	}
	return false
}

// providerText reports whether t is the text of one of the guide's
// provider snippets.
func providerText(m *model, t []byte) bool {
	for _, p := range m.providerTexts {
		if len(p) > 0 && len(t) > 0 && &p[0] == &t[0] {
			return true
		}
	}
	return false
}

// secretReference reports whether a normalised key names where a secret
// is kept rather than the secret itself (a Kubernetes Secret:
// clientExistingSecret, additionalEnvSecretName): the secret is set, though
// not by that key's value, which no group's role is.
func secretReference(k string) bool {
	i := strings.Index(k, "secret")
	if i < 0 {
		return false
	}
	if strings.Contains(k, "existing") {
		return true
	}
	for _, w := range []string{"ref", "refs", "name", "keyref"} {
		if strings.HasSuffix(k[i:], w) {
			return true
		}
	}
	return false
}

// textSet is a set of the few texts a guide states for one thing (its
// client ids, its secrets): the first ones in place, which cost no
// allocation, the rest in a slice.
type textSet struct {
	n     int
	first [4]string
	more  []string
}

func (s *textSet) has(t string) bool {
	return slices.Contains(s.first[:s.n], t) || slices.Contains(s.more, t)
}

func (s *textSet) add(t string) {
	switch {
	case s.has(t):
	case s.n < len(s.first):
		s.first[s.n] = t
		s.n++
	default:
		s.more = append(s.more, t)
	}
}

// each calls fn with each text of s until it returns true.
func (s *textSet) each(fn func(string) bool) bool {
	return slices.ContainsFunc(s.first[:s.n], fn) || slices.ContainsFunc(s.more, fn)
}

// onHost is the cheap test before a URL is parsed: t is a URL that holds
// one of Authelia's hosts.
func (f *appSettingsFacts) onHost(t string) bool {
	if !strings.Contains(t, "://") {
		return false
	}
	// Hosts are lowercase; |0x20 lowers an ASCII letter and keeps the
	// digits, dots and dashes of a host.
	return f.hosts.each(func(h string) bool {
		for i := 0; i+len(h) <= len(t); i++ {
			j := 0
			for j < len(h) && t[i+j]|0x20 == h[j] {
				j++
			}
			if j == len(h) {
				return true
			}
		}
		return false
	})
}

// referenceRole returns the role a value sets by reference, not by its
// own value: a key that names where the secret is kept (a Kubernetes
// Secret: clientExistingSecret, additionalEnvSecretName), or a variable
// declared by its name and read from elsewhere (a Kubernetes env entry's
// name: 'OIDC_CLIENT_SECRET' with valueFrom, secretKeyRef's key:
// 'OIDC_CLIENT_SECRET').
func referenceRole(av appValue) (role, bool) {
	k := av.normKey()
	if secretReference(k) {
		return roleSecret, true
	}
	if k != "name" && k != "key" || av.Value.Text == "" || strings.ContainsAny(av.Value.Text, " /:") {
		return 0, false
	}
	return kindRole(classifyKey("", av.Value.Text))
}

// kindRole returns the role a key of kind k plays, if any.
func kindRole(k kind) (role, bool) {
	switch k {
	case kindClientID:
		return roleID, true
	case kindSecret:
		return roleSecret, true
	case kindIssuer, kindEndpoint:
		return roleIssuer, true
	}
	return 0, false
}
