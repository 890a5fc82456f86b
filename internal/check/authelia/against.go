package authelia

import (
	"fmt"
	"slices"
	"strings"

	"github.com/guidec/guidec/internal/check"
	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/source"
)

// Releases named on the command line (--against, upgrade-report): a
// release ("4.39.2"), the newest of a line ("4.39"), "latest" (the newest
// release guidec knows) or "all" (every release at which a rule changes).

// ParseReleases parses release names as --against takes them and returns
// them normalised ("4.39" → "4.39.20"), without duplicates, in release
// order; "all" expands to every release at which a rule changes. An error
// names the first release guidec has no rules for.
func ParseReleases(names []string) ([]string, error) {
	var vs []version
	for _, n := range names {
		switch n = strings.TrimSpace(n); n {
		case "all":
			vs = append(vs, breakpoints()...)
			continue
		case "latest":
			vs = append(vs, newestKnown)
			continue
		}
		v, ok := parseVersion(n)
		if !ok || !knownRelease(v) {
			return nil, fmt.Errorf("guidec has no rules for Authelia %q (it knows %s, latest and all)", n, knownRanges())
		}
		if v.patch == anyPatch {
			v = lastOfLine(v)
		}
		vs = append(vs, v)
	}
	sortVersions(vs)
	vs = slices.Compact(vs)
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = v.full()
	}
	return out, nil
}

// knownRanges describes the releases guidec knows ("4.38.0–4.38.19, …").
func knownRanges() string {
	var parts []string
	for _, l := range releaseLines {
		parts = append(parts, fmt.Sprintf("%s–%s", l.minor.full(), version{l.minor.major, l.minor.minor, l.newest}.full()))
	}
	return strings.Join(parts, ", ")
}

func sortVersions(vs []version) {
	slices.SortFunc(vs, func(a, b version) int {
		switch {
		case a.less(b):
			return -1
		case b.less(a):
			return 1
		}
		return 0
	})
}

// findingKey identifies a finding across releases: messages name the
// release, so they differ where the finding is the same. The related notes
// tell apart findings of one code at one place (two defaults a client
// leaves out); they never name a release.
type findingKey struct {
	code    string
	span    source.Span
	related string
}

func keyOf(d diag.Diagnostic) findingKey {
	var rel []string
	for _, r := range d.Related {
		rel = append(rel, r.Message)
	}
	return findingKey{d.Code, d.Span, strings.Join(rel, "\n")}
}

// releaseRuns caches a guide's findings per release.
type releaseRuns struct {
	gc   *guideConfig
	runs map[version]map[findingKey]bool
}

func (rr *releaseRuns) has(v version, k findingKey) bool {
	set, ok := rr.runs[v]
	if !ok {
		set = map[findingKey]bool{}
		for _, d := range rr.gc.findingsOn(v) {
			set[keyOf(d)] = true
		}
		rr.runs[v] = set
	}
	return set[k]
}

// changedIn returns the release between tested and target at which finding
// k appears (upgrading) or the feature it is about appeared (downgrading):
// the breakpoints between the two are checked in order.
func (rr *releaseRuns) changedIn(tested, target version, k findingKey) version {
	var steps []version
	for _, b := range append(breakpoints(), target) {
		if tested.less(target) && tested.less(b) && !target.less(b) ||
			target.less(tested) && target.less(b) && !tested.less(b) {
			steps = append(steps, b)
		}
	}
	sortVersions(steps)
	steps = slices.Compact(steps)
	if tested.less(target) {
		for _, b := range steps {
			if rr.has(b, k) {
				return b
			}
		}
		return target
	}
	above := tested
	for i := len(steps) - 1; i >= 0; i-- {
		if rr.has(steps[i], k) {
			return above
		}
		above = steps[i]
	}
	return above
}

// reportAgainst reports the findings the guide's blocks would get on each
// release of pass.Against that they do not get on the tested release.
// A finding several releases share is reported once, for the release
// nearest to the tested one.
func reportAgainst(pass *check.Pass, gc *guideConfig, tested diag.List) {
	targets, err := ParseReleases(pass.Against)
	if err != nil {
		return // the command line validates --against
	}
	testedText := testedRelease(pass.Version)
	tv := effectiveVersion(pass.Version)
	rr := &releaseRuns{gc: gc, runs: map[version]map[findingKey]bool{}}
	base := map[findingKey]bool{}
	for _, d := range tested {
		base[keyOf(d)] = true
	}
	type hit struct {
		d      diag.Diagnostic
		target version
	}
	seen := map[findingKey]*hit{}
	var order []findingKey
	for _, t := range targets {
		target, _ := parseVersion(t)
		if target == tv {
			continue
		}
		for _, d := range gc.findingsOn(target) {
			k := keyOf(d)
			if base[k] {
				continue
			}
			if h, ok := seen[k]; ok && releaseDistance(tv, h.target).less(releaseDistance(tv, target)) {
				continue
			}
			if _, ok := seen[k]; !ok {
				order = append(order, k)
			}
			seen[k] = &hit{d, target}
		}
	}
	for _, k := range order {
		h := seen[k]
		d := h.d
		changed := rr.changedIn(tv, h.target, k)
		d.Message = fmt.Sprintf("on Authelia %s (the guide is tested with %s; changed in %s): %s",
			h.target.full(), testedText, changed.full(), d.Message)
		if d.Fix != nil {
			// Applying it would break the tested release: it is advice
			// for the upgrade (the hint says it), not a machine fix of the
			// guide as it is.
			if d.Hint == "" {
				d.Hint = d.Fix.Message
			}
			d.Fix = nil
		}
		pass.Report(d)
	}
}

// releaseDistance orders releases by how far they are from v (for choosing the
// nearest of several targets).
func releaseDistance(v, w version) version {
	if w.less(v) {
		return version{v.major - w.major, v.minor - w.minor, v.patch - w.patch}
	}
	return version{w.major - v.major, w.minor - v.minor, w.patch - v.patch}
}
