package consistency

import (
	"bytes"
	"fmt"
	"testing"
)

// mutationVariants are the formats of a second snippet that restates the
// settings beside the edited one ("": none).
var mutationVariants = []string{""}

// TestAppSettingMissingMutations deletes the line of each role from
// generated guides, varying the role, the format, where in the settings
// the line is, and whether a variant of the settings (the same ones in
// another format) keeps it, and requires a finding within one line of
// the deleted one. The complete guides must give none.
func TestAppSettingMissingMutations(t *testing.T) {
	const code = "consistency-app-setting-missing"
	var c tally
	formats := []string{"env", "compose", "yaml", "ini", "toml", "json"}
	for _, format := range formats {
		for rot := range appSettings {
			ss := append(append([]appSetting{}, appSettings[rot:]...), appSettings[:rot]...)
			for _, variant := range mutationVariants {
				if variant == format {
					continue
				}
				snips := []any{format, ss}
				if variant != "" {
					snips = append(snips, variant, appSettings)
				}
				clean := appGuide(false, snips...)
				if n := countCode(clean.run(t, nil), code); n != 0 {
					t.Errorf("%s rotated %d beside %q: %d findings on the complete guide", format, rot, variant, n)
					continue
				}
				for rl := range numRoles {
					// The line of the role in the first snippet of
					// format: the application's, after the provider's.
					_, _, body := appFormats[format](ss)
					var key string
					for _, s := range ss {
						if s.role == role(rl) {
							key = s.value
						}
					}
					content := clean.content
					at := bytes.Index(content, []byte(body))
					off := at + bytes.Index([]byte(body), []byte(key))
					start := bytes.LastIndexByte(content[:off], '\n') + 1
					end := off + bytes.IndexByte(content[off:], '\n') + 1
					line := bytes.Count(content[:start], []byte("\n")) + 1
					mutated := append(append([]byte{}, content[:start]...), content[end:]...)
					found := false
					for _, d := range runChecker(t, "guide", mutated, nil) {
						if d.Code == code && d.Start().Line >= line-1 && d.Start().Line <= line+1 {
							found = true
						}
					}
					c.add(found, fmt.Sprintf("%s rotated %d beside %q without the %s (line %d)", format, rot, variant, roleNames[rl], line))
				}
			}
		}
	}
	// The misses are of position only: a line deleted away from the
	// other roles (the last setting, when the client id is first) leaves
	// no trace of where it was.
	c.check(t, "app settings without a role", 80, 0.70)
}
