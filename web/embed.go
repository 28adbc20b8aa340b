// Package web is the built UI, embedded so that Meridian stays one binary.
// The source is in src/ (Preact, built by Vite: `make web`); the build in
// dist/ is committed, so that a machine without Node builds the binary.
package web

import (
	"embed"
	"io/fs"
)

//go:embed dist
var dist embed.FS

// FS returns the built UI with index.html at its root, as the HTTP server
// serves it.
func FS() fs.FS {
	sub, err := fs.Sub(dist, "dist")
	if err != nil {
		panic(err) // dist is embedded above: it exists
	}
	return sub
}
