package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"regexp"
	"strings"
)

// The command line is defined once, in the commands table below. --help,
// the man page (`trustwork man`) and the bash, zsh and fish completions
// (`trustwork completion SHELL`) are all generated from it, so they cannot
// drift from what the parser accepts.
//
// To add a subcommand: append a command to commands with its Name, Summary,
// Flags, Args and a Run func (usually a method of env in cli.go). To add a
// flag to a subcommand: add a flagSpec to its Flags and read it in Run with
// c.str(name) or c.flag(name). Nothing else needs editing; TestTableOutputs
// checks that every flag shows in the help, the man page and each
// completion script.

// flagSpec is one flag of a command.
type flagSpec struct {
	Name  string // without dashes; one letter is shown as -x, longer as --name
	Alias string // optional one-letter alias (as -h for --help)
	// Arg names the flag's value (PATH, FILE, FORMAT); empty for a boolean
	// flag.
	Arg     string
	Default string // the value when the flag is absent (string flags)
	Usage   string // one line, lower case, no final full stop
	// How a shell completes the value: Files for a path, else one of
	// Values (as json, markdown), else nothing.
	Files  bool
	Values []string
}

// dashed is the flag as people type it: -o, --force.
func (f flagSpec) dashed() string { return dashName(f.Name) }

func dashName(name string) string {
	if len(name) == 1 {
		return "-" + name
	}
	return "--" + name
}

// synopsis is the flag with its value, as in [-o FILE].
func (f flagSpec) synopsis() string {
	if f.Arg == "" {
		return f.dashed()
	}
	return f.dashed() + " " + f.Arg
}

// command is one subcommand (or, with an empty Name, trustwork itself).
type command struct {
	Name    string
	Summary string // one line for the overview
	Detail  string // optional extra sentences for the man page and COMMAND --help
	Flags   []flagSpec
	// UsesDB adds the --db flag, which is then accepted before or after
	// the command name.
	UsesDB bool
	// Args names the positional arguments (as FILE, or bash|zsh|fish); a
	// command without Args takes none. ArgValues and ArgFiles say how a
	// shell completes them; MinArgs and MaxArgs how many are accepted.
	Args             string
	ArgValues        []string
	ArgFiles         bool
	MinArgs, MaxArgs int
	Run              func(e env, c call) error
}

// dbFlag is the data file, accepted by every command that opens one.
var dbFlag = flagSpec{Name: "db", Arg: "PATH", Files: true,
	Usage: "the data file (see below), before or after the command"}

// workbookFlag names one workbook when there are several.
var workbookFlag = flagSpec{Name: "workbook", Arg: "NAME", Usage: workbookUsage}

// passFileFlag gives the passphrase of a locked journal to a script.
var passFileFlag = flagSpec{Name: "passphrase-file", Arg: "FILE", Files: true,
	Usage: "read the passphrase from this private (0600) file"}

// rootFlags are the flags of trustwork itself, before any command name.
var rootFlags = []flagSpec{
	dbFlag,
	{Name: "version", Usage: "print the version and exit"},
	{Name: "help", Alias: "h", Usage: "print this help and exit"},
}

// commands is the one definition of trustwork's command line. It is filled
// in init because its Run funcs (help, completion, man) read the table.
var commands []command

func init() {
	commands = []command{
		{Name: "", Summary: "open the workbook (needs a terminal)", UsesDB: true,
			Run: func(e env, c call) error { return e.runTUI(c.db) }},
		{Name: "status", Summary: "print your progress", UsesDB: true,
			Flags: []flagSpec{workbookFlag, passFileFlag},
			Run:   func(e env, c call) error { return e.status(c) }},
		{Name: "export", Summary: "write your journal as markdown or json", UsesDB: true,
			Detail: "It goes to stdout when -o is missing or -; an existing file is kept unless --force.",
			Flags: []flagSpec{
				{Name: "o", Arg: "FILE", Default: "-", Files: true, Usage: "output file, or - for stdout"},
				{Name: "force", Usage: "replace an existing output file"},
				workbookFlag, passFileFlag,
				{Name: "format", Arg: "FORMAT", Default: "markdown", Values: []string{"markdown", "json"},
					Usage: "markdown to read, or json: the whole journal, for import"},
				{Name: "no-drafts", Usage: "leave out drafts not yet saved"},
				{Name: "step", Arg: "STEP", Usage: "only this step: its number in status, or its id"},
				{Name: "since", Arg: "DATE", Usage: "only entries from this day on (YYYY-MM-DD)"},
				{Name: "until", Arg: "DATE", Usage: "only entries up to this day (YYYY-MM-DD)"},
				{Name: "apology", Usage: "only the finished apology (or impact letter), as a letter"},
			},
			Run: func(e env, c call) error { return e.export(c) }},
		{Name: "backup", Summary: "write a consistent copy of your data", UsesDB: true,
			Flags: []flagSpec{
				{Name: "o", Arg: "FILE", Files: true, Usage: "backup file (default: backups/ beside the data file)"},
				passFileFlag,
			},
			Run: func(e env, c call) error { return e.backup(c) }},
		{Name: "passphrase", Summary: "set, change or remove a passphrase", UsesDB: true,
			Detail: "A locked journal is sealed on disk; status, export and backup then ask for the passphrase " +
				"on the terminal, or read it from a private (0600) --passphrase-file. It is never read from " +
				"the environment or the command line. There is no way back into a journal whose passphrase is lost.",
			Flags: []flagSpec{
				passFileFlag,
				{Name: "new-passphrase-file", Arg: "FILE", Files: true, Usage: "read the new passphrase from this private file"},
				{Name: "remove", Usage: "remove the passphrase (asks first)"},
				{Name: "yes", Usage: "answer yes to the questions (for scripts)"},
				{Name: "idle-lock", Arg: "TIME", Usage: "lock the open workbook after TIME idle (10m; 0 = never)"},
			},
			Run: func(e env, c call) error { return e.passphrase(c) }},
		{Name: "import", Summary: "load a json export into a new journal", UsesDB: true,
			Detail: "FILE is a journal written by trustwork export --format json; - reads standard input. " +
				"A journal that already holds anything is never written.",
			Args: "FILE", ArgFiles: true, MinArgs: 1, MaxArgs: 1,
			Run: func(e env, c call) error { return e.importJournal(c) }},
		{Name: "restore", Summary: "make a backup your journal again", UsesDB: true,
			Detail: "The backup is checked as opening a journal would check it, and never modified. " +
				"A journal that holds entries is replaced only with --replace, and kept beside the restored one.",
			Flags: []flagSpec{
				{Name: "replace", Usage: "replace a journal that holds entries (it is kept)"},
			},
			Args: "BACKUP", ArgFiles: true, MinArgs: 1, MaxArgs: 1,
			Run: func(e env, c call) error { return e.restore(c) }},
		{Name: "completion", Summary: "print a shell completion script",
			Detail: "For bash: source <(trustwork completion bash) in ~/.bashrc. " +
				"For zsh: save it as _trustwork in a folder of $fpath. " +
				"For fish: save it as ~/.config/fish/completions/trustwork.fish.",
			Args: "bash|zsh|fish", ArgValues: shells, MinArgs: 1, MaxArgs: 1,
			Run: func(e env, c call) error { return writeCompletion(e.stdout, c.args[0]) }},
		{Name: "man", Summary: "print the manual page (roff)",
			Detail: "Read it with: trustwork man | man -l -",
			Run:    func(e env, c call) error { return writeMan(e.stdout) }},
		{Name: "help", Summary: "print this help, or a command's help",
			Args: "COMMAND", MaxArgs: 1, // ArgValues: every command name, set below
			Run: func(e env, c call) error { return e.help(c.args) }},
		{Name: "version", Summary: "print the version",
			Run: func(e env, c call) error { fmt.Fprintf(e.stdout, "trustwork %s\n", buildVersion()); return nil }},
	}
	for i := range commands {
		if commands[i].Name == "help" {
			commands[i].ArgValues = commandNames()
		}
	}
}

// commandNames lists the subcommands (without trustwork itself).
func commandNames() []string {
	var names []string
	for _, c := range commands {
		if c.Name != "" {
			names = append(names, c.Name)
		}
	}
	return names
}

// lookup finds a subcommand by name.
func lookup(name string) (command, bool) {
	for _, c := range commands {
		if c.Name == name {
			return c, true
		}
	}
	return command{}, false
}

// flagsOf is every flag the command accepts, --db first.
func (c command) flagsOf() []flagSpec {
	var fs []flagSpec
	if c.Name == "" {
		return rootFlags
	}
	if c.UsesDB {
		fs = append(fs, dbFlag)
	}
	fs = append(fs, c.Flags...)
	return append(fs, flagSpec{Name: "help", Alias: "h", Usage: "print this command's help and exit"})
}

// call is one parsed invocation of a command.
type call struct {
	db   string // --db, from before or after the command name
	fs   *flag.FlagSet
	args []string
}

// str is the value of a string flag of the command.
func (c call) str(name string) string { return c.fs.Lookup(name).Value.String() }

// flag is the value of a boolean flag of the command.
func (c call) flag(name string) bool { return c.fs.Lookup(name).Value.String() == "true" }

// flagSet builds the parser for a command from its table entry.
func (c command) flagSet(db string) *flag.FlagSet {
	name := "trustwork"
	if c.Name != "" {
		name += " " + c.Name
	}
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	for _, f := range c.flagsOf() {
		var names = []string{f.Name}
		if f.Alias != "" {
			names = append(names, f.Alias)
		}
		for _, n := range names {
			switch {
			case f.Name == "db":
				fs.String(n, db, f.Usage)
			case f.Arg == "":
				fs.Bool(n, false, f.Usage)
			default:
				fs.String(n, f.Default, f.Usage)
			}
		}
	}
	return fs
}

// parse reads args for command c; help is true when --help was asked.
func (c command) parse(e *env, db string, args []string) (cl call, help bool, err error) {
	fs := c.flagSet(db)
	if err := fs.Parse(args); err != nil {
		return call{}, false, usageErr{flagError(err)}
	}
	e.noteDBFlag(fs)
	cl = call{fs: fs, args: fs.Args()}
	if f := fs.Lookup("db"); f != nil {
		cl.db = f.Value.String()
	}
	if cl.flag("help") || cl.flag("h") {
		return cl, true, nil
	}
	if c.Name == "" {
		return cl, false, nil
	}
	switch n := len(cl.args); {
	case n > c.MaxArgs && c.MaxArgs == 0:
		msg := fmt.Sprintf("%s takes no arguments, got %q", c.Name, cl.args[0])
		if fs.Lookup("o") != nil {
			msg = fmt.Sprintf("unexpected argument %q (did you mean -o %s?)", cl.args[0], cl.args[0])
		}
		return cl, false, usageErr{errors.New(msg)}
	case n > c.MaxArgs:
		return cl, false, usageErr{fmt.Errorf("%s takes at most %d argument(s): %s", c.Name, c.MaxArgs, c.Args)}
	case n < c.MinArgs:
		return cl, false, usageErr{fmt.Errorf("%s needs %s", c.Name, c.Args)}
	}
	if c.ArgValues != nil && c.Name != "help" {
		for _, a := range cl.args {
			if !contains(c.ArgValues, a) {
				return cl, false, usageErr{fmt.Errorf("%s: unknown %q, choose one of %s", c.Name, a, strings.Join(c.ArgValues, ", "))}
			}
		}
	}
	for _, f := range c.Flags {
		if v := cl.str(f.Name); f.Values != nil && !contains(f.Values, v) {
			return cl, false, usageErr{fmt.Errorf("%s %s: unknown %q, choose one of %s", c.Name, f.dashed(), v, strings.Join(f.Values, ", "))}
		}
	}
	return cl, false, nil
}

// goFlagName is a flag as Go's flag package names it in an error: with
// one dash, whichever way it was typed.
var goFlagName = regexp.MustCompile(`(^|: |flag |for )-([a-z][a-z0-9-]+)`)

// flagError says a flag package error with the flags spelt as the help
// spells them (--format, -o), and "unknown flag" for one it does not know.
func flagError(err error) error {
	msg := strings.Replace(err.Error(), "flag provided but not defined", "unknown flag", 1)
	return errors.New(goFlagName.ReplaceAllString(msg, "$1--$2"))
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// synopsis is the command's usage line without the program name, as
// "export [--db PATH] [-o FILE] [--force]".
func (c command) synopsis() string { return strings.Join(c.synopsisParts(), " ") }

// synopsisLines is "trustwork " and the synopsis, wrapped between its
// parts to fit width, with later lines indented under the command.
func (c command) synopsisLines(indent string, width int) []string {
	var lines []string
	line := indent + "trustwork"
	for _, p := range c.synopsisParts() {
		if len(line)+1+len(p) > width && strings.TrimSpace(line) != "trustwork" {
			lines = append(lines, line)
			line = indent + "         "
		}
		line += " " + p
	}
	return append(lines, line)
}

// synopsisParts are the words of the synopsis: the name, each [flag], the
// arguments.
func (c command) synopsisParts() []string {
	parts := []string{}
	if c.Name != "" {
		parts = append(parts, c.Name)
	}
	for _, f := range c.flagsOf() {
		if f.Name == "help" || f.Name == "version" {
			continue
		}
		parts = append(parts, "["+f.synopsis()+"]")
	}
	if c.Args != "" {
		a := c.Args
		if c.MinArgs == 0 {
			a = "[" + a + "]"
		}
		parts = append(parts, a)
	}
	return parts
}

const helpIntro = "trustwork: a private workbook for repairing trust, step by step.\n"

const helpData = `Your data lives in one file: --db PATH, else $TRUSTWORK_DB, else
$XDG_DATA_HOME/trustwork/journal.db (~/.local/share/trustwork/journal.db).
Nothing ever leaves this machine.
`

// usageText is the whole --help, generated from the table.
func usageText() string {
	var b strings.Builder
	b.WriteString(helpIntro + "\nUsage:\n")
	const col = 40
	for _, c := range commands {
		lines := c.synopsisLines("  ", 78)
		line := lines[len(lines)-1]
		for _, l := range lines[:len(lines)-1] {
			fmt.Fprintf(&b, "%s\n", l)
		}
		if len(lines) > 1 || len(line) >= col-1 {
			fmt.Fprintf(&b, "%s\n%s%s\n", line, strings.Repeat(" ", col), c.Summary)
		} else {
			fmt.Fprintf(&b, "%-*s%s\n", col, line, c.Summary)
		}
	}
	b.WriteString("  trustwork --help | --version\n\nOptions:\n")
	writeFlagLines(&b, rootFlags)
	for _, c := range commands {
		if len(c.Flags) > 0 {
			fmt.Fprintf(&b, "\n%s options:\n", c.Name)
			writeFlagLines(&b, c.Flags)
		}
	}
	b.WriteString("\nRun trustwork COMMAND --help for one command.\n\n" + helpData)
	return b.String()
}

// wrap breaks text into lines of at most width bytes, between words.
func wrap(text string, width int) string {
	var b strings.Builder
	n := 0
	for _, w := range strings.Fields(text) {
		switch {
		case n == 0:
		case n+1+len(w) > width:
			b.WriteString("\n")
			n = 0
		default:
			b.WriteString(" ")
			n++
		}
		b.WriteString(w)
		n += len(w)
	}
	return b.String()
}

// commandUsage is the help of one command.
func commandUsage(c command) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Usage: %s\n\n%s\n", strings.Join(c.synopsisLines("", 78-len("Usage: ")), "\n       "),
		wrap(strings.TrimSpace(upperFirst(c.Summary)+". "+c.Detail), 78))
	if fl := c.flagsOf(); len(fl) > 0 {
		b.WriteString("\nOptions:\n")
		writeFlagLines(&b, fl)
	}
	if c.UsesDB {
		b.WriteString("\n" + helpData)
	}
	return b.String()
}

// flagColumn is the width of the flags' column in help: a flag with its
// value wider than this has its usage on the next line, in the same column,
// so every usage lines up and lines stay within 80 columns.
const flagColumn = 16

func writeFlagLines(b *strings.Builder, flags []flagSpec) {
	for _, f := range flags {
		left := f.synopsis()
		if f.Alias != "" {
			left = dashName(f.Alias) + ", " + left
		}
		if len(left) > flagColumn {
			fmt.Fprintf(b, "  %s\n  %*s", left, flagColumn, "")
		} else {
			fmt.Fprintf(b, "  %-*s", flagColumn, left)
		}
		fmt.Fprintf(b, " %s\n", f.Usage)
	}
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// help answers `trustwork help [COMMAND]`.
func (e env) help(args []string) error {
	if len(args) == 0 {
		fmt.Fprint(e.stdout, usageText())
		return nil
	}
	c, ok := lookup(args[0])
	if !ok || c.Name == "" {
		return usageErr{fmt.Errorf("unknown command %q", args[0])}
	}
	fmt.Fprint(e.stdout, commandUsage(c))
	return nil
}
