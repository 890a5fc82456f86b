package publish

import (
	"testing"

	"github.com/guidec/guidec/internal/testenv"
)

// TestHostLabelMatchesExpression compares hostLabel with the expression it
// replaces (testenv.SameAsExpression).
func TestHostLabelMatchesExpression(t *testing.T) {
	testenv.SameAsExpression(t, "hostLabel", hostLabel, `^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$`, 63)
}
