package http

import (
	"bytes"
	"io"
	"io/fs"
	nethttp "net/http"
	"path"
	"strings"

	"meridian"
)

// asset serves the UI's hashed build files, which never change under their
// names and so may be cached for good.
func (s *Server) asset(w nethttp.ResponseWriter, r *nethttp.Request) {
	if !s.uiMethod(w, r) {
		return
	}
	name := strings.TrimPrefix(path.Clean(r.URL.Path), "/")
	if !s.serveFile(w, r, name, "public, max-age=31536000, immutable") {
		s.writeProblem(w, r, meridian.NotFound("http", "asset"))
	}
}

// spa serves the UI: a file of the build if one has the path (favicon.ico),
// else index.html, so that the client-side router handles every other path.
// Neither is cached without revalidation: index.html names the current
// assets.
func (s *Server) spa(w nethttp.ResponseWriter, r *nethttp.Request) {
	if !s.uiMethod(w, r) {
		return
	}
	name := strings.TrimPrefix(path.Clean(r.URL.Path), "/")
	if name != "" && name != "index.html" && s.serveFile(w, r, name, "no-cache") {
		return
	}
	if !s.serveFile(w, r, "index.html", "no-cache") {
		s.writeProblem(w, r, meridian.NotFound("http", "page"))
	}
}

func (s *Server) uiMethod(w nethttp.ResponseWriter, r *nethttp.Request) bool {
	if s.Web == nil {
		s.writeProblem(w, r, meridian.NotFound("http", "page"))
		return false
	}
	if r.Method != nethttp.MethodGet && r.Method != nethttp.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		s.writeProblem(w, r, httpError(nethttp.StatusMethodNotAllowed, "method "+r.Method+" not allowed; allowed: GET, HEAD"))
		return false
	}
	return true
}

// serveFile serves a regular file of the UI, never a directory listing, and
// reports whether there was one.
func (s *Server) serveFile(w nethttp.ResponseWriter, r *nethttp.Request, name, cache string) bool {
	if !fs.ValidPath(name) {
		return false
	}
	f, err := s.Web.Open(name)
	if err != nil {
		return false
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil || !fi.Mode().IsRegular() {
		return false
	}
	rs, ok := f.(io.ReadSeeker)
	if !ok {
		b, err := fs.ReadFile(s.Web, name)
		if err != nil {
			return false
		}
		rs = bytes.NewReader(b)
	}
	w.Header().Set("Cache-Control", cache)
	nethttp.ServeContent(w, r, name, fi.ModTime(), rs)
	return true
}
