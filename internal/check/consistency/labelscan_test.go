package consistency

import (
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// The regular expressions that the matchers of labelscan.go implement by
// hand: the tests compare both.
var (
	beforeOracle     = regexp.MustCompile(`(?i)(?:^|\b(?:set|change|configure|update|fill in|enter|use)\s+)(?:the\s+|your\s+)?([A-Za-z][\w .»/-]{0,60}?)\s*(?:\s(?:field|option|setting|value|box|input)\s*)?(?:\s(?:to|as|with|should be|must be|is|in the (?:format|form) of)|:|=)\s*$`)
	verbBeforeOracle = regexp.MustCompile(`(?i)\b(?:enter|paste|put|type|use|set|add|fill in|insert|specify)\s*$`)
	nounBeforeOracle = regexp.MustCompile(`(?i)\b(redirect ur[il]|callback ur[il])(?:\s+(?:shown|displayed|used|sent)(?:\s+by(?:\s+the)?\s+(?:\w+|\[\w+\]))?|(?:\s+the)?\s+(?:\w+|\[\w+\])\s+(?:sends|uses|expects|shows|displays))?(?:\s+(?:is|will be))?\s*$`)
	factOracle       = regexp.MustCompile("(?i)^[ \t]*(?:\\*\\*|__)?[ \t]*(application root url|authelia root url|client id|client secret)[ \t]*(?:\\([^)]*\\))?[ \t]*:[ \t]*(?:\\*\\*|__)?[ \t]*(.*)$")
	settingOracle    = regexp.MustCompile("^[ \t]*(?:\\*\\*|__)?[ \t]*([^:`]{1,60}?)[ \t]*(?:\\([^)]*\\))?[ \t]*(?:\\*\\*|__)?[ \t]*:[ \t]*(?:\\*\\*|__)?[ \t]*")
)

// compareItemScan reports where matchFact or matchSetting and its regexp
// disagree on s.
func compareItemScan(t *testing.T, s string) {
	t.Helper()
	for _, c := range []struct {
		name  string
		re    *regexp.Regexp
		match func(string) (itemMatch, bool)
	}{{"matchFact", factOracle, matchFact}, {"matchSetting", settingOracle, matchSetting}} {
		var want []int
		if m := c.re.FindStringSubmatchIndex(s); m != nil {
			want = []int{m[2], m[3], m[len(m)-2]}
			if c.re == settingOracle {
				want[2] = m[1]
			}
		}
		var got []int
		if m, ok := c.match(s); ok {
			got = []int{m.LabelStart, m.LabelEnd, m.Value}
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s(%q) = %v; the regexp gives %v", c.name, s, got, want)
		}
	}
}

// compareProseScan reports where a matcher and its regexp disagree on s.
func compareProseScan(t *testing.T, s string) {
	t.Helper()
	want, wantOK := "", false
	if m := beforeOracle.FindStringSubmatch(s); m != nil {
		want, wantOK = m[1], true
	}
	if got, ok := beforeLabel(s); got != want || ok != wantOK {
		t.Errorf("beforeLabel(%q) = %q, %v; the regexp gives %q, %v", s, got, ok, want, wantOK)
	}
	if got, want := verbBefore(s), verbBeforeOracle.MatchString(s); got != want {
		t.Errorf("verbBefore(%q) = %v; the regexp gives %v", s, got, want)
	}
	want, wantOK = "", false
	if m := nounBeforeOracle.FindStringSubmatch(s); m != nil {
		want, wantOK = m[1], true
	}
	if got, ok := nounBefore(s); got != want || ok != wantOK {
		t.Errorf("nounBefore(%q) = %q, %v; the regexp gives %q, %v", s, got, ok, want, wantOK)
	}
}

var proseScanCases = []string{
	"", " ", ":", "=", "a:", "Set the Redirect URI to", "Configure **Client ID** as ", "the Client ID is",
	"Client ID:", "Client ID field:", "Client ID  field \t:", "Then set your Client ID  to\n",
	"set  the  client secret value to", "Update the Callback URL in the format of",
	"the redirect URI must be", "It should be", "Use  the OIDC Provider URL with", "fill in  Issuer=",
	"Enter", "and paste", "please  ſet", "uſe", "Kelvin K field:", "theme is", "your", "your is",
	"Builds its redirect URI", "uses the callback url shown is", "the Redirect URL will be ",
	"redirect uri displayed", "xredirect uri", "The redirect URI Memos sends is", "the Callback URL used by Memos is",
	"the redirect URI sent by the app", "the redirect uri the the sends is", "redirect URI ſends", "the redirect URI Memos ſends is", "The redirect URI [Memos] sends is", "the redirect URI used by [Memos] is", "redirect uri [] sends", "redirect uri a[b] sends", "redirect uri [[b] sends", "redirect uri [b]] sends", "redirect uri ] sends", "callback url app\tſhows", "the redirect URI x-y sends is",
	"the redirect URI  the\tapp  uses  will be", "the redirect URI by app is", "redirect URL shown by the is", "redirect uri sends is", "_callback url", "a callback URL used\t",
	"The setting » Client ID is", "set the a/b.c-d_e is", "ſet the ſecret aſ", "\xffset x is",
	"set the " + strings.Repeat("x", 60) + " to", "set the " + strings.Repeat("x", 61) + " to",
	"set the " + strings.Repeat("x", 62) + " to", strings.Repeat("a ", 40) + "is",
	"Set A to `x` and set B to", "in the form of", " in the form of", "x in the form of",
	"is is is", "to to", "value:", "x value:", "x  value  =", "the option as", "the\tthe is",
	"configure: x is", "Change Client ID", "9 is", "é is", "éset x is", "set\nthe\nX\nto\n",
}

func TestProseScanCases(t *testing.T) {
	for _, s := range proseScanCases {
		compareProseScan(t, s)
	}
}

// TestProseScanRandom compares the matchers with their regexps on texts
// made of the words and characters their patterns name.
func TestProseScanRandom(t *testing.T) {
	pieces := []string{
		"set", "change", "configure", "update", "fill in", "enter", "use", "paste", "put", "type", "add", "insert", "specify",
		"the", "your", "field", "option", "setting", "value", "box", "input",
		"to", "as", "with", "should be", "must be", "is", "in the format of", "in the form of", "will be",
		"redirect", "callback", "url", "uri", "URL", "shown", "displayed", "used", "redirect url", "Callback URI", "redirect urI",
		"sent", "by", "sends", "uses", "expects", "shows", "displays", "Memos", "redirect uri Memos", "ſends", "[", "]", "[Memos]",
		" ", " ", " ", "  ", "\t", "\n", ":", "=", "ſ", "K", "»", "/", ".", "-", "_", "x", "X", "9", "é", "\xff", "`", ",", "ab",
	}
	randomTexts(1, 2, 200000, 12, pieces, func(s string) { compareProseScan(t, s) })
}

func FuzzProseScan(f *testing.F) {
	for _, s := range proseScanCases {
		f.Add(s)
	}
	f.Fuzz(compareProseScan)
}

var itemScanCases = []string{
	"", ":", "Client ID: romm", "**Client ID:** `romm`", "  __Client Secret__ : x", "client id (Key): x",
	"Client ID (a:b) : x", "Client ID (unclosed: x", "Client ID: a\nb", "Client ID:\n", "CLIENT ſECRET: x",
	"Application Root URL: https://app.example.com", "authelia root url:", "Client IDs: x", "* Client ID: x",
	"** : x", "**: x", "  ** Issuer URL ** : `x`", "Issuer URL (optional): x", "a`b: c", "\t\tScope:\topenid",
	strings.Repeat("x", 59) + ": y", strings.Repeat("x", 60) + ": y", strings.Repeat("x", 61) + ": y",
	strings.Repeat("é", 60) + ": y", "\xff\xfe: y", "plugin»oauthgeneric»key: dokuwiki.", "a (b) ** : c", "a (b) **: c",
	"a ( b: c", "   ", "__", "____: x", "**__: x", "*** : x", "a: **b", "a: ** b", "a:__", "x (y) (z): w",
}

func TestItemScanCases(t *testing.T) {
	for _, s := range itemScanCases {
		compareItemScan(t, s)
	}
}

// TestItemScanRandom compares matchFact and matchSetting with their
// regexps on texts made of the characters and words their patterns name.
func TestItemScanRandom(t *testing.T) {
	pieces := []string{
		" ", " ", "\t", "\n", "**", "__", "*", "_", ":", ":", "(", ")", "`", "ſ", "K", "é", "\xff",
		"client id", "Client ID", "client secret", "application root url", "Authelia Root URL", "client",
		"x", "ab", "Issuer", strings.Repeat("y", 25), ": ", "» ",
	}
	randomTexts(3, 4, 200000, 10, pieces, func(s string) { compareItemScan(t, s) })
}

func FuzzItemScan(f *testing.F) {
	for _, s := range itemScanCases {
		f.Add(s)
	}
	f.Fuzz(compareItemScan)
}

// randomTexts calls f with n texts of 1 to most+1 pieces drawn from
// pieces, the same ones for the same seeds.
func randomTexts(seed1, seed2 uint64, n, most int, pieces []string, f func(string)) {
	rng := rand.New(rand.NewPCG(seed1, seed2))
	for range n {
		var b strings.Builder
		for k := rng.IntN(most); k >= 0; k-- {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		f(b.String())
	}
}
