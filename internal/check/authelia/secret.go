package authelia

import (
	"errors"
	"strings"
	"sync"

	"github.com/go-crypt/crypt"
	"github.com/go-crypt/crypt/algorithm/plaintext"
)

// secretKind classifies a client_secret as Authelia decodes it (reference §5).
type secretKind int

const (
	secretNone      secretKind = iota // empty: no secret
	secretPlaintext                   // a bare value or $plaintext$…
	secretDigest                      // any other value starting with $
)

func classifySecret(s string) secretKind {
	switch {
	case s == "":
		return secretNone
	case !strings.HasPrefix(s, "$"), strings.HasPrefix(s, "$plaintext$"):
		return secretPlaintext
	}
	return secretDigest
}

// decoder is the digest decoder Authelia builds: the default algorithms
// (argon2, bcrypt, pbkdf2, scrypt, shacrypt) plus $plaintext$, and nothing
// else. crypt.NewDecoderAll would also take $base64$, md5crypt and
// sha1crypt, which Authelia rejects. It is built once and only read after.
var decoder = sync.OnceValues(func() (*crypt.Decoder, error) {
	d, err := crypt.NewDefaultDecoder()
	if err != nil {
		return nil, err
	}
	if err := plaintext.RegisterDecoderPlainText(d); err != nil {
		return nil, err
	}
	return d, nil
})

// errYescryptVersion says a yescrypt digest needs a newer Authelia.
var errYescryptVersion = errors.New("yescrypt digests ($y$) are decoded from Authelia 4.39.2 on")

// decodeSecret reports why Authelia tested with v cannot decode the
// client_secret s (which starts with $), or nil when it can.
func decodeSecret(s string, v version) error {
	if strings.HasPrefix(s, "$y$") && v.less(v4392) {
		return errYescryptVersion
	}
	d, err := decoder()
	if err != nil {
		return err
	}
	_, err = d.Decode(s)
	return err
}
