package markdown

import "unsafe"

// nodeSlab is how many nodes of a kind take allocates at once.
const nodeSlab = 4

// take returns a zero T from *slab, refilling it with nodeSlab of them
// when it is empty: the nodes the transformers add (text pieces, calls,
// trusted HTML) were an allocation each. The nodes of a slab live as long
// as any of them; they all belong to one page.
func take[T any](slab *[]T) *T {
	if len(*slab) == 0 {
		*slab = make([]T, nodeSlab)
	}
	t := &(*slab)[0]
	*slab = (*slab)[1:]
	return t
}

// stringArena makes strings of byte slices by copying them into shared
// blocks: the texts, link texts and destinations of a page were a string
// allocation each, a fifth of the objects rendering allocated. A block
// stays in memory while any string in it does.
//
// Safety: a string is cut from block[:len(block)] after the bytes are
// appended, and a block is only ever appended to (within its capacity)
// or replaced, so no byte a string covers changes after it is made.
// The zero stringArena is ready to use; it is not safe for concurrent
// use.
type stringArena struct {
	block []byte
}

const (
	// arenaBlock is the size of a block.
	arenaBlock = 8 << 10
	// maxArenaString bounds the strings cut from blocks; longer ones are
	// allocated on their own, so that at most this much of a block is
	// left unused.
	maxArenaString = 1 << 10
)

// string returns string(b).
func (a *stringArena) string(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if len(b) > maxArenaString {
		return string(b)
	}
	if cap(a.block)-len(a.block) < len(b) {
		a.block = make([]byte, 0, arenaBlock)
	}
	start := len(a.block)
	a.block = append(a.block, b...)
	return unsafe.String(&a.block[start], len(b))
}
