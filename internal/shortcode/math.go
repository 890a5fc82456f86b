package shortcode

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// arith is Hugo's arithmetic on two values: integers stay integers (int64),
// a float makes the result a float, and + joins two strings.
func arith(op byte, a, b any) (any, error) {
	x, y := normalize(a), normalize(b)
	if op == '+' {
		if sa, ok := x.(string); ok {
			if sb, ok := y.(string); ok {
				return sa + sb, nil
			}
		}
	}
	ia, aInt := x.(int64)
	ib, bInt := y.(int64)
	if aInt && bInt {
		switch op {
		case '+':
			return ia + ib, nil
		case '-':
			return ia - ib, nil
		case '*':
			return ia * ib, nil
		case '/':
			if ib == 0 {
				return nil, fmt.Errorf("division by zero")
			}
			return ia / ib, nil
		case '%':
			if ib == 0 {
				return nil, fmt.Errorf("division by zero")
			}
			return ia % ib, nil
		}
	}
	fa, ok1 := asFloat(x)
	fb, ok2 := asFloat(y)
	if !ok1 || !ok2 {
		return nil, fmt.Errorf("cannot compute %T %c %T", a, op, b)
	}
	switch op {
	case '+':
		return fa + fb, nil
	case '-':
		return fa - fb, nil
	case '*':
		return fa * fb, nil
	case '/':
		if fb == 0 {
			return nil, fmt.Errorf("division by zero")
		}
		return fa / fb, nil
	}
	return nil, fmt.Errorf("the modulus needs integers, not %T and %T", a, b)
}

// fold applies op across the arguments, left to right (Hugo's add, sub,
// mul and div take two or more).
func fold(op byte, a, b any, more []any) (any, error) {
	r, err := arith(op, a, b)
	for _, m := range more {
		if err != nil {
			break
		}
		r, err = arith(op, r, m)
	}
	return r, err
}

func fnAdd(a, b any, more ...any) (any, error) { return fold('+', a, b, more) }
func fnSub(a, b any, more ...any) (any, error) { return fold('-', a, b, more) }
func fnMul(a, b any, more ...any) (any, error) { return fold('*', a, b, more) }
func fnDiv(a, b any, more ...any) (any, error) { return fold('/', a, b, more) }
func fnMod(a, b any) (any, error)              { return arith('%', a, b) }

func fnModBool(a, b any) (bool, error) {
	r, err := arith('%', a, b)
	return err == nil && r == int64(0), err
}

// fnInt converts a number or a numeric string to int; "" is 0.
func fnInt(v any) (int, error) {
	switch v := v.(type) {
	case float64:
		return int(v), nil
	case float32:
		return int(v), nil
	case bool:
		if v {
			return 1, nil
		}
		return 0, nil
	case nil:
		return 0, nil
	}
	if n, ok := toIntValue(v); ok {
		return n, nil
	}
	s := strings.TrimSpace(toString(v))
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, fmt.Errorf("%q is not an integer", s)
	}
	return n, nil
}

// fnFloat converts a number or a numeric string to float64.
func fnFloat(v any) (float64, error) {
	if f, ok := asFloat(normalize(v)); ok {
		return f, nil
	}
	s := strings.TrimSpace(toString(v))
	if s == "" {
		return 0, nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, fmt.Errorf("%q is not a number", s)
	}
	return f, nil
}

// mathNS is Hugo's math namespace.
type mathNS struct{}

func (mathNS) Add(a, b any, more ...any) (any, error) { return fnAdd(a, b, more...) }
func (mathNS) Sub(a, b any, more ...any) (any, error) { return fnSub(a, b, more...) }
func (mathNS) Mul(a, b any, more ...any) (any, error) { return fnMul(a, b, more...) }
func (mathNS) Div(a, b any, more ...any) (any, error) { return fnDiv(a, b, more...) }
func (mathNS) Mod(a, b any) (any, error)              { return fnMod(a, b) }
func (mathNS) ModBool(a, b any) (bool, error)         { return fnModBool(a, b) }

func (mathNS) Floor(v any) (float64, error) { f, err := fnFloat(v); return math.Floor(f), err }
func (mathNS) Ceil(v any) (float64, error)  { f, err := fnFloat(v); return math.Ceil(f), err }
func (mathNS) Round(v any) (float64, error) { f, err := fnFloat(v); return math.Round(f), err }
func (mathNS) Abs(v any) (float64, error)   { f, err := fnFloat(v); return math.Abs(f), err }

// Max returns the largest of its numbers.
func (mathNS) Max(a any, more ...any) (float64, error) { return extreme(1, a, more) }

// Min returns the smallest of its numbers.
func (mathNS) Min(a any, more ...any) (float64, error) { return extreme(-1, a, more) }

func extreme(sign int, a any, more []any) (float64, error) {
	r, err := fnFloat(a)
	for _, m := range more {
		if err != nil {
			break
		}
		var f float64
		f, err = fnFloat(m)
		if sign > 0 && f > r || sign < 0 && f < r {
			r = f
		}
	}
	return r, err
}
