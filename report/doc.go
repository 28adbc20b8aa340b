// Package report turns an operation's results into what people take away
// from it: a self-contained, print-ready HTML report with its charts, the
// same report as PDF (rendered by headless Chromium), and the anonymised
// statistics as CSV.
//
// The HTML needs nothing outside itself (inline CSS and SVG, no script, no
// font or image fetched) because it is served under a strict
// Content-Security-Policy and printed to PDF on machines with no network.
// For the same reason the world map is projected here, in Go, from the
// Natural Earth outlines bundled in the binary.
package report
