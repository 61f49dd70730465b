package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/term"

	"github.com/trustwork/trustwork/content"
	"github.com/trustwork/trustwork/internal/export"
	"github.com/trustwork/trustwork/internal/sanitize"
	"github.com/trustwork/trustwork/internal/store"
	"github.com/trustwork/trustwork/internal/tui"
	"github.com/trustwork/trustwork/internal/workbook"
)

// version is set at build time with -ldflags "-X main.version=…"; builds
// without it fall back to the module version Go recorded.
var version = ""

const usage = `trustwork: a private workbook for repairing trust, step by step.

Usage:
  trustwork [--db PATH]                 open the workbook (needs a terminal)
  trustwork [--db PATH] status          print your progress
  trustwork [--db PATH] export [-o FILE] [--force]
                                        write your journal as markdown
                                        (to stdout when -o is missing or "-")
  trustwork [--db PATH] backup [-o FILE]
                                        write a consistent copy of your data
  trustwork [--db PATH] passphrase [--remove] [--idle-lock 10m]
                                        lock your journal with a passphrase,
                                        change it, or remove it; --idle-lock
                                        locks the open workbook when idle
  status, export and backup ask for the passphrase of a locked journal on
  the terminal; scripts can give --passphrase-file FILE (a 0600 file).
  trustwork --help | --version

Your data lives in one file: --db PATH, else $TRUSTWORK_DB, else
$XDG_DATA_HOME/trustwork/journal.db (~/.local/share/trustwork/journal.db).
Nothing ever leaves this machine.
`

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
}

func run(args []string, stdin *os.File, stdout, stderr io.Writer, getenv func(string) string) int {
	e := env{stdin: stdin, stdout: stdout, stderr: stderr, getenv: getenv}
	fs := flag.NewFlagSet("trustwork", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	db := fs.String("db", "", "data file")
	showVersion := fs.Bool("version", false, "print the version")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, usage)
			return 0
		}
		return e.usageError(err)
	}
	e.noteDBFlag(fs)
	if *showVersion {
		fmt.Fprintf(stdout, "trustwork %s\n", buildVersion())
		return 0
	}
	rest := fs.Args()
	cmd := ""
	if len(rest) > 0 {
		cmd, rest = rest[0], rest[1:]
	}
	var err error
	switch cmd {
	case "":
		err = e.runTUI(*db)
	case "status":
		err = e.status(*db, rest)
	case "export":
		err = e.export(*db, rest)
	case "backup":
		err = e.backup(*db, rest)
	case "passphrase":
		err = e.passphrase(*db, rest)
	case "help":
		fmt.Fprint(stdout, usage)
		return 0
	case "version":
		fmt.Fprintf(stdout, "trustwork %s\n", buildVersion())
		return 0
	default:
		return e.usageError(fmt.Errorf("unknown command %q", cmd))
	}
	if err != nil {
		var ue usageErr
		if errors.As(err, &ue) {
			return e.usageError(ue.error)
		}
		fmt.Fprintf(stderr, "trustwork: %s\n", oneLine(err.Error()))
		return 1
	}
	return 0
}

// noteDBFlag remembers whether fs had --db on the command line.
func (e *env) noteDBFlag(fs *flag.FlagSet) {
	fs.Visit(func(f *flag.Flag) { e.dbFlagSet = e.dbFlagSet || f.Name == "db" })
}

// usageErr marks a command-line mistake, answered with exit code 2.
type usageErr struct{ error }

func (e env) usageError(err error) int {
	fmt.Fprintf(e.stderr, "trustwork: %s (see trustwork --help)\n", oneLine(err.Error()))
	return exitUsage
}

// oneLine keeps a message to the single line the person reads, with any
// control characters (a path can hold escape sequences) made visible
// instead of reaching the terminal.
func oneLine(s string) string {
	return strings.Join(strings.Fields(sanitize.Display(s)), " ")
}

func buildVersion() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
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
		return nil, fmt.Errorf("there is no journal at %s yet; run trustwork to start one, or choose the file with --db", path)
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

func loadBook() (*workbook.Workbook, error) {
	book, err := workbook.Load(content.FS)
	if err != nil {
		return nil, fmt.Errorf("the built-in lessons are broken (%w); please report this", err)
	}
	return book, nil
}

func (e env) runTUI(dbFlag string) error {
	if !term.IsTerminal(e.stdin.Fd()) || !isTerminal(e.stdout) {
		return errors.New("the workbook needs a terminal: run trustwork in a terminal window (from a script, use trustwork status or trustwork export)")
	}
	if t := e.getenv("TERM"); t == "dumb" {
		return errors.New(`this terminal (TERM=dumb) cannot show the workbook; run trustwork in a full terminal, or try TERM=xterm-256color`)
	}
	book, err := loadBook()
	if err != nil {
		return err
	}
	path, err := e.dbPath(dbFlag)
	if err != nil {
		return err
	}
	st, reopen, err := openForTUI(path)
	if err != nil {
		return err
	}
	defer func() { st.Close() }()
	m, err := tui.New(tui.Config{
		Store:   st,
		Book:    book,
		DataDir: filepath.Dir(path),
		DBPath:  path,
		Now:     time.Now,
		Editor:  firstNonEmpty(e.getenv("VISUAL"), e.getenv("EDITOR")),
		Reopen:  reopen,
	})
	if err != nil {
		// A damaged file fails its first reads; the integrity check,
		// still running, says what is wrong better than the read did.
		if verr := st.Verify(); verr != nil {
			return verr
		}
		return err
	}
	p := tea.NewProgram(m, tea.WithInput(e.stdin), tea.WithOutput(e.stdout))
	final, err := p.Run()
	if f, ok := final.(interface{ Store() *store.Store }); ok && f.Store() != st {
		st.Close()
		st = f.Store() // unlocked, then reopened for writing (passphrase.go)
	}
	if err != nil && !errors.Is(err, tea.ErrInterrupted) {
		return fmt.Errorf("the screen stopped unexpectedly: %w", err)
	}
	if f, ok := final.(interface{ Err() error }); ok && f.Err() != nil {
		return f.Err()
	}
	return nil
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

// openJournal loads the lessons and opens the data file read-only with its
// workbook. The caller closes j.st.
func (e env) openJournal(dbFlag string) (journal, error) {
	book, err := loadBook()
	if err != nil {
		return journal{}, err
	}
	st, err := e.openExisting(dbFlag)
	if err != nil {
		return journal{}, err
	}
	wb, ok, err := firstWorkbook(context.Background(), st)
	if err != nil {
		st.Close()
		return journal{}, err
	}
	return journal{book: book, st: st, wb: wb, ok: ok}, nil
}

// firstWorkbook returns the workbook the app works on: the oldest one.
func firstWorkbook(ctx context.Context, st *store.Store) (store.Workbook, bool, error) {
	wbs, err := st.Workbooks(ctx)
	if err != nil {
		return store.Workbook{}, false, err
	}
	if len(wbs) == 0 {
		return store.Workbook{}, false, nil
	}
	return wbs[0], true, nil
}

func (e env) status(dbFlag string, args []string) error {
	fs := flag.NewFlagSet("status", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&dbFlag, "db", dbFlag, "data file")
	e.passphraseFlag(fs)
	if err := fs.Parse(args); err != nil {
		return usageErr{err}
	}
	e.noteDBFlag(fs)
	if fs.NArg() > 0 {
		return usageErr{fmt.Errorf("status takes no arguments, got %q", fs.Arg(0))}
	}
	j, err := e.openJournal(dbFlag)
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

func (e env) export(dbFlag string, args []string) error {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&dbFlag, "db", dbFlag, "data file")
	e.passphraseFlag(fs)
	out := fs.String("o", "-", "output file, or - for stdout")
	force := fs.Bool("force", false, "replace an existing file")
	if err := fs.Parse(args); err != nil {
		return usageErr{err}
	}
	e.noteDBFlag(fs)
	if fs.NArg() > 0 {
		return usageErr{fmt.Errorf("unexpected argument %q (did you mean -o %s?)", fs.Arg(0), fs.Arg(0))}
	}
	j, err := e.openJournal(dbFlag)
	if err != nil {
		return err
	}
	defer j.st.Close()
	if !j.ok {
		return errors.New("there is nothing to export yet; run trustwork to begin your workbook")
	}
	ctx := context.Background()
	opts := export.Options{Now: time.Now(), Location: time.Local}
	write := func(w io.Writer) error { return export.Markdown(ctx, w, j.st, j.book, j.wb, opts) }
	if *out == "-" || *out == "" {
		return write(e.stdout)
	}
	path, err := filepath.Abs(*out)
	if err != nil {
		return err
	}
	if err := export.ToFile(path, *force, write); err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "Your journal is in %s\n", oneLine(path))
	return nil
}

func (e env) backup(dbFlag string, args []string) error {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&dbFlag, "db", dbFlag, "data file")
	e.passphraseFlag(fs)
	out := fs.String("o", "", "backup file (default: the backups folder beside the data file)")
	if err := fs.Parse(args); err != nil {
		return usageErr{err}
	}
	e.noteDBFlag(fs)
	if fs.NArg() > 0 {
		return usageErr{fmt.Errorf("unexpected argument %q (did you mean -o %s?)", fs.Arg(0), fs.Arg(0))}
	}
	st, err := e.openExisting(dbFlag)
	if err != nil {
		return err
	}
	defer st.Close()
	ctx := context.Background()
	var dest string
	if *out == "" {
		if dest, err = st.BackupToFolder(ctx, ""); err != nil {
			return err
		}
	} else {
		if dest, err = filepath.Abs(*out); err != nil {
			return err
		}
		if err := st.Backup(ctx, dest); err != nil {
			return err
		}
	}
	fmt.Fprintf(e.stderr, "Backed up to %s\n", oneLine(dest))
	return nil
}
