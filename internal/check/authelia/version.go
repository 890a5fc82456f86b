package authelia

import (
	"strconv"
	"strings"
)

// version is an Authelia release. The rules of this package change at a few
// releases (the "version lines" of the reference): 4.38.x, 4.39.0–4.39.1,
// 4.39.2+ (HMAC signing algorithms, encryption rules, the rat and updated_at
// claims, yescrypt digests), 4.39.5+ (custom claim names) and 4.39.20
// (authelia.pam).
type version struct {
	major, minor, patch int
}

// anyPatch stands for "the newest patch release of a minor line", for guides
// that say "v4.39.x" or just "4.39".
const anyPatch = 1 << 20

// Release lines at which a key, a value or a rule appeared.
var (
	v4380  = version{4, 38, 0}
	v4383  = version{4, 38, 3}  // allow_multiple_auth_methods
	v4387  = version{4, 38, 7}  // request_uris
	v43819 = version{4, 38, 19} // the last 4.38 release, the one the v4.38 JSON schema describes
	v4390  = version{4, 39, 0}  // claims policies, custom scopes, encryption keys, device code
	v4392  = version{4, 39, 2}  // HS* signing, encryption rules, rat/updated_at, yescrypt
	v4395  = version{4, 39, 5}  // custom_claims name mapping and duplicate check
	v43916 = version{4, 39, 16} // ldap permit_feature_detection_failure dropped
	v43920 = version{4, 39, 20} // authelia.pam
)

// newest is the release whose rules a page gets when it names no tested
// version (or none that parses): latest, the newest release guidec knows. A
// page without a Tested Versions section is a reference page of a
// documentation tree, and a documentation tree documents the current
// release; --against and the upgrade report compare other releases with
// this one for such a page.
var newest = newestKnown

// parseVersion parses "4.38.17", "v4.38.17", "4.39" or "4.39.x". A missing or
// non-numeric patch means the newest patch of that line.
func parseVersion(s string) (version, bool) {
	s = strings.TrimPrefix(strings.TrimSpace(s), "v")
	parts := strings.SplitN(s, ".", 3)
	if len(parts) < 2 {
		return version{}, false
	}
	major, err1 := strconv.Atoi(parts[0])
	minor, err2 := strconv.Atoi(parts[1])
	if err1 != nil || err2 != nil || major < 0 || minor < 0 {
		return version{}, false
	}
	v := version{major, minor, anyPatch}
	if len(parts) == 3 {
		if p, err := strconv.Atoi(parts[2]); err == nil && p >= 0 {
			v.patch = p
		}
	}
	return v, true
}

// effectiveVersion returns the version whose rules apply to a guide tested
// with s. An empty or unreadable version is latest (newest); a release
// newer than guidec knows is kept as written, and gets the newest rules
// since no rule is newer; versions older than 4.38 get the 4.38.0 rules,
// the oldest this package models.
func effectiveVersion(s string) version {
	v, ok := parseVersion(s)
	if !ok {
		return newest
	}
	if v.less(v4380) {
		return v4380
	}
	return v
}

// less reports whether v is an older release than w.
func (v version) less(w version) bool {
	if v.major != w.major {
		return v.major < w.major
	}
	if v.minor != w.minor {
		return v.minor < w.minor
	}
	return v.patch < w.patch
}

// atLeast reports whether v is w or newer.
func (v version) atLeast(w version) bool { return !v.less(w) }

// isZero reports whether v is the zero version, which fields use for "in
// every version this package models".
func (v version) isZero() bool { return v == version{} }

// String formats v as Authelia numbers its releases. It leaves out a patch of
// zero for line starts ("4.39") since messages say "requires Authelia 4.39".
func (v version) String() string {
	s := strconv.Itoa(v.major) + "." + strconv.Itoa(v.minor)
	if v.patch != 0 && v.patch != anyPatch {
		s += "." + strconv.Itoa(v.patch)
	}
	return s
}

// full formats v with its patch ("4.39.0"), or as the line ("4.39") for
// "the newest patch of the line".
func (v version) full() string {
	s := strconv.Itoa(v.major) + "." + strconv.Itoa(v.minor)
	if v.patch != anyPatch {
		s += "." + strconv.Itoa(v.patch)
	}
	return s
}
