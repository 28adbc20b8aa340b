// Package sim generates synthetic data at operation scale: watchlists of
// persons and documents with names in several scripts, and queries labelled
// with the entry they should hit, so that screening accuracy (recall on
// transliterations, typos and partial dates; false hits on people who only
// share a common name) and speed can be measured without real personal data.
// The output is a pure function of the seed: the same seed writes the same
// bytes on every machine and Go version. The operation simulator, package
// sim/operation, draws its people and documents from the small API this
// package exports for it (Rand, Countries, NameOf, RandomDocument,
// WordKeys).
package sim
