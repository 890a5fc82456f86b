package consistency

import (
	"testing"

	"github.com/guidec/guidec/internal/testenv"
)

// TestClientIDSyntaxMatchesExpression compares clientIDSyntax with the
// expression it replaces (testenv.SameAsExpression).
func TestClientIDSyntaxMatchesExpression(t *testing.T) {
	testenv.SameAsExpression(t, "clientIDSyntax", clientIDSyntax, `^[A-Za-z0-9._~-]{1,100}$`, 100)
}
