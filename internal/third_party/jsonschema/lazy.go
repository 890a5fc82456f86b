package jsonschema

import (
	"sync"
	"sync/atomic"
)

// Fork addition (README, item 4): lazy compilation.

// lazyState is what the subschemas of a lazily compiled schema need to
// compile themselves on first use: the compiler and the queue of the
// schemas enqueued so far. One mutex serialises compilation, so that
// validators on several goroutines may share the schema.
type lazyState struct {
	mu   sync.Mutex
	c    *Compiler
	q    queue
	seen int   // schemas of q already given this state
	err  error // the first compilation error, if any
}

// CompileLazily is like Compile, but compiles only the schema at loc
// now, and each of its subschemas the first time a validation reaches
// it. A schema whose subschemas a validation mostly never reaches (a
// large specification checked against small documents) costs a fraction
// of what Compile costs.
//
// Errors that Compile would return for a subschema are not returned:
// the subschema then accepts every value and LazyError reports the
// error. Callers should compile the same schema with Compile in their
// tests. The Compiler must not be used again after CompileLazily.
func (c *Compiler) CompileLazily(loc string) (*Schema, error) {
	uf, err := absolute(loc)
	if err != nil {
		return nil, err
	}
	up, err := c.roots.resolveFragment(*uf)
	if err != nil {
		return nil, err
	}
	if sch, ok := c.schemas[up]; ok {
		return sch, nil
	}
	l := &lazyState{c: c}
	sch := c.enqueue(&l.q, up)
	l.adopt()
	if err := l.compile(sch); err != nil {
		return nil, err
	}
	return sch, nil
}

// LazyError returns the first error met compiling a subschema of a
// schema from CompileLazily, or nil.
func (sch *Schema) LazyError() error {
	if sch.lazy == nil {
		return nil
	}
	sch.lazy.mu.Lock()
	defer sch.lazy.mu.Unlock()
	return sch.lazy.err
}

// adopt registers the schemas enqueued since the last call and gives
// them l. Called with l.mu held (or before l is shared).
func (l *lazyState) adopt() {
	for ; l.seen < l.q.len(); l.seen++ {
		s := l.q.at(l.seen)
		s.lazy = l
		l.c.schemas[s.up] = s
	}
}

// compile compiles sch if no one has.
func (l *lazyState) compile(sch *Schema) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if sch.ready.Load() {
		return nil
	}
	err := l.c.compileOne(sch, &l.q)
	l.adopt()
	if err != nil && l.err == nil {
		l.err = err
	}
	sch.ready.Store(true)
	return err
}

// ensure compiles sch if it comes from CompileLazily and is not compiled
// yet. Validators call it before reading a schema's fields.
func (sch *Schema) ensure() {
	if sch == nil || sch.lazy == nil || sch.ready.Load() {
		return
	}
	_ = sch.lazy.compile(sch)
}

// readyFlag is set once a lazily compiled schema's fields are final.
type readyFlag = atomic.Bool
