// Package analysis is the analyst's view of an operation: its routes and
// networks, the weekly and daily series of its figures with the change
// points that flag emerging patterns, and the methods traffickers use.
// It computes from the records a viewer may read, handed to it by the
// store; what leaves it to someone outside the records' owners is
// suppressed below meridian.Suppression people.
package analysis
