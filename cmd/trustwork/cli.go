package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/term"

	"github.com/trustwork/trustwork/content"
	"github.com/trustwork/trustwork/internal/export"
	"github.com/trustwork/trustwork/internal/portable"
	"github.com/trustwork/trustwork/internal/sanitize"
	"github.com/trustwork/trustwork/internal/store"
	"github.com/trustwork/trustwork/internal/tui"
	"github.com/trustwork/trustwork/internal/workbook"
)

// version is set at build time with -ldflags "-X main.version=…"; builds
// without it fall back to the module version Go recorded.
var version = ""

// exitUsage is the exit code for a mistake in the command line, as for most
// Unix tools; other failures exit 1.
const exitUsage = 2

type env struct {
	stdin          *os.File
	stdout, stderr io.Writer
	getenv         func(string) string
	// dbFlagSet is true when --db was given, even as "", which must not
	// quietly mean the default file.
	dbFlagSet bool
	// passFile is --passphrase-file (see passphrase.go).
	passFile string
	// command is the command being run ("" before one is known), whose
	// help a mistake points to.
	command string
}

func run(args []string, stdin *os.File, stdout, stderr io.Writer, getenv func(string) string) int {
	e := env{stdin: stdin, stdout: stdout, stderr: stderr, getenv: getenv}
	root, _ := lookup("")
	top, help, err := root.parse(&e, "", args)
	if err != nil {
		return e.fail(err)
	}
	if help {
		fmt.Fprint(stdout, usageText())
		return 0
	}
	if top.flag("version") {
		fmt.Fprintf(stdout, "trustwork %s\n", buildVersion())
		return 0
	}
	c, rest := root, top.args
	if len(rest) > 0 {
		var ok bool
		if c, ok = lookup(rest[0]); !ok || rest[0] == "" {
			return e.usageError(fmt.Errorf("unknown command %q", rest[0]))
		}
		e.command = c.Name
		cl, help, err := c.parse(&e, top.db, rest[1:])
		if err != nil {
			return e.fail(err)
		}
		if help {
			fmt.Fprint(stdout, commandUsage(c))
			return 0
		}
		top = cl
		if f := cl.fs.Lookup("passphrase-file"); f != nil {
			e.passFile = f.Value.String()
		}
	}
	return e.fail(c.Run(e, top))
}

// fail reports err, if any, and returns the exit code: 2 for a mistake in
// the command line, 1 for anything else.
func (e env) fail(err error) int {
	if err == nil {
		return 0
	}
	var ue usageErr
	if errors.As(err, &ue) {
		return e.usageError(ue.error)
	}
	if errors.Is(err, syscall.EPIPE) {
		// The program reading the output went away (trustwork export |
		// head): it has what it wanted, so nothing is said, and the exit
		// status is the one a program killed by SIGPIPE has, as other
		// tools behave. The journal was closed as after any export.
		return 128 + int(syscall.SIGPIPE)
	}
	fmt.Fprintf(e.stderr, "trustwork: %s\n", oneLine(err.Error()))
	var coded interface{ ExitCode() int }
	if errors.As(err, &coded) {
		return coded.ExitCode() // 128+n after a signal
	}
	return 1
}

// noteDBFlag remembers whether fs had --db on the command line.
func (e *env) noteDBFlag(fs *flag.FlagSet) {
	fs.Visit(func(f *flag.Flag) { e.dbFlagSet = e.dbFlagSet || f.Name == "db" })
}

// usageErr marks a command-line mistake, answered with exit code 2.
type usageErr struct{ error }

func (e env) usageError(err error) int {
	see := "trustwork --help"
	if e.command != "" {
		see = "trustwork " + e.command + " --help"
	}
	fmt.Fprintf(e.stderr, "trustwork: %s (see %s)\n", oneLine(err.Error()), see)
	return exitUsage
}

// oneLine keeps a message to the single line the person reads, with any
// control characters (a path can hold escape sequences) made visible
// instead of reaching the terminal.
func oneLine(s string) string {
	return strings.Join(strings.Fields(sanitize.Display(s)), " ")
}

// buildVersion is what --version says: the -X main.version stamp of
// `make build`, else what Go recorded in the binary (see versionFrom).
func buildVersion() string {
	if version != "" {
		return version
	}
	bi, _ := debug.ReadBuildInfo()
	return versionFrom(bi)
}

// versionFrom reads a version from Go's build information, so plain
// `go build` and `go install` binaries say what they are: the module
// version when installed as module@version, and the commit, its time and
// whether the tree had uncommitted changes when built inside a checkout,
// as "devel 1a2b3c4d5e6f+dirty (2026-11-22T02:29:47Z)".
func versionFrom(bi *debug.BuildInfo) string {
	if bi == nil {
		return "dev"
	}
	main := bi.Main.Version
	if main == "(devel)" {
		main = ""
	}
	var rev, at string
	dirty := false
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			at = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if rev == "" {
		if main == "" {
			return "dev (built without version information)"
		}
		return main
	}
	v := rev[:min(len(rev), 12)]
	if dirty {
		v += "+dirty"
	}
	switch {
	case main == "":
		main = "devel " + v
	case !strings.Contains(main, rev[:min(len(rev), 12)]):
		main += " " + v
	}
	// Go 1.24+ builds in a checkout get a pseudo-version that already
	// names the commit (and +dirty), as v0.0.0-20261122022947-dba614df9872.
	if at != "" {
		return fmt.Sprintf("%s (%s)", main, at)
	}
	return main
}

// dbPath chooses the data file: the flag, then $TRUSTWORK_DB, then the XDG
// data directory.
func (e env) dbPath(flagValue string) (string, error) {
	p := flagValue
	if p == "" {
		p = e.getenv("TRUSTWORK_DB")
	}
	if p == "" && flagValue == "" && e.dbFlagSet {
		return "", usageErr{errors.New("--db needs a file path")}
	}
	if p == "" {
		dataHome := e.getenv("XDG_DATA_HOME")
		// The XDG spec says relative paths are invalid and must be ignored.
		if dataHome == "" || !filepath.IsAbs(dataHome) {
			home := e.getenv("HOME")
			if home == "" {
				return "", errors.New("cannot find your home directory: set HOME, or choose a file with --db")
			}
			dataHome = filepath.Join(home, ".local", "share")
		}
		p = filepath.Join(dataHome, "trustwork", "journal.db")
	}
	if strings.HasPrefix(p, "~/") {
		if home := e.getenv("HOME"); home != "" {
			p = filepath.Join(home, p[2:])
		}
	}
	return filepath.Abs(p)
}

// openExisting opens a data file for a read-only command. A missing file is
// not created: there is nothing to read yet.
func (e env) openExisting(flagValue string) (*store.Store, error) {
	path, err := e.dbPath(flagValue)
	if err != nil {
		return nil, err
	}
	if _, err := os.Lstat(path); errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("there is no journal at %s yet; run trustwork to start one, or choose the file with --db", sanitize.Path(path))
	}
	st, err := store.Open(path, store.Options{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	if err := e.unlock(st); err != nil {
		st.Close()
		return nil, err
	}
	return st, nil
}

func (e env) runTUI(dbFlag string) error {
	if !term.IsTerminal(e.stdin.Fd()) || !isTerminal(e.stdout) {
		return errors.New("the workbook needs a terminal: run trustwork in a terminal window (from a script, use trustwork status or trustwork export)")
	}
	if t := e.getenv("TERM"); t == "dumb" {
		return errors.New(`this terminal (TERM=dumb) cannot show the workbook; run trustwork in a full terminal, or try TERM=xterm-256color`)
	}
	path, err := e.dbPath(dbFlag)
	if err != nil {
		return err
	}
	// go-runewidth's tables are made while Bubble Tea starts. Its
	// renderer measures each character with go-runewidth, whose first
	// character past U+02FF builds 2 MB of width tables (2-3 ms); left to
	// the renderer, that happens inside the first frame's flush, when the
	// frame is already due. (The lessons come built: content.Book.)
	go ansi.StringWidthWc("›")
	// The data file is opened and checked (a foreign, damaged or newer
	// one refused) and the journal read (tui.New) while Bubble Tea starts,
	// too: it draws its first frame 1/60 s after it starts, and this work
	// (about 10 ms on L) fits in that wait (tui.Starting) instead of
	// coming before it. Nothing Bubble Tea writes reaches the terminal
	// before the file is accepted (heldTerminal), and a refusal is
	// printed once Bubble Tea has given the terminal back.
	var app struct {
		st      *store.Store
		m       tea.Model
		err     error
		refused bool
		decided chan struct{} // closed once st (or err, refused) is set
		opened  chan struct{} // closed once every field is set
	}
	app.decided, app.opened = make(chan struct{}), make(chan struct{})
	go func() {
		defer close(app.opened)
		var reopen func() (*store.Store, error)
		app.st, reopen, app.err = openForTUI(path)
		app.refused = app.err != nil
		close(app.decided)
		if app.err != nil {
			return
		}
		app.m, app.err = tui.New(tui.Config{
			Store:   app.st,
			Book:    content.Book(),
			DataDir: filepath.Dir(path),
			DBPath:  path,
			Now:     time.Now,
			Editor:  firstNonEmpty(e.getenv("VISUAL"), e.getenv("EDITOR")),
			Reopen:  reopen,
		})
		if app.err != nil {
			// A damaged file fails its first reads; the integrity
			// check says what is wrong better than the read did.
			if verr := app.st.Verify(); verr != nil {
				app.err = verr
			}
		}
	}()
	load := func() (tea.Model, error) {
		<-app.opened
		return app.m, app.err
	}
	m := tui.Starting(load)
	// Run flushes the draft however the app ends, signals included.
	out := &heldTerminal{f: e.stdout.(*os.File), decided: app.decided, refused: &app.refused}
	err = tui.Run(m, tea.WithInput(e.stdin), tea.WithOutput(out))
	// Run can end before the open does (the terminal gone, a second
	// ctrl+c): the open is waited for, so its store is closed cleanly.
	<-app.opened
	if app.st != nil {
		app.st.Close()
	}
	if f, ok := m.(interface{ Store() *store.Store }); ok && f.Store() != nil && f.Store() != app.st {
		f.Store().Close() // unlocked, then reopened for writing (passphrase.go)
	}
	return err
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(f.Fd())
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

// journal is what the read-only commands work on.
type journal struct {
	book *workbook.Workbook
	st   *store.Store
	wb   store.Workbook
	ok   bool // false when the workbook was never set up
}

// openJournal opens the data file read-only with its
// workbook, chosen by name when choose is true; otherwise j.ok only says
// whether any workbook is set up. The caller closes j.st.
func (e env) openJournal(dbFlag, name string, choose bool) (journal, error) {
	st, err := e.openExisting(dbFlag)
	if err != nil {
		return journal{}, err
	}
	book := content.Book()
	if !choose {
		wbs, err := st.Workbooks(context.Background())
		if err != nil {
			st.Close()
			return journal{}, err
		}
		return journal{book: book, st: st, ok: len(wbs) > 0}, nil
	}
	wb, ok, err := chooseWorkbook(context.Background(), st, name)
	if err != nil {
		st.Close()
		return journal{}, err
	}
	return journal{book: book, st: st, wb: wb, ok: ok}, nil
}

func (e env) status(c call) error {
	j, err := e.openJournal(c.db, c.str("workbook"), true)
	if err != nil {
		return err
	}
	defer j.st.Close()
	if !j.ok {
		fmt.Fprintln(e.stdout, "You have not set up your workbook yet. Run trustwork to begin.")
		return nil
	}
	return writeStatus(context.Background(), e.stdout, j.st, j.book, j.wb)
}

func (e env) export(c call) error {
	out, force := c.str("o"), c.flag("force")
	if out == "" {
		// -o defaults to "-": empty is a script's unset variable, and
		// printing the journal on the screen is not what it meant.
		return usageErr{errors.New("-o needs a file name, or - for standard output")}
	}
	xf := exportFlagsOf(c)
	from, to, err := xf.check(time.Local)
	if err != nil {
		return err
	}
	ctx, stoppedBy, stop := stoppable()
	defer stop()
	// JSON is the whole journal, every workbook, so there is none to choose.
	j, err := e.openJournal(c.db, xf.workbook, xf.format == "markdown")
	if err != nil {
		return err
	}
	defer j.st.Close()
	if !j.ok {
		return errors.New("there is nothing to export yet; run trustwork to begin your workbook")
	}
	// A signal stops the export as a failed write does (see stoppable).
	signalled := func(err error) error {
		if s := stoppedBy(); s != nil && err != nil {
			// Its exit code is the shell's 128+n, as for the workbook;
			// the journal is as it was.
			return fmt.Errorf("export: %w", &tui.SignalError{Signal: s})
		}
		return err
	}
	write := func(w io.Writer) error { return portable.Write(ctx, w, j.st, time.Now()) }
	what := "Your journal"
	if xf.apology {
		if write, what, err = e.letter(ctx, j); err != nil {
			return err
		}
	} else if xf.format == "markdown" {
		opts, err := xf.options(j.book, j.wb, from, to)
		if err != nil {
			return err
		}
		write = func(w io.Writer) error { return export.Markdown(ctx, w, j.st, j.book, j.wb, opts) }
	}
	if out == "-" || out == "/dev/stdout" {
		// `export >> journal.db` would append markdown to the journal.
		if f, ok := e.stdout.(*os.File); ok {
			if err := export.CheckNotJournal("/proc/self/fd/"+strconv.Itoa(int(f.Fd())), j.st.Path()); err != nil {
				return errors.New("standard output is your journal's own file; send the export elsewhere, or use -o FILE")
			}
		}
		return signalled(j.st.Explain(ctx, export.Through(e.stdout, "standard output", "", write)))
	}
	path, err := filepath.Abs(out)
	if err != nil {
		return err
	}
	// Never an export over the journal itself, whatever --force says.
	if err := export.CheckNotJournal(path, j.st.Path()); err != nil {
		return err
	}
	if err := export.ToFile(path, force, write); err != nil {
		return signalled(j.st.Explain(ctx, err))
	}
	fmt.Fprintf(e.stderr, "%s is in %s\n", what, sanitize.Path(path))
	return nil
}

func (e env) backup(c call) error {
	out := c.str("o")
	if out == "-" {
		// export takes "-" as standard output; a backup is a database
		// file, so "-" would quietly become a file named "-".
		return errors.New("a backup is a database file, not text for standard output; name a file with -o (for example -o journal-copy.db)")
	}
	st, err := e.openExisting(c.db)
	if err != nil {
		return err
	}
	defer st.Close()
	ctx := context.Background()
	var dest string
	if out == "" {
		if dest, err = st.BackupToFolder(ctx, ""); err != nil {
			return err
		}
	} else {
		if dest, err = filepath.Abs(out); err != nil {
			return err
		}
		// A backup named like the journal's lock, -wal or -journal would
		// be truncated or replayed by the next start: refused like export.
		if err := export.CheckNotJournal(dest, st.Path()); err != nil {
			return err
		}
		if _, err := os.Stat(filepath.Dir(dest)); errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("the folder %s does not exist; create it first or choose another file with -o", sanitize.Path(filepath.Dir(dest)))
		}
		if err := st.Backup(ctx, dest); err != nil {
			return err
		}
	}
	fmt.Fprintf(e.stderr, "Backed up to %s\n", sanitize.Path(dest))
	return nil
}
