// Package digest verifies Authelia client_secret digests: it decodes a digest
// exactly as Authelia does and reports whether a secret matches it.
//
// Verification is deliberately slow (pbkdf2-sha512 with 310000 iterations
// takes about 0.2 s), so a Verifier runs each distinct (digest, secret) pair
// once per run on a bounded worker pool and remembers outcomes on disk
// between runs, keyed by a hash that reveals neither the digest nor the
// secret.
//
// The package owns no diagnostics: callers (check/consistency) decide what a
// mismatch means. Telling whether a digest is decodable at all is
// check/authelia's job; Undecodable is reported here only so callers can skip
// such digests.
package digest

import (
	"fmt"
	"strings"

	"github.com/go-crypt/crypt"
	"github.com/go-crypt/crypt/algorithm/plaintext"
)

// Outcome is the verdict on one (digest, secret) pair.
type Outcome uint8

// Outcomes of a verification.
const (
	Mismatch    Outcome = iota // the digest decodes and the secret does not match it
	Match                      // the digest decodes and the secret matches it
	Undecodable                // the digest cannot be decoded (or matched) by Authelia's decoder
	Costly                     // the digest's cost parameters exceed the work limits: not verified
)

// String returns the lowercase name of o, also used in the cache file.
func (o Outcome) String() string {
	switch o {
	case Match:
		return "match"
	case Mismatch:
		return "mismatch"
	case Undecodable:
		return "undecodable"
	case Costly:
		return "costly"
	}
	return "unknown"
}

// Result is the outcome of verifying a secret against a digest.
type Result struct {
	Outcome Outcome
	// Detail is the decoder's (or matcher's) error text when Outcome is
	// Undecodable, the exceeded limit when it is Costly, else "".
	Detail string
}

// Verify decodes digest the way Authelia decodes a client_secret and reports
// whether secret matches it. It does no caching; use a Verifier for that.
//
// As in Authelia (schema.DecodePasswordDigest), a value that does not start
// with '$' is a bare plaintext secret, and the decoder knows the default
// algorithms (argon2, bcrypt, pbkdf2, scrypt, sha-crypt) plus $plaintext$
// only: $base64$, md5crypt and sha1crypt are undecodable. Digests whose
// cost parameters exceed the work limits (see cost.go) are decoded but not
// matched: their outcome is Costly. The error is
// non-nil only when the decoder itself cannot be built, which is a bug.
func Verify(digest, secret string) (Result, error) {
	dec, err := NewDecoder()
	if err != nil {
		return Result{}, err
	}
	return verify(dec, digest, secret), nil
}

// NewDecoder returns a decoder with exactly the algorithms Authelia
// registers: crypt's default set plus the $plaintext$ variant.
func NewDecoder() (*crypt.Decoder, error) {
	dec, err := crypt.NewDefaultDecoder()
	if err != nil {
		return nil, fmt.Errorf("digest decoder: %w", err)
	}
	if err := plaintext.RegisterDecoderPlainText(dec); err != nil {
		return nil, fmt.Errorf("digest decoder: plaintext: %w", err)
	}
	return dec, nil
}

// verify is Verify with a prepared decoder; it is safe for concurrent use
// because decoding only reads the decoder's tables. A panic inside the
// library on hostile input becomes Undecodable: guide text must never crash
// guidec.
func verify(dec *crypt.Decoder, digest, secret string) (res Result) {
	defer func() {
		if r := recover(); r != nil {
			res = Result{Outcome: Undecodable, Detail: fmt.Sprintf("the decoder failed: %v", r)}
		}
	}()
	d, res, ok := decode(dec, digest)
	if !ok {
		return res
	}
	if why, costly := tooCostly(digest); costly {
		return Result{Outcome: Costly, Detail: why}
	}
	match, err := d.MatchAdvanced(secret)
	if err != nil {
		return Result{Outcome: Undecodable, Detail: err.Error()}
	}
	if match {
		return Result{Outcome: Match}
	}
	return Result{Outcome: Mismatch}
}

// matcher is the part of algorithm.Digest that verify needs.
type matcher interface {
	MatchAdvanced(password string) (bool, error)
}

// decode applies Authelia's normalisation (bare values are plaintext) and
// decodes digest. ok is false when it cannot be decoded; res says why.
func decode(dec *crypt.Decoder, digest string) (d matcher, res Result, ok bool) {
	if digest == "" {
		return nil, Result{Outcome: Undecodable, Detail: "the digest is empty"}, false
	}
	if !strings.HasPrefix(digest, "$") {
		digest = "$plaintext$" + digest
	}
	dd, err := dec.Decode(digest)
	if err != nil {
		return nil, Result{Outcome: Undecodable, Detail: err.Error()}, false
	}
	return dd, Result{}, true
}
