package tests

import "testing"

// b9Floor holds the measured share of each "class / edit" found on the
// corpus where it is below 97% (found/injected in the comment), grouped
// by what guidec does not know.
var b9Floor = map[string]float64{
	// A name misspelt where it is defined is reported where it is used:
	// a link reference definition's label (link-undefined-ref on every
	// [label] in the text), a claims policy or custom scope defined under
	// oidc (claims-policy-known / scope-unknown on the client's line).
	// The judge's line is the definition.
	"provider-key / defined-name-letter-dropped": 0.84, // 11/13 reported at the definition (0/13 before, reported at the client that uses the name)
	"refdef / refdef-label-typo":                 1.00, // 191/191 this session (floor was 0.00)
	// A reference definition's target changed (a host letter, a relative
	// .md path's segment): a guide checked alone cannot resolve it.
	"refdef / refdef-target-typo": 0.94, // 125/132 this session (floor was 0.90) with link-target-typo's vocabulary of documentation paths (0/132 before: a guide checked alone has no other link to the page)
	// A YAML error in the front matter (a closing quote dropped) is placed
	// at the closing --- rather than on the line that opened the string.
	"fm-key / value-quote-broken": 1.00, // 55/55 this session (floor was 0.27)
	// An env name misspelt or with its case changed is reported on the
	// Compose file that still has the right name (consistency-env-name),
	// not on the .env line, or not at all when no other snippet names it.
	"env-line / key-case-changed":    1.00, // 76/76 this session (floor was 0.00)
	"env-line / key-letter-dropped":  0.98, // 74/75 with consistency-key-word-typo (floor was 0.92)
	"env-line / key-letters-swapped": 0.97, // 74/76 with consistency-key-word-typo (floor was 0.89)
	// An application key misspelt: guidec knows the keys of few
	// applications (Kubernetes stringData, Backstage signIn, INI, JSON and
	// TOML options) unless another snippet states the same option.
	"app-yaml-key / key-letter-doubled":  0.99, // 110/111 with consistency-key-word-typo (floor was 0.75)
	"app-yaml-key / key-letter-dropped":  0.97, // 107/110 this session (floor was 0.91) with consistency-key-word-typo (floor was 0.75)
	"app-yaml-key / key-letters-swapped": 0.99, // 110/111 this session (floor was 0.98) with consistency-key-word-typo (floor was 0.74)
	"app-yaml-key / key-underscore-dash": 0.96, // 58/60 this session (floor was 0.95): a key's twin (client-secret beside client_id) with two agreeing siblings
	"ini-line / key-letter-dropped":      0.90, // 10/11 this session (floor was 0.81) with consistency-key-word-typo (floor was 0.54)
	"ini-line / key-letters-swapped":     0.90, // 10/11 with consistency-key-word-typo (floor was 0.54)
	"ini-line / section-letter-dropped":  0.00, // 0/1
	"json-line / key-letter-dropped":     0.80, // 12/15 with consistency-key-word-typo (floor was 0.26)
	"json-line / key-letters-swapped":    0.93, // 14/15 with consistency-key-word-typo (floor was 0.33)
	// Server and shell directives: guidec knows few nginx/Caddy/Apache
	// directives and CLI flags; an nginx line without its ; is missed.
	"shell-line / directive-letter-dropped": 1.00, // 1/1 with consistency-key-word-typo (floor was 0.00)
	// A line deleted: the application loses an option the guide states
	// elsewhere; Authelia's oidc: deleted moves clients under
	// identity_providers (only a consistency finding further down); a
	// client_secret_post deleted leaves the default basic unremarked.
	"app-yaml-key / line-deleted": 0.81, // 79/97 this session (floor was 0.58) with consistency-env-one-side (39/97 before)
	"authelia-key / line-deleted": 0.95, // 114/120 this session (floor was 0.75)
	"env-line / line-deleted":     0.91, // 53/58 with consistency-env-one-side (30/58 before)
	"ini-line / line-deleted":     0.14, // 1/7 this session (floor was 0.00)
	// A line indented: the unexpected key is reported on the line that
	// moved with it (clients: three lines below oidc:), not the edit.
	"app-yaml-item / line-indent-less": 1.00, // 15/15 this session (floor was 0.93)
	"app-yaml-item / line-indent-more": 1.00, // 15/15 this session (floor was 0.86)
	"app-yaml-key / line-indent-less":  0.93, // 96/103 this session (floor was 0.85)
	"app-yaml-key / line-indent-more":  0.98, // 115/117 this session (floor was 0.93)
	"authelia-key / line-indent-more":  1.00, // 233/233 this session (floor was 0.95)
	// A URL changed on one side: a localhost redirect URI's port or path
	// (kubernetes, opkssh, nomad), an icon URL held in .env and Compose
	// (reported on the other statement).
	"app-yaml-key / url-path-case":            0.00, // 0/1
	"app-yaml-key / url-port-added":           0.00, // 0/1
	"app-yaml-key / url-scheme-http":          0.00, // 0/1
	"authelia-item / url-host-letter-dropped": 0.00, // 0/1
	"authelia-item / url-path-case":           0.00, // 0/1
	"authelia-item / url-port-added":          0.50, // 1/2
	"env-line / url-path-case":                0.33, // 1/3
	"env-line / url-port-added":               0.66, // 2/3 this session (floor was 0.33) with consistency-env-compose's slip side; papra's two JSON values differ in more than the port
	"env-line / url-scheme-http":              0.66, // 2/3 this session (floor was 0.33)
	// A value typo that another statement contradicts, reported on the
	// other statement, or a value in prose or a list not compared.
	"app-yaml-key / value-letter-dropped": 0.96, // 32/33
	"env-line / value-letter-dropped":     1.00, // 38/38 this session (floor was 0.78): consistency-env-compose reports the side whose words the guide writes nowhere else
	"list-item / value-letter-dropped":    0.87, // 58/66 (54/66 before the span-typo rules read snippet titles)
	"prose / value-letter-dropped":        1.00, // 5/5 this session (floor was 0.97) (0/5 at first)
}

// b9NovelFloor is the same on the novel guides (the same gaps, and the
// formats the corpus lacks: tables, nginx, Caddy, TOML, HCL).
var b9NovelFloor = map[string]float64{
	// A name misspelt where it is defined is reported where it is used:
	// a link reference definition's label (link-undefined-ref on every
	// [label] in the text), a claims policy or custom scope defined under
	// oidc (claims-policy-known / scope-unknown on the client's line).
	// The judge's line is the definition.
	"provider-key / defined-name-letter-dropped": 0.60, // 3/5 reported at the definition (0/4 before)
	"refdef / refdef-label-typo":                 1.00, // 211/211 this session (floor was 0.00)
	// A reference definition's target changed (a host letter, a relative
	// .md path's segment): a guide checked alone cannot resolve it.
	"refdef / refdef-target-typo": 0.96, // 148/153 this session (floor was 0.91) with link-target-typo's vocabulary of documentation paths (0/125 before)
	// A YAML error in the front matter (a closing quote dropped) is placed
	// at the closing --- rather than on the line that opened the string.
	"fm-key / value-quote-broken": 1.00, // 69/69 this session (floor was 0.32)
	// An env name misspelt or with its case changed is reported on the
	// Compose file that still has the right name (consistency-env-name),
	// not on the .env line, or not at all when no other snippet names it.
	"env-line / key-case-changed":    0.97, // 38/39 this session (floor was 0.05)
	"env-line / key-letter-dropped":  0.94, // 37/39 this session (floor was 0.79) with consistency-key-word-typo (floor was 0.64)
	"env-line / key-letters-swapped": 0.97, // 38/39 with consistency-key-word-typo (floor was 0.66)
	// An application key misspelt: guidec knows the keys of few
	// applications (Kubernetes stringData, Backstage signIn, INI, JSON and
	// TOML options) unless another snippet states the same option. Among
	// the 16 guides that joined: an underscore made a dash in a YAML key
	// (Headplane's use_pkce, Warpgate's client_id) or in a Compose
	// environment name stated nowhere else (Traccar's OPENID_*, Weblate's
	// WEBLATE_SOCIAL_AUTH_OIDC_*); JSON keys of applications guidec has
	// no vocabulary for (Etherpad's ep_openid_connect, Gokapi's
	// Authentication and Method, step-ca's type, the WebFinger rel of
	// Tailscale).
	"app-yaml-key / key-case-changed":    0.94, // 16/17 this session (floor was 0.41)
	"app-yaml-key / key-letter-doubled":  0.97, // 100/103 with consistency-key-word-typo (floor was 0.43)
	"app-yaml-key / key-letter-dropped":  0.89, // 90/101 this session (floor was 0.74) with consistency-key-word-typo (floor was 0.40)
	"app-yaml-key / key-letters-swapped": 0.97, // 100/103 with consistency-key-word-typo (floor was 0.43)
	"app-yaml-key / key-underscore-dash": 0.94, // 35/37 this session (floor was 0.91; 0.67 before) with consistency-key-separator; novel grew by 16 guides (2026-12-05): 8/37 measured (7/29 before)
	"ini-line / key-letter-dropped":      0.94, // 18/19 this session (floor was 0.73) with consistency-key-word-typo (floor was 0.18)
	"ini-line / key-letters-swapped":     0.94, // 18/19 with consistency-key-word-typo (floor was 0.31)
	"ini-line / section-letter-dropped":  0.00, // 0/1
	"json-line / key-letter-dropped":     0.84, // 11/13 this session (floor was 0.69) with consistency-key-word-typo (floor was 0.15)
	"json-line / key-letters-swapped":    0.92, // 13/14 with consistency-key-word-typo (floor was 0.07)
	"toml-line / key-letter-dropped":     1.00, // 5/5 this session (floor was 0.80) with consistency-key-word-typo (floor was 0.40)
	"toml-line / key-letters-swapped":    1.00, // 5/5 with consistency-key-word-typo (floor was 0.40)
	// Server and shell directives: guidec knows few nginx/Caddy/Apache
	// directives and CLI flags; an nginx line without its ; is missed.
	"apache-line / directive-letter-dropped": 0.50, // 1/2
	"caddy-line / directive-letter-dropped":  0.00, // 0/2
	"nginx-line / directive-letter-dropped":  1.00, // 7/7 with consistency-key-word-typo (floor was 0.25)
	"nginx-line / terminator-dropped":        1.00, // 6/6 this session (floor was 0.00)
	"shell-line / directive-letter-dropped":  0.69, // 9/13 this session (floor was 0.53) with consistency-key-word-typo (floor was 0.27)
	"shell-line / terminator-dropped":        0.88, // 23/26 this session (floor was 0.85)
	// A line deleted: the application loses an option the guide states
	// elsewhere; Authelia's oidc: deleted moves clients under
	// identity_providers (only a consistency finding further down); a
	// client_secret_post deleted leaves the default basic unremarked.
	// Among the 16 guides that joined: a Compose environment entry
	// (RomM's OIDC_CLIENT_ID, which its docker run flags still set;
	// Traccar's OPENID_CLIENT_SECRET and OPENID_ADMIN_GROUP; Weblate's
	// WEBLATE_SOCIAL_AUTH_OIDC_SECRET), KitchenOwl's Kubernetes Secret
	// stringData entry and Compose image, Warpgate's client_id; a parent
	// key deleted (RomM's ports:, KitchenOwl's pod template metadata:)
	// whose children move or fail to parse two lines below.
	"app-yaml-key / line-deleted": 0.67, // 50/74 this session (floor was 0.44) with consistency-env-one-side; novel grew by 16 guides (2026-12-05): 30/74 measured (28/63 before)
	"authelia-key / line-deleted": 0.94, // 127/134 this session (floor was 0.71)
	"env-line / line-deleted":     0.64, // 11/17 this session (floor was 0.41) with consistency-env-one-side (1/17 before)
	"ini-line / line-deleted":     0.36, // 4/11 this session (floor was 0.00)
	"toml-line / line-deleted":    0.00, // 0/2
	// A line indented: the unexpected key is reported on the line that
	// moved with it (clients: three lines below oidc:), not the edit.
	"app-yaml-item / line-indent-less": 1.00, // 42/42 this session (floor was 0.92)
	"app-yaml-item / line-indent-more": 1.00, // 42/42 this session (floor was 0.76)
	"app-yaml-key / line-indent-less":  0.90, // 95/105 this session (floor was 0.79)
	"app-yaml-key / line-indent-more":  0.96, // 110/114 this session (floor was 0.92)
	"authelia-key / line-indent-more":  0.98, // 246/249 this session (floor was 0.93)
	"provider-key / line-indent-more":  0.93, // 14/15
	// A URL changed on one side: a localhost redirect URI's port or path
	// (kubernetes, opkssh, nomad), an icon URL held in .env and Compose
	// (reported on the other statement).
	"app-yaml-item / url-port-added":          0.00, // 0/2
	"authelia-item / url-host-letter-dropped": 0.66, // 2/3 this session (floor was 0.50)
	"authelia-item / url-path-case":           0.00, // 0/1
	"authelia-item / url-port-added":          0.33, // 1/3 this session (floor was 0.00)
	"json-line / url-port-added":              0.00, // 0/1
	// Tailscale: the Application Root URL in the Assumptions is the
	// hosted service's (login.tailscale.com); a port added or a host
	// letter dropped there is reported on the client's redirect URI
	// (consistency-redirect-uri-root, line 68), not on the Assumptions.
	"list-item / url-host-letter-dropped": 0.00, // novel grew by 16 guides (2026-12-05): 0/1 measured
	"list-item / url-port-added":          0.00, // novel grew by 16 guides (2026-12-05): 0/1 measured
	// Markdown tables: a row with a cell fewer than the header, and an
	// unclosed code span in a cell, are not reported (Kasm Workspaces'
	// and Xen Orchestra's settings tables among the 16 guides that
	// joined).
	"table-row / code-span-unclosed": 1.00, // 23/23 this session (floor was 0.97) with table cells read for code-span-unclosed (9/23 before)
	"table-row / table-pipe-dropped": 1.00, // 26/26 this session (floor was 0.00)
	// A value typo that another statement contradicts, reported on the
	// other statement, or a value in prose or a list not compared. Among
	// the 16 guides that joined: values no check compares (RomM's volume
	// paths, KitchenOwl's image, Traccar's admin group name).
	"app-yaml-item / value-letter-dropped": 0.50, // novel grew by 16 guides (2026-12-05): 4/8 measured (4/6 before)
	"app-yaml-key / value-letter-dropped":  0.90, // novel grew by 16 guides (2026-12-05): 19/21 measured
	"env-line / value-letter-dropped":      0.75, // 6/8
	"hcl-line / value-letter-dropped":      0.00, // 0/1
	"ini-line / value-letter-dropped":      0.88, // 8/9 this session (floor was 0.87)
	"list-item / value-letter-dropped":     0.94, // 47/50 (34/42 before)
	"prose / value-letter-dropped":         0.70, // 17/24 with snippet titles as the files a sentence names (0/20 at first)
	"table-row / value-letter-dropped":     1.00, // 9/9 this session (floor was 0.85)
}

// b9Dirty is the measured number of controls with a new finding, per
// "class / edit": a rise is a new false positive. Both are guidec's:
// an env assignment repeated with the same value is harmless to Compose
// and to a shell (the last one wins, and it is the same), yet
// env-duplicate-key warns; `public: True` is the boolean true to yaml.v3
// (Authelia's parser), yet guidec reads the client as confidential.
var b9Dirty = map[string]int{
	"authelia-key / value-case-changed": 3,  // 3 of 30
	"env-line / line-duplicated":        76, // 76 of 76
}

// b9NovelDirty is the same on the novel guides.
var b9NovelDirty = map[string]int{
	"authelia-key / value-case-changed": 1,  // 1 of 25
	"env-line / line-duplicated":        34, // 34 of 39
}

func TestBlind9(t *testing.T) { b9Main(t, corpusDir(t), "blind9", b9Floor, b9Dirty) }

func TestBlind9Novel(t *testing.T) { b9Main(t, novelDir, "blind9-novel", b9NovelFloor, b9NovelDirty) }
