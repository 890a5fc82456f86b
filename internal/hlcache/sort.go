package hlcache

import (
	"bytes"
	"slices"
)

func sortStrings(s []string) { slices.Sort(s) }

func sortKeys(k [][32]byte) {
	slices.SortFunc(k, func(a, b [32]byte) int { return bytes.Compare(a[:], b[:]) })
}
