// Package compose checks the Compose snippets of a guide against the
// Compose specification, with compose-go (the specification's reference
// loader, the one docker compose uses).
//
// Placeholder: the full documentation is written with the codes below.
package compose
