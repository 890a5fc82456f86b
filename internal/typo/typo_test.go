package typo

import (
	"strings"
	"testing"
)

func TestSlip(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want bool
	}{
		{"gitub", "github", true},   // a letter dropped
		{"githhub", "github", true}, // a letter doubled
		{"githbu", "github", true},  // neighbours swapped
		{"gethub", "github", true},  // one replaced, six letters
		{"argocd-dmins", "argocd-admins", true},
		{"github", "github", false},  // the same
		{"ithub", "github", false},   // the first letter dropped
		{"githu", "github", false},   // the last letter dropped
		{"githubs", "github", false}, // a letter added at the end
		{"xithub", "github", false},  // the first letter replaced
		{"hlem", "helm", true},       // swapped
		{"help", "helm", false},      // replaced in a short word
		{"goteleport", "teleport", false},
		{"", "a", false},
	} {
		if got := Slip(c.a, c.b); got != c.want {
			t.Errorf("Slip(%q, %q) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
}

func FuzzSlip(f *testing.F) {
	f.Add("gitub", "github")
	f.Fuzz(func(t *testing.T, a, b string) {
		if Slip(a, a) {
			t.Errorf("Slip(%q, itself)", a)
		}
		_ = Slip(a, b)
	})
}

func TestWithin(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		k    int
		want int
	}{
		{"client_id", "client_id", 2, 0},
		{"clientid", "client_id", 2, 1},
		{"client_di", "client_id", 2, 1},
		{"clent_idd", "client_id", 2, 2},
		{"clnt_id", "client_id", 2, 2},
		{"cl_id", "client_id", 2, 3},
		{"abc", "xyz", 2, 3},
		{"", "ab", 2, 2},
		{"oidcscope", "oidcscoope", 1, 1},
		{strings.Repeat("a", 70), strings.Repeat("a", 70), 2, 3},
	} {
		if got := Within(tt.a, tt.b, tt.k); got != tt.want {
			t.Errorf("Within(%q, %q, %d) = %d, want %d", tt.a, tt.b, tt.k, got, tt.want)
		}
	}
}
