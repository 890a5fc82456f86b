package consistency

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
)

// The regular expressions that the matchers of prosescan.go implement by
// hand: the tests compare both.
var (
	beforeOracle     = regexp.MustCompile(`(?i)(?:^|\b(?:set|change|configure|update|fill in|enter|use)\s+)(?:the\s+|your\s+)?([A-Za-z][\w .»/-]{0,60}?)\s*(?:\s(?:field|option|setting|value|box|input)\s*)?(?:\s(?:to|as|with|should be|must be|is|in the (?:format|form) of)|:|=)\s*$`)
	verbBeforeOracle = regexp.MustCompile(`(?i)\b(?:enter|paste|put|type|use|set|add|fill in|insert|specify)\s*$`)
	nounBeforeOracle = regexp.MustCompile(`(?i)\b(redirect ur[il]|callback ur[il])(?:\s+(?:shown|displayed|used))?(?:\s+(?:is|will be))?\s*$`)
)

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
	"redirect uri displayed", "xredirect uri", "_callback url", "a callback URL used\t",
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
		" ", " ", " ", "  ", "\t", "\n", ":", "=", "ſ", "K", "»", "/", ".", "-", "_", "x", "X", "9", "é", "\xff", "`", ",", "ab",
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 200000 {
		var b strings.Builder
		for n := rng.IntN(12); n >= 0; n-- {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		compareProseScan(t, b.String())
	}
}

func FuzzProseScan(f *testing.F) {
	for _, s := range proseScanCases {
		f.Add(s)
	}
	f.Fuzz(compareProseScan)
}
