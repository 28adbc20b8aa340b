// Package screen is the person-matching engine behind every watchlist check,
// kept apart from storage and transport so that it can be measured, fuzzed and
// reasoned about on its own.
//
// An officer at a border knows a name as it was read from a passport, heard in
// a raid or typed on a phone: in another script, in another order, with a
// middle name missing, a letter wrong or a romanisation the record's owner did
// not use. A check that misses such a variant lets a wanted person or a
// missing child through; a check that flags every "Mohammed Ali" buries the
// one real hit. The engine therefore does three things and explains each:
//
//   - Normalize brings a name in any script to lower-case ASCII words
//     (Unicode normalisation, Latin diacritics, Cyrillic, Greek and Arabic by
//     rules of our own, other scripts through unidecode);
//   - name parts are compared in any order, by exact form, phonetic key
//     (phoneticKey), transliteration, typo distance, initial and joined or
//     split forms, each part weighted by how rare it is;
//   - date of birth, sex and nationality qualify the name evidence.
//
// PersonIndex holds a whole watchlist in memory (names interned as token ids,
// postings per token that carry each person's date of birth and names, a
// deletion neighbourhood over the vocabulary for typos, the persons bearing
// each pair of frequent phonetic keys) so that a check against a million
// persons costs a fraction of a millisecond and never a scan.
// Compare scores two names without an index, for the command line and for
// evaluation; DefaultThreshold says where a score becomes a hit and how that
// was measured.
package screen
