package authelia

import (
	"github.com/guidec/guidec/internal/check"
	"github.com/guidec/guidec/internal/diag"
)

// versionNote reports a tested version guidec has no rules for, saying
// which rules were used instead. Whether it is a warning or a note depends
// on what the substitute rules can get wrong:
//
//   - before 4.38.0 (4.37 and older): 4.38 renamed most OIDC and several
//     other keys, so the 4.38.0 rules judge a 4.37 configuration by names
//     it did not have yet: a warning;
//   - a patch of a closed line that was never released (4.38.25; the line
//     ended with 4.38.19): the version is wrong: a warning;
//   - a newer patch of the current line or a newer minor release (4.39.25,
//     4.40): the newest rules are the best guess and only miss what that
//     release added: a note;
//   - a new major release (5.0): Authelia removes in a major release the
//     keys 4.x only deprecated, which the newest rules merely warn about:
//     a warning.
func versionNote(pass *check.Pass) {
	text, span := check.TestedVersionSpan(pass.Texts)
	if text == "" {
		versionMissing(pass)
		return
	}
	v, ok := parseVersion(text)
	if !ok || knownRelease(v) {
		return
	}
	newest := newestKnown.full()
	report := func(sev diag.Severity, hint, format string, args ...any) {
		pass.Reportf(span, sev, "authelia-version-unknown", hint, format, args...)
	}
	switch {
	case v.less(oldestKnown):
		report(diag.Warning, "test the guide with Authelia "+oldestKnown.full()+" or later and update its Tested Versions",
			"guidec has no rules for Authelia %s, which is older than %s, the oldest release it knows; the %s rules were used instead",
			text, oldestKnown.full(), oldestKnown.full())
	case closedLine(v):
		last := lastOfLine(v)
		report(diag.Warning, "check the version number: the newest "+lineName(v)+" release is "+last.full(),
			"Authelia %s was never released (the %s line ended with %s); the %s rules were used instead", text, lineName(v), last.full(), last.full())
	case v.major > newestKnown.major:
		report(diag.Warning, "expect keys Authelia "+newestKnown.String()+" deprecated to be refused there; check the release notes",
			"guidec has no rules for Authelia %s, a new major release; the %s rules (the newest it knows) were used instead, and they only warn about deprecated keys a major release may remove",
			text, newest)
	default:
		report(diag.Info, "keys and values added after "+newest+" are reported as unknown until guidec learns that release",
			"guidec has no rules for Authelia %s yet; the %s rules (the newest it knows) were used instead", text, newest)
	}
}

// versionMissing reports a Tested Versions section that names no Authelia
// release: the reader does not learn which release the configuration was
// written for, and the checks fall back to the newest rules guidec knows
// (effectiveVersion). A guide without the section says nothing it could
// contradict, so it gets nothing.
func versionMissing(pass *check.Pass) {
	span, ok := check.TestedVersionsSpan(pass.Texts)
	if !ok {
		return
	}
	n := newest.full()
	pass.Reportf(span, diag.Warning, "authelia-version-missing",
		"name the release under [Authelia], such as '- [v"+n+"](https://github.com/authelia/authelia/releases/tag/v"+n+")'",
		"the Tested Versions section names no Authelia release: readers cannot tell which release the configuration was written for, and guidec checked it with the %s rules (the newest it knows)", n)
}

// closedLine reports whether v is a patch of a line that ended before it.
func closedLine(v version) bool {
	for _, l := range releaseLines {
		if v.major == l.minor.major && v.minor == l.minor.minor {
			return l.closed && v.patch != anyPatch && v.patch > l.newest
		}
	}
	return false
}

// lastOfLine returns the newest release of v's line.
func lastOfLine(v version) version {
	for _, l := range releaseLines {
		if v.major == l.minor.major && v.minor == l.minor.minor {
			return version{v.major, v.minor, l.newest}
		}
	}
	return v
}

func lineName(v version) string { return version{v.major, v.minor, 0}.String() }
