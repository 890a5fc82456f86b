package digest

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/go-crypt/crypt/algorithm"
	"github.com/go-crypt/crypt/algorithm/argon2"
	"github.com/go-crypt/crypt/algorithm/bcrypt"
	"github.com/go-crypt/crypt/algorithm/pbkdf2"
	"github.com/go-crypt/crypt/algorithm/plaintext"
	"github.com/go-crypt/crypt/algorithm/scrypt"
	"github.com/go-crypt/crypt/algorithm/shacrypt"
	"github.com/go-crypt/x/yescrypt"
)

// A digest's cost parameters are chosen by whoever wrote it: a typo such as
// 3100000000 iterations would stall a check for hours, and argon2 with
// m=4194304 would allocate 4 GiB. So the work of each verification is
// estimated before it runs, from the digest the decoder returned — the very
// values the matcher will use, never a second reading of the text — and
// bounded three ways:
//
//   - one digest may take at most MaxDigestCPU of estimated CPU time and at
//     most the memory limit (default DefaultMemory);
//   - all verifications of a Verifier together may take at most its budget
//     of estimated CPU time (default DefaultBudget);
//   - verifications running at the same time may hold at most the memory
//     limit between them.
//
// The estimates are CPU time on one core of the machine the constants below
// were measured on (a 2-core AMD EPYC, Go 1.26), rounded up: measured CPU
// times of each algorithm, at small and large parameters, come to 0.3–0.9
// of the estimate. Authelia's recommended parameters (pbkdf2-sha512 310000,
// argon2id m=65536 t=3 p=4, scrypt ln=16 r=8, bcrypt 12, sha512crypt
// 500000) come to 0.2–0.5 s each, far below the limits.
const (
	// MaxDigestCPU bounds the estimated CPU time of one verification.
	MaxDigestCPU = 10 * time.Second
	// DefaultBudget is the estimated CPU time a Verifier spends in all.
	DefaultBudget = 2 * time.Minute
	// DefaultMemory bounds the memory of one verification and of all those
	// running at once, in bytes.
	DefaultMemory = 256 << 20
)

// Reference costs, in nanoseconds, of the loops each algorithm runs.
const (
	nsPBKDF2SHA1   = 500   // one iteration for one output block (two compressions)
	nsPBKDF2SHA256 = 400   // the same with SHA-224/SHA-256
	nsPBKDF2SHA512 = 1100  // the same with SHA-384/SHA-512
	nsSHA256Round  = 160   // one sha256crypt round, short inputs
	nsSHA512Round  = 250   // one sha512crypt round, short inputs
	nsSHA256Byte   = 1.0   // each further byte sha256crypt hashes
	nsSHA512Byte   = 1.5   // each further byte sha512crypt hashes
	nsBcrypt       = 105e3 // one of the 2^cost key expansions
	nsArgon2Block  = 550   // one 1 KiB block in one pass
	nsArgon2Lane   = 25e3  // starting one goroutine per lane and segment
	nsScrypt       = 700   // one unit of N·r·p
	nsYescrypt     = 800   // one unit of N·r
	nsHashByte     = 2.0   // a byte through HMAC-SHA-256 or similar, outside the main loop
	baseMemory     = 64 << 10
	argon2Stack    = 8 << 10 // stack of each lane's goroutine
)

// work is the estimated cost of matching one secret against one digest.
type work struct {
	what string  // the algorithm and parameters, for messages: "bcrypt, cost 31"
	cpu  float64 // nanoseconds of CPU
	mem  float64 // bytes held at once
}

// limits bound one verification.
type limits struct {
	cpu, mem float64
}

func defaultLimits() limits {
	return limits{cpu: float64(MaxDigestCPU), mem: DefaultMemory}
}

// check returns the Costly result when w exceeds l. Estimates are float64
// so that no product of attacker-chosen parameters can overflow; NaN, which
// no estimate should produce, counts as too costly.
func (l limits) check(w work) (Result, bool) {
	switch {
	case !(w.cpu <= l.cpu):
		return Result{Outcome: Costly, Detail: fmt.Sprintf("verifying it would take about %s of CPU (%s), more than the %s guidec spends on one digest",
			duration(w.cpu), w.what, duration(l.cpu))}, true
	case !(w.mem <= l.mem):
		return Result{Outcome: Costly, Detail: fmt.Sprintf("verifying it needs %s of memory (%s), more than the %s guidec lets digest verifications use",
			size(w.mem), w.what, size(l.mem))}, true
	}
	return Result{}, false
}

// estimate returns the work of matching a secret of secretLen bytes against
// d. The algorithm is d's type — what the decoder dispatched to, hence what
// will run — and the parameters are read from d.Encode(), the library's own
// rendering of the fields its matcher uses (they are not exported
// otherwise). An algorithm this function does not know, such as one a later
// library version adds, is an error: a cost that cannot be bounded is not
// paid.
func estimate(d algorithm.Digest, secretLen int) (work, error) {
	var alg string
	switch d.(type) {
	case *plaintext.Digest:
		alg = "plaintext"
	case *pbkdf2.Digest:
		alg = "pbkdf2"
	case *bcrypt.Digest:
		alg = "bcrypt"
	case *shacrypt.Digest:
		alg = "shacrypt"
	case *argon2.Digest:
		alg = "argon2"
	case *scrypt.Digest:
		alg = "scrypt"
	default:
		return work{}, fmt.Errorf("guidec cannot bound the cost of this algorithm (%T)", d)
	}
	return estimateEncoded(alg, d.Encode(), len(d.Salt()), len(d.Key()), secretLen)
}

// estimateEncoded estimates the work of algorithm alg from the library's
// encoding enc of a digest. It accepts only the exact shapes this library
// version produces: anything else is an error rather than a guess.
func estimateEncoded(alg, enc string, saltLen, keyLen, secretLen int) (work, error) {
	p, salt, key := float64(secretLen), float64(saltLen), float64(keyLen)
	switch alg {
	case "plaintext":
		return work{what: "plaintext", cpu: p, mem: baseMemory}, nil
	case "pbkdf2":
		f, ok := fields(enc, 4)
		if !ok {
			break
		}
		iter, ok := num(f[1])
		hashLen, ns := pbkdf2Hash(f[0])
		if !ok || hashLen == 0 {
			break
		}
		blocks := math.Ceil(key / hashLen)
		return work{
			what: fmt.Sprintf("%s, %s iterations%s", f[0], f[1], keyNote(key)),
			cpu:  iter*blocks*ns + (blocks*salt+p)*nsHashByte,
			mem:  baseMemory + blocks*hashLen,
		}, nil
	case "bcrypt":
		var costText string
		if f, ok := fields(enc, 3); ok { // $2b$COST$SALTKEY
			costText = f[1]
		} else if f, ok := fields(enc, 4); ok { // $bcrypt-sha256$v=2,t=2b,r=COST$SALT$KEY
			kv, ok := params(f[1], "v", "t", "r")
			if !ok {
				break
			}
			costText = kv["r"]
		} else {
			break
		}
		cost, ok := num(costText)
		if !ok {
			break
		}
		return work{
			what: fmt.Sprintf("bcrypt, cost %s", strings.TrimLeft(costText, "0")),
			cpu:  math.Exp2(cost)*nsBcrypt + p*nsHashByte,
			mem:  baseMemory + 4<<10,
		}, nil
	case "shacrypt":
		var (
			id     string
			rounds = float64(shacrypt.IterationsDefaultOmitted)
		)
		if f, ok := fields(enc, 3); ok { // $6$SALT$KEY
			id = f[0]
		} else if f, ok := fields(enc, 4); ok { // $6$rounds=N$SALT$KEY
			kv, ok := params(f[1], "rounds")
			if !ok {
				break
			}
			id = f[0]
			if rounds, ok = num(kv["rounds"]); !ok {
				break
			}
		} else {
			break
		}
		name, h, nsRound, nsByte := "sha256crypt", 32.0, float64(nsSHA256Round), nsSHA256Byte
		switch id {
		case "5":
		case "6":
			name, h, nsRound, nsByte = "sha512crypt", 64, nsSHA512Round, nsSHA512Byte
		default:
			return work{}, fmt.Errorf("guidec cannot bound the cost of sha-crypt variant '%s'", id)
		}
		// Beyond the rounds, sha-crypt hashes the secret once per byte of
		// it (quadratic) and the salt up to 271 times; each round hashes
		// the secret up to three times and the salt once, and the
		// library takes the salt whole, however long.
		bytes := p*p + 271*salt + 4*(p+salt) + rounds*(3*max(p, h)+salt)
		return work{
			what: fmt.Sprintf("%s, %.0f rounds%s", name, rounds, saltNote(salt)),
			cpu:  rounds*nsRound + bytes*nsByte,
			mem:  baseMemory + 2*(p+salt),
		}, nil
	case "argon2":
		f, ok := fields(enc, 5) // $argon2id$v=19$m=M,t=T,p=P$SALT$KEY
		if !ok {
			break
		}
		kv, ok := params(f[2], "m", "t", "p")
		if !ok {
			break
		}
		m, ok1 := num(kv["m"])
		t, ok2 := num(kv["t"])
		lanes, ok3 := num(kv["p"])
		if !ok1 || !ok2 || !ok3 || lanes < 1 {
			break
		}
		// The library rounds m down to a multiple of 4p blocks of 1 KiB,
		// with at least 8p, and starts p goroutines per pass and slice.
		blocks := max(math.Floor(m/(4*lanes))*4*lanes, 8*lanes)
		return work{
			what: fmt.Sprintf("%s, m=%s KiB, t=%s, p=%s", f[0], kv["m"], kv["t"], kv["p"]),
			cpu:  blocks*t*nsArgon2Block + 4*t*lanes*nsArgon2Lane + (p+salt+key)*nsHashByte,
			mem:  baseMemory + blocks*1024 + lanes*argon2Stack,
		}, nil
	case "scrypt":
		name, ln, r, par, ok := scryptParams(enc)
		if !ok {
			break
		}
		n := math.Exp2(ln)
		ns := float64(nsScrypt)
		if name == "yescrypt" {
			ns = nsYescrypt
		}
		// Besides the N·r·p loop, scrypt runs PBKDF2-HMAC-SHA-256 twice:
		// over the salt for 4·r·p blocks, then over the 128·r·p-byte
		// state for each 32 bytes of key.
		hashed := p + 4*r*par*salt + math.Ceil(max(key, 32)/32)*128*r*par
		return work{
			what: fmt.Sprintf("%s, ln=%.0f, r=%.0f, p=%.0f", name, ln, r, par),
			cpu:  n*r*par*ns + hashed*nsHashByte,
			mem:  baseMemory + 128*r*n + 128*r*par + 256*r,
		}, nil
	}
	return work{}, fmt.Errorf("guidec cannot read the cost parameters of %s", algName(enc))
}

// scryptParams reads an scrypt or yescrypt encoding:
// $scrypt$ln=L,r=R,p=P$SALT$KEY or $y$SETTING$SALT$KEY, where the setting
// holds ln and r and the library supports p = 1 only.
func scryptParams(enc string) (name string, ln, r, p float64, ok bool) {
	f, ok := fields(enc, 4)
	if !ok {
		return "", 0, 0, 0, false
	}
	switch f[0] {
	case "scrypt":
		kv, ok := params(f[1], "ln", "r", "p")
		if !ok {
			return "", 0, 0, 0, false
		}
		ln, ok1 := num(kv["ln"])
		r, ok2 := num(kv["r"])
		p, ok3 := num(kv["p"])
		return "scrypt", ln, r, p, ok1 && ok2 && ok3 && ln >= 1 && r >= 1 && p >= 1
	case "y":
		_, l, rr, err := yescrypt.DecodeSetting([]byte(f[1]))
		return "yescrypt", float64(l), float64(rr), 1, err == nil && l >= 1 && rr >= 1
	}
	return "", 0, 0, 0, false
}

// fields splits a digest the library encoded, "$a$b$c", into its n fields
// after the leading '$'.
func fields(enc string, n int) ([]string, bool) {
	f := strings.Split(enc, "$")
	if len(f) != n+1 || f[0] != "" {
		return nil, false
	}
	return f[1:], true
}

// params parses "k=v,k=v" holding exactly the given keys, once each.
func params(s string, keys ...string) (map[string]string, bool) {
	kv := map[string]string{}
	for _, p := range strings.Split(s, ",") {
		k, v, ok := strings.Cut(p, "=")
		if _, dup := kv[k]; !ok || dup {
			return nil, false
		}
		kv[k] = v
	}
	if len(kv) != len(keys) {
		return nil, false
	}
	for _, k := range keys {
		if _, ok := kv[k]; !ok {
			return nil, false
		}
	}
	return kv, true
}

// num parses a decimal the library printed. It is a float64 so that
// products of parameters saturate at +Inf instead of overflowing.
func num(s string) (float64, bool) {
	if s == "" || strings.Trim(s, "0123456789") != "" {
		return 0, false
	}
	u, err := strconv.ParseUint(s, 10, 64)
	if err != nil {
		return 0, false
	}
	return float64(u), true
}

// pbkdf2Hash returns the output length and the cost of one iteration of
// the hash a pbkdf2 identifier names, or 0 for an unknown one.
func pbkdf2Hash(id string) (hashLen, ns float64) {
	switch id {
	case "pbkdf2", "pbkdf2-sha1":
		return 20, nsPBKDF2SHA1
	case "pbkdf2-sha224":
		return 28, nsPBKDF2SHA256
	case "pbkdf2-sha256":
		return 32, nsPBKDF2SHA256
	case "pbkdf2-sha384":
		return 48, nsPBKDF2SHA512
	case "pbkdf2-sha512":
		return 64, nsPBKDF2SHA512
	}
	return 0, 0
}

// algName is the identifier of an encoded digest, for messages.
func algName(enc string) string {
	if f := strings.SplitN(enc, "$", 3); len(f) == 3 && f[1] != "" {
		return "'" + f[1] + "' digests"
	}
	return "this digest"
}

// keyNote and saltNote mention unusually long keys and salts, which raise
// the cost without showing in the parameters.
func keyNote(n float64) string {
	if n > 64 {
		return fmt.Sprintf(", a %.0f-byte key", n)
	}
	return ""
}

func saltNote(n float64) string {
	if n > 16 {
		return fmt.Sprintf(", a %.0f-byte salt", n)
	}
	return ""
}

// duration renders an estimate in nanoseconds for messages.
func duration(ns float64) string {
	const year = float64(365 * 24 * time.Hour)
	switch {
	case ns >= 100*year:
		return "more than a century"
	case ns >= float64(time.Hour):
		return time.Duration(ns).Round(time.Minute).String()
	case ns >= float64(time.Second):
		return time.Duration(ns).Round(100 * time.Millisecond).String()
	}
	return time.Duration(ns).Round(time.Millisecond).String()
}

// size renders a number of bytes for messages.
func size(b float64) string {
	switch {
	case b >= 1<<60:
		return fmt.Sprintf("%.0f EiB", b/(1<<60))
	case b >= 1<<30:
		return fmt.Sprintf("%.1f GiB", b/(1<<30))
	case b >= 1<<20:
		return fmt.Sprintf("%.0f MiB", b/(1<<20))
	}
	return fmt.Sprintf("%.0f KiB", b/(1<<10))
}
