package main

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime/debug"
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

// TestHelpFromTable: --help names every command and every flag of the
// command table and fits an 80-column terminal; COMMAND --help answers
// with that command's flags and exit code 0.
func TestHelpFromTable(t *testing.T) {
	vars := map[string]string{"HOME": t.TempDir()}
	out, _, code := runArgs(t, vars, "--help")
	if code != 0 {
		t.Fatalf("--help: exit %d", code)
	}
	for _, line := range strings.Split(out, "\n") {
		if len(line) > 80 {
			t.Errorf("--help line wider than 80 columns: %q", line)
		}
	}
	flat := strings.Join(strings.Fields(out), " ") // a long usage wraps
	for _, c := range commands {
		if !strings.Contains(flat, "trustwork "+c.synopsis()) {
			t.Errorf("--help lacks the usage of %q: %s", c.Name, c.synopsis())
		}
		for _, f := range c.flagsOf() {
			if !hasFlagLine(out, f) && f.Name != "help" {
				t.Errorf("--help lacks %s of %q", f.synopsis(), c.Name)
			}
		}
		if c.Name == "" {
			continue
		}
		cout, _, code := runArgs(t, vars, c.Name, "--help")
		if code != 0 || !strings.HasPrefix(cout, "Usage: trustwork "+c.Name) {
			t.Errorf("%s --help: exit %d, %q", c.Name, code, cout)
		}
		for _, f := range c.flagsOf() {
			if !hasFlagLine(cout, f) {
				t.Errorf("%s --help lacks %s", c.Name, f.synopsis())
			}
		}
	}
}

// hasFlagLine reports whether help has a line describing flag f: its
// synopsis and its usage, on that line or (for a long flag) the next.
func hasFlagLine(help string, f flagSpec) bool {
	lines := strings.Split(help, "\n")
	for i, line := range lines {
		if !strings.Contains(line, f.synopsis()) {
			continue
		}
		if strings.Contains(line, f.Usage) || i+1 < len(lines) && strings.TrimSpace(lines[i+1]) == f.Usage {
			return true
		}
	}
	return false
}

// TestVersionFrom: a binary built with plain go build or go install says
// which module version or commit it is.
func TestVersionFrom(t *testing.T) {
	vcs := func(rev, at, modified string) []debug.BuildSetting {
		return []debug.BuildSetting{{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: rev},
			{Key: "vcs.time", Value: at}, {Key: "vcs.modified", Value: modified}}
	}
	rev := "dba614df98725960fab68d49c771b4b8b0c8d26b"
	for _, c := range []struct {
		name string
		bi   *debug.BuildInfo
		want string
	}{
		{"go install module@version", &debug.BuildInfo{Main: debug.Module{Version: "v1.4.0"}}, "v1.4.0"},
		{"go build in a clean checkout", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: vcs(rev, "2026-11-22T02:29:47Z", "false")},
			"devel dba614df9872 (2026-11-22T02:29:47Z)"},
		{"go build with changes", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: vcs(rev, "2026-11-22T02:29:47Z", "true")},
			"devel dba614df9872+dirty (2026-11-22T02:29:47Z)"},
		{"pseudo-version and commit", &debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-20261122022947-dba614df9872"}, Settings: vcs(rev, "2026-11-22T02:29:47Z", "false")},
			"v0.0.0-20261122022947-dba614df9872 (2026-11-22T02:29:47Z)"},
		{"tagged version and commit", &debug.BuildInfo{Main: debug.Module{Version: "v1.4.0"}, Settings: vcs(rev, "", "false")},
			"v1.4.0 dba614df9872"},
		{"no information", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, "dev (built without version information)"},
		{"no build info", nil, "dev"},
	} {
		if got := versionFrom(c.bi); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}
