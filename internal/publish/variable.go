package publish

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/guidec/guidec/internal/lazyre"
)

// Validations a text variable can ask for (Variable.Validate).
const (
	// ValidateHostname accepts a host name as RFC 1123 defines it: dot
	// separated labels of ASCII letters, digits and '-', each 1 to 63
	// characters long and neither starting nor ending with '-', at most
	// 253 characters in all. Internationalised names are written in their
	// xn-- form, which is what configuration files need.
	ValidateHostname = "hostname"
)

// validations are the values Variable.Validate may take.
var validations = []string{ValidateHostname}

// decimal is the number syntax readers may type: what strconv.ParseFloat
// and JavaScript's Number() agree on, without exponents, hexadecimal,
// infinities or NaN, none of which belong in a configuration snippet.
var decimal = lazyre.New(`^-?[0-9]+(\.[0-9]+)?$`)

// hostLabel reports whether s is one label of a host name: 1 to 63
// letters, digits and hyphens, not starting or ending with a hyphen
// (`^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$`, as a loop: the
// expression compiles to a program sixty copies long).
func hostLabel(s string) bool {
	if len(s) < 1 || len(s) > 63 || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// Check reports why value cannot be the variable's value, or nil when it
// can. The empty value always can: it stands for "not set", and pages show
// what the guide was written with. site/static/js/site.js applies the same
// rules to what readers type; the browser tests compare the two.
func (v Variable) Check(value string) error {
	if value == "" {
		return nil
	}
	switch v.Type {
	case TypeNumber:
		return v.checkNumber(value)
	case TypeBoolean:
		if value != "true" && value != "false" {
			return errors.New("must be true or false")
		}
	default:
		if v.Validate == ValidateHostname {
			return checkHostname(value)
		}
	}
	return nil
}

func (v Variable) checkNumber(value string) error {
	if !decimal.MatchString(value) {
		return errors.New("must be a number such as 8443")
	}
	n, err := strconv.ParseFloat(value, 64)
	if err != nil {
		return errors.New("must be a number such as 8443")
	}
	if v.Min != nil && n < *v.Min {
		return fmt.Errorf("must be at least %s", formatNumber(*v.Min))
	}
	if v.Max != nil && n > *v.Max {
		return fmt.Errorf("must be at most %s", formatNumber(*v.Max))
	}
	return nil
}

func formatNumber(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

func checkHostname(s string) error {
	if len(s) > 253 {
		return errors.New("must be a host name of at most 253 characters")
	}
	for _, label := range strings.Split(s, ".") {
		if !hostLabel(label) {
			return errors.New("must be a host name such as example.com: letters, digits, '-' and dots")
		}
	}
	return nil
}
