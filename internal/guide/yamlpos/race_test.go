//go:build race

package yamlpos

const raceEnabled = true
