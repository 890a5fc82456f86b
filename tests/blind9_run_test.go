package tests

import "testing"

// b9Floor holds the measured share of each "class / edit" found on the
// corpus where it is below 97%, with the fact guidec misses.
var b9Floor = map[string]float64{}

// b9NovelFloor is the same on the novel guides.
var b9NovelFloor = map[string]float64{}

// b9Dirty is the measured number of controls with a new finding, per
// "class / edit": a rise is a new false positive.
var b9Dirty = map[string]int{}

// b9NovelDirty is the same on the novel guides.
var b9NovelDirty = map[string]int{}

func TestBlind9(t *testing.T) { b9Main(t, corpusDir(t), "blind9", b9Floor, b9Dirty) }

func TestBlind9Novel(t *testing.T) { b9Main(t, novelDir, "blind9-novel", b9NovelFloor, b9NovelDirty) }
