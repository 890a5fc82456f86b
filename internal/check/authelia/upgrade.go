package authelia

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"

	"github.com/guidec/guidec/internal/check"
	"github.com/guidec/guidec/internal/diag"
)

// UpgradeReport is the table a maintainer reads before an Authelia
// release: for every guide, the releases its configuration blocks are
// valid for (no error) and how its findings change from release to
// release. Its Checker fills it in; the pipeline runs it like any checker,
// on any number of guides at once.
type UpgradeReport struct {
	// Headline are the releases of the summary columns, normalised
	// ("4.38.19"), as NewUpgradeReport was given them.
	Headline []string `json:"headline"`
	// Known lists every release guidec has rules for, oldest first.
	Known  []string       `json:"known"`
	Guides []GuideUpgrade `json:"guides"`

	mu sync.Mutex
}

// GuideUpgrade is one guide's line of the report.
type GuideUpgrade struct {
	Guide  string `json:"guide"`
	File   string `json:"file"`
	Tested string `json:"tested"` // as the guide writes it; "" when it names none
	// Config says whether the guide has Authelia configuration blocks; a
	// guide without any is valid for every release.
	Config bool `json:"config"`
	// Valid lists the ranges of known releases without errors.
	Valid []ReleaseRange `json:"valid"`
	// OldestValid and NewestValid are the ends of Valid ("" when no
	// known release is valid).
	OldestValid string `json:"oldest_valid"`
	NewestValid string `json:"newest_valid"`
	// Baseline is the known release the report compares others with: the
	// tested one, the newest of its line for "4.39", the nearest known
	// release for one guidec does not know, latest for a guide without
	// Tested Versions (a reference page documents the current release).
	Baseline string `json:"baseline"`
	// BaselineErrors and LatestErrors count the errors there and on latest.
	BaselineErrors int `json:"baseline_errors"`
	LatestErrors   int `json:"latest_errors"`
	// Counts holds the findings on each headline release.
	Counts map[string]Counts `json:"counts"`
	// Steps lists, from the oldest known release on, the releases at
	// which the guide's findings change, with what appears and goes.
	Steps []Step `json:"steps"`
}

// ReleaseRange is a range of known releases, both ends included.
type ReleaseRange struct {
	From string `json:"from"`
	To   string `json:"to"`
}

// Counts counts findings by severity.
type Counts struct {
	Errors   int `json:"errors"`
	Warnings int `json:"warnings"`
}

// Step is a release at which a guide's findings change.
type Step struct {
	Release string    `json:"release"`
	Added   []Finding `json:"added,omitempty"`
	Removed []Finding `json:"removed,omitempty"`
}

// Finding is one diagnostic of the report.
type Finding struct {
	Line     int    `json:"line"`
	Column   int    `json:"column"`
	Severity string `json:"severity"`
	Code     string `json:"code"`
	Message  string `json:"message"`
	Hint     string `json:"hint,omitempty"`
}

// NewUpgradeReport returns an empty report whose summary shows the
// releases headline (release names as --against takes them).
func NewUpgradeReport(headline []string) (*UpgradeReport, error) {
	h, err := ParseReleases(headline)
	if err != nil {
		return nil, err
	}
	r := &UpgradeReport{Headline: h}
	for _, l := range releaseLines {
		for p := 0; p <= l.newest; p++ {
			r.Known = append(r.Known, version{l.minor.major, l.minor.minor, p}.full())
		}
	}
	return r, nil
}

// Checker returns the checker that adds each guide it runs on to r.
func (r *UpgradeReport) Checker() *check.Checker {
	return &check.Checker{
		Name:  "upgrade-report",
		Doc:   "computes the upgrade report of a guide's Authelia configuration blocks over every known release",
		Codes: Codes,
		Run: func(pass *check.Pass) {
			g := r.guide(pass)
			r.mu.Lock()
			r.Guides = append(r.Guides, g)
			r.mu.Unlock()
		},
	}
}

// Sort orders the guides by name, for deterministic output.
func (r *UpgradeReport) Sort() {
	slices.SortFunc(r.Guides, func(a, b GuideUpgrade) int { return strings.Compare(a.Guide, b.Guide) })
}

// guide computes one guide's line: its findings at every breakpoint, the
// ranges without errors and the steps.
func (r *UpgradeReport) guide(pass *check.Pass) GuideUpgrade {
	g := GuideUpgrade{Guide: pass.Name, File: relativeFile(pass), Tested: pass.Version, Counts: map[string]Counts{}}
	g.Baseline = baseline(pass.Version).full()
	gc := loadGuide(pass)
	if gc == nil {
		g.Valid = []ReleaseRange{{r.Known[0], r.Known[len(r.Known)-1]}}
		g.OldestValid, g.NewestValid = r.Known[0], r.Known[len(r.Known)-1]
		for _, h := range r.Headline {
			g.Counts[h] = Counts{}
		}
		return g
	}
	g.Config = true
	runs := map[version]diag.List{}
	at := func(v version) diag.List {
		bp := breakpointOf(v)
		if l, ok := runs[bp]; ok {
			return l
		}
		l := gc.findingsOn(bp)
		runs[bp] = l
		return l
	}
	var prev diag.List
	for i, bp := range breakpoints() {
		cur := at(bp)
		added, removed := diffFindings(prev, cur)
		if i == 0 || len(added)+len(removed) > 0 {
			g.Steps = append(g.Steps, Step{Release: bp.full(), Added: added, Removed: removed})
		}
		prev = cur
	}
	g.Valid = validRanges(r.Known, func(v version) bool { return !at(v).HasErrors(false) })
	if len(g.Valid) > 0 {
		g.OldestValid, g.NewestValid = g.Valid[0].From, g.Valid[len(g.Valid)-1].To
	}
	g.BaselineErrors = at(baseline(pass.Version)).Count(diag.Error)
	g.LatestErrors = at(newestKnown).Count(diag.Error)
	for _, h := range r.Headline {
		v, _ := parseVersion(h)
		var c Counts
		for _, d := range at(v) {
			switch d.Severity {
			case diag.Error:
				c.Errors++
			case diag.Warning:
				c.Warnings++
			}
		}
		g.Counts[h] = c
	}
	return g
}

// relativeFile names the guide file from its guide directory on
// ("romm/index.md"), so that the report does not depend on where the
// source directory is.
func relativeFile(pass *check.Pass) string {
	name := pass.File.Name
	if i := strings.LastIndex(name, pass.Name+"/"); pass.Name != "" && i >= 0 && (i == 0 || name[i-1] == '/') {
		return name[i:]
	}
	return name
}

// breakpointOf returns the breakpoint whose rules apply to v: the newest
// breakpoint not after it.
func breakpointOf(v version) version {
	bp := oldestKnown
	for _, b := range breakpoints() {
		if !v.less(b) {
			bp = b
		}
	}
	return bp
}

// diffFindings returns the findings of cur that prev lacks and those of
// prev that cur lacks, compared by code, place and related notes.
func diffFindings(prev, cur diag.List) (added, removed []Finding) {
	in := func(l diag.List, d diag.Diagnostic) bool {
		k := keyOf(d)
		return slices.ContainsFunc(l, func(e diag.Diagnostic) bool { return keyOf(e) == k })
	}
	for _, d := range cur {
		if !in(prev, d) {
			added = append(added, toFinding(d))
		}
	}
	for _, d := range prev {
		if !in(cur, d) {
			removed = append(removed, toFinding(d))
		}
	}
	return added, removed
}

func toFinding(d diag.Diagnostic) Finding {
	p := d.Start()
	hint := d.Hint
	if d.Fix != nil && hint == "" {
		hint = d.Fix.Message
	}
	return Finding{Line: p.Line, Column: p.Column, Severity: d.Severity.String(), Code: d.Code, Message: d.Message, Hint: hint}
}

// validRanges groups the known releases for which ok holds into ranges.
func validRanges(known []string, ok func(version) bool) []ReleaseRange {
	var out []ReleaseRange
	open := false
	for _, k := range known {
		v, _ := parseVersion(k)
		switch {
		case ok(v) && !open:
			out = append(out, ReleaseRange{From: k, To: k})
			open = true
		case ok(v):
			out[len(out)-1].To = k
		default:
			open = false
		}
	}
	return out
}

// WriteJSON writes the report as one JSON object.
func (r *UpgradeReport) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// baseline returns the known release that stands for a guide's tested
// version (see GuideUpgrade.Baseline).
func baseline(tested string) version {
	v := effectiveVersion(tested)
	switch {
	case v.less(oldestKnown):
		return oldestKnown
	case newestKnown.less(v) && !(v.major == newestKnown.major && v.minor == newestKnown.minor && v.patch == anyPatch):
		return newestKnown
	case !knownRelease(v) || v.patch == anyPatch:
		return lastOfLine(v)
	}
	return v
}

// WriteMarkdown writes the report as a Markdown document for a maintainer
// about to tag a release: what breaks (a summary), a table of every guide
// with its oldest and newest valid release, then, for each guide whose
// findings change between releases, its findings release range by release
// range with the fix.
func (r *UpgradeReport) WriteMarkdown(w io.Writer) error {
	var b strings.Builder
	latest := newestKnown.full()
	b.WriteString("# Authelia upgrade report\n\n")
	fmt.Fprintf(&b, "Releases guidec knows: %s; latest is %s. Rules change at %s; between two of these every release has the rules of the earlier one. "+
		"A guide is compared with the release its Tested Versions names; a page without that section (a reference page) is taken to document latest.\n",
		knownRanges(), latest, joinReleases(breakpoints()))
	r.writeSummary(&b)

	b.WriteString("\n## Guides\n\n")
	b.WriteString("\"Oldest valid\" and \"newest valid\" are the oldest and newest known releases on which the guide's Authelia blocks have no error " +
		"(a gap between them is listed in the guide's section). The release columns count errors / warnings; — means the guide has no Authelia configuration.\n\n")
	b.WriteString("| guide | tested with | oldest valid | newest valid |")
	for _, h := range r.Headline {
		label := h
		if h == latest {
			label += " (latest)"
		}
		b.WriteString(" " + label + " |")
	}
	b.WriteString("\n|---|---|---|---|" + strings.Repeat("---|", len(r.Headline)) + "\n")
	for _, g := range r.Guides {
		fmt.Fprintf(&b, "| %s | %s | %s | %s |", g.Guide, testedLabel(g.Tested), orNone(g.OldestValid), orNone(g.NewestValid))
		for _, h := range r.Headline {
			c := g.Counts[h]
			if !g.Config {
				b.WriteString(" — |")
				continue
			}
			fmt.Fprintf(&b, " %d / %d |", c.Errors, c.Warnings)
		}
		b.WriteString("\n")
	}

	b.WriteString("\n## Findings by guide\n\n")
	b.WriteString("Every guide with a finding on some known release, release range by release range (a range has the same findings throughout): " +
		"the findings of the oldest range, then what each later range adds (new) and no longer has (gone), each with its line in the guide and, " +
		"for what is there, the fix. (tested) marks the range of the release the guide is compared with.\n")
	for _, g := range r.Guides {
		if !g.Config || !hasFindings(g) {
			continue
		}
		fmt.Fprintf(&b, "\n### %s\n\n", g.Guide)
		fmt.Fprintf(&b, "`%s`, tested with %s; valid on %s.\n\n", g.File, testedLabel(g.Tested), validText(g))
		tested := testedStep(g)
		for i, s := range g.Steps {
			mark := ""
			if i == tested {
				mark = " (tested)"
			}
			title := "**" + r.stepRange(g, i) + "**" + mark
			switch {
			case i == 0 && len(s.Added) == 0:
				fmt.Fprintf(&b, "- %s: no findings\n", title)
				continue
			case i == 0:
				fmt.Fprintf(&b, "- %s:\n", title)
			default:
				fmt.Fprintf(&b, "- %s: %s\n", title, changeSummary(s))
			}
			for _, f := range s.Added {
				writeFinding(&b, i > 0, "new", f)
			}
			for _, f := range s.Removed {
				writeFinding(&b, true, "gone", f)
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// writeSummary writes what a maintainer asks first: which guides the
// upgrade to latest breaks, which are broken already, and how many change.
func (r *UpgradeReport) writeSummary(b *strings.Builder) {
	latest := newestKnown.full()
	var config, valid int
	var breaks, broken, changes []string
	for _, g := range r.Guides {
		if !g.Config {
			continue
		}
		config++
		switch {
		case g.LatestErrors == 0:
			valid++
		case g.BaselineErrors == 0:
			breaks = append(breaks, g.Guide+" ("+mdEscape(g.Baseline)+")")
		default:
			broken = append(broken, g.Guide+" ("+mdEscape(g.Baseline)+")")
		}
		if g.Baseline != latest && hasFindings(g) && changesAfter(g, g.Baseline) {
			changes = append(changes, g.Guide)
		}
	}
	b.WriteString("\n## Summary\n\n")
	fmt.Fprintf(b, "- %s, %d with Authelia configuration blocks; without error on latest (%s): %d of them.\n", plural(len(r.Guides), "guide"), config, latest, valid)
	fmt.Fprintf(b, "- Break on latest, valid on their tested release: %s.\n", listOrNone(breaks))
	fmt.Fprintf(b, "- Have errors on their tested release already (`guidec check` reports them): %s.\n", listOrNone(broken))
	fmt.Fprintf(b, "- Findings change between their tested release and latest: %s.\n", listOrNone(changes))
}

// changesAfter reports whether a step after release from changes g's
// findings.
func changesAfter(g GuideUpgrade, from string) bool {
	fv, _ := parseVersion(from)
	for _, s := range g.Steps {
		if sv, _ := parseVersion(s.Release); fv.less(sv) && len(s.Added)+len(s.Removed) > 0 {
			return true
		}
	}
	return false
}

// stepRange names the releases step i of g covers: its release to the
// known release before the next step ("4.38.0–4.38.19", "4.39.20").
func (r *UpgradeReport) stepRange(g GuideUpgrade, i int) string {
	from := g.Steps[i].Release
	to := r.Known[len(r.Known)-1]
	if i+1 < len(g.Steps) {
		if k := slices.Index(r.Known, g.Steps[i+1].Release); k > 0 {
			to = r.Known[k-1]
		}
	}
	if from == to {
		return from
	}
	return from + "–" + to
}

// changeSummary counts what a step adds and removes ("1 new, 2 gone").
func changeSummary(s Step) string {
	var parts []string
	if n := len(s.Added); n > 0 {
		parts = append(parts, fmt.Sprintf("%d new", n))
	}
	if n := len(s.Removed); n > 0 {
		parts = append(parts, fmt.Sprintf("%d gone", n))
	}
	return strings.Join(parts, ", ")
}

// testedStep returns the index of the step whose findings the guide's
// baseline release has (the last step not after it).
func testedStep(g GuideUpgrade) int {
	bv, at := baseline(g.Tested), 0
	for i, s := range g.Steps {
		if sv, _ := parseVersion(s.Release); !bv.less(sv) {
			at = i
		}
	}
	return at
}

// writeFinding writes one finding; label ("new", "gone") when labelled.
// A finding that is gone needs no fix.
func writeFinding(b *strings.Builder, labelled bool, label string, f Finding) {
	b.WriteString("  - ")
	if labelled {
		b.WriteString(label + ": ")
	}
	fmt.Fprintf(b, "line %d: %s `%s`: %s", f.Line, f.Severity, f.Code, mdEscape(f.Message))
	if f.Hint != "" && label != "gone" {
		fmt.Fprintf(b, " — **fix:** %s", mdEscape(f.Hint))
	}
	b.WriteString("\n")
}

// mdEscape keeps guide text from being read as Markdown markup in the
// report (a '|' would break the table, '<' could open HTML).
func mdEscape(s string) string {
	return mdEscaper.Replace(s)
}

// mdEscaper is built once, as a strings.Replacer builds its tables on
// first use.
var mdEscaper = strings.NewReplacer("\\", "\\\\", "|", "\\|", "<", "&lt;", ">", "&gt;", "`", "\\`", "*", "\\*", "[", "\\[", "\n", " ")

func hasFindings(g GuideUpgrade) bool {
	for _, s := range g.Steps {
		if len(s.Added)+len(s.Removed) > 0 {
			return true
		}
	}
	return false
}

func validText(g GuideUpgrade) string {
	if len(g.Valid) == 0 {
		return "none"
	}
	var parts []string
	for _, r := range g.Valid {
		if r.From == r.To {
			parts = append(parts, r.From)
		} else {
			parts = append(parts, r.From+"–"+r.To)
		}
	}
	return strings.Join(parts, ", ")
}

// testedLabel is how the report writes a guide's tested version.
func testedLabel(s string) string {
	if s == "" {
		return "— (latest)"
	}
	return mdEscape(s)
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

func listOrNone(names []string) string {
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, ", ")
}

func joinReleases(vs []version) string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = v.full()
	}
	return strings.Join(out, ", ")
}
