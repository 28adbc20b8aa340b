package report

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"meridian"
)

// PDFTimeout bounds one rendering, browser start included: a browser that
// hangs must not hold a request or a command forever.
const PDFTimeout = 60 * time.Second

// browsers are the names a Chromium is found under on PATH, in order.
var browsers = []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"}

// FindChromium returns the browser PDF uses: $MERIDIAN_CHROMIUM when set,
// else the first of chromium, chromium-browser, google-chrome on PATH. It
// returns EUnavailable when there is none.
func FindChromium() (string, error) {
	if p := os.Getenv("MERIDIAN_CHROMIUM"); p != "" {
		path, err := exec.LookPath(p)
		if err != nil {
			return "", &meridian.Error{Kind: meridian.EUnavailable, Op: "report.PDF",
				Message: fmt.Sprintf("MERIDIAN_CHROMIUM=%s is not an executable browser", p), Err: err}
		}
		return path, nil
	}
	for _, name := range browsers {
		if path, err := exec.LookPath(name); err == nil {
			return path, nil
		}
	}
	return "", meridian.Errorf(meridian.EUnavailable, "report.PDF",
		"PDF needs Chromium: install it (Debian: apt-get install chromium) or set MERIDIAN_CHROMIUM to the browser's path")
}

// PDF prints a report's HTML to an A4 PDF with headless Chromium, with the
// backgrounds the charts and tables use. The page may run no script and
// load nothing, whatever the HTML holds. A browser is started for each
// call and gone when it returns. Errors: EUnavailable when no browser is
// found or it does not finish within PDFTimeout.
func PDF(ctx context.Context, html []byte) ([]byte, error) {
	path, err := FindChromium()
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, PDFTimeout)
	defer cancel()

	var out lockedBuffer // the browser's own output, for the error when it fails
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.CombinedOutput(&out),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	defer cancelAlloc()
	bctx, cancelBrowser := chromedp.NewContext(actx)
	defer cancelBrowser()

	var pdf []byte
	err = chromedp.Do(bctx,
		chromedp.Navigate("about:blank"),
		chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
				return fmt.Errorf("disable scripts: %w", err)
			}
			if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
				return fmt.Errorf("enable network domain: %w", err)
			}
			block := []*network.BlockPattern{{URLPattern: "*://*:*/*", Block: true}}
			if _, err := chromedp.Call(ctx, network.SetBlockedURLs, network.SetBlockedURLsParams{URLPatterns: block}); err != nil {
				return fmt.Errorf("block network: %w", err)
			}
			tree, err := chromedp.Call(ctx, cdppage.GetFrameTree, cdp.Empty{})
			if err != nil {
				return fmt.Errorf("frame tree: %w", err)
			}
			if _, err := chromedp.Call(ctx, cdppage.SetDocumentContent, cdppage.SetDocumentContentParams{
				FrameID: tree.FrameTree.Frame.ID, HTML: string(html),
			}); err != nil {
				return fmt.Errorf("set content: %w", err)
			}
			return nil
		}),
		chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			var err error
			pdf, err = chromedp.Run(ctx, chromedp.PrintToPDF(
				chromedp.PDFPaper(chromedp.PaperA4),
				chromedp.PDFPrintBackground(),
				chromedp.PDFPreferCSSPageSize(),
			))
			return err
		}),
	)
	if err != nil {
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return nil, &meridian.Error{Kind: meridian.EUnavailable, Op: "report.PDF",
				Message: fmt.Sprintf("Chromium did not render the report within %s", PDFTimeout), Err: err}
		}
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, &meridian.Error{Kind: meridian.EUnavailable, Op: "report.PDF",
			Message: "Chromium could not render the report", Err: fmt.Errorf("%s: %w: %s", path, err, out.tail(600))}
	}
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		return nil, meridian.Internal("report.PDF", fmt.Errorf("%s returned %d bytes that are not a PDF", path, len(pdf)))
	}
	return pdf, nil
}

// lockedBuffer collects the browser's output, which chromedp writes from
// another goroutine.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.buf.Len() > 1<<20 { // keep at most a megabyte: only the end matters
		return len(p), nil
	}
	return b.buf.Write(p)
}

func (b *lockedBuffer) tail(n int) string {
	b.mu.Lock()
	defer b.mu.Unlock()
	s := b.buf.String()
	if len(s) > n {
		s = s[len(s)-n:]
	}
	// One line: the CLI prints an error on one line.
	return strings.Join(strings.Fields(strings.ToValidUTF8(s, "")), " ")
}
