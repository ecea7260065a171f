package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestVersion(t *testing.T) {
	t.Parallel()
	for _, arg := range []string{"version", "--version", "-v"} {
		r := cli(t, noEnv, "", arg)
		if r.err != nil {
			t.Errorf("aims %s: %v", arg, r.err)
		}
		if want := "aims " + version + "\n"; r.stdout != want {
			t.Errorf("aims %s printed %q, want %q", arg, r.stdout, want)
		}
		if r.stderr != "" {
			t.Errorf("aims %s wrote to stderr: %q", arg, r.stderr)
		}
	}
}

func TestHelp(t *testing.T) {
	t.Parallel()
	for _, arg := range []string{"help", "--help", "-h"} {
		r := cli(t, noEnv, "", arg)
		if r.err != nil {
			t.Errorf("aims %s: %v", arg, r.err)
		}
		if r.stdout != usage {
			t.Errorf("aims %s printed %q, want the usage", arg, r.stdout)
		}
		for _, cmd := range []string{"aims serve", "aims demo", "aims migrate", "aims user add", "aims token create", "aims audit verify", "aims version", "AIMS_DATA", "AIMS_ADDR", "AIMS_DATABASE_URL"} {
			if !strings.Contains(r.stdout, cmd) {
				t.Errorf("aims %s: usage does not mention %q", arg, cmd)
			}
		}
	}
}

func TestNoArguments(t *testing.T) {
	t.Parallel()
	r := cli(t, noEnv, "")
	if got := exitCode(r.err); got != 2 {
		t.Errorf("aims without arguments: exit %d (%v), want 2", got, r.err)
	}
	if r.stderr != usage {
		t.Errorf("aims without arguments: stderr %q, want the usage", r.stderr)
	}
	if r.stdout != "" {
		t.Errorf("aims without arguments: stdout %q, want nothing", r.stdout)
	}
}

func TestUnknownCommand(t *testing.T) {
	t.Parallel()
	r := cli(t, noEnv, "", "frobnicate", "--data", t.TempDir())
	if got := exitCode(r.err); got != 2 {
		t.Errorf("exit %d (%v), want 2", got, r.err)
	}
	if r.err == nil || !strings.Contains(r.err.Error(), "frobnicate") {
		t.Errorf("error %v does not name the unknown command", r.err)
	}
	if !strings.Contains(r.stderr, "Usage:") {
		t.Errorf("stderr %q does not hold the usage", r.stderr)
	}
	if r.stdout != "" {
		t.Errorf("stdout %q, want nothing", r.stdout)
	}
}

// TestIncompleteSubcommands covers the two-word commands given a wrong or
// missing second word.
func TestIncompleteSubcommands(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{
		{"user"}, {"user", "remove"}, {"user", "--org", "x"},
		{"token"}, {"token", "list"},
		{"audit"}, {"audit", "check"},
	} {
		r := cli(t, noEnv, "", args...)
		if got := exitCode(r.err); got != 2 {
			t.Errorf("aims %s: exit %d (%v), want 2", strings.Join(args, " "), got, r.err)
		}
		if !strings.Contains(r.stderr, "Usage:") {
			t.Errorf("aims %s: stderr %q does not hold the usage", strings.Join(args, " "), r.stderr)
		}
		if r.err == nil || !strings.Contains(r.err.Error(), "usage: aims "+args[0]) {
			t.Errorf("aims %s: error %v does not say how to use it", strings.Join(args, " "), r.err)
		}
	}
}

// storageCommands are every subcommand that touches the database.
var storageCommands = [][]string{
	{"serve"}, {"demo"}, {"migrate"}, {"user", "add"}, {"token", "create"}, {"audit", "verify"},
}

// TestStorageFlagsOnEveryCommand checks that each subcommand that touches
// the database documents both --data and --database, with their
// environment variables.
func TestStorageFlagsOnEveryCommand(t *testing.T) {
	t.Parallel()
	for _, cmd := range storageCommands {
		r := cli(t, noEnv, "", append(cmd, "-h")...)
		name := strings.Join(cmd, " ")
		if got := exitCode(r.err); got != 0 {
			t.Errorf("aims %s -h: exit %d (%v), want 0", name, got, r.err)
		}
		for _, want := range []string{"-data", "AIMS_DATA", "-database", "AIMS_DATABASE_URL"} {
			if !strings.Contains(r.stderr, want) {
				t.Errorf("aims %s -h does not document %s:\n%s", name, want, r.stderr)
			}
		}
	}
}

// TestBadFlags refuses unknown flags and stray arguments on every storage
// command with exit code 2, before touching any database.
func TestBadFlags(t *testing.T) {
	t.Parallel()
	for _, cmd := range storageCommands {
		name := strings.Join(cmd, " ")
		dir := t.TempDir()
		for _, tc := range []struct {
			extra []string
			want  string
		}{
			{[]string{"--no-such-flag"}, "flag provided but not defined: -no-such-flag"},
			{[]string{"stray"}, "unexpected arguments: stray"},
			{[]string{"--data", dir, "stray", "args"}, "unexpected arguments: stray args"},
		} {
			args := append(append([]string{}, cmd...), tc.extra...)
			r := cli(t, noEnv, "a password long enough\n", args...)
			if got := exitCode(r.err); got != 2 {
				t.Errorf("aims %s: exit %d (%v), want 2", strings.Join(args, " "), got, r.err)
			}
			if r.err == nil || !strings.Contains(r.err.Error(), tc.want) {
				t.Errorf("aims %s: error %v, want it to contain %q", strings.Join(args, " "), r.err, tc.want)
			}
		}
		if _, err := os.Stat(filepath.Join(dir, "aims.db")); !os.IsNotExist(err) {
			t.Errorf("aims %s with bad arguments created a database (%v)", name, err)
		}
	}
}

// TestRequiredFlagMessageIsStable: with several required flags missing, the
// command must name the same one every time (or all of them), not one
// picked by map iteration order.
func TestRequiredFlagMessageIsStable(t *testing.T) {
	t.Parallel()
	for _, cmd := range [][]string{{"user", "add"}, {"token", "create"}} {
		seen := map[string]bool{}
		for range 40 {
			r := cli(t, noEnv, "", append(cmd, "--data", t.TempDir())...)
			if got := exitCode(r.err); got != 2 {
				t.Fatalf("aims %s without flags: exit %d (%v), want 2", strings.Join(cmd, " "), got, r.err)
			}
			seen[r.err.Error()] = true
		}
		if len(seen) != 1 {
			var msgs []string
			for m := range seen {
				msgs = append(msgs, m)
			}
			t.Errorf("aims %s without flags gave %d different messages in 40 runs: %q", strings.Join(cmd, " "), len(seen), msgs)
		}
	}
}
