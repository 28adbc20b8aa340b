package web_test

import (
	"io/fs"
	"strings"
	"testing"

	"meridian/web"
)

func TestFS(t *testing.T) {
	for _, name := range []string{"index.html", "assets/app.js", "assets/app.css"} {
		t.Run(name, func(t *testing.T) {
			if _, err := fs.Stat(web.FS(), name); err != nil {
				t.Fatal(err)
			}
		})
	}
	// The CSP allows no inline script or style.
	t.Run("NoInline", func(t *testing.T) {
		b, err := fs.ReadFile(web.FS(), "index.html")
		if err != nil {
			t.Fatal(err)
		}
		html := string(b)
		for _, bad := range []string{"<script>", "<style", " style=", " onclick=", " onsubmit=", "javascript:"} {
			if strings.Contains(html, bad) {
				t.Errorf("index.html contains %q", bad)
			}
		}
	})
}
