package web_test

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"

	"meridian/web"
)

// assetRef finds the build's references to its hashed files.
var assetRef = regexp.MustCompile(`(?:src|href)="(/assets/[^"]+)"`)

func TestFS(t *testing.T) {
	b, err := fs.ReadFile(web.FS(), "index.html")
	if err != nil {
		t.Fatal(err)
	}
	html := string(b)
	// Every file index.html names is in the build: a build that was not
	// committed whole would serve a blank page.
	t.Run("Assets", func(t *testing.T) {
		refs := assetRef.FindAllStringSubmatch(html, -1)
		var js, css bool
		for _, m := range refs {
			name := strings.TrimPrefix(m[1], "/")
			if _, err := fs.Stat(web.FS(), name); err != nil {
				t.Errorf("index.html names %s: %v", name, err)
			}
			js = js || strings.HasSuffix(name, ".js")
			css = css || strings.HasSuffix(name, ".css")
		}
		if !js || !css {
			t.Fatalf("index.html names no script or no stylesheet: %q", refs)
		}
	})
	// The world map is one of our own files: nothing is fetched from
	// outside at run time.
	t.Run("WorldMap", func(t *testing.T) {
		maps, err := fs.Glob(web.FS(), "assets/countries-110m-*.json")
		if err != nil || len(maps) != 1 {
			t.Fatalf("world map in the build: %v %v", maps, err)
		}
	})
	t.Run("NoExternal", func(t *testing.T) {
		err := fs.WalkDir(web.FS(), ".", func(name string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || strings.HasSuffix(name, ".json") {
				return err
			}
			b, err := fs.ReadFile(web.FS(), name)
			if err != nil {
				return err
			}
			for _, bad := range []string{`src="http`, `href="http`, "@import url(http", "fonts.googleapis", "unpkg.com", "cdn.jsdelivr"} {
				if strings.Contains(string(b), bad) {
					t.Errorf("%s loads from outside: %q", name, bad)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
	// The CSP allows no inline script or style.
	t.Run("NoInline", func(t *testing.T) {
		for _, bad := range []string{"<script>", "<style", " style=", " onclick=", " onsubmit=", "javascript:"} {
			if strings.Contains(html, bad) {
				t.Errorf("index.html contains %q", bad)
			}
		}
		for _, m := range regexp.MustCompile(`<script[^>]*>`).FindAllString(html, -1) {
			if !strings.Contains(m, ` src="/assets/`) {
				t.Errorf("inline script %s", m)
			}
		}
	})
}
