package report_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"meridian"
	"meridian/report"
)

var pageObject = regexp.MustCompile(`/Type\s*/Page\b[^s]`)

func TestPDF(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		if _, err := report.FindChromium(); err != nil {
			t.Skip("no Chromium on this machine (CI installs it):", err)
		}
		html := render(t, liberterra(), "en")
		pdf, err := report.PDF(t.Context(), []byte(html))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
			t.Fatalf("not a PDF: %.20q", pdf)
		}
		if n := len(pageObject.FindAll(pdf, -1)); n < 1 {
			t.Fatal("the PDF has no page")
		}
		if _, err := exec.LookPath("pdftotext"); err != nil {
			t.Log("pdftotext not installed: the PDF's text is not checked")
			return
		}
		f := filepath.Join(t.TempDir(), "report.pdf")
		if err := os.WriteFile(f, pdf, 0o600); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command("pdftotext", "-layout", f, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		text := strings.Join(strings.Fields(string(out)), " ")
		for _, want := range []string{
			"Liberterra II", "29 September to 4 October 2024",
			"Participating countries 116", "Potential trafficking victims rescued 3,222",
			"Irregular migrants identified 17,793", "2,517, of which 850 on THB or", "Flights monitored 24,000",
			"Checks performed 8,000,000", "Victims by exploitation type", "Figures by country",
			// Text only the charts draw: a day on an axis, an exploitation type.
			"29/9", "sexual exploitation",
		} {
			if !strings.Contains(text, want) {
				t.Errorf("PDF text lacks %q", want)
			}
		}
	})
	t.Run("Arabic", func(t *testing.T) {
		if _, err := report.FindChromium(); err != nil {
			t.Skip("no Chromium on this machine (CI installs it):", err)
		}
		pdf, err := report.PDF(t.Context(), []byte(render(t, liberterra(), "ar")))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(pdf, []byte("%PDF-")) || len(pageObject.FindAll(pdf, -1)) < 1 {
			t.Fatal("not a PDF with pages")
		}
	})
	t.Run("ErrUnavailable", func(t *testing.T) {
		t.Setenv("MERIDIAN_CHROMIUM", filepath.Join(t.TempDir(), "no-such-browser"))
		_, err := report.PDF(t.Context(), []byte("<p>x</p>"))
		if meridian.KindOf(err) != meridian.EUnavailable || !strings.Contains(meridian.MessageOf(err), "MERIDIAN_CHROMIUM") {
			t.Errorf("got %v, want EUnavailable naming MERIDIAN_CHROMIUM", err)
		}
	})
	t.Run("ErrBrowserFails", func(t *testing.T) {
		// A "browser" that exits at once.
		fake := filepath.Join(t.TempDir(), "chromium")
		if err := os.WriteFile(fake, []byte("#!/bin/sh\necho 'cannot open display' >&2\nexit 1\n"), 0o755); err != nil {
			t.Fatal(err)
		}
		t.Setenv("MERIDIAN_CHROMIUM", fake)
		_, err := report.PDF(t.Context(), []byte("<p>x</p>"))
		if meridian.KindOf(err) != meridian.EUnavailable {
			t.Errorf("got %v, want EUnavailable", err)
		}
	})
	t.Run("ErrTimeout", func(t *testing.T) {
		// A "browser" that never answers: the deadline ends the wait.
		fake := filepath.Join(t.TempDir(), "chromium")
		if err := os.WriteFile(fake, []byte("#!/bin/sh\nexec sleep 300\n"), 0o755); err != nil {
			t.Fatal(err)
		}
		t.Setenv("MERIDIAN_CHROMIUM", fake)
		ctx, cancel := context.WithTimeout(t.Context(), 500*time.Millisecond)
		defer cancel()
		_, err := report.PDF(ctx, []byte("<p>x</p>"))
		if meridian.KindOf(err) != meridian.EUnavailable || !strings.Contains(meridian.MessageOf(err), "did not render") {
			t.Errorf("got %v, want EUnavailable: did not render in time", err)
		}
	})
}

// BenchmarkPDF measures a whole rendering, the browser's start included,
// as a report download or the CLI pays it.
func BenchmarkPDF(b *testing.B) {
	if _, err := report.FindChromium(); err != nil {
		b.Skip("no Chromium on this machine:", err)
	}
	html := []byte(render(b, liberterra(), "en"))
	for b.Loop() {
		if _, err := report.PDF(b.Context(), html); err != nil {
			b.Fatal(err)
		}
	}
}
