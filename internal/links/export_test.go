package links

// Exported for the external tests (away_mutation_test.go).
var (
	PathWords = pathWords
	DocWords  = docWords
)
