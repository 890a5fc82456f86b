package consistency

import (
	"fmt"
	"path"
	"strings"

	"github.com/hbollon/go-edlib"
	"gopkg.in/yaml.v3"

	"github.com/guidec/guidec/internal/check/authelia"
	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/lazyre"
	"github.com/guidec/guidec/internal/snippet"
	"github.com/guidec/guidec/internal/source"
)

// The typed-value rules read what the application's loader makes of a
// value, whatever the client: a boolean misspelt (ture, flase), a boolean
// written as a string where the format types its values ("Enable": "true"
// in JSON), and an OAuth 2.0 enum in a spelling no library accepts
// (rules_typed_enum.go).

// checkTyped runs the typed-value rules. It runs before the rules that
// compare values with the client, which skip what it reports: a .env
// boolean misspelt is that mistake, not a disagreement with compose.yml.
func checkTyped(m *model, r *reporter) {
	snips := map[int]*snippet.Snippet{}
	for _, s := range r.p.Snippets {
		if s != nil {
			snips[s.Index] = s
		}
	}
	compose := map[*snippet.Snippet]bool{}
	for _, s := range snips {
		compose[s] = composeDoc(s)
	}
	composeEnv := map[source.Span]bool{}
	for _, e := range m.compose {
		composeEnv[e.Value.Span] = true
	}
	for _, av := range m.app {
		if av.Group < 0 && !r.seen[av.Value.Span] && switchKey(av.normKey()) {
			// A GUI's field, labelled as a switch ("Enable PKCE:
			// `ture`").
			if want := boolTypo(av.Value.Text, av.Key); want != "" && boolKind(av.Kind) {
				reportBoolTypo(r, av.Value, describe(av), want)
			}
			continue
		}
		s := snips[av.Group]
		if s == nil || r.seen[av.Value.Span] || r.p.Broken(s) {
			continue
		}
		if compose[s] && !composeEnv[av.Value.Span] && !strings.HasSuffix(av.Parents, "labels") {
			// A Compose key out of an environment is the Compose
			// specification's, which check/compose validates; a
			// label's is the application's own setting (a Traefik
			// plugin's middleware options).
			continue
		}
		checkBoolSpelling(r, s, av)
	}
	for _, s := range r.p.Snippets {
		if !appSnippet(r, s) {
			continue
		}
		checkCodeBools(r, s)
		checkQuotedBools(r, s, compose[s])
	}
	checkEnums(m, r, snips)
}

// appSnippet reports whether s is read whole by the typed rules: a
// readable snippet that is not Authelia's configuration, whose decoder
// takes "true" for true (the provider checker's domain).
func appSnippet(r *reporter, s *snippet.Snippet) bool {
	return s != nil && !r.p.Broken(s) && !authelia.ReadSnippet(s).Config
}

// composeDoc reports whether s is a Compose file: a YAML document with a
// services mapping.
func composeDoc(s *snippet.Snippet) bool {
	if !isYAML(s) {
		return false
	}
	docs, ok := snippetYAML(s)
	if !ok {
		return false
	}
	for _, d := range docs {
		if sv := lookup(d, "services"); sv != nil && sv.Kind == yaml.MappingNode {
			return true
		}
	}
	return false
}

// boolWords are real words one edit away from true or false: a value
// such as tree (a layout) is a misspelt boolean only under a key that
// names a switch.
var boolWords = map[string]bool{
	"tree": true, "trie": true, "rue": true, "tre": true, "truce": true, "trues": true,
	"trug": true, "trye": true, "falsy": true, "valse": true, "falso": true, "falls": true,
}

// switchWords mark a key that names a switch (enable_signup, VERIFY_TLS,
// pkce, insecureSkipVerify).
var switchWords = []string{"enable", "disable", "allow", "use", "skip", "insecure", "verify", "auto",
	"pkce", "require", "force", "only", "ignore", "secure", "active", "create", "sync", "discover", "debug"}

// switchKey reports whether normalised key k names a switch.
func switchKey(k string) bool {
	for _, w := range switchWords {
		if strings.Contains(k, w) {
			return true
		}
	}
	return strings.HasPrefix(k, "is") || strings.HasPrefix(k, "has")
}

// boolTypo returns the boolean that s misspells by one edit (ture, treu,
// tru, flase, fals, Ture), or "". Every loader reads true and false, and
// no loader reads a misspelling of them as a boolean: it refuses to start,
// or reads a string that is not "true", which is false. A word that is a
// boolean to some loaders (yes, off, 1) is none; a real word one edit away
// (tree) counts only under a key that names a switch.
func boolTypo(s, key string) string {
	l := strings.ToLower(s)
	if len(l) < 3 || len(l) > 6 {
		return ""
	}
	for i := 0; i < len(l); i++ {
		if l[i] < 'a' || l[i] > 'z' {
			return ""
		}
	}
	if _, ok := boolValue(l); ok || l == "true" || l == "false" || l == "tue" {
		return "" // tue: a day (AUTO_UPDATE_DAY=tue), whatever the key
	}
	for _, b := range [...]string{"true", "false"} {
		if edlib.OSADamerauLevenshteinDistance(l, b) != 1 {
			continue
		}
		if boolWords[l] && !switchKey(normalizeKey(key)) {
			return ""
		}
		return b
	}
	return ""
}

// boolKind reports whether a value of kind k may be a misspelt boolean:
// any but a client id or secret, which are the guide's own strings (a key
// naming the well-known document may be a switch: ocis's
// PROXY_OIDC_REWRITE_WELLKNOWN).
func boolKind(k kind) bool { return k != kindClientID && k != kindSecret }

// checkBoolSpelling reports a misspelt boolean among the snippet values.
// An unquoted one in JSON or TOML is a syntax error, check/syntax's.
func checkBoolSpelling(r *reporter, s *snippet.Snippet, av appValue) {
	if !boolKind(av.Kind) {
		return
	}
	want := boolTypo(av.Value.Text, av.Key)
	if want == "" {
		return
	}
	if (isJSON(s) || scanFormat(s) == snippet.TOML) && !quotedAt(r, av.Value.Span) {
		return
	}
	reportBoolTypo(r, av.Value, describe(av), want)
}

func reportBoolTypo(r *reporter, v value, what, want string) {
	if want == "true" && strings.ToUpper(v.Text[:1]) == v.Text[:1] {
		want = "True" // Python's spelling, which the writer's capital suggests
	}
	if want == "false" && strings.ToUpper(v.Text[:1]) == v.Text[:1] {
		want = "False"
	}
	r.report(v, diag.Error, "consistency-bool-spelling", "write "+want,
		fmt.Sprintf("'%s' is a misspelt %s (%s): the application refuses it, or reads it as false", v.Text, strings.ToLower(want), what))
}

// quotedAt reports whether the guide has a quote just before sp.
func quotedAt(r *reporter, sp source.Span) bool {
	c := r.p.File.Content
	return sp.Start > 0 && sp.Start <= len(c) && (c[sp.Start-1] == '"' || c[sp.Start-1] == '\'')
}

// codeFormats are the formats where the model keeps only quoted values:
// an unquoted word there is an expression, and a misspelt boolean an
// undefined name (PHP's Error, Python's NameError, JavaScript's
// ReferenceError), or nil in Ruby and Lua.
var codeFormats = map[snippet.Format]bool{
	snippet.PHP: true, snippet.Python: true, snippet.JS: true, snippet.TS: true,
	snippet.Elixir: true, snippet.Ruby: true, snippet.Lua: true, snippet.HCL: true,
}

// indexAssignRE matches an assignment to an indexed key, which
// scanAssignments does not read: gitlab.rb's gitlab_rails['key'] = value,
// PHP's $CONFIG['key'] = value, Python's settings["key"] = value.
var indexAssignRE = lazyre.New(`\[\s*['"]([A-Za-z0-9_.\-]+)['"]\s*\]\s*=\s*([A-Za-z]+)\b`)

// checkCodeBools reports the unquoted misspelt booleans of a code snippet
// (the quoted ones are in the model).
func checkCodeBools(r *reporter, s *snippet.Snippet) {
	f := scanFormat(s)
	if !codeFormats[f] || isYAML(s) || isJSON(s) || isEnvFile(s) {
		return
	}
	text := string(s.Text)
	for _, x := range indexAssignRE.Re().FindAllStringSubmatchIndex(text, -1) {
		key, val := text[x[2]:x[3]], text[x[4]:x[5]]
		if want := boolTypo(val, key); want != "" {
			v := snippetValue(s, source.Span{Start: x[4], End: x[5]}, val)
			if !r.seen[v.Span] && v.Span.Len() == len(val) {
				reportBoolTypo(r, v, fmt.Sprintf("%s in %s", key, where(s)), want)
			}
		}
	}
	for _, a := range scanAssignments(s.Text) {
		if a.Quoted {
			continue
		}
		want := boolTypo(a.Value, a.Key)
		if want == "" {
			continue
		}
		v := snippetValue(s, a.ValueSpan, a.Value)
		if r.seen[v.Span] || v.Span.Len() != len(a.Value) {
			continue
		}
		reportBoolTypo(r, v, fmt.Sprintf("%s in %s", a.Key, where(s)), want)
	}
}

// envParents are keys whose values are strings by definition: variables
// (a container's env, Compose's environment), a ConfigMap's data, labels
// and annotations, arguments and parameters passed on as text.
var envParents = map[string]bool{"env": true, "environment": true, "variables": true, "vars": true, "data": true,
	"stringdata": true, "labels": true, "annotations": true, "args": true, "params": true, "parameters": true,
	"headers": true, "query": true, "with": true, "inputs": true, // GitHub Actions' inputs are strings
	// A Kubernetes toleration's value, a node selector's labels.
	"value": true, "nodeselector": true, "selector": true}

// envSuffixes end keys that hold variables too (extraEnv, envVars,
// podAnnotations), or a program's flags (kubeadm's extraArgs, a
// map[string]string).
var envSuffixes = []string{"env", "environment", "envvars", "variables", "labels", "annotations", "args", "flags", "selector"}

// checkQuotedBools reports a boolean written as a string where the format
// types its values. In JSON, "true" is a string: a typed decoder (Go's
// encoding/json: cannot unmarshal string into Go struct field of type
// bool) refuses it, a dynamic one reads a truthy string, "false" included.
// In an application's YAML the same holds, but YAML must quote the
// booleans of environments, ConfigMaps, labels and Helm strings, so a
// quoted one is reported only in a mapping whose other booleans are bare.
// A TOML file is typed as JSON is; it is reported where the file's other
// booleans are bare.
func checkQuotedBools(r *reporter, s *snippet.Snippet, compose bool) {
	switch {
	case isJSON(s):
		if docs, ok := snippetYAML(s); ok {
			for _, d := range docs {
				scanQuoted(r, s, newYAMLBuf(s, 0, len(s.Text)), d, true)
			}
		}
	case isYAML(s) && !isEnvFile(s):
		if compose || strings.Contains(strings.ToLower(s.FileName()), "compose") {
			return // a Compose file, or an excerpt of one (labels)
		}
		if docs, ok := snippetYAML(s); ok {
			for _, d := range docs {
				scanQuoted(r, s, newYAMLBuf(s, 0, len(s.Text)), d, typedYAML(s, d))
			}
		}
	case scanFormat(s) == snippet.TOML:
		quotedTOML(r, s)
	}
}

// quotedBool reports whether n is a quoted true or false.
func quotedBool(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 && (n.Value == "true" || n.Value == "false")
}

// bareBool reports whether n is a boolean as YAML 1.2 and JSON write it.
func bareBool(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Style == 0 && n.Tag == "!!bool" && (n.Value == "true" || n.Value == "false")
}

// quotedHit is a quoted boolean of a document: its key, its value and
// whether its mapping holds a bare boolean.
type quotedHit struct {
	key     string
	val     value
	text    string
	sibling bool
}

// springBoot reports whether s is a Spring Boot configuration file
// (application.yml, application-prod.yaml, bootstrap.yml): Spring binds
// the string 'true' to a boolean property (relaxed binding), so a quoted
// boolean there is no mistake.
func springBoot(s *snippet.Snippet) bool {
	name := strings.ToLower(path.Base(s.FileName()))
	ext := path.Ext(name)
	if ext != ".yml" && ext != ".yaml" {
		return false
	}
	base := strings.TrimSuffix(name, ext)
	return base == "application" || base == "bootstrap" || strings.HasPrefix(base, "application-") || strings.HasPrefix(base, "bootstrap-")
}

// boolScan counts the booleans of one document (a snippet's, or one held
// in a literal block scalar: a ConfigMap's sso: | …), outside the keys
// whose values are strings.
type boolScan struct {
	b      *yamlBuf
	json   bool // a JSON document: its keys name no variables nor labels
	bare   int
	quoted []quotedHit
	blocks []*boolScan
}

// scanQuoted reports the quoted booleans of document d. In JSON each is
// reported, and so in YAML when the document is an application's
// configuration file (typedYAML). In other YAML (a Kubernetes manifest,
// chart values, an untitled snippet) one is reported when its mapping
// holds a bare boolean, or when the document writes at least two booleans
// bare and fewer quoted: a writer who quotes booleans on purpose (a chart
// whose values are strings) quotes them all.
func scanQuoted(r *reporter, s *snippet.Snippet, b *yamlBuf, d *yaml.Node, typed bool) {
	if springBoot(s) {
		return
	}
	bs := &boolScan{b: b, json: isJSON(s)}
	bs.walk(d, false, 0)
	bs.report(r, s, typed)
}

// typedYAML reports whether document d of s is an application's
// configuration file: a mapping in a snippet titled with a file name,
// not chart values (values.yaml) nor a Kubernetes object (apiVersion,
// kind), whose strings the writer would not quote as booleans.
func typedYAML(s *snippet.Snippet, d *yaml.Node) bool {
	name := strings.ToLower(path.Base(s.FileName()))
	if name == "" || name == "." || strings.HasPrefix(name, "values") || strings.Contains(name, "chart") {
		return false
	}
	root := d
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		root = root.Content[0]
	}
	return root.Kind == yaml.MappingNode && lookup(root, "apiVersion") == nil && lookup(root, "kind") == nil
}

func (bs *boolScan) report(r *reporter, s *snippet.Snippet, typed bool) {
	majority := bs.bare >= 2 && bs.bare > len(bs.quoted)
	if typed && !bs.json && bs.bare == 0 && len(bs.quoted) >= 2 {
		// Every boolean of the YAML file quoted is the writer's
		// choice, for a loader that takes strings (a .env restated),
		// not a slip.
		typed = false
	}
	for _, h := range bs.quoted {
		if !typed && !h.sibling && !majority || r.seen[h.val.Span] {
			continue
		}
		r.report(h.val, diag.Error, "consistency-bool-quoted", "write "+h.text+" without quotes",
			fmt.Sprintf("the value of %s in %s is the string \"%s\", not the boolean %s: a typed loader refuses it, and to a dynamic one any non-empty string is true", h.key, where(s), h.text, h.text))
	}
	// A document held in a block scalar is a file's text (a ConfigMap's
	// sso: | of Argo Workflows): an application's configuration.
	for _, c := range bs.blocks {
		c.report(r, s, true)
	}
}

// walk counts the booleans of n; strs is set under a key whose values are
// strings (an environment, a ConfigMap's data), where only the documents
// of literal block scalars are read.
func (bs *boolScan) walk(n *yaml.Node, strs bool, depth int) {
	if n == nil || depth > maxDepth || n.Alias != nil {
		return
	}
	switch n.Kind {
	case yaml.DocumentNode, yaml.SequenceNode:
		for _, c := range n.Content {
			bs.walk(c, strs, depth+1)
		}
	case yaml.MappingNode:
		// A Kubernetes-style variable {name: X, value: "true"} is a
		// string; so is every value of a ConfigMap's data.
		if lookup(n, "name") != nil && lookup(n, "value") != nil {
			strs = true
		}
		if k := lookup(n, "kind"); k != nil && (k.Value == "ConfigMap" || k.Value == "Secret") {
			strs = true
		}
		bare := false
		for i := 1; i < len(n.Content); i += 2 {
			bare = bare || bareBool(n.Content[i])
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			// A dotted key is a label (traefik.http.…) or a property
			// (Incus's oidc.client.id, Spring's), whose loaders take
			// strings.
			// JSON holds neither (django-allauth's OAUTH_PKCE_ENABLED).
			inner := strs || envParent(k.Value) || !bs.json && (envName(k.Value) || strings.Contains(k.Value, "."))
			switch {
			case inner:
			case bareBool(v):
				bs.bare++
			case quotedBool(v):
				if val := bs.b.value(v); val.Span.Len() == len(v.Value) {
					bs.quoted = append(bs.quoted, quotedHit{key: k.Value, val: val, text: v.Value, sibling: bare})
				}
				continue
			}
			bs.walk(v, inner, depth+1)
		}
	case yaml.ScalarNode:
		bs.block(n, depth)
	}
}

// block scans the YAML document held in literal block scalar n, with
// counts of its own.
func (bs *boolScan) block(n *yaml.Node, depth int) {
	if n.Style&yaml.LiteralStyle == 0 || len(bs.blocks) >= maxBlockNesting*4 {
		return
	}
	b2 := bs.b.block(n)
	if b2 == nil || b2.text != "" {
		return
	}
	docs, ok := parseYAML([]byte(n.Value))
	if !ok || len(docs) != 1 || docs[0].Kind != yaml.MappingNode {
		return
	}
	c := &boolScan{b: b2}
	c.walk(docs[0], false, depth+1)
	bs.blocks = append(bs.blocks, c)
}

// envName reports whether key is an environment variable's name
// (OIDC_ENABLED: a chart's env map), whose value is a string.
func envName(key string) bool {
	letter := false
	for i := 0; i < len(key); i++ {
		c := key[i]
		switch {
		case c >= 'A' && c <= 'Z':
			letter = true
		case c >= '0' && c <= '9' || c == '_':
		default:
			return false
		}
	}
	return letter && strings.Contains(key, "_")
}

// envParent reports whether key holds strings by definition.
func envParent(key string) bool {
	k := normalizeKey(key)
	if envParents[k] {
		return true
	}
	for _, x := range envSuffixes {
		if strings.HasSuffix(k, x) {
			return true
		}
	}
	return false
}

// quotedTOML reports a quoted "true" or "false" in a TOML file whose
// other booleans are bare, outside the tables of environment variables
// ([env] of fly.toml, Netlify's [build.environment]), whose values are
// strings. TOML types its values as JSON does, but a file that quotes
// every boolean (a .env restated, for a loader that converts strings) is
// the writer's choice.
func quotedTOML(r *reporter, s *snippet.Snippet) {
	as := scanAssignments(s.Text)
	bare := false
	for _, a := range as {
		bare = bare || !a.Quoted && (a.Value == "true" || a.Value == "false")
	}
	if !bare {
		return
	}
	for _, a := range as {
		if !a.Quoted || a.Value != "true" && a.Value != "false" || envSection(a.Section) {
			continue
		}
		v := snippetValue(s, a.ValueSpan, a.Value)
		if r.seen[v.Span] || v.Span.Len() != len(a.Value) {
			continue
		}
		r.report(v, diag.Error, "consistency-bool-quoted", "write "+a.Value+" without quotes",
			fmt.Sprintf("the value of %s in %s is the string \"%s\", not the boolean %s, as the file's other booleans are: a typed loader refuses it, and to a dynamic one any non-empty string is true", a.Key, where(s), a.Value, a.Value))
	}
}

// envSection reports whether a TOML table (a.b.c) holds variables.
func envSection(section string) bool {
	for _, part := range strings.FieldsFunc(section, func(r rune) bool { return r == '.' || r == '[' || r == ']' }) {
		if envParent(strings.Trim(part, `"'`)) {
			return true
		}
	}
	return false
}
