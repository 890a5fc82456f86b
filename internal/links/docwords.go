package links

import (
	"slices"

	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/typo"
)

// docWords are words the paths of documentation sites are made of: the
// sections and pages an integration guide links to on its provider's
// site (introduction, configuration, identity providers, clients…),
// written from what such sites name their pages, lower case and sorted.
// A path word one slip from one of them, and no word itself, is most
// likely misspelt even when the run has no other link to compare it with
// (vocabSlips): a guide checked alone links to each page once.
var docWords = []string{
	"access", "accounts", "administration", "advanced", "algorithms", "application", "applications",
	"architecture", "attributes", "authentication", "authorization", "authorize", "backends",
	"builds", "certificates", "changelog", "claims", "client", "clients", "community", "concepts",
	"configuration", "configure", "connect", "contributing", "control", "credentials", "database",
	"databases", "default", "defaults", "definitions", "deployment", "development", "directory",
	"discovery", "docker", "documentation", "domains", "endpoints", "environment", "examples",
	"features", "federation", "filters", "frequently", "getting", "groups", "guides", "header",
	"headers", "identity", "installation", "integration", "integrations", "introduction", "issuer",
	"kubernetes", "lifespans", "logging", "management", "metrics", "migration", "miscellaneous",
	"notifications", "notifier", "openid", "operations", "overview", "password", "passwords",
	"permissions", "policies", "policy", "prologue", "provider", "providers", "proxies", "proxy",
	"questions", "quickstart", "redirect", "reference", "regulation", "release", "releases",
	"requirements", "roadmap", "scopes", "secrets", "security", "server", "servers", "service",
	"services", "session", "sessions", "settings", "setup", "single", "started", "storage",
	"support", "telemetry", "templates", "tokens", "troubleshooting", "trusted", "upgrading",
	"usage", "users", "variables", "webauthn",
}

// vocabSlips returns, by index in ws, the findings of the third kind of
// evidence: a word of a path that the run's links out of the tree write
// once, that is not one of docWords (nor one with an -s or -es more or
// less) and is one typo.Slip from one of them. Words of fewer than five
// letters are left alone (one edit of a short word is too often another
// word), and so is a word the run writes twice.
func vocabSlips(ws []Away) map[int]diag.Diagnostic {
	count := map[string]int{}
	for _, w := range ws {
		pathWords(w.Path, func(s string) { count[s]++ })
	}
	var out map[int]diag.Diagnostic
	for i, w := range ws {
		if w.Mute {
			continue
		}
		var bad, good string
		pathWords(w.Path, func(s string) {
			if good != "" || count[s] != 1 || len(s) < 5 || !slipWord(s) || isDocWord(s) {
				return
			}
			for _, o := range docWords {
				if len(o)-len(s) <= 1 && len(s)-len(o) <= 1 && typo.Slip(s, o) {
					bad, good = s, o
					return
				}
			}
		})
		if good == "" {
			continue
		}
		out = wordFinding(out, i, w, bad, good, "is no word of a documentation site's paths, and is one slip from "+quote(good))
	}
	return out
}

// isDocWord reports whether s is one of docWords, or one of them with an
// -s or -es more or less (client, clients; policy, policies is listed).
func isDocWord(s string) bool {
	if _, ok := slices.BinarySearch(docWords, s); ok {
		return true
	}
	for _, t := range []string{s + "s", s + "es"} {
		if _, ok := slices.BinarySearch(docWords, t); ok {
			return true
		}
	}
	for _, suf := range []string{"es", "s"} {
		if n := len(s) - len(suf); n > 0 && s[n:] == suf {
			if _, ok := slices.BinarySearch(docWords, s[:n]); ok {
				return true
			}
		}
	}
	return false
}
