package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// script writes trustwork's completion for shell (or its man page, for
// "man") to a temporary file through the real command line.
func script(t *testing.T, what string) string {
	t.Helper()
	args := []string{"completion", what}
	if what == "man" {
		args = []string{"man"}
	}
	out, errOut, code := runArgs(t, map[string]string{"HOME": t.TempDir()}, args...)
	if code != 0 || out == "" {
		t.Fatalf("trustwork %s: exit %d, %q", strings.Join(args, " "), code, errOut)
	}
	path := filepath.Join(t.TempDir(), "trustwork."+what)
	if err := os.WriteFile(path, []byte(out), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// needTool skips a test whose shell or formatter is not installed, except
// under CI (CI=true), where .ci/run installs them: there a missing tool
// fails, so a skipped test can never pass for a checked one.
func needTool(t *testing.T, name string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		pkg := map[string]string{"groff": "groff-base", "man": "man-db"}[name]
		if pkg == "" {
			pkg = name
		}
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is not installed, and CI=true needs it (apt-get install %s; .ci/run does)", name, pkg)
		}
		t.Skipf("%s is not installed here (apt-get install %s)", name, pkg)
	}
}

func runTool(t *testing.T, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Env = append(os.Environ(), "HOME="+t.TempDir(), "XDG_CONFIG_HOME="+t.TempDir(), "MANPAGER=cat", "MANWIDTH=80")
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil || errOut.Len() > 0 {
		t.Fatalf("%s %q: %v\n%s%s", name, args, err, errOut.String(), out.String())
	}
	return out.String()
}

// TestCompletionSyntax: each script parses in its own shell.
func TestCompletionSyntax(t *testing.T) {
	for _, sh := range shells {
		t.Run(sh, func(t *testing.T) {
			needTool(t, sh)
			runTool(t, sh, "-n", script(t, sh))
		})
	}
}

// fishForm is how a flag is written in a fish complete command.
func fishForm(name string) string {
	if len(name) == 1 {
		return "-s " + name
	}
	return "-l " + name
}

// TestCompletionHasEveryFlag: every command, flag and value of the table
// is in each script, in that shell's form.
func TestCompletionHasEveryFlag(t *testing.T) {
	for _, sh := range shells {
		b, err := os.ReadFile(script(t, sh))
		if err != nil {
			t.Fatal(err)
		}
		s := string(b)
		for _, c := range commands {
			if c.Name != "" && !strings.Contains(s, c.Name) {
				t.Errorf("%s: command %s missing", sh, c.Name)
			}
			for _, v := range c.ArgValues {
				if !strings.Contains(s, v) {
					t.Errorf("%s: %s's argument %s missing", sh, c.Name, v)
				}
			}
			for _, f := range c.flagsOf() {
				names := []string{f.Name}
				if f.Alias != "" {
					names = append(names, f.Alias)
				}
				for _, n := range names {
					want := dashName(n)
					if sh == "fish" {
						want = fishForm(n)
					}
					if !hasWord(s, want) {
						t.Errorf("%s: %q's flag %s missing", sh, c.Name, want)
					}
				}
				for _, v := range f.Values {
					if !strings.Contains(s, v) {
						t.Errorf("%s: %s's value %s missing", sh, f.dashed(), v)
					}
				}
			}
		}
	}
}

// hasWord reports whether s has w as a whole word, not inside a longer
// one (-h inside --help).
func hasWord(s, w string) bool {
	return regexp.MustCompile(`(^|[\s'"{,|(])` + regexp.QuoteMeta(w) + `($|[\s'"},|)\[=])`).MatchString(s)
}

// wantWords is what completing after a command's name and a dash should
// offer: every spelling of every flag of the command.
func wantWords(c command) []string {
	w := dashedAll(c)
	sort.Strings(w)
	return w
}

// TestBashCompletes runs the bash script's function as bash would on Tab.
func TestBashCompletes(t *testing.T) {
	needTool(t, "bash")
	path := script(t, "bash")
	complete := func(words ...string) []string {
		t.Helper()
		prog := `source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 )); _trustwork; printf '%s\n' "${COMPREPLY[@]}"`
		out := runTool(t, "bash", append([]string{"-c", prog, "bash", path}, words...)...)
		got := strings.Fields(out)
		sort.Strings(got)
		return got
	}
	names := commandNames()
	sort.Strings(names)
	if got := complete("trustwork", ""); strings.Join(got, " ") != strings.Join(names, " ") {
		t.Errorf("trustwork <Tab>: %q, want %q", got, names)
	}
	for _, c := range commands {
		words := []string{"trustwork", "--db", "x.db", c.Name, "-"}
		if c.Name == "" {
			words = []string{"trustwork", "-"}
		}
		if got, want := complete(words...), wantWords(c); strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("%q <Tab>: %q, want %q", words, got, want)
		}
	}
	if got := complete("trustwork", "completion", "z"); strings.Join(got, " ") != "zsh" {
		t.Errorf("trustwork completion z<Tab>: %q", got)
	}
	// bash splits --flag=value at the "=" (COMP_WORDBREAKS): the value
	// is still completed, and --db=FILE still skips its value.
	for _, words := range [][]string{
		{"trustwork", "export", "--format", "=", ""},
		{"trustwork", "export", "--format", "="},
		{"trustwork", "--db", "=", "x.db", "export", "--format", "=", ""},
	} {
		if got := complete(words...); strings.Join(got, " ") != "json markdown" {
			t.Errorf("%q <Tab>: %q, want json markdown", words, got)
		}
	}
	if got := complete("trustwork", "export", "--format", "=", "j"); strings.Join(got, " ") != "json" {
		t.Errorf("trustwork export --format=j<Tab>: %q", got)
	}
	exp, _ := lookup("export")
	if got, want := complete("trustwork", "--db", "=", "x.db", "export", "-"), wantWords(exp); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("trustwork --db=x.db export -<Tab>: %q, want %q", got, want)
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "journal.db"), nil, 0o600)
	if got := complete("trustwork", "export", "-o", filepath.Join(dir, "jo")); len(got) != 1 || !strings.HasSuffix(got[0], "journal.db") {
		t.Errorf("export -o <Tab> should complete a file name: %q", got)
	}
}

// TestFishCompletes asks fish what it would offer on Tab.
func TestFishCompletes(t *testing.T) {
	needTool(t, "fish")
	path := script(t, "fish")
	complete := func(line string) []string {
		t.Helper()
		out := runTool(t, "fish", "--no-config", "-c", "source "+path+"; complete -C '"+line+"'")
		var got []string
		for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
			if w, _, _ := strings.Cut(l, "\t"); w != "" {
				got = append(got, w)
			}
		}
		sort.Strings(got)
		return got
	}
	names := commandNames()
	sort.Strings(names)
	if got := complete("trustwork "); strings.Join(got, " ") != strings.Join(names, " ") {
		t.Errorf("trustwork <Tab>: %q, want %q", got, names)
	}
	for _, c := range subcommands() {
		if got, want := complete("trustwork "+c.Name+" -"), wantWords(c); strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("trustwork %s -<Tab>: %q, want %q", c.Name, got, want)
		}
	}
	// The file after --db is not the command; help takes a command.
	for _, line := range []string{"trustwork --db x.db ", "trustwork help "} {
		if got := complete(line); strings.Join(got, " ") != strings.Join(names, " ") {
			t.Errorf("%s<Tab>: %q, want %q", line, got, names)
		}
	}
	exp, _ := lookup("export")
	if got, want := complete("trustwork --db x.db export -"), wantWords(exp); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("trustwork --db x.db export -<Tab>: %q, want %q", got, want)
	}
	if got := complete("trustwork help export "); len(got) != 0 {
		t.Errorf("trustwork help export <Tab>: %q, want nothing", got)
	}
}

// TestZshLoads: the zsh script registers itself with compinit, both
// sourced and from $fpath.
func TestZshLoads(t *testing.T) {
	needTool(t, "zsh")
	path := script(t, "zsh")
	dir := filepath.Join(t.TempDir(), "fpath")
	os.Mkdir(dir, 0o700)
	b, _ := os.ReadFile(path)
	os.WriteFile(filepath.Join(dir, "_trustwork"), b, 0o600)
	for _, prog := range []string{
		`autoload -U compinit; compinit -u -d "$HOME/zcd"; source "$1"; print -r -- $_comps[trustwork]`,
		`fpath=("$2" $fpath); autoload -U compinit; compinit -u -d "$HOME/zcd"; print -r -- $_comps[trustwork]`,
	} {
		if out := runTool(t, "zsh", "-f", "-c", prog, "zsh", path, dir); strings.TrimSpace(out) != "_trustwork" {
			t.Errorf("zsh: trustwork completes with %q, want _trustwork", out)
		}
	}
}

// zshDriver types each line given after the fpath folder into an
// interactive zsh in a pseudo-terminal (zsh/zpty), presses Tab, and prints
// what zsh listed under "=== line". A marker command after each Tab tells
// it when the listing is complete.
const zshDriver = `zmodload zsh/zpty
zpty z 'zsh -f -i'
zpty -w z "PS1='> '; fpath=($1 \$fpath); autoload -U compinit; compinit -u -d \$HOME/zcd; zstyle ':completion:*' menu no; LISTMAX=0; print re''ady"
zpty -r -m z out '*ready*'
shift
i=0
for line in "$@"; do
  (( i++ ))
  zpty -w -n z "$line"$'\t'
  sleep 0.5 # zsh does not complete while more input is queued
  zpty -w z $'\C-u'"print @@end-\$(( $i + 0 ))."
  zpty -r -m z out "*@@end-${i}.*"
  print -r -- "=== $line"
  print -r -- "$out"
done
zpty -d z
`

// TestZshCompletes presses Tab in a real interactive zsh: after the
// program's name it lists every command, after a command and a dash every
// spelling of that command's flags, and zsh reports no error in a spec.
func TestZshCompletes(t *testing.T) {
	needTool(t, "zsh")
	dir := t.TempDir()
	b, err := os.ReadFile(script(t, "zsh"))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "_trustwork"), b, 0o600)
	driver := filepath.Join(dir, "driver.zsh")
	os.WriteFile(driver, []byte(zshDriver), 0o600)
	// The first line only warms zsh up: a Tab typed while it is still
	// starting its line editor can be lost.
	lines := []string{"trustwork ", "trustwork ", "trustwork completion "}
	for _, c := range subcommands() {
		lines = append(lines, "trustwork "+c.Name+" -")
	}
	// --flag=value, as Go's flag package also reads it.
	lines = append(lines, "trustwork export --format=", "trustwork --db=x.db export --no")
	out := ansi.Strip(runTool(t, "zsh", append([]string{"-f", driver, dir}, lines...)...))
	sections := strings.Split(out, "=== ")[1:]
	if len(sections) != len(lines) {
		t.Fatalf("zsh answered %d of %d lines:\n%s", len(sections), len(lines), out)
	}
	listed := func(i int) []string { return strings.Fields(sections[i]) }
	for _, bad := range []string{"_arguments", "invalid", "command not found"} {
		if strings.Contains(out, bad) {
			t.Errorf("zsh reported %q:\n%s", bad, out)
		}
	}
	for _, name := range commandNames() {
		if !contains(listed(1), name) {
			t.Errorf("trustwork <Tab> in zsh lacks %s:\n%s", name, sections[1])
		}
	}
	for _, sh := range shells {
		if !contains(listed(2), sh) {
			t.Errorf("trustwork completion <Tab> in zsh lacks %s:\n%s", sh, sections[2])
		}
	}
	for i, c := range subcommands() {
		for _, f := range dashedAll(c) {
			if !contains(listed(3+i), f) {
				t.Errorf("trustwork %s -<Tab> in zsh lacks %s:\n%s", c.Name, f, sections[3+i])
			}
		}
	}
	n := 3 + len(subcommands())
	if got := listed(n); !contains(got, "json") || !contains(got, "markdown") {
		t.Errorf("trustwork export --format=<Tab> in zsh lists no format:\n%s", sections[n])
	}
	if !strings.Contains(sections[n+1], "--no-drafts") {
		t.Errorf("trustwork --db=x.db export --no<Tab> in zsh does not complete --no-drafts:\n%s", sections[n+1])
	}
}

// TestManPage: the man page renders without warnings and documents every
// command and flag of the table.
func TestManPage(t *testing.T) {
	needTool(t, "groff")
	path := script(t, "man")
	runTool(t, "groff", "-man", "-Tutf8", "-ww", "-z", path) // warnings fail
	out := runTool(t, "groff", "-man", "-Tascii", "-P", "-cbou", path)
	flat := strings.Join(strings.Fields(out), " ") // groff wraps a long synopsis
	for _, c := range commands {
		if !strings.Contains(flat, "trustwork "+c.synopsis()) {
			t.Errorf("man page lacks the synopsis %q", "trustwork "+c.synopsis())
		}
		for _, f := range c.flagsOf() {
			if f.Name != "help" && !hasFlagLine(strings.ReplaceAll(out, "\n       ", "\n"), flagSpec{Name: f.Name, Arg: f.Arg}) {
				t.Errorf("man page lacks %s", f.synopsis())
			}
			if f.Name != "help" && !strings.Contains(strings.Join(strings.Fields(out), " "), upperFirst(f.Usage)) {
				t.Errorf("man page lacks the usage of %s: %q", f.synopsis(), f.Usage)
			}
		}
	}
	// A flag and its value are one unit: never split across lines.
	for _, c := range commands {
		for _, f := range c.flagsOf() {
			if f.Arg != "" && regexp.MustCompile(regexp.QuoteMeta(f.dashed())+`\n\s*`+f.Arg+`\b`).MatchString(out) {
				t.Errorf("man page breaks %s from its %s across lines", f.dashed(), f.Arg)
			}
		}
	}
	if _, err := exec.LookPath("man"); err == nil || os.Getenv("CI") == "true" {
		needTool(t, "man")
		if out := runTool(t, "man", "-l", path); !strings.Contains(out, "TRUSTWORK(1)") {
			t.Errorf("man -l: %q", out[:min(len(out), 200)])
		}
	}
}

func TestCompletionUnknownShell(t *testing.T) {
	_, errOut, code := runArgs(t, map[string]string{"HOME": t.TempDir()}, "completion", "tcsh")
	if code != exitUsage || !strings.Contains(errOut, "bash, zsh, fish") {
		t.Fatalf("completion tcsh: %d %q", code, errOut)
	}
}
