package digest

import (
	"fmt"
	"strconv"
	"strings"
)

// Work limits for verification. A digest's cost parameters are chosen by
// whoever wrote it; a typo such as 3100000000 iterations would stall a
// check for hours, so digests beyond these limits are not verified
// (Outcome Costly). Each limit is far above what Authelia's documentation
// recommends (pbkdf2 310000, argon2id m=65536 t=3, scrypt ln=16, bcrypt 12,
// sha-crypt 500000) and costs a few seconds at most.
const (
	maxPBKDF2Iterations = 5_000_000
	maxArgon2KiBPasses  = 4 * 1024 * 1024 // memory (KiB) × passes
	maxScryptLN         = 20
	maxScryptRP         = 64 // r × p
	maxBcryptCost       = 16
	maxSHACryptRounds   = 5_000_000
)

// tooCostly reports whether verifying digest would exceed the work limits,
// and why. Unparsable parameters are left to the decoder to reject.
func tooCostly(digest string) (string, bool) {
	parts := strings.Split(digest, "$")
	if len(parts) < 3 || parts[0] != "" {
		return "", false
	}
	id, params := parts[1], parts[2]
	switch {
	case strings.HasPrefix(id, "pbkdf2"):
		return over("pbkdf2 iterations", atoi(params), maxPBKDF2Iterations)
	case strings.HasPrefix(id, "argon2") && len(parts) > 3:
		kv := keyValues(parts[3])
		return over("argon2 memory × passes", atoi(kv["m"])*max(1, atoi(kv["t"])), maxArgon2KiBPasses)
	case id == "scrypt":
		kv := keyValues(params)
		if why, ok := over("scrypt ln", atoi(kv["ln"]), maxScryptLN); ok {
			return why, ok
		}
		return over("scrypt r × p", max(1, atoi(kv["r"]))*max(1, atoi(kv["p"])), maxScryptRP)
	case id == "2" || id == "2a" || id == "2b" || id == "2x" || id == "2y":
		return over("bcrypt cost", atoi(params), maxBcryptCost)
	case id == "bcrypt-sha256":
		return over("bcrypt cost", atoi(keyValues(params)["r"]), maxBcryptCost)
	case id == "5" || id == "6":
		if r, ok := strings.CutPrefix(params, "rounds="); ok {
			return over("sha-crypt rounds", atoi(r), maxSHACryptRounds)
		}
	}
	return "", false
}

func over(what string, n, limit int) (string, bool) {
	if n > limit {
		return fmt.Sprintf("%s = %d, above the limit %d", what, n, limit), true
	}
	return "", false
}

// atoi parses a non-negative decimal, saturating instead of overflowing;
// anything else is 0.
func atoi(s string) int {
	n, err := strconv.ParseUint(s, 10, 62)
	if err != nil {
		if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
			return 1 << 62
		}
		return 0
	}
	return int(n)
}

// keyValues splits "m=65536,t=3,p=4".
func keyValues(s string) map[string]string {
	kv := map[string]string{}
	for _, p := range strings.Split(s, ",") {
		if k, v, ok := strings.Cut(p, "="); ok {
			kv[k] = v
		}
	}
	return kv
}
