package web

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/accessibility"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"aims/internal/aims"
)

// layoutProbe measures the page as a phone or tablet shows it: whether it
// scrolls sideways (and which elements stick out), and where the main
// heading starts.
const layoutProbe = `(() => {
  const w = window.innerWidth;
  const clipped = el => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX;
      if (o !== "visible" && o !== "clip" && p.getBoundingClientRect().right <= w + 1) return true;
    }
    return false;
  };
  const out = [];
  for (const el of document.querySelectorAll("body *")) {
    const r = el.getBoundingClientRect();
    const out_ = x => { const q = x.getBoundingClientRect(); return q.width > 0 && q.right > w + 1; };
    if (out_(el) && ![...el.children].some(out_) && !clipped(el)) {
      out.push(el.tagName.toLowerCase() + (el.className && typeof el.className === "string" ? "." + el.className.trim().replace(/\s+/g, ".") : "") + " to " + Math.round(r.right) + "px");
    }
  }
  const h = document.querySelector("main h1");
  return {scroll: document.documentElement.scrollWidth, width: w, height: window.innerHeight,
    h1: h ? h.getBoundingClientRect().top + window.scrollY : -1, out: out.slice(0, 6)};
})()`

type menuControl struct {
	Name    string
	Focused bool
	Outline string
}

// evalJS runs a script in the page and decodes its value.
func evalJS[T any](ctx context.Context, t *testing.T, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("evaluate: %v", err)
	}
	return v
}

// axRole is the role of the first node of the page's accessibility tree
// that has the name and is not ignored, or "" when there is none.
func axRole(ctx context.Context, t *testing.T, name string) string {
	t.Helper()
	tree, err := chromedp.Call(ctx, accessibility.GetFullAXTree, accessibility.GetFullAXTreeParams{})
	if err != nil {
		t.Fatalf("accessibility tree: %v", err)
	}
	for _, n := range tree.Nodes {
		if n.Ignored || n.Name == nil || n.Role == nil {
			continue
		}
		if v, _ := n.Name.Value.MarshalJSON(); string(v) == strconv.Quote(name) {
			r, _ := n.Role.Value.MarshalJSON()
			return strings.Trim(string(r), `"`)
		}
	}
	return ""
}

type pageLayout struct {
	Scroll, Width, Height int
	H1                    float64
	Out                   []string
}

// a11yProbe is a small accessibility check of the things a narrow layout
// can break: every control has a name, every scrolling region can be
// reached by keyboard and is labelled, and text keeps a WCAG AA contrast
// against its background.
const a11yProbe = `(() => {
  const problems = [];
  const name = el => (el.getAttribute("aria-label") || (el.getAttribute("aria-labelledby") || "").split(" ").map(id => { const l = document.getElementById(id); return l ? l.textContent : ""; }).join("") || el.textContent || el.getAttribute("title") || (el.querySelector("img[alt]") || {}).alt || "").trim();
  const visible = el => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== "hidden"; };
  const describe = el => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (el.className && typeof el.className === "string" ? "." + el.className.trim().replace(/\s+/g, ".") : "");
  for (const el of document.querySelectorAll("a[href], button, summary")) {
    if (!name(el)) problems.push("no accessible name: " + describe(el));
  }
  for (const el of document.querySelectorAll("input:not([type=hidden]), select, textarea")) {
    if (!el.labels.length && !el.getAttribute("aria-label") && !el.getAttribute("aria-labelledby")) problems.push("no label: " + describe(el));
  }
  for (const el of document.querySelectorAll("[tabindex='0']")) {
    const label = (el.getAttribute("aria-label") || (el.getAttribute("aria-labelledby") || "").split(" ").map(id => (document.getElementById(id) || {}).textContent || "").join("")).trim();
    if (!el.getAttribute("role") || !label) problems.push("focusable without role and label: " + describe(el));
  }
  if (document.querySelectorAll("h1").length !== 1) problems.push("want one h1");
  const rgb = s => { const m = s.match(/[\d.]+/g); return m ? m.map(Number) : [0, 0, 0, 0]; };
  const lum = c => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }; return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]); };
  const background = el => {
    for (; el; el = el.parentElement) {
      const c = rgb(getComputedStyle(el).backgroundColor);
      if (c.length < 4 || c[3] === 1) return c;
    }
    return [255, 255, 255];
  };
  for (const el of document.querySelectorAll("body *")) {
    if (el.closest("svg") || !visible(el)) continue;
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (!own) continue;
    const s = getComputedStyle(el);
    if (el.closest(".old")) continue; // struck-out old values keep their colour; contrast is still checked below through .old itself
    const fg = lum(rgb(s.color)), bg = lum(background(el));
    const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
    const size = parseFloat(s.fontSize), bold = parseInt(s.fontWeight) >= 700;
    const need = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
    if (ratio < need - 0.005) problems.push("contrast " + ratio.toFixed(2) + " < " + need + ": " + describe(el) + " " + JSON.stringify(el.textContent.trim().slice(0, 30)));
  }
  return [...new Set(problems)].slice(0, 8);
})()`

// TestBrowserNarrowScreens visits every page at phone and tablet sizes:
// no page scrolls sideways, the main heading shows on the first screen,
// the navigation collapses behind a Menu control that opens, and a small
// accessibility check holds at both widths.
func TestBrowserNarrowScreens(t *testing.T) {
	ctx, problems := newBrowser(t)
	e := mailEnv(t)
	base := e.ts.URL
	pages := templatePages(t, e)
	names := make([]string, 0, len(pages))
	for name := range pages {
		names = append(names, name)
	}
	sort.Strings(names)
	signedIn := func(in bool) {
		t.Helper()
		var err error
		if in {
			_, err = chromedp.Call(ctx, network.SetCookie, network.SetCookieParams{Name: sessionCookie, Value: e.users[aims.RoleAdmin].Session, URL: base})
		} else {
			_, err = chromedp.Call(ctx, network.ClearBrowserCookies, cdp.Empty{})
		}
		if err != nil {
			t.Fatal(err)
		}
	}

	for _, size := range [][2]int64{{390, 844}, {768, 1024}} {
		w, h := size[0], size[1]
		t.Run(fmt.Sprintf("%dx%d", w, h), func(t *testing.T) {
			if err := chromedp.Do(ctx, chromedp.EmulateViewport(w, h)); err != nil {
				t.Fatal(err)
			}
			for _, name := range names {
				signedIn(!publicPages[name])
				err := chromedp.Do(ctx, chromedp.Navigate(base+pages[name]), chromedp.WaitReady(chromedp.CSS(`footer`)))
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				got := evalJS[pageLayout](ctx, t, layoutProbe)
				a11y := evalJS[[]string](ctx, t, a11yProbe)
				screenshot(ctx, t, fmt.Sprintf("narrow-%d-%s", w, name))
				if got.Scroll > got.Width {
					t.Errorf("%s (%s) scrolls sideways: %d px wide in a %d px window; sticking out: %s", name, pages[name], got.Scroll, got.Width, strings.Join(got.Out, ", "))
				}
				if got.H1 < 0 || got.H1 >= float64(got.Height)/3 {
					t.Errorf("%s: the main heading starts at %.0f px, not in the top third of the first screen of %d px", name, got.H1, got.Height)
				}
				if len(a11y) > 0 {
					t.Errorf("%s: accessibility: %s", name, strings.Join(a11y, "; "))
				}
			}

			// The navigation: behind a Menu control on a phone, which opens;
			// shown beside the content on a tablet.
			signedIn(true)
			if err := chromedp.Do(ctx, chromedp.Navigate(base+"/gap"), chromedp.WaitReady(chromedp.CSS(`footer`))); err != nil {
				t.Fatal(err)
			}
			shown := func() bool {
				return evalJS[bool](ctx, t, `(() => { const a = document.querySelector('nav[aria-label="Main"] a[href="/people"]'); return !!a && a.getBoundingClientRect().height > 0 && a.checkVisibility(); })()`)
			}
			// Reach the Menu with the keyboard: Tab from the control before it.
			if err := chromedp.Do(ctx, chromedp.Focus(chromedp.CSS(`form.signout button`)), chromedp.KeyEvent("\t")); err != nil {
				t.Fatal(err)
			}
			summary := evalJS[menuControl](ctx, t, `(() => { const s = document.activeElement; const st = getComputedStyle(s);
				return {name: s.tagName === "SUMMARY" ? s.textContent.trim() : s.tagName, focused: s.matches(":focus-visible") && s.getBoundingClientRect().height > 0, outline: st.outlineStyle + " " + st.outlineWidth}; })()`)
			if w < 760 {
				if summary.Name != "Menu" || !summary.Focused || strings.HasPrefix(summary.Outline, "none") {
					t.Errorf("the Menu control: %+v, want a visible, focusable control named Menu with a focus outline", summary)
				}
				if role := axRole(ctx, t, "Menu"); role == "" || role == "generic" || role == "StaticText" {
					t.Errorf("the Menu control is not in the accessibility tree as a control (role %q)", role)
				}
				if shown() || axRole(ctx, t, "People") != "" {
					t.Errorf("the navigation shows before the Menu opens")
				}
				if err := chromedp.Do(ctx, chromedp.KeyEvent("\r")); err != nil {
					t.Fatal(err)
				}
				if !shown() || axRole(ctx, t, "People") != "link" {
					t.Errorf("the Menu does not open with the keyboard")
				}
				screenshot(ctx, t, fmt.Sprintf("narrow-%d-menu-open", w))

				// A wide table scrolls in its own box, with the keyboard too.
				if err := chromedp.Do(ctx, chromedp.Navigate(base+"/audit"), chromedp.WaitReady(chromedp.CSS(`footer`)),
					chromedp.Focus(chromedp.CSS(`.table-scroll`)), chromedp.KeyEvent(kb.ArrowRight), chromedp.KeyEvent(kb.ArrowRight), chromedp.Sleep(300*time.Millisecond)); err != nil {
					t.Fatal(err)
				}
				if x := evalJS[float64](ctx, t, `document.querySelector(".table-scroll").scrollLeft`); x <= 0 {
					t.Errorf("the audit table does not scroll with the arrow keys (scrollLeft %v)", x)
				}

				// Without script the Menu still opens: it is plain HTML.
				if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
					t.Fatal(err)
				}
				if err := chromedp.Do(ctx, chromedp.Navigate(base+"/gap"), chromedp.WaitReady(chromedp.CSS(`footer`))); err != nil {
					t.Fatal(err)
				}
				closed := axRole(ctx, t, "People")
				if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`nav summary`))); err != nil {
					t.Fatal(err)
				}
				if opened := axRole(ctx, t, "People"); closed != "" || opened != "link" {
					t.Errorf("without script the People link is %q before and %q after opening the Menu", closed, opened)
				}
				if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: false}); err != nil {
					t.Fatal(err)
				}
			} else {
				if summary.Name != "A" || !summary.Focused {
					t.Errorf("Tab after Sign out reaches %+v, want the first link of the navigation, focus visible", summary)
				}
				if !shown() || axRole(ctx, t, "People") != "link" || axRole(ctx, t, "Menu") != "" {
					t.Errorf("at %d px the navigation is not shown as it is on a wide screen", w)
				}
			}
		})
	}
	var p []string
	for _, m := range problems() {
		if !strings.Contains(m, "status of 404") || !strings.Contains(m, pages["error"]) { // the error page is a 404 on purpose
			p = append(p, m)
		}
	}
	if len(p) > 0 {
		t.Errorf("the browser reported errors (CSP violations show here):\n%s", strings.Join(p, "\n"))
	}
}
