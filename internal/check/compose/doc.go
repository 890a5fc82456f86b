// Package compose checks the Compose snippets of a guide against the
// Compose specification, with compose-go (the specification's reference
// loader, the one docker compose uses): what a reader pastes into
// compose.yml must be a file docker compose accepts.
//
// It owns the Compose file's shape only. What the values mean for the
// integration (a variable that differs from the .env, a client id that
// differs from the provider's) belongs to check/consistency; YAML syntax
// to check/syntax (a snippet that does not parse is skipped here).
//
// # Which snippets
//
// A YAML snippet (fence language yaml or yml, or a title ending in .yml or
// .yaml) is a Compose file when its title names one (compose.yml,
// docker-compose.yaml, compose.override.yml, docker-compose.prod.yml) and a
// top-level key is a Compose key or a near miss of one, or when, whatever
// its title, it has a top-level services mapping and every other top-level
// key is a Compose key (version, name, include, networks, volumes, secrets,
// configs, models), an x- extension or a near miss of one. A document with
// apiVersion or kind (Kubernetes) never is; nor is a Traefik configuration
// (http: … services:) or an Authelia one. Every document of a stream is
// judged on its own.
//
// # How
//
// The document's yaml.v3 tree is converted to the plain values compose-go
// loads (merge keys and aliases resolved), keeping beside each value the
// node it came from. Then:
//
//  1. every string is checked for interpolation syntax compose rejects;
//  2. the values are validated against the Compose specification's JSON
//     schema that compose-go embeds (compiled once per process): every
//     error, not only the first, each with its instance location, a
//     structural path (services, web, environment) that names its node;
//  3. what the schema rejected is removed and compose-go's loader runs on
//     the rest: interpolation with every variable unset, the canonical
//     forms (ports, volumes), its semantic validation and the binding to
//     its Go types, where port specs, durations and sizes are parsed. A
//     decoding error names its field (mapstructure's DecodeError); another
//     error is located by isolation, the deepest value that alone, in an
//     otherwise empty file, makes the loader fail the same way. The value
//     is removed and the loader runs again (at most 8 times), so that
//     every independent mistake is reported once. Only the loader's error
//     is read, so a file of the common shapes it is certain to accept
//     (checked with its own port and volume parsers) skips it: most guide
//     files never pay for its binding.
//
// The loader reads no file (no include, extends, env_file) and skips the
// consistency check: guides show excerpts, so a service without image, a
// depends_on or a network naming what the excerpt leaves out are fine. A
// value that holds a ${VAR} reference is never judged (its value is the
// reader's), except where no variable can help (a string where a mapping
// is needed). A `...` document end marker is YAML and ends the document.
//
// # Codes
//
// compose-unknown-key (error): a key the specification does not allow at
// its place. The hint names the near miss the specification defines there
// (enviroment → environment; a machine fix renames it when one key is
// clearly meant), or the places where the key belongs (labels
// under healthcheck). A service key indented as a service (labels: at the
// level of the services) is one finding on that key, not one per label.
//
//	services:
//	  web:
//	    enviroment: {}      ← compose-unknown-key: did you mean environment?
//
// compose-type (error): a value of the wrong shape. environment or labels
// written as NAME=value lines without "- " fold into one string; the
// message says so.
//
//	environment:
//	  A=1               ← compose-type: environment is one string
//	  B=2
//
// compose-invalid (error): a value the specification or the loader
// rejects: a port that does not parse or is out of range, a duration
// without unit, a size, an enumeration. The message is the loader's.
//
// compose-interpolation (error): a ${…} reference compose cannot parse.
//
// # Versions
//
// compose-go v2.10.1: later releases need go.yaml.in/yaml/v4 rc.4, whose
// API breaks rhysd/actionlint (tests/workflow_test.go), and v2.17 a newer
// Go. The loader runs with SkipValidation, since step 2 ran the same
// schema and v2.10 recompiles it on every call.
package compose
