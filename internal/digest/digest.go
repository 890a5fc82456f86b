// Package digest verifies Authelia client_secret digests: it decodes a digest
// exactly as Authelia does and reports whether a secret matches it.
//
// Verification is deliberately slow (pbkdf2-sha512 with 310000 iterations
// takes about 0.3 s), and its cost is chosen by whoever wrote the digest. So
// every digest is decoded first, by the decoder that will match it, and the
// work of matching is estimated from what the decoder returned; a pair is
// matched only within the limits of cost.go (per digest, per run and in
// memory at once). A Verifier runs each distinct (digest, secret) pair once
// per run on a bounded worker pool, can be abandoned through a context, and
// remembers verdicts on disk between runs, keyed by a hash that reveals
// neither the digest nor the secret.
//
// The package owns no diagnostics: callers (check/consistency) decide what a
// mismatch, or a pair that was not verified, means. Telling whether a
// digest is decodable at all is check/authelia's job; Undecodable is
// reported here so that callers know there is no verdict.
package digest

import (
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/go-crypt/crypt"
	"github.com/go-crypt/crypt/algorithm"
	"github.com/go-crypt/crypt/algorithm/plaintext"
)

// Outcome is the verdict on one (digest, secret) pair.
type Outcome uint8

// Outcomes of a verification. Only Match and Mismatch are verdicts on the
// secret; the others say why there is none.
const (
	Mismatch    Outcome = iota // the digest decodes and the secret does not match it
	Match                      // the digest decodes and the secret matches it
	Undecodable                // the digest cannot be decoded (or matched) by Authelia's decoder
	Costly                     // verifying would exceed the limits for one digest (see cost.go): not verified
	Unsupported                // the digest decodes, but guidec cannot bound its cost: not verified
	OverBudget                 // the Verifier's budget for this run is spent: not verified
	Canceled                   // the caller's context ended first: no verdict yet
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
	case Unsupported:
		return "unsupported"
	case OverBudget:
		return "over budget"
	case Canceled:
		return "canceled"
	}
	return "unknown"
}

// Verified reports whether o is a verdict on the secret (Match or
// Mismatch).
func (o Outcome) Verified() bool { return o == Match || o == Mismatch }

// Result is the outcome of verifying a secret against a digest.
type Result struct {
	Outcome Outcome
	// Detail says why there is no verdict: the decoder's or matcher's error
	// for Undecodable, the exceeded limit for Costly and OverBudget, the
	// unbounded algorithm for Unsupported. It is "" for Match and Mismatch.
	Detail string
}

// Verify decodes digest the way Authelia decodes a client_secret and reports
// whether secret matches it. It does no caching and has no run budget; use
// a Verifier for that.
//
// As in Authelia (schema.DecodePasswordDigest), a value that does not start
// with '$' is a bare plaintext secret, and the decoder knows the default
// algorithms (argon2, bcrypt, pbkdf2, scrypt and yescrypt, sha-crypt) plus
// $plaintext$ only: $base64$, md5crypt and sha1crypt are undecodable.
// Digests whose estimated cost exceeds MaxDigestCPU or DefaultMemory are
// decoded but not matched (Costly). The error is non-nil only when the
// decoder itself cannot be built, which is a bug.
func Verify(digest, secret string) (Result, error) {
	dec, err := sharedDecoder()
	if err != nil {
		return Result{}, err
	}
	return verify(dec, digest, secret, defaultLimits()), nil
}

// Decodable returns why Authelia's decoder rejects digest (a bare value is
// plaintext), or nil when it decodes. It never hashes.
func Decodable(digest string) error {
	dec, err := sharedDecoder()
	if err != nil {
		return err
	}
	if _, res, ok := decode(dec, digest); !ok {
		return errors.New(res.Detail)
	}
	return nil
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

// sharedDecoder is the decoder of the package-level functions, built once
// and only read after.
var sharedDecoder = sync.OnceValues(NewDecoder)

// verify decodes, bounds and matches one pair; it is safe for concurrent
// use because decoding only reads the decoder's tables.
func verify(dec *crypt.Decoder, digest, secret string, lim limits) Result {
	d, w, res, ok := prepare(dec, digest, len(secret))
	if !ok {
		return res
	}
	if res, over := lim.check(w); over {
		return res
	}
	return match(d, secret)
}

// prepare decodes digest and estimates the work of matching a secret of
// secretLen bytes against it. ok is false when there is nothing to match:
// res then says why (Undecodable or Unsupported).
func prepare(dec *crypt.Decoder, digest string, secretLen int) (d algorithm.Digest, w work, res Result, ok bool) {
	d, res, ok = decode(dec, digest)
	if !ok {
		return nil, work{}, res, false
	}
	w, err := estimate(d, secretLen)
	if err != nil {
		return nil, work{}, Result{Outcome: Unsupported, Detail: err.Error()}, false
	}
	return d, w, Result{}, true
}

// match runs the matcher: the costly step. A panic inside the library on
// hostile input becomes Undecodable: guide text must never crash guidec.
func match(d algorithm.Matcher, secret string) (res Result) {
	defer func() {
		if r := recover(); r != nil {
			res = Result{Outcome: Undecodable, Detail: fmt.Sprintf("the matcher failed: %v", r)}
		}
	}()
	ok, err := d.MatchAdvanced(secret)
	switch {
	case err != nil:
		return Result{Outcome: Undecodable, Detail: err.Error()}
	case ok:
		return Result{Outcome: Match}
	}
	return Result{Outcome: Mismatch}
}

// decode applies Authelia's normalisation (bare values are plaintext) and
// decodes digest. ok is false when it cannot be decoded; res says why. A
// panic inside the decoder becomes Undecodable.
func decode(dec *crypt.Decoder, digest string) (d algorithm.Digest, res Result, ok bool) {
	defer func() {
		if r := recover(); r != nil {
			d, res, ok = nil, Result{Outcome: Undecodable, Detail: fmt.Sprintf("the decoder failed: %v", r)}, false
		}
	}()
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
