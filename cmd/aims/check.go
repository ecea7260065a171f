package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"aims/internal/aims"
)

// cmdCheck answers whether one AI system's evidence is complete, for a
// release pipeline: exit 0 when it is, 1 with each reason (one per line)
// when it is not, 2 when the question could not be asked. It reads a
// running server (--url, token in AIMS_TOKEN) or a database directly
// (--data/--database with --org).
func cmdCheck(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlags("check", stderr)
	var st storage
	st.register(fs, getenv)
	system := fs.String("system", "", "the AI system's reference, e.g. AIS-3")
	server := fs.String("url", getenv("AIMS_URL"), "a running aims server's base URL; the API token is read from AIMS_TOKEN (env AIMS_URL)")
	orgName := fs.String("org", "", "the organization's name, when reading the database directly")
	asJSON := fs.Bool("json", false, "print the answer as JSON")
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := required([2]string{"system", *system}); err != nil {
		return err
	}
	if strings.Trim(*system, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-") != "" {
		return exitError{code: 2, msg: "--system must be an AI system's reference such as AIS-3"}
	}
	var (
		c   aims.EvidenceCheck
		err error
	)
	if *server != "" {
		c, err = checkRemote(ctx, *server, getenv("AIMS_TOKEN"), *system)
	} else {
		if err := required([2]string{"org", *orgName}); err != nil {
			return err
		}
		c, err = checkLocal(ctx, st, *orgName, *system)
	}
	if err != nil {
		return exitError{code: 2, msg: err.Error()}
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(c); err != nil {
			return err
		}
	} else {
		printCheck(stdout, c)
	}
	if !c.Complete {
		return exitError{code: 1}
	}
	return nil
}

func printCheck(w io.Writer, c aims.EvidenceCheck) {
	if c.Complete {
		fmt.Fprintf(w, "%s %s: evidence complete on %s (stage: %s)\n", c.System, c.Name, c.Day, c.Stage.Label())
		return
	}
	reasons := "reasons"
	if len(c.Reasons) == 1 {
		reasons = "reason"
	}
	fmt.Fprintf(w, "%s %s: evidence incomplete on %s (stage: %s), %d %s:\n", c.System, c.Name, c.Day, c.Stage.Label(), len(c.Reasons), reasons)
	for _, r := range c.Reasons {
		fmt.Fprintf(w, "%s: %s\n", r.Code, r.Message)
	}
}

func checkLocal(ctx context.Context, st storage, orgName, system string) (aims.EvidenceCheck, error) {
	store, err := existing(ctx, st, false)
	if err != nil {
		return aims.EvidenceCheck{}, err
	}
	defer store.Close()
	org, err := orgFor(ctx, store, orgName, "")
	if err != nil {
		return aims.EvidenceCheck{}, fmt.Errorf("organization %q: %w", orgName, err)
	}
	return store.CheckSystem(ctx, org.ID, system)
}

// checkRemote asks a server. The token goes only to the URL given: the
// client follows no redirect, and refuses plain HTTP except to this
// machine, where nobody on the network can read it.
func checkRemote(ctx context.Context, base, token, system string) (aims.EvidenceCheck, error) {
	var c aims.EvidenceCheck
	if token == "" {
		return c, errors.New("AIMS_TOKEN is not set: create an API token (aims token create, or Settings in the web UI)")
	}
	u, err := url.Parse(strings.TrimRight(base, "/"))
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return c, fmt.Errorf("--url must be an http(s) URL such as https://aims.example.com")
	}
	if u.Scheme == "http" && !loopback(u.Hostname()) {
		return c, fmt.Errorf("--url must use https: the API token would cross the network in the clear")
	}
	u = u.JoinPath("/api/v1/ai-systems", system, "evidence-check")
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return c, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Accept", "application/json")
	client := &http.Client{Timeout: time.Minute, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		return c, fmt.Errorf("asking %s: %w", u.Redacted(), err)
	}
	defer resp.Body.Close()
	body := io.LimitReader(resp.Body, 4<<20)
	if resp.StatusCode != http.StatusOK {
		var problem struct {
			Title  string `json:"title"`
			Detail string `json:"detail"`
		}
		_ = json.NewDecoder(body).Decode(&problem)
		msg := strings.TrimSpace(problem.Title + ": " + problem.Detail)
		return c, fmt.Errorf("the server answered %s %s", resp.Status, strings.Trim(msg, ": "))
	}
	if err := json.NewDecoder(body).Decode(&c); err != nil {
		return c, fmt.Errorf("the server's answer is not an evidence check: %w", err)
	}
	return c, nil
}

func loopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
