package shortcode

// interner gives the lexer its strings (names, keys and values of calls)
// and the parser its typed parameter values, remembered across the pages
// of one worker: a guide calls the same shortcodes with the same
// parameters again and again (sitevar name="domain" nojs="example.com"),
// and each page made a copy of its body to cut them from and an
// allocation per value to hold it as an any. A nil *interner allocates
// each string and value (Parse outside a build). Not safe for concurrent
// use: it belongs to a Memo.
type interner struct {
	strs   map[string]string
	quoted map[string]any // typedValue(s, true) by s
	plain  map[string]any // typedValue(s, false) by s
}

// Bounds of an interner: strings longer than maxInternLen, and any once
// a map holds maxInterned entries, are not remembered.
const (
	maxInternLen = 256
	maxInterned  = 4096
)

// str returns b as a string.
func (in *interner) str(b []byte) string {
	if in == nil || len(b) > maxInternLen {
		return string(b)
	}
	if s, ok := in.strs[string(b)]; ok {
		return s
	}
	s := string(b)
	if len(in.strs) < maxInterned {
		if in.strs == nil {
			in.strs = map[string]string{}
		}
		in.strs[s] = s
	}
	return s
}

// value returns typedValue(s, quoted).
func (in *interner) value(s string, quoted bool) any {
	if in == nil || len(s) > maxInternLen {
		return typedValue(s, quoted)
	}
	m := &in.plain
	if quoted {
		m = &in.quoted
	}
	if v, ok := (*m)[s]; ok {
		return v
	}
	v := typedValue(s, quoted)
	if len(*m) < maxInterned {
		if *m == nil {
			*m = map[string]any{}
		}
		(*m)[s] = v
	}
	return v
}
