// Package lazychroma holds lexers and styles, drop-in replacements for
// chroma's packages of the same names that load nothing until used.
//
// chroma's lexers and styles packages parse all their embedded XML
// definitions when the program starts (279 lexer configurations, 77
// styles: about 70,000 allocations and 20 ms of CPU), in every run of
// guidec, including the runs that highlight nothing (check, version). The
// packages here carry the same definitions, generated from the chroma
// module that go.mod requires, and parse them on first use: the lexer
// registry when a page is first highlighted, each style when it is first
// asked for. Their answers are chroma's: the tests compare them, lexer by
// lexer and style by style, with the upstream packages.
//
// After changing chroma's version in go.mod, run go generate here.
package lazychroma

//go:generate go run gen.go
