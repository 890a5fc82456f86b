package consistency

// Short words of keys (three or four letters) that shortWords
// mends: one letter fewer than a word keys are made of, the letter lost
// inside the word (oic for oidc, tye for type, vaue for value).
const (
	minShortKeyWord = 3
	maxShortKeyWord = minKeyWord - 1
)

// shortWords reports, for checkKeyWords, a short word of an application's
// key that is a word keys are made of with one letter left out (auth: auh,
// oidc: oic, claim: clim), where checkKeyWords judges only words of five
// letters or more: a letter more or less in a short word makes another
// word too often. It takes stronger evidence than checkKeyWords: the word
// meant is one settings are named with (configWords, oidcWords,
// settingWords) that the guide writes elsewhere; the short word is
// written nowhere else in the guide, is no word keys are made of (nor an
// inflection of one) and no abbreviation settings use (shortAbbrevs). The
// letter lost is inside the word, or its first letter where a word comes
// before it in the key (CONCOURSE_IDC_ISSUER), or its last where one comes
// after (admiUser, opeId), and the word meant is a word of another of the
// guide's keys: a short word that lost the letter at the key's own start
// or end leaves an abbreviation or a word of its own more often than not.
// Exactly one word may be meant.
type shortWords struct {
	inKeys map[string]bool // the words of the guide's keys, made once
}

// check judges the word w of the i-th key (keyAt).
func (sw *shortWords) check(m *model, r *reporter, content []byte, i int, w wordSpan) {
	av := m.keyAt(i)
	if n := w.end - w.start; n < minShortKeyWord || n > maxShortKeyWord {
		return
	}
	var buf [maxShortKeyWord]byte
	lw, ok := lowerLetters(buf[:0], av.Key[w.start:w.end])
	if !ok || knownKeyWord(lw) || shortAbbrevs[string(lw)] {
		return
	}
	// The lost letter may be the word's first where a word comes before
	// it in the key, its last where one comes after (opeId, CONCOURSE_IDC).
	head, tail := w.start > 0, w.end < len(av.Key)
	if (head || tail) && sw.inKeys == nil {
		sw.inKeys = keyWordsOf(m)
	}
	good := shortPartner(content, lw, head, tail, sw.inKeys)
	if good == "" || wordCountFold(content, string(lw)) > 1 {
		return
	}
	reportKeyWord(m, r, content, keyWordTypo{av: i, w: w, bad: string(lw), good: good, kind: slipDropped}, false)
}

// keyWordsOf returns the words (lower case) of the keys of m's
// application snippets.
func keyWordsOf(m *model) map[string]bool {
	words := map[string]bool{}
	for i := range len(m.app) + len(m.listKeys) + len(m.mapKeys) {
		key := m.keyAt(i).Key
		var small [16]wordSpan
		for _, w := range keyWords(key, small[:0]) {
			var buf [maxKeyWord]byte
			if w.end-w.start <= maxKeyWord {
				if lw, ok := lowerLetters(buf[:0], key[w.start:w.end]); ok {
					words[string(lw)] = true
				}
			}
		}
	}
	return words
}

// lowerLetters appends s lower-cased to dst; ok is false when s holds
// anything but ASCII letters.
func lowerLetters(dst []byte, s string) ([]byte, bool) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'A' && c <= 'Z':
			c += 'a' - 'A'
		case c < 'a' || c > 'z':
			return nil, false
		}
		dst = append(dst, c)
	}
	return dst, true
}

// shortPartner returns the one word settings are named with (configWords,
// oidcWords, settingWords) that lw is with one letter left out and that
// the guide backs (see shortWords), or "". head allows the first letter
// to be the one lost, tail the last, for a word meant that inKeys holds.
func shortPartner(content []byte, lw []byte, head, tail bool, inKeys map[string]bool) string {
	var good string
	var word [maxShortKeyWord + 1]byte
	for at := 0; at <= len(lw); at++ {
		edge := at == 0 || at == len(lw)
		if at == 0 && !head || at == len(lw) && !tail {
			continue
		}
		for c := byte('a'); c <= 'z'; c++ {
			if at > 0 && lw[at-1] == c {
				continue // the same word as one letter earlier: tried once
			}
			wb := append(append(append(word[:0], lw[:at]...), c), lw[at:]...)
			if !partWordSet[string(wb)] || edge && !inKeys[string(wb)] {
				continue // the look-ups convert without copying
			}
			w := string(wb)
			if wordCountFold(content, w) == 0 {
				continue
			}
			if good != "" && good != w {
				return "" // two words meant: no telling which
			}
			good = w
		}
	}
	return good
}

// shortAbbrevs are short words of English and abbreviations of three or
// four letters that settings' names use, each one letter short of a word
// (age of page, tmp of temp, usr of user, pwd, msg): shortWords leaves
// them alone.
var shortAbbrevs = map[string]bool{
	// Short words of English that keys use as they are (maxAge,
	// runOnce, setAll), which a lost letter would make another word of.
	"age": true, "all": true, "any": true, "day": true, "end": true, "now": true, "old": true,
	"one": true, "raw": true, "row": true, "run": true, "set": true, "top": true, "via": true,
	"yes": true,
	// Abbreviations.
	"abs": true, "add": true, "alt": true, "asc": true, "avg": true, "buf": true, "dec": true,
	"del": true, "idx": true, "inc": true, "lat": true, "lon": true, "max": true, "min": true,
	"mod": true, "neg": true, "pos": true, "ptr": true, "seq": true, "sum": true,
	"acct": true, "addr": true, "admn": true, "args": true, "attr": true, "auth": true,
	"bkp": true, "btn": true, "cert": true, "cfg": true, "chan": true, "cmd": true, "cnf": true,
	"cnt": true, "conf": true, "cred": true, "ctl": true, "ctrl": true, "ctx": true, "curr": true,
	"dflt": true, "desc": true, "dest": true, "dir": true, "dirs": true, "dst": true,
	"env": true, "envs": true, "err": true, "evt": true, "exp": true, "expr": true, "ext": true,
	"fmt": true, "frm": true, "hdr": true, "hst": true, "idp": true, "img": true, "impl": true,
	"info": true, "init": true, "lbl": true, "len": true, "lng": true, "lvl": true, "mgmt": true,
	"mgr": true, "msg": true, "mtd": true, "nbf": true, "num": true, "opt": true, "opts": true,
	"org": true, "orgs": true, "perm": true, "pkg": true, "prev": true, "priv": true,
	"prod": true, "prof": true, "prov": true, "prv": true, "pswd": true, "pwd": true, "qry": true,
	"rcpt": true, "recv": true, "ref": true, "refs": true, "repo": true, "req": true, "reqs": true,
	"res": true, "resp": true, "rsp": true, "scp": true, "sec": true, "secs": true, "sess": true,
	"sig": true, "sign": true, "spec": true, "src": true, "srv": true, "srvc": true, "stat": true,
	"std": true, "stmt": true, "str": true, "svc": true, "sync": true, "sys": true, "tbl": true,
	"tmp": true, "tmpl": true, "tok": true, "tpl": true, "tst": true, "txt": true, "usr": true,
	"usrs": true, "val": true, "vals": true, "var": true, "vars": true, "ver": true, "vol": true,
	"vols": true, "wrk": true,
}
