package hugo

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// describeFront prints the fields of Front that decide publishing.
func describeFront(f Front) string {
	opt := func(r *Render, l *string, p *bool) string {
		var parts []string
		if r != nil {
			parts = append(parts, "render="+string(*r))
		}
		if l != nil {
			parts = append(parts, "list="+*l)
		}
		if p != nil {
			parts = append(parts, fmt.Sprintf("publishResources=%v", *p))
		}
		return "{" + strings.Join(parts, " ") + "}"
	}
	s := fmt.Sprintf("title=%q slug=%q url=%q aliases=%q draft=%v build=%s",
		f.Title, f.Slug, f.URL, f.Aliases, f.Draft, opt(f.Build.Render, f.Build.List, f.Build.PublishResources))
	if !f.Date.IsZero() {
		s += " date=" + f.Date.Format(time.DateOnly)
	}
	for _, c := range f.Cascade {
		s += " cascade" + opt(c.Build.Render, c.Build.List, c.Build.PublishResources)
		if c.Draft != nil {
			s += fmt.Sprintf("draft=%v", *c.Draft)
		}
		if c.TargetKind != "" || c.TargetPath != "" {
			s += "@" + c.TargetKind + ":" + c.TargetPath
		}
	}
	return s
}

func TestFrontFromParams(t *testing.T) {
	tests := []struct {
		name string
		fm   string // YAML
		want string
		errs string
	}{
		{"empty", "{}", `title="" slug="" url="" aliases=[] draft=false build={}`, ""},
		{"plain", "title: T\nslug: s\nurl: /u/\naliases: [/a, b]\ndraft: true\ndate: 2024-03-05T10:00:00Z",
			`title="T" slug="s" url="/u/" aliases=["/a" "b"] draft=true build={} date=2024-03-05`, ""},
		{"one alias as a string", "aliases: /only", `title="" slug="" url="" aliases=["/only"] draft=false build={}`, ""},
		{"numbers as strings", "title: 2024\nslug: 42", `title="2024" slug="42" url="" aliases=[] draft=false build={}`, ""},
		{"headless", "headless: true", `title="" slug="" url="" aliases=[] draft=false build={render=never list=never}`, ""},
		{"build words", "build: {render: Link, list: local, publishResources: false}",
			`title="" slug="" url="" aliases=[] draft=false build={render=link list=local publishResources=false}`, ""},
		{"build booleans", "_build: {render: false, list: true}",
			`title="" slug="" url="" aliases=[] draft=false build={render=never list=always}`, ""},
		{"build overrides headless", "headless: true\nbuild: {render: always}",
			`title="" slug="" url="" aliases=[] draft=false build={render=always list=never}`, ""},
		{"cascade map", "cascade: {build: {render: never}, draft: true}",
			`title="" slug="" url="" aliases=[] draft=false build={} cascade{render=never}draft=true`, ""},
		{"cascade list with targets", "cascade:\n- {headless: true, _target: {kind: page, path: '/s/**'}}\n- {draft: false}",
			`title="" slug="" url="" aliases=[] draft=false build={} cascade{render=never list=never}@page:/s/** cascade{}draft=false`, ""},
		{"errors", "aliases: {a: b}\ndraft: maybe\nbuild: [x]\ncascade: 3",
			`title="" slug="" url="" aliases=[] draft=false build={}`,
			"aliases: want a list of paths, not map[string]interface {}; draft: want true or false, not maybe; build: want a table, not []interface {}; cascade: want a table or a list of tables, not int"},
		{"bad build values", "build: {render: sometimes, list: often, publishResources: perhaps}",
			`title="" slug="" url="" aliases=[] draft=false build={}`,
			"build.render: sometimes is not always, link or never; build.list: often is not always, local or never; build.publishResources: want true or false, not perhaps"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, errs := FrontFromParams(frontMatter(t, "---\n"+tt.fm+"\n---\n"))
			if got := describeFront(f); got != tt.want {
				t.Errorf("front = %s\nwant    %s", got, tt.want)
			}
			var es []string
			for _, e := range errs {
				es = append(es, e.Error())
			}
			if got := strings.Join(es, "; "); got != tt.errs {
				t.Errorf("errors = %s\nwant     %s", got, tt.errs)
			}
		})
	}
}
