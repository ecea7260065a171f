package web

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"

	"aims/internal/aims"
	"aims/internal/testdb"
)

// chromium finds Debian's Chromium (or another Chrome) for browser tests.
func chromium() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// newBrowser starts a headless Chromium with a fresh profile and collects
// console errors (CSP violations among them) so a test can fail on them.
func newBrowser(t *testing.T) (context.Context, func() []string) {
	t.Helper()
	exe := chromium()
	if exe == "" {
		testdb.Unavailable(t, "Chromium (apt-get install -y chromium); the browser test needs a real browser")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.WindowSize(1280, 900),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	// One budget for the whole browser session: every page of every
	// register at two sizes on two engines, on a machine that may be busy.
	ctx, cancelTimeout := context.WithTimeout(ctx, 8*time.Minute)
	t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	var mu sync.Mutex
	var problems []string
	messages := chromedp.Console(ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			if m.Type == chromedp.ConsoleError || m.IsException() {
				mu.Lock()
				problems = append(problems, m.String()+" at "+m.URL)
				mu.Unlock()
			}
		}
	}()
	return ctx, func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), problems...)
	}
}

// screenshot saves the page when AIMS_SCREENSHOTS names a folder, for
// looking at the UI; it asserts nothing.
func screenshot(ctx context.Context, t *testing.T, name string) {
	dir := os.Getenv("AIMS_SCREENSHOTS")
	if dir == "" {
		return
	}
	buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Logf("screenshot %s: %v", name, err)
		return
	}
	os.WriteFile(filepath.Join(dir, name+".png"), buf, 0o644)
}

// TestBrowserJourney drives Chromium through the first steps of
// certification: sign in, register an AI system, mark a requirement
// implemented, see readiness move, download the gap report PDF, sign out.
func TestBrowserJourney(t *testing.T) {
	ctx, problems := newBrowser(t)
	e := sqliteEnv(t)
	admin := e.users[aims.RoleAdmin]
	base := e.ts.URL
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("read %s: %v", sel, err)
		}
		return strings.TrimSpace(s)
	}

	location := func() string {
		t.Helper()
		l, err := chromedp.Run(ctx, chromedp.Location())
		if err != nil {
			t.Fatalf("location: %v", err)
		}
		return l
	}

	// Signing in: an anonymous visit lands on the sign-in form.
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/ai-systems"),
		chromedp.WaitVisible(chromedp.CSS(`#f-email`)),
	)
	if loc := location(); err != nil || !strings.Contains(loc, "/signin?next=") {
		t.Fatalf("anonymous visit: at %q, %v", loc, err)
	}
	screenshot(ctx, t, "01-signin")
	err = chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS(`#f-email`), admin.Email),
		chromedp.SendKeys(chromedp.CSS(`#f-password`), testPassword),
		chromedp.Submit(chromedp.CSS(`#f-password`)),
		chromedp.WaitVisible(chromedp.CSS(`table.list, p.empty`)),
	)
	if loc := location(); err != nil || !strings.HasSuffix(loc, "/ai-systems") {
		t.Fatalf("sign in: at %q, %v", loc, err)
	}

	// Register an AI system through the form.
	err = chromedp.Do(ctx,
		chromedp.Navigate(base+"/ai-systems/new"),
		chromedp.WaitVisible(chromedp.CSS(`#f-name`)),
		chromedp.SendKeys(chromedp.CSS(`#f-name`), "Claims triage assistant"),
		chromedp.SendKeys(chromedp.CSS(`#f-purpose`), "Sorts incoming insurance claims by urgency."),
		chromedp.SetValue(chromedp.CSS(`#f-lifecycle`), string(aims.StageDeployment)),
		chromedp.SendKeys(chromedp.CSS(`#f-gate_reason`), "Deployed by the claims team before the AIMS began."),
	)
	if err != nil {
		t.Fatalf("fill AI system form: %v", err)
	}
	screenshot(ctx, t, "02-new-ai-system")
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`form.form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`p.flash`)),
	)
	if err != nil {
		t.Fatalf("submit AI system: %v", err)
	}
	if h1 := text("h1"); !strings.Contains(h1, "AIS-1") || !strings.Contains(h1, "Claims triage assistant") {
		t.Errorf("after registering, heading = %q", h1)
	}
	if got := text(`p.flash`); got != "AIS-1 registered." {
		t.Errorf("flash = %q", got)
	}
	screenshot(ctx, t, "03-ai-system")

	// Readiness before and after marking clause 4.1 implemented.
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/gap"), chromedp.WaitVisible(chromedp.CSS(`.cards`))); err != nil {
		t.Fatal(err)
	}
	before := text(`.cards .card:nth-child(2) .big`)
	if before != "0%" {
		t.Errorf("clause readiness before = %q, want 0%%", before)
	}
	err = chromedp.Do(ctx,
		chromedp.Navigate(base+"/gap/4.1"),
		chromedp.WaitVisible(chromedp.CSS(`#s-implemented`)),
		chromedp.Click(chromedp.CSS(`#s-implemented`)),
		chromedp.SendKeys(chromedp.CSS(`#f-notes`), "Context workshop held; issues recorded."),
	)
	if err != nil {
		t.Fatalf("fill gap form: %v", err)
	}
	screenshot(ctx, t, "04-gap-entry")
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`form.form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`p.flash`)),
	)
	if err != nil {
		t.Fatalf("save gap entry: %v", err)
	}
	after := text(`.cards .card:nth-child(2) .big`)
	if after != "3%" { // 1 of 32 clause requirements
		t.Errorf("clause readiness after = %q, want 3%%", after)
	}
	if got := text(`#req-4\.1 .status`); got != "Implemented" {
		t.Errorf("4.1 status in the list = %q", got)
	}
	screenshot(ctx, t, "05-gap")

	// Download the gap report PDF through the page's link.
	dir := t.TempDir()
	_, err = chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior: browser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: dir, EventsEnabled: new(true)})
	if err != nil {
		t.Fatalf("allow downloads: %v", err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/gap/report"), chromedp.WaitVisible(chromedp.CSS(`a[href="/gap/report.pdf"]`))); err != nil {
		t.Fatalf("open gap report: %v", err)
	}
	screenshot(ctx, t, "06-gap-report")
	progress := chromedp.BrowserEvents(ctx, browser.DownloadProgress)
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`a[href="/gap/report.pdf"]`))); err != nil {
		t.Fatalf("click PDF link: %v", err)
	}
	var guid string
	for ev, err := range progress {
		if err != nil {
			t.Fatalf("the PDF download did not complete: %v", err)
		}
		if ev.State == browser.DownloadProgressStateCompleted {
			guid = ev.GUID
			break
		}
	}
	pdf, err := os.ReadFile(filepath.Join(dir, guid))
	if err != nil {
		t.Fatalf("read download: %v", err)
	}
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) || !bytes.Contains(pdf[len(pdf)-32:], []byte("%%EOF")) || len(pdf) < 5000 {
		t.Errorf("download is not a PDF: %d bytes starting %q", len(pdf), pdf[:min(16, len(pdf))])
	}
	if n := bytes.Count(pdf, []byte("/Type /Page\n")) + bytes.Count(pdf, []byte("/Type /Page ")); n < 2 {
		t.Errorf("PDF has %d pages, want at least 2", n)
	}

	// Sign out: back on the sign-in page, and the session no longer works.
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`form.signout button`)),
		chromedp.WaitVisible(chromedp.CSS(`#f-email`)),
	)
	if err != nil {
		t.Fatalf("sign out: %v", err)
	}
	if got := text(`p.flash`); got != "You are signed out." {
		t.Errorf("after sign-out flash = %q", got)
	}
	err = chromedp.Do(ctx, chromedp.Navigate(base+"/gap"), chromedp.WaitVisible(chromedp.CSS(`#f-email`)))
	if loc := location(); err != nil || !strings.Contains(loc, "/signin") {
		t.Errorf("after sign-out /gap is at %q (%v), want the sign-in page", loc, err)
	}
	if p := problems(); len(p) > 0 {
		t.Errorf("the browser reported errors (CSP violations show here):\n%s", strings.Join(p, "\n"))
	}
}
