package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func fakeEnv(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

func TestDBPath(t *testing.T) {
	cases := []struct {
		name string
		flag string
		vars map[string]string
		want string
	}{
		{"flag wins", "/x/flag.db", map[string]string{"TRUSTWORK_DB": "/x/env.db", "HOME": "/h"}, "/x/flag.db"},
		{"env next", "", map[string]string{"TRUSTWORK_DB": "/x/env.db", "HOME": "/h"}, "/x/env.db"},
		{"xdg data home", "", map[string]string{"XDG_DATA_HOME": "/xdg", "HOME": "/h"}, "/xdg/trustwork/journal.db"},
		{"relative xdg is ignored", "", map[string]string{"XDG_DATA_HOME": "rel", "HOME": "/h"}, "/h/.local/share/trustwork/journal.db"},
		{"home default", "", map[string]string{"HOME": "/h"}, "/h/.local/share/trustwork/journal.db"},
		{"tilde", "~/j.db", map[string]string{"HOME": "/h"}, "/h/j.db"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := env{getenv: fakeEnv(c.vars)}.dbPath(c.flag)
			if err != nil || got != c.want {
				t.Fatalf("dbPath = %q, %v; want %q", got, err, c.want)
			}
		})
	}
	if _, err := (env{getenv: fakeEnv(nil)}).dbPath(""); err == nil {
		t.Fatal("no HOME and no --db should be an error")
	}
}

func runArgs(t *testing.T, vars map[string]string, args ...string) (string, string, int) {
	t.Helper()
	var o, e bytes.Buffer
	code := run(args, os.Stdin, &o, &e, fakeEnv(vars))
	return o.String(), e.String(), code
}

func TestCommandLine(t *testing.T) {
	home := t.TempDir()
	vars := map[string]string{"HOME": home}
	if out, _, code := runArgs(t, vars, "--help"); code != 0 || !strings.Contains(out, "Usage:") {
		t.Fatalf("--help: %d %q", code, out)
	}
	if out, _, code := runArgs(t, vars, "--version"); code != 0 || !strings.HasPrefix(out, "trustwork ") {
		t.Fatalf("--version: %d %q", code, out)
	}
	if _, errOut, code := runArgs(t, vars, "frobnicate"); code != exitUsage || !strings.Contains(errOut, "unknown command") || strings.Count(errOut, "\n") != 1 {
		t.Fatalf("unknown command: %d %q", code, errOut)
	}
	if _, errOut, code := runArgs(t, vars, "--nope"); code != exitUsage || !strings.Contains(errOut, "--help") {
		t.Fatalf("unknown flag: %d %q", code, errOut)
	}
	if _, errOut, code := runArgs(t, vars, "export", "file.md"); code != exitUsage || !strings.Contains(errOut, "-o file.md") {
		t.Fatalf("export with a bare file: %d %q", code, errOut)
	}
	// Read-only commands on a journal that does not exist yet say so and
	// create nothing.
	for _, cmd := range []string{"status", "export", "backup"} {
		_, errOut, code := runArgs(t, vars, cmd)
		if code != 1 || !strings.Contains(errOut, "no journal at") {
			t.Fatalf("%s without a journal: %d %q", cmd, code, errOut)
		}
	}
	if _, err := os.Stat(filepath.Join(home, ".local")); err == nil {
		t.Fatal("a read-only command created the data directory")
	}
}

// TestSubcommandDB: --db is accepted after the subcommand too, where people
// naturally put it.
func TestSubcommandDB(t *testing.T) {
	home := t.TempDir()
	missing := filepath.Join(home, "nowhere.db")
	_, errOut, code := runArgs(t, map[string]string{"HOME": home}, "status", "--db", missing)
	if code != 1 || !strings.Contains(errOut, missing) {
		t.Fatalf("status --db: %d %q, want an error naming %s", code, errOut, missing)
	}
}

// TestMessagesAreSafe: an empty --db is a mistake, not the default file;
// and a path holding escape sequences is shown inert, never sent to the
// terminal as is.
func TestMessagesAreSafe(t *testing.T) {
	home := t.TempDir()
	vars := map[string]string{"HOME": home}
	for _, args := range [][]string{{"--db", "", "status"}, {"status", "--db", ""}} {
		if _, errOut, code := runArgs(t, vars, args...); code != exitUsage || !strings.Contains(errOut, "--db needs a file path") {
			t.Fatalf("%q: %d %q", args, code, errOut)
		}
	}
	evil := filepath.Join(home, "x\x1b]0;pwned\a\x1b[2J.db")
	_, errOut, code := runArgs(t, vars, "--db", evil, "status")
	if code != 1 || strings.ContainsAny(errOut, "\x1b\a") || !strings.Contains(errOut, `\x1b]0;pwned`) {
		t.Fatalf("status on an escape-laden path: %d %q", code, errOut)
	}
}
