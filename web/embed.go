// Package web is the built UI, embedded so that Meridian stays one binary.
// The Vite build that replaces dist comes with the operations work; until
// then dist holds a plain HTML, CSS and JavaScript page with no build step.
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
