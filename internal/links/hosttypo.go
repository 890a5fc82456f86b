package links

import (
	"iter"
	"slices"
	"strings"

	"github.com/guidec/guidec/internal/typo"
)

// wellKnownHosts are the names (the label before the top-level domain) of
// sites guides link to for code, containers, standards and docs.
var wellKnownHosts = []string{"github", "gitlab", "bitbucket", "codeberg", "docker", "authelia",
	"openid", "ietf", "datatracker", "kubernetes", "wikipedia", "mozilla", "microsoft", "google",
	"golang", "python", "npmjs", "pypi", "readthedocs", "artifacthub", "helm", "letsencrypt"}

// hostTypo returns the name that the host of dest, an http(s) URL,
// misspells, or "": a label of the host that is not one of the names it is
// compared with but a letter or two from one (gitub for github, pockebase
// for the link text PocketBase). It is compared with wellKnownHosts, with
// the words of the link's text, which usually names the site
// ([Tailscale]: https://tailscale.com), and with the names hostsOf gives
// (nil for none), those of the hosts of the page's other links (smalstep
// beside smallstep). A host
// that is a word of its text as written, with or without dashes, is the
// site meant.
func hostTypo(dest, text string, hostsOf func() []string) (label, want string) {
	host, ok := webHost(dest)
	if !ok {
		return "", ""
	}
	dot := strings.LastIndexByte(host, '.')
	if dot <= 0 {
		return "", ""
	}
	tld := host[dot+1:]
	var words []string // the words of text, lower-cased, made when needed
	for l := range labels(host[:dot]) {
		if len(l) < 4 || slices.Contains(wellKnownHosts, l) {
			continue
		}
		if words == nil {
			words = textWords(text)
		}
		if slices.Contains(words, l) || slices.Contains(words, l+tld) {
			continue // the site meant, or a domain hack (ghostfol.io)
		}
		var hosts []string
		if hostsOf != nil {
			hosts = hostsOf()
		}
		for _, list := range [][]string{wellKnownHosts, words, hosts} {
			for _, n := range list {
				// A slip keeps the first letter and the length within one.
				if len(n) >= 5 && n[0] == l[0] && len(n)-len(l) <= 1 && len(l)-len(n) <= 1 && typo.Slip(l, n) {
					return l, n
				}
			}
		}
	}
	return "", ""
}

// webHost returns the lower-cased host of an http(s) URL, without user
// information and port.
func webHost(dest string) (string, bool) {
	var rest string
	switch {
	case len(dest) > 8 && strings.EqualFold(dest[:8], "https://"):
		rest = dest[8:]
	case len(dest) > 7 && strings.EqualFold(dest[:7], "http://"):
		rest = dest[7:]
	default:
		return "", false
	}
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		rest = rest[:i]
	}
	if i := strings.LastIndexByte(rest, '@'); i >= 0 {
		rest = rest[i+1:]
	}
	if i := strings.LastIndexByte(rest, ':'); i >= 0 {
		rest = rest[:i]
	}
	return strings.ToLower(rest), rest != ""
}

// textWords returns the words of a link's text, lower-cased, and all of
// them joined (Tandoor Recipes: tandoor, recipes, tandoorrecipes).
func textWords(text string) []string {
	words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	})
	if len(words) > 1 {
		words = append(words, strings.Join(words, ""))
	}
	if words == nil {
		words = []string{}
	}
	return words
}

// HostNames returns the names of the hosts of dests that hostTypo compares
// a host with: each label but the top-level domain, without dashes, of
// five letters or more, once.
func HostNames(dests []string) []string {
	var names []string
	for _, d := range dests {
		if !strings.Contains(d, "://") {
			continue
		}
		host, ok := webHost(d)
		if !ok {
			continue
		}
		dot := strings.LastIndexByte(host, '.')
		for l := range labels(host[:max(dot, 0)]) {
			if len(l) >= 5 && !slices.Contains(names, l) {
				names = append(names, l)
			}
		}
	}
	return names
}

// labels yields the labels of a host name's part before its top-level
// domain, each without its dashes (gateway-api: gatewayapi), which is
// how hostTypo compares names.
func labels(name string) iter.Seq[string] {
	return func(yield func(string) bool) {
		for rest := name; rest != ""; {
			l := rest
			if i := strings.IndexByte(rest, '.'); i >= 0 {
				l, rest = rest[:i], rest[i+1:]
			} else {
				rest = ""
			}
			if strings.IndexByte(l, '-') >= 0 {
				l = strings.ReplaceAll(l, "-", "")
			}
			if !yield(l) {
				return
			}
		}
	}
}
