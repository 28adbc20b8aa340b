// Vite builds the UI into dist/, which web/embed.go embeds. Asset names are
// hashed so the server can cache them for good; index.html is the only file
// that changes name-for-name.
import { defineConfig } from "vite";

export default defineConfig({
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  build: {
    outDir: "dist",
    assetsDir: "assets",
    emptyOutDir: true,
    target: "es2022",
    // The CSP allows scripts from our origin only; the polyfill is not
    // needed by the browsers Meridian supports.
    modulePreload: { polyfill: false },
    // Keep the world map a file of its own instead of an inline data URL.
    assetsInlineLimit: 0,
    reportCompressedSize: true,
  },
  server: {
    proxy: { "/api": { target: "http://127.0.0.1:8090", changeOrigin: false } },
  },
});
