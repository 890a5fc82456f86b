package links

import "testing"

func TestHostTypo(t *testing.T) {
	for _, c := range []struct {
		dest, text, want string
	}{
		{"https://gitub.com/ansible/awx", "Ansible AWX", "github"},
		{"https://pockebase.io", "PocketBase", "pocketbase"},
		{"https://tailcale.com", "Tailscale", "tailscale"},
		{"https://1pasword.com/", "1Password", "1password"},
		{"https://zuip.com/", "Zulip", "zulip"},
		{"https://githbu.com/x/y", "y", "github"},
		{"https://datatacker.ietf.org/doc/html/rfc7033", "WebFinger", "datatracker"},
		{"https://tanoor.dev/", "Tandoor Recipes", "tandoor"},
		// Other names, not slips.
		{"https://goteleport.com/", "Teleport", ""},
		{"https://semaphoreui.com/", "Semaphore", ""},
		{"https://ghostfol.io/", "Ghostfolio", ""},
		{"https://plugins.jenkins.io/oic-auth/", "plugin", ""},
		{"https://help.penpot.app/", "Penpot helm", ""},
		{"https://www.home-assistant.io/", "Home Assistant", ""},
		{"https://github.com/x", "GitHub", ""},
		{"../../introduction.md", "intro", ""},
		{"mailto:a@b.c", "mail", ""},
	} {
		if _, got := hostTypo(c.dest, c.text, nil); got != c.want {
			t.Errorf("hostTypo(%q, %q) = %q, want %q", c.dest, c.text, got, c.want)
		}
	}
}

// TestHostTypoPageHosts: a host one slip from the host of another link of
// the page (smalstep beside smallstep) misspells it, whatever its text.
func TestHostTypoPageHosts(t *testing.T) {
	hosts := HostNames([]string{"https://smallstep.com/docs/step-ca/", "https://gateway-api.sigs.k8s.io/api-types/", "mailto:x@y.z", "../a.md", "https://www.authelia.com/"})
	for _, c := range []struct {
		dest, text, want string
	}{
		{"https://smalstep.com/docs/step-cli/", "step CLI", "smallstep"},
		{"https://gatewy-api.sigs.k8s.io/", "Kubernetes routes", "gatewayapi"},
		{"https://smallstep.com/docs/step-cli/", "step CLI", ""},
		{"https://example.com/", "Example", ""},
		{"https://authelia.com/", "Authelia", ""},
	} {
		if _, got := hostTypo(c.dest, c.text, func() []string { return hosts }); got != c.want {
			t.Errorf("hostTypo(%q, %q, %v) = %q, want %q", c.dest, c.text, hosts, got, c.want)
		}
	}
}
