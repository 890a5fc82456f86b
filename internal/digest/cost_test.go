package digest

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/go-crypt/crypt/algorithm"
	"github.com/go-crypt/crypt/algorithm/argon2"
	"github.com/go-crypt/crypt/algorithm/bcrypt"
	"github.com/go-crypt/crypt/algorithm/pbkdf2"
	"github.com/go-crypt/crypt/algorithm/scrypt"
	"github.com/go-crypt/crypt/algorithm/shacrypt"
)

// safetyBound is how long any single case of these tests may take: far
// above what a bounded verification costs, far below what an unbounded one
// does (hours). It is a guard against hangs, not a performance target.
const safetyBound = 60 * time.Second

// within runs f and fails the test if it has not returned after d.
func within(t *testing.T, d time.Duration, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	select {
	case <-done:
	case <-time.After(d):
		t.Fatalf("still running after %v: the cost of the digest is not bounded", d)
	}
}

// libraryDigests hashes secret with every algorithm and variant of the
// decoder, at cheap parameters, through the library's own hashers.
func libraryDigests(t *testing.T, secret string) map[string]string {
	t.Helper()
	type hasher interface {
		Hash(string) (algorithm.Digest, error)
	}
	must := func(h hasher, err error) hasher {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return h
	}
	hashers := map[string]hasher{
		"pbkdf2-sha1":      must(pbkdf2.NewSHA1(pbkdf2.WithIterations(100000))),
		"pbkdf2-sha224":    must(pbkdf2.NewSHA224(pbkdf2.WithIterations(100000))),
		"pbkdf2-sha256":    must(pbkdf2.NewSHA256(pbkdf2.WithIterations(100000))),
		"pbkdf2-sha384":    must(pbkdf2.NewSHA384(pbkdf2.WithIterations(100000))),
		"pbkdf2-sha512":    must(pbkdf2.NewSHA512(pbkdf2.WithIterations(100000))),
		"argon2id":         must(argon2.New(argon2.WithVariantID(), argon2.WithM(64), argon2.WithT(1), argon2.WithP(1))),
		"argon2i":          must(argon2.New(argon2.WithVariantI(), argon2.WithM(64), argon2.WithT(2), argon2.WithP(2))),
		"argon2d":          must(argon2.New(argon2.WithVariantD(), argon2.WithM(32), argon2.WithT(1), argon2.WithP(4))),
		"scrypt":           must(scrypt.NewScrypt(scrypt.WithLN(4), scrypt.WithR(8), scrypt.WithP(2))),
		"yescrypt":         must(scrypt.NewYescrypt(scrypt.WithLN(4), scrypt.WithR(8), scrypt.WithP(1))),
		"bcrypt":           must(bcrypt.New(bcrypt.WithCost(10))),
		"bcrypt-sha256":    must(bcrypt.NewSHA256(bcrypt.WithCost(10))),
		"sha256crypt":      must(shacrypt.New(shacrypt.WithSHA256(), shacrypt.WithIterations(1000))),
		"sha512crypt":      must(shacrypt.New(shacrypt.WithSHA512(), shacrypt.WithIterations(1000))),
		"sha512crypt 5000": must(shacrypt.New(shacrypt.WithSHA512(), shacrypt.WithIterations(5000))), // encoded without rounds=
	}
	out := map[string]string{}
	for name, h := range hashers {
		d, err := h.Hash(secret)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out[name] = d.Encode()
	}
	return out
}

// TestVerifyEveryAlgorithm verifies a digest of each algorithm and variant
// the decoder knows: each must be read by estimate (an unreadable encoding
// would make it Unsupported) and then matched.
func TestVerifyEveryAlgorithm(t *testing.T) {
	for name, enc := range libraryDigests(t, "insecure_secret") {
		t.Run(name, func(t *testing.T) {
			within(t, safetyBound, func() {
				for secret, want := range map[string]Outcome{"insecure_secret": Match, "insecure_secreT": Mismatch} {
					got, err := Verify(enc, secret)
					if err != nil {
						t.Fatal(err)
					}
					if got.Outcome != want {
						t.Errorf("Verify(%s, %q) = %v (%s), want %v", enc, secret, got.Outcome, got.Detail, want)
					}
				}
			})
		})
	}
}

// hostileDigests are digests the decoder accepts (or must reject) whose
// parameters try to slip past the limits: the reviewed bypasses of the old
// text parser, and variants in every algorithm. Verifying any of them in
// full would take from minutes to centuries, or GiBs of memory.
var hostileDigests = []struct {
	name, digest string
	want         Outcome
	detail       string // substring of Detail
}{
	// pbkdf2: the iterations are read with strconv.Atoi, which takes a sign
	// and leading zeros.
	{"pbkdf2 plus sign", "$pbkdf2-sha512$+3100000000$c8p78n7pUMln0jzvd4aK4Q$JNRBzwAo0ek5qKn50cFzzvE9RXV88h1w", Costly, "3100000000 iterations"},
	{"pbkdf2 leading zeros", "$pbkdf2-sha512$00000003100000000$c8p78n7pUMln0jzvd4aK4Q$JNRBzwAo0ek5qKn50cFzzvE9RXV88h1w", Costly, "3100000000 iterations"},
	{"pbkdf2 sign and zeros", "$pbkdf2-sha256$+0099999999$c8p78n7pUMln0jzvd4aK4Q$JNRBzwAo0ek5qKn50cFzzvE9RXV88h1w", Costly, "99999999 iterations"},
	{"pbkdf2-sha1 max int", "$pbkdf2$9223372036854775807$c8p78n7pUMln0jzvd4aK4Q$JNRBzwAo0ek5qKn50cFzzvE9RXV88h1w", Costly, "more than a century"},
	{"pbkdf2 beyond int64", "$pbkdf2-sha512$99999999999999999999$c8p78n7pUMln0jzvd4aK4Q$JNRBzwAo", Undecodable, "iterations could not be parsed"},
	{"pbkdf2 negative", "$pbkdf2-sha512$-5$c8p78n7pUMln0jzvd4aK4Q$JNRBzwAo", Undecodable, "at least 1"},
	{"pbkdf2 space", "$pbkdf2-sha512$ 3100000000$c8p78n7pUMln0jzvd4aK4Q$JNRBzwAo", Undecodable, "iterations could not be parsed"},
	{"pbkdf2 unicode digits", "$pbkdf2-sha512$３１０００００$c8p78n7pUMln0jzvd4aK4Q$JNRBzwAo", Undecodable, "iterations could not be parsed"},
	// The work of pbkdf2 grows with the key length: one loop per output
	// block. A normal iteration count with a 60000-byte key is 3000 loops.
	{"pbkdf2-sha1 huge key", "$pbkdf2$310000$c8p78n7pUMln0jzvd4aK4Q$" + strings.Repeat("A", 80000), Costly, "a 60000-byte key"},
	{"pbkdf2-sha512 std base64 salt", "$pbkdf2-sha512$310000$c8p78n7p+Mln0jzvd4aK4Q$JNRBzwAo", Undecodable, "salt"},
	{"pbkdf2-sha512 padded key", "$pbkdf2-sha512$310000$c8p78n7pUMln0jzvd4aK4Q$JNRBzwA=", Undecodable, "key"},

	// argon2: the decoder reads the v= and m,t,p segments as one list, in
	// either order, the last value of a key winning.
	{"argon2id 4 GiB", "$argon2id$v=19$m=4194304,t=3,p=4$VXg0yrirjZ0crxmCdCe8DA$iQ8hSj3BQc45DXofwfLCwRC", Costly, "4.0 GiB of memory"},
	{"argon2i 4 GiB", "$argon2i$v=19$m=4194304,t=1,p=1$VXg0yrirjZ0crxmCdCe8DA$iQ8hSj3BQc45DXofwfLCwRC", Costly, "4.0 GiB of memory"},
	{"argon2d max memory", "$argon2d$v=19$m=4294967295,t=1,p=1$VXg0yrirjZ0crxmCdCe8DA$iQ8hSj3BQc45DXofwfLCwRC", Costly, "(argon2d, m=4294967295 KiB, t=1, p=1)"},
	{"argon2id parameters in the v= segment", "$argon2id$v=19,m=4194304,t=3$p=4$VXg0yrirjZ0crxmCdCe8DA$iQ8hSj3BQc45DXofwfLCwRC", Costly, "m=4194304 KiB"},
	{"argon2id segments swapped", "$argon2id$m=4194304,t=3,p=4$v=19$VXg0yrirjZ0crxmCdCe8DA$iQ8hSj3BQc45DXofwfLCwRC", Costly, "m=4194304 KiB"},
	{"argon2id repeated m, v= segment last", "$argon2id$v=19,m=4194304$m=64,t=1,p=1$VXg0yrirjZ0crxmCdCe8DA$iQ8hSj3BQc45DXofwfLCwRC", Costly, "m=4194304 KiB"},
	{"argon2id repeated m in one segment", "$argon2id$v=19$m=64,t=1,p=1,m=4194304$VXg0yrirjZ0crxmCdCe8DA$iQ8hSj3BQc45DXofwfLCwRC", Costly, "m=4194304 KiB"},
	{"argon2id m×t overflows int64", "$argon2id$v=19$m=4294967295,t=4294967295,p=1$VXg0yrirjZ0crxmCdCe8DA$iQ8hSj3BQc45DXofwfLCwRC", Costly, ""},
	{"argon2id small memory, huge passes", "$argon2id$v=19$m=8,t=4294967295,p=1$VXg0yrirjZ0crxmCdCe8DA$iQ8hSj3BQc45DXofwfLCwRC", Costly, "t=4294967295"},
	{"argon2id many lanes", "$argon2id$v=19$m=32768,t=100,p=4096$VXg0yrirjZ0crxmCdCe8DA$iQ8hSj3BQc45DXofwfLCwRC", Costly, "p=4096"},
	{"argon2id max lanes", "$argon2id$v=19$m=134217720,t=1,p=16777215$VXg0yrirjZ0crxmCdCe8DA$iQ8hSj3BQc45DXofwfLCwRC", Costly, "p=16777215"},
	{"argon2id leading zeros", "$argon2id$v=19$m=004194304,t=1,p=1$VXg0yrirjZ0crxmCdCe8DA$iQ8hSj3BQc45DXofwfLCwRC", Costly, "m=4194304 KiB"},
	{"argon2id plus sign", "$argon2id$v=19$m=+4194304,t=1,p=1$VXg0yrirjZ0crxmCdCe8DA$iQ8hSj3BQc45DXofwfLCwRC", Undecodable, "invalid value"},
	{"argon2id memory beyond uint32", "$argon2id$v=19$m=4294967296,t=1,p=1$VXg0yrirjZ0crxmCdCe8DA$iQ8hSj3BQc45DXofwfLCwRC", Undecodable, "invalid value"},
	{"argon2id space", "$argon2id$v=19$m= 65536,t=1,p=1$VXg0yrirjZ0crxmCdCe8DA$iQ8hSj3BQc45DXofwfLCwRC", Undecodable, "invalid value"},

	// scrypt and yescrypt (which the scrypt decoder registers as $y$).
	{"scrypt ln=30", "$scrypt$ln=30,r=8,p=1$PC2KBsb0hBVOSJTVS0Hv0A$MIFqk9W5E81k8SLGWeaCQRws1PFhqMpcon9UnNT5aJc", Costly, "ln=30"},
	{"scrypt within the old limits", "$scrypt$ln=20,r=8,p=8$PC2KBsb0hBVOSJTVS0Hv0A$MIFqk9W5E81k8SLGWeaCQRws1PFhqMpcon9UnNT5aJc", Costly, "ln=20, r=8, p=8"},
	{"scrypt 1 GiB", "$scrypt$ln=20,r=8,p=1$PC2KBsb0hBVOSJTVS0Hv0A$MIFqk9W5E81k8SLGWeaCQRws1PFhqMpcon9UnNT5aJc", Costly, "1.0 GiB of memory"},
	{"scrypt huge p", "$scrypt$ln=1,r=1,p=33554431$PC2KBsb0hBVOSJTVS0Hv0A$MIFqk9W5E81k8SLGWeaCQRws1PFhqMpcon9UnNT5aJc", Costly, "p=33554431"},
	{"scrypt repeated ln", "$scrypt$ln=4,r=8,p=1,ln=30$PC2KBsb0hBVOSJTVS0Hv0A$MIFqk9W5E81k8SLGWeaCQRws1PFhqMpcon9UnNT5aJc", Costly, "ln=30"},
	{"scrypt plus sign", "$scrypt$ln=+30,r=8,p=1$PC2KBsb0hBVOSJTVS0Hv0A$MIFqk9W5E81k8SLGWeaCQRws1PFhqMpcon9UnNT5aJc", Costly, "ln=30"},
	{"yescrypt ln=40", "$y$jb5$y5/o6WQ4huUlkEQ9p/OFn.$UEQ2oV/cevz/iqigi/emOyUMiRoeCdktv2Bopm8aRpD", Costly, "yescrypt, ln=40, r=8"},
	{"yescrypt ln=25 r=64", "$y$jMz$y5/o6WQ4huUlkEQ9p/OFn.$UEQ2oV/cevz/iqigi/emOyUMiRoeCdktv2Bopm8aRpD", Costly, "yescrypt, ln=25, r=64"},
	{"yescrypt, fatal out of memory before", "$y$jS0$ $000", Costly, "yescrypt, ln=31, r=3"},
	{"yescrypt ln=58", "$y$jtT$y5/o6WQ4huUlkEQ9p/OFn.$UEQ2oV/cevz/iqigi/emOyUMiRoeCdktv2Bopm8aRpD", Undecodable, "ln"},

	// bcrypt: every version prefix the decoder registers, cost 31.
	{"bcrypt $2$ 31", "$2$31$I2BhWFvUq/bxkKlob4XWPebZCoMxF/UI5Y1SGuOcfc3mWB1UiHIGG", Undecodable, "identifier"},
	{"bcrypt $2a$ 31", "$2a$31$I2BhWFvUq/bxkKlob4XWPebZCoMxF/UI5Y1SGuOcfc3mWB1UiHIGG", Costly, "bcrypt, cost 31"},
	{"bcrypt $2b$ 31", "$2b$31$I2BhWFvUq/bxkKlob4XWPebZCoMxF/UI5Y1SGuOcfc3mWB1UiHIGG", Costly, "bcrypt, cost 31"},
	{"bcrypt $2x$ 31", "$2x$31$I2BhWFvUq/bxkKlob4XWPebZCoMxF/UI5Y1SGuOcfc3mWB1UiHIGG", Costly, "bcrypt, cost 31"},
	{"bcrypt $2y$ 31", "$2y$31$I2BhWFvUq/bxkKlob4XWPebZCoMxF/UI5Y1SGuOcfc3mWB1UiHIGG", Costly, "bcrypt, cost 31"},
	{"bcrypt plus sign", "$2b$+31$I2BhWFvUq/bxkKlob4XWPebZCoMxF/UI5Y1SGuOcfc3mWB1UiHIGG", Costly, "bcrypt, cost 31"},
	{"bcrypt leading zeros", "$2b$0000031$I2BhWFvUq/bxkKlob4XWPebZCoMxF/UI5Y1SGuOcfc3mWB1UiHIGG", Costly, "bcrypt, cost 31"},
	{"bcrypt-sha256 31", "$bcrypt-sha256$v=2,t=2b,r=31$I2BhWFvUq/bxkKlob4XWPe$bZCoMxF/UI5Y1SGuOcfc3mWB1UiHIGG", Costly, "bcrypt, cost 31"},
	{"bcrypt-sha256 repeated r", "$bcrypt-sha256$v=2,t=2b,r=4,r=31$I2BhWFvUq/bxkKlob4XWPe$bZCoMxF/UI5Y1SGuOcfc3mWB1UiHIGG", Costly, "bcrypt, cost 31"},
	{"bcrypt 32", "$2b$32$I2BhWFvUq/bxkKlob4XWPebZCoMxF/UI5Y1SGuOcfc3mWB1UiHIGG", Undecodable, "cost"},

	// sha-crypt: rounds= is a parameter list, the last value winning.
	{"sha512crypt max rounds", "$6$rounds=999999999$cV5iDMUNrHC624/j$uA4.9Ecj/wCohxQMyS/hi.0qBxVlj9f", Costly, "999999999 rounds"},
	{"sha256crypt max rounds", "$5$rounds=999999999$cV5iDMUNrHC624/j$uA4.9Ecj/wCohxQMyS/hi.0qBxVlj9f", Costly, "sha256crypt, 999999999 rounds"},
	{"sha512crypt repeated rounds", "$6$rounds=1000,rounds=999999999$cV5iDMUNrHC624/j$uA4.9Ecj/wCohxQMyS/hi.0qBxVlj9f", Costly, "999999999 rounds"},
	{"sha256crypt leading zeros", "$5$rounds=0999999999$cV5iDMUNrHC624/j$uA4.9Ecj/wCohxQMyS/hi.0qBxVlj9f", Costly, "999999999 rounds"},
	{"sha512crypt plus sign", "$6$rounds=+999999999$cV5iDMUNrHC624/j$uA4.9Ecj", Undecodable, "invalid value"},
	{"sha512crypt beyond the maximum", "$6$rounds=1000000000$cV5iDMUNrHC624/j$uA4.9Ecj", Undecodable, "rounds"},
	// The library takes the salt whole, and hashes it in every round.
	{"sha512crypt huge salt, default rounds", "$6$" + strings.Repeat("s", 2<<20) + "$uA4.9Ecj/wCohxQMyS/hi.0qBxVlj9f", Costly, "5000 rounds, a 2097152-byte salt"},
	{"sha256crypt long salt, many rounds", "$5$rounds=5000000$" + strings.Repeat("s", 4096) + "$uA4.9Ecj/wCohxQMyS/hi.0qBxVlj9f", Costly, "a 4096-byte salt"},

	// Not digests of the default set.
	{"md5crypt", "$1$4L0MJE56$rA5am9Fqp9IFg.NOUoI3r.", Undecodable, "unknown"},
	{"sha1crypt", "$sha1$999999999$salt$key", Undecodable, "unknown"},
	{"base64", "$base64$aW5zZWN1cmVfc2VjcmV0", Undecodable, "unknown"},
}

// TestHostileDigests checks that no hostile digest is hashed: each is
// rejected before matching, quickly and without allocating the memory it
// asks for.
func TestHostileDigests(t *testing.T) {
	dec, err := NewDecoder()
	if err != nil {
		t.Fatal(err)
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for _, tt := range hostileDigests {
		t.Run(tt.name, func(t *testing.T) {
			within(t, safetyBound, func() {
				for _, secret := range []string{"insecure_secret", strings.Repeat("x", 10000)} {
					got := verify(dec, tt.digest, secret, defaultLimits())
					if got.Outcome != tt.want || !strings.Contains(got.Detail, tt.detail) {
						t.Errorf("verify = %v (%s), want %v (%s)", got.Outcome, got.Detail, tt.want, tt.detail)
					}
				}
			})
		})
	}
	runtime.ReadMemStats(&after)
	// The cases themselves hold a few MiB of text; a hashed one would
	// allocate at least 1 GiB.
	if n := after.TotalAlloc - before.TotalAlloc; n > 256<<20 {
		t.Errorf("the hostile digests allocated %d MiB", n>>20)
	}
}

// TestLongSecret checks that the secret's length counts: sha-crypt hashes
// it once per byte of it before the rounds even start.
func TestLongSecret(t *testing.T) {
	dec, err := NewDecoder()
	if err != nil {
		t.Fatal(err)
	}
	h, err := shacrypt.New(shacrypt.WithSHA512(), shacrypt.WithIterations(1000))
	if err != nil {
		t.Fatal(err)
	}
	d, err := h.Hash("insecure_secret")
	if err != nil {
		t.Fatal(err)
	}
	short := d.Encode()
	within(t, safetyBound, func() {
		if got := verify(dec, short, "insecure_secret", defaultLimits()); got.Outcome != Match {
			t.Errorf("short secret: %v (%s)", got.Outcome, got.Detail)
		}
		if got := verify(dec, short, strings.Repeat("x", 1<<20), defaultLimits()); got.Outcome != Costly {
			t.Errorf("1 MiB secret: %v (%s), want costly", got.Outcome, got.Detail)
		}
	})
}

// TestRecommendedWithinLimits estimates the parameters Authelia documents
// and generates by default: each must be verified, not reported as too
// costly. The digests are estimated, never hashed.
func TestRecommendedWithinLimits(t *testing.T) {
	dec, err := NewDecoder()
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{
		rommDigest,
		"$pbkdf2-sha256$310000$c8p78n7pUMln0jzvd4aK4Q$JNRBzwAo0ek5qKn50cFzzvE9RXV88h1wJn5KGiHrD0Y",
		"$argon2id$v=19$m=65536,t=3,p=4$VXg0yrirjZ0crxmCdCe8DA$iQ8hSj3BQc45DXofwfLCwRC/qR/9bob96zrrZI/xDB8",
		"$argon2id$v=19$m=2097152,t=1,p=4$VXg0yrirjZ0crxmCdCe8DA$iQ8hSj3BQc45DXofwfLCwRC/qR/9bob96zrrZI/xDB8",
		"$scrypt$ln=16,r=8,p=1$PC2KBsb0hBVOSJTVS0Hv0A$MIFqk9W5E81k8SLGWeaCQRws1PFhqMpcon9UnNT5aJc",
		"$y$j9T$y5/o6WQ4huUlkEQ9p/OFn.$UEQ2oV/cevz/iqigi/emOyUMiRoeCdktv2Bopm8aRpD",
		"$2b$12$I2BhWFvUq/bxkKlob4XWPebZCoMxF/UI5Y1SGuOcfc3mWB1UiHIGG",
		"$6$rounds=500000$cV5iDMUNrHC624/j$uA4.9Ecj/wCohxQMyS/hi.0qBxVlj9f",
		"$5$rounds=500000$cV5iDMUNrHC624/j$uA4.9Ecj/wCohxQMyS/hi.0qBxVlj9f",
	} {
		_, w, res, ok := prepare(dec, d, len("insecure_secret"))
		if !ok {
			t.Errorf("%s: %v (%s)", d, res.Outcome, res.Detail)
			continue
		}
		if res, over := defaultLimits().check(w); over && !strings.Contains(d, "m=2097152") {
			t.Errorf("%s: %s", d, res.Detail)
		}
		if w.cpu < float64(10*time.Millisecond) {
			t.Errorf("%s: estimated at %s, implausibly cheap", d, duration(w.cpu))
		}
	}
}

// TestEstimateGrows checks that each parameter raises the estimate: a
// parameter the model ignored would be a way around the limits.
func TestEstimateGrows(t *testing.T) {
	dec, err := NewDecoder()
	if err != nil {
		t.Fatal(err)
	}
	const salt, key = "c8p78n7pUMln0jzvd4aK4Q", "JNRBzwAo0ek5qKn50cFzzvE9RXV88h1w"
	for _, tt := range []struct{ format, low, high string }{
		{"$pbkdf2-sha512$%s$" + salt + "$" + key, "1000", "2000"},
		{"$pbkdf2-sha512$1000$" + salt + "$%s", key, key + key + key},
		{"$pbkdf2$1000$%s$" + key, salt, strings.Repeat(salt, 100)},
		{"$argon2id$v=19$m=%s,t=1,p=1$" + salt + "$" + key, "64", "128"},
		{"$argon2id$v=19$m=1024,t=%s,p=1$" + salt + "$" + key, "1", "2"},
		{"$argon2id$v=19$m=1024,t=1,p=%s$" + salt + "$" + key, "1", "2"},
		{"$scrypt$ln=%s,r=8,p=1$" + salt + "$" + key, "4", "5"},
		{"$scrypt$ln=4,r=%s,p=1$" + salt + "$" + key, "8", "9"},
		{"$scrypt$ln=4,r=8,p=%s$" + salt + "$" + key, "1", "2"},
		{"$y$j%sT$y5/o6WQ4huUlkEQ9p/OFn.$UEQ2oV/cevz/iqigi/emOyUMiRoeCdktv2Bopm8aRpD", "8", "9"},
		{"$y$j9%s$y5/o6WQ4huUlkEQ9p/OFn.$UEQ2oV/cevz/iqigi/emOyUMiRoeCdktv2Bopm8aRpD", "T", "U"},
		{"$2b$%s$I2BhWFvUq/bxkKlob4XWPebZCoMxF/UI5Y1SGuOcfc3mWB1UiHIGG", "10", "11"},
		{"$6$rounds=%s$cV5iDMUNrHC624/j$" + key, "1000", "1001"},
		{"$5$rounds=1000$%s$" + key, "cV5iDMUNrHC624/j", "cV5iDMUNrHC624/jx"},
	} {
		lo, hi := fmt.Sprintf(tt.format, tt.low), fmt.Sprintf(tt.format, tt.high)
		_, wl, res, ok := prepare(dec, lo, 15)
		_, wh, res2, ok2 := prepare(dec, hi, 15)
		if !ok || !ok2 {
			t.Errorf("%s / %s: %s %s", lo, hi, res.Detail, res2.Detail)
			continue
		}
		if !(wh.cpu > wl.cpu) && !(wh.mem > wl.mem) {
			t.Errorf("%s: estimate %v, %s: %v; want the second to cost more", lo, wl, hi, wh)
		}
	}
}

// fakeDigest is an algorithm the decoder could return in a later version.
type fakeDigest struct{ algorithm.Digest }

func (fakeDigest) Encode() string { return "$fake$1$2" }
func (fakeDigest) Salt() []byte   { return nil }
func (fakeDigest) Key() []byte    { return nil }

func TestEstimateUnknown(t *testing.T) {
	if _, err := estimate(fakeDigest{}, 1); err == nil || !strings.Contains(err.Error(), "cannot bound") {
		t.Errorf("estimate(unknown algorithm) = %v, want an error", err)
	}
	// Encodings of another shape than this library version's.
	for _, tt := range [][2]string{
		{"pbkdf2", "$pbkdf2-sha512$310000$a$b$c"},
		{"pbkdf2", "$pbkdf2-sha512$3.1e9$a$b"},
		{"pbkdf2", "$pbkdf2-sha512$+31$a$b"},
		{"pbkdf2", "$pbkdf2-sha999$1$a$b"},
		{"pbkdf2", "pbkdf2-sha512$1$a$b$"},
		{"pbkdf2", ""},
		{"argon2", "$argon2id$v=19$m=64,t=1$a$b"},
		{"argon2", "$argon2id$v=19$m=64,t=1,p=0$a$b"},
		{"argon2", "$argon2id$m=64,t=1,p=1$v=19$a$b"},
		{"scrypt", "$scrypt$ln=4,r=8$a$b"},
		{"scrypt", "$scrypt$ln=0,r=8,p=1$a$b"},
		{"scrypt", "$scrypt2$ln=4,r=8,p=1$a$b"},
		{"scrypt", "$y$x9T$a$b"},
		{"bcrypt", "$2b$31"},
		{"bcrypt", "$bcrypt-sha256$v=2,t=2b$a$b"},
		{"bcrypt", "$2b$-1$ab"},
		{"shacrypt", "$6$rounds=1000,rounds=2000$a$b"},
		{"shacrypt", "$6$cost=1000$a$b"},
		{"shacrypt", "$7$a$b"},
		{"shacrypt", "$6$a$b$c$d"},
		{"yescrypt", "$y$j9T$a$b"},
	} {
		if _, err := estimateEncoded(tt[0], tt[1], 1, 1, 1); err == nil {
			t.Errorf("estimateEncoded(%s, %q) = nil, want an error", tt[0], tt[1])
		}
	}
}

func TestParams(t *testing.T) {
	for _, tt := range []struct {
		in   string
		keys []string
		ok   bool
	}{
		{"m=1,t=2,p=3", []string{"m", "t", "p"}, true},
		{"p=3,m=1,t=2", []string{"m", "t", "p"}, true},
		{"m=1,t=2", []string{"m", "t", "p"}, false},
		{"m=1,t=2,p=3,x=4", []string{"m", "t", "p"}, false},
		{"m=1,m=2,t=2,p=3", []string{"m", "t", "p"}, false},
		{"m=1,t=2,p", []string{"m", "t", "p"}, false},
		{"", []string{"rounds"}, false},
	} {
		if _, ok := params(tt.in, tt.keys...); ok != tt.ok {
			t.Errorf("params(%q) ok = %v, want %v", tt.in, ok, tt.ok)
		}
	}
	for in, ok := range map[string]bool{"0": true, "310000": true, "+1": false, "-1": false, " 1": false, "1e9": false, "": false, "18446744073709551616": false} {
		if _, got := num(in); got != ok {
			t.Errorf("num(%q) ok = %v, want %v", in, got, ok)
		}
	}
}

func TestDuration(t *testing.T) {
	for ns, want := range map[float64]string{
		float64(1500 * time.Microsecond):  "2ms",
		float64(12340 * time.Millisecond): "12.3s",
		float64(3 * time.Hour):            "3h0m0s",
		1e30:                              "more than a century",
	} {
		if got := duration(ns); got != want {
			t.Errorf("duration(%g) = %q, want %q", ns, got, want)
		}
	}
	for b, want := range map[float64]string{1 << 10: "1 KiB", 256 << 20: "256 MiB", 4 << 30: "4.0 GiB", 1 << 62: "4 EiB"} {
		if got := size(b); got != want {
			t.Errorf("size(%g) = %q, want %q", b, got, want)
		}
	}
}
