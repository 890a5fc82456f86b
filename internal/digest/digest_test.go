package digest

import (
	"strings"
	"testing"
	"time"
)

// rommDigest is the digest of 'insecure_secret' used throughout the Authelia
// guides: pbkdf2-sha512, 310000 iterations.
const rommDigest = "$pbkdf2-sha512$310000$c8p78n7pUMln0jzvd4aK4Q$JNRBzwAo0ek5qKn50cFzzvE9RXV88h1wJn5KGiHrD0YKtZaR/nCb2CJPOsKaPK0hjf.9yHxzQGZziziccp6Yng"

func TestVerify(t *testing.T) {
	tests := []struct {
		name, digest, secret string
		want                 Outcome
		detail               string // substring of Detail
	}{
		{"pbkdf2-sha512 match", rommDigest, "insecure_secret", Match, ""},
		{"pbkdf2-sha512 mismatch", rommDigest, "insecure_secret2", Mismatch, ""},
		{"pbkdf2-sha256", "$pbkdf2-sha256$100000$kDX72H/hkyQuC6/fIDbzaw$o6qc5wdFJxf4zLgYAJMNC6oeg81Ji90ZypGItuLsuRo", "insecure_secret", Match, ""},
		{"argon2id", "$argon2id$v=19$m=64,t=1,p=1$VXg0yrirjZ0crxmCdCe8DA$iQ8hSj3BQc45DXofwfLCwRC/qR/9bob96zrrZI/xDB8", "insecure_secret", Match, ""},
		{"argon2id mismatch", "$argon2id$v=19$m=64,t=1,p=1$VXg0yrirjZ0crxmCdCe8DA$iQ8hSj3BQc45DXofwfLCwRC/qR/9bob96zrrZI/xDB8", "x", Mismatch, ""},
		{"bcrypt", "$2b$10$I2BhWFvUq/bxkKlob4XWPebZCoMxF/UI5Y1SGuOcfc3mWB1UiHIGG", "insecure_secret", Match, ""},
		{"scrypt", "$scrypt$ln=4,r=8,p=1$PC2KBsb0hBVOSJTVS0Hv0A$MIFqk9W5E81k8SLGWeaCQRws1PFhqMpcon9UnNT5aJc", "insecure_secret", Match, ""},
		{"sha512crypt", "$6$rounds=1000$cV5iDMUNrHC624/j$uA4.9Ecj/wCohxQMyS/hi.0qBxVlj9f/CZ.6OA.fOlhrnB9znOfS6nAtcCgNKo/LiLkfXGk39IfTCYW1GN/m4/", "insecure_secret", Match, ""},
		{"sha256crypt", "$5$rounds=1000$ZMaurnLvkOJSxHH2$lJYfGJStx82Fk19SUMqqYQ8Srww5VcjARlhQ0uuSXK/", "insecure_secret", Match, ""},
		{"plaintext prefix", "$plaintext$insecure_secret", "insecure_secret", Match, ""},
		{"plaintext prefix mismatch", "$plaintext$insecure_secret", "other", Mismatch, ""},
		{"bare plaintext is plaintext", "insecure_secret", "insecure_secret", Match, ""},
		{"bare plaintext mismatch", "insecure_secret", "insecure", Mismatch, ""},
		// Authelia registers the default set plus $plaintext$ only.
		{"base64 not registered", "$base64$aW5zZWN1cmVfc2VjcmV0", "insecure_secret", Undecodable, "'base64' is unknown"},
		{"md5crypt not registered", "$1$4L0MJE56$rA5am9Fqp9IFg.NOUoI3r.", "insecure_secret", Undecodable, "'1' is unknown"},
		{"placeholder digest", "$pbkdf2-sha512$310000$...", "insecure_secret", Undecodable, "pbkdf2"},
		// The key length is whatever decodes, so a truncated key still
		// verifies (Authelia behaves the same).
		{"truncated key", rommDigest[:60], "insecure_secret", Match, ""},
		{"bad salt encoding", "$pbkdf2-sha512$310000$c8p7!!$JNRBzwAo0ek5qKn50cFzzvE9RXV88h1w", "insecure_secret", Undecodable, "decode"},
		{"bad iterations", "$pbkdf2-sha512$abc$c8p78n7pUMln0jzvd4aK4Q$JNRBzwAo0ek5qKn50cFzzvE9RXV88h1w", "insecure_secret", Undecodable, "pbkdf2"},
		{"empty", "", "insecure_secret", Undecodable, "empty"},
		{"pbkdf2 too costly", "$pbkdf2-sha512$3100000000$c8p78n7pUMln0jzvd4aK4Q$JNRBzwAo0ek5qKn50cFzzvE9RXV88h1wJn5KGiHrD0YKtZaR/nCb2CJPOsKaPK0hjf.9yHxzQGZziziccp6Yng", "insecure_secret", Costly, "(pbkdf2-sha512, 3100000000 iterations), more than the 10s guidec spends on one digest"},
		{"argon2 too much memory", "$argon2id$v=19$m=4194304,t=3,p=4$VXg0yrirjZ0crxmCdCe8DA$iQ8hSj3BQc45DXofwfLCwRC/qR/9bob96zrrZI/xDB8", "insecure_secret", Costly, "needs 4.0 GiB of memory (argon2id, m=4194304 KiB, t=3, p=4), more than the 256 MiB"},
		{"scrypt too costly", "$scrypt$ln=30,r=8,p=1$PC2KBsb0hBVOSJTVS0Hv0A$MIFqk9W5E81k8SLGWeaCQRws1PFhqMpcon9UnNT5aJc", "insecure_secret", Costly, "scrypt, ln=30, r=8, p=1"},
		{"bcrypt too costly", "$2b$20$I2BhWFvUq/bxkKlob4XWPebZCoMxF/UI5Y1SGuOcfc3mWB1UiHIGG", "insecure_secret", Costly, "(bcrypt, cost 20)"},
		{"sha-crypt too costly", "$6$rounds=999999999$cV5iDMUNrHC624/j$uA4.9Ecj/wCohxQMyS/hi.0qBxVlj9f/CZ.6OA.fOlhrnB9znOfS6nAtcCgNKo/LiLkfXGk39IfTCYW1GN/m4/", "insecure_secret", Costly, "(sha512crypt, 999999999 rounds)"},
		{"only dollar", "$", "x", Undecodable, "minimum number of parts"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Verify(tt.digest, tt.secret)
			if err != nil {
				t.Fatal(err)
			}
			if got.Outcome != tt.want {
				t.Fatalf("Verify = %v (%s), want %v", got.Outcome, got.Detail, tt.want)
			}
			if (tt.want == Match || tt.want == Mismatch) && got.Detail != "" {
				t.Errorf("Detail = %q, want empty", got.Detail)
			}
			if !strings.Contains(got.Detail, tt.detail) {
				t.Errorf("Detail = %q, want it to contain %q", got.Detail, tt.detail)
			}
		})
	}
}

func TestOutcomeString(t *testing.T) {
	for o, want := range map[Outcome]string{Match: "match", Mismatch: "mismatch", Undecodable: "undecodable", Costly: "costly",
		Unsupported: "unsupported", OverBudget: "over budget", Canceled: "canceled", 99: "unknown"} {
		if got := o.String(); got != want {
			t.Errorf("%d.String() = %q, want %q", o, got, want)
		}
	}
}

// FuzzVerify checks that no digest string crashes verification, that
// verdicts are coherent (a bare value always matches itself) and, through
// tight limits, that the cost estimate bounds every digest the fuzzer
// invents: an input whose real cost the estimate misses shows up as a slow
// or memory-hungry fuzz run.
func FuzzVerify(f *testing.F) {
	for _, s := range []string{"$plaintext$x", "$2b$10$", "$argon2id$v=19$m=64,t=1,p=1$$", "$scrypt$ln=1$a$b", "$6$$", "x", "$pbkdf2$1$a$b",
		"$y$j9T$salt$key", "$bcrypt-sha256$v=2,t=2b,r=4$salt$key", "$5$rounds=1000$salt$key", "$argon2i$m=64,t=1,p=1$v=19$c2FsdHNhbHQ$a2V5",
		"$y$jS0$ $000"} { // the last one exhausted memory before costs were estimated from the decoder
		f.Add(s, "x")
	}
	dec, err := NewDecoder()
	if err != nil {
		f.Fatal(err)
	}
	tight := limits{cpu: float64(20 * time.Millisecond), mem: 16 << 20}
	f.Fuzz(func(t *testing.T, digest, secret string) {
		r := verify(dec, digest, secret, tight)
		if r.Outcome > Canceled || r.Outcome == OverBudget || r.Outcome == Canceled {
			t.Errorf("Verify(%q, %q) = %v", digest, secret, r.Outcome)
		}
		if r.Outcome.Verified() != (r.Detail == "") {
			t.Errorf("Verify(%q, %q) = %v with detail %q", digest, secret, r.Outcome, r.Detail)
		}
		if digest != "" && !strings.HasPrefix(digest, "$") && (r.Outcome == Match) != (digest == secret) {
			t.Errorf("Verify(%q, %q) = %v", digest, secret, r.Outcome)
		}
	})
}
