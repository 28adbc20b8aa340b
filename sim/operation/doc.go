// Package operation simulates a multinational operation against human
// trafficking and migrant smuggling at the scale INTERPOL reported for
// Liberterra II: the countries, agencies and users, a week of field
// reports, flights and checks, planned as a pure function of a scale and a
// seed, stored through the real services and replayed at their pace. Its
// names, documents and watchlist come from package sim, whose random
// streams it draws from, so that the same seed gives the same operation.
package operation
