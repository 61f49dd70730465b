package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"syscall"
	"time"

	"golang.org/x/term"

	"github.com/trustwork/trustwork/internal/recovery"
	"github.com/trustwork/trustwork/internal/store"
)

// lockExplained is said before a passphrase is set, in the CLI and (in its
// own words) in the TUI.
const lockExplained = `A passphrase locks your journal: what you write, the name you use for the
other person and your relationship are encrypted on this computer, and
nobody can read them from the file without the passphrase.

If you forget it, your journal cannot be opened. There is no back door and
no reset, not even for whoever made trustwork. Write it down somewhere only
you can reach.
`

// unlock opens a locked journal with the passphrase from --passphrase-file
// or, without it, asked on the terminal with no echo. A wrong passphrase
// is one line and nothing is written; try again.
func (e env) unlock(st *store.Store) error {
	if !st.Locked() {
		return nil
	}
	p, err := e.askPassphrase("Passphrase: ", e.passFile)
	if err != nil {
		return err
	}
	defer clear(p)
	if err := st.Unlock(p); err != nil {
		if errors.Is(err, store.ErrWrongPassphrase) {
			return errors.New("that passphrase does not open this journal; nothing was changed, try again")
		}
		return err
	}
	return nil
}

// askPassphrase reads a passphrase from file when one is named, else from
// the terminal without echo.
func (e env) askPassphrase(prompt, file string) ([]byte, error) {
	if file != "" {
		return readPassphraseFile(file)
	}
	if e.stdin == nil || !term.IsTerminal(int(e.stdin.Fd())) {
		return nil, usageErr{errors.New("this journal is locked: run this in a terminal to type its passphrase, or give --passphrase-file FILE")}
	}
	fmt.Fprint(e.stderr, prompt)
	p, err := term.ReadPassword(int(e.stdin.Fd()))
	fmt.Fprintln(e.stderr)
	if err != nil {
		return nil, fmt.Errorf("reading the passphrase: %w", err)
	}
	return p, nil
}

// readPassphraseFile reads a passphrase file that only its owner, this
// user, can read: one line, its newline dropped.
func readPassphraseFile(path string) ([]byte, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NOFOLLOW|syscall.O_CLOEXEC, 0)
	if err != nil {
		return nil, fmt.Errorf("the passphrase file %s cannot be opened (%v); check the path", path, errnoOf(err))
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	sys, ok := st.Sys().(*syscall.Stat_t)
	if !st.Mode().IsRegular() || !ok {
		return nil, fmt.Errorf("the passphrase file %s is not a regular file", path)
	}
	if int(sys.Uid) != os.Getuid() || st.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("the passphrase file %s can be read by others (mode %04o); make it yours and private with chmod 600", path, st.Mode().Perm())
	}
	b, err := io.ReadAll(io.LimitReader(f, 4096))
	if err != nil {
		return nil, err
	}
	b = bytes.TrimSuffix(b, []byte("\n"))
	b = bytes.TrimSuffix(b, []byte("\r"))
	if len(b) == 0 {
		return nil, fmt.Errorf("the passphrase file %s is empty", path)
	}
	return b, nil
}

func errnoOf(err error) error {
	var errno syscall.Errno
	if errors.As(err, &errno) {
		return errno
	}
	return err
}

// passphrase is `trustwork passphrase`: set, change (--new-passphrase-file
// for scripts) or, with --remove, take away the lock.
func (e env) passphrase(c call) error {
	newFile, remove, yes := c.str("new-passphrase-file"), c.flag("remove"), c.flag("yes")
	idle := time.Duration(-1) // not given
	if v := c.str("idle-lock"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < 0 {
			return usageErr{fmt.Errorf("--idle-lock %q is not a time: write it as 10m or 1h, or 0 for never", v)}
		}
		idle = d
	}
	path, err := e.dbPath(c.db)
	if err != nil {
		return err
	}
	if _, err := os.Lstat(path); errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("there is no journal at %s yet; run trustwork to start one, or choose the file with --db", path)
	}
	// As for the TUI: a locked journal is checked read-only, and opened
	// for writing only once the passphrase is right, so a wrong one leaves
	// every file as it was, the writer's lock file included.
	st, reopen, err := openForTUI(path)
	if err != nil {
		return err
	}
	defer func() { st.Close() }()
	if err := e.unlock(st); err != nil {
		return err
	}
	if reopen != nil {
		w, err := reopen()
		if err != nil {
			return err
		}
		if err := w.AdoptKey(st); err != nil {
			w.Close()
			return err
		}
		st.Close()
		st = w
	}
	ctx := context.Background()
	if remove {
		if !st.HasPassphrase() {
			fmt.Fprintln(e.stderr, "This journal has no passphrase; nothing to remove.")
			return nil
		}
		if !yes && !e.confirm("Your journal will be stored as plain text that anyone with this computer or a copy of the file can read. Remove the passphrase? [y/N] ") {
			return errors.New("the passphrase was kept")
		}
		if err := recovery.Reseal(filepath.Dir(path), st, func() error { return st.RemovePassphrase(ctx) }); err != nil {
			return err
		}
		fmt.Fprintln(e.stderr, "The passphrase is removed; your journal is plain text again.")
		return nil
	}
	had := st.HasPassphrase()
	if had && idle >= 0 && newFile == "" {
		return e.setIdleLock(ctx, st, idle)
	}
	if !had && newFile == "" {
		fmt.Fprint(e.stderr, lockExplained+"\n")
	}
	p, err := e.newPassphrase(newFile)
	if err != nil {
		return err
	}
	defer clear(p)
	// Recovery files left by failed saves are sealed like the rows.
	if err := recovery.Reseal(filepath.Dir(path), st, func() error { return st.SetPassphrase(ctx, p) }); err != nil {
		return err
	}
	if had {
		fmt.Fprintln(e.stderr, "The passphrase is changed.")
		return nil
	}
	fmt.Fprintln(e.stderr, "Your journal is locked. From now on trustwork asks for the passphrase when it starts.")
	if idle >= 0 {
		if err := e.setIdleLock(ctx, st, idle); err != nil {
			return err
		}
	}
	return e.offerToRemovePlainBackups(st, yes)
}

// setIdleLock records --idle-lock and says what it means.
func (e env) setIdleLock(ctx context.Context, st *store.Store, d time.Duration) error {
	if err := st.SetIdleLock(ctx, d); err != nil {
		return err
	}
	if d < time.Second {
		fmt.Fprintln(e.stderr, "The workbook no longer locks itself while open.")
		return nil
	}
	fmt.Fprintf(e.stderr, "The open workbook locks itself after %s without a key.\n", d.Round(time.Second))
	return nil
}

// newPassphrase asks for a new passphrase twice, or reads it from file.
func (e env) newPassphrase(file string) ([]byte, error) {
	if file != "" {
		return readPassphraseFile(file)
	}
	p, err := e.askPassphrase("New passphrase: ", "")
	if err != nil {
		return nil, err
	}
	if len(p) == 0 {
		return nil, errors.New("the passphrase is empty; nothing was changed")
	}
	again, err := e.askPassphrase("The same again: ", "")
	if err != nil {
		return nil, err
	}
	defer clear(again)
	if !bytes.Equal(p, again) {
		clear(p)
		return nil, errors.New("the two passphrases differ; nothing was changed, try again")
	}
	return p, nil
}

// offerToRemovePlainBackups says which backups still hold the journal in
// plain text and, if the person agrees, removes them.
func (e env) offerToRemovePlainBackups(st *store.Store, yes bool) error {
	plain, err := st.PlainBackups("")
	if err != nil || len(plain) == 0 {
		return err
	}
	fmt.Fprintf(e.stderr, "%d backup(s) made before the lock still hold your journal in plain text:\n", len(plain))
	for _, p := range plain {
		fmt.Fprintf(e.stderr, "  %s\n", oneLine(p))
	}
	if !yes && !e.confirm("Remove them? [y/N] ") {
		fmt.Fprintln(e.stderr, "They were kept. Delete them yourself when you no longer need them.")
		return nil
	}
	if err := store.RemovePlainBackups(plain); err != nil {
		return err
	}
	fmt.Fprintln(e.stderr, "Removed.")
	return nil
}

// confirm asks a yes/no question on the terminal; anything but y or yes,
// or no terminal to ask on, is no.
func (e env) confirm(question string) bool {
	if e.stdin == nil || !term.IsTerminal(int(e.stdin.Fd())) {
		return false
	}
	fmt.Fprint(e.stderr, question)
	var line []byte
	b := make([]byte, 1)
	for {
		n, err := e.stdin.Read(b)
		if n == 0 || err != nil || b[0] == '\n' {
			break
		}
		line = append(line, b[0])
	}
	a := string(bytes.ToLower(bytes.TrimSpace(line)))
	return a == "y" || a == "yes"
}

// openForTUI opens the data file for the workbook. A journal with a
// passphrase is opened read-only first, and for writing only once the
// passphrase is right (reopen), so a wrong one leaves every file as it
// was, the writer lock included.
func openForTUI(path string) (st *store.Store, reopen func() (*store.Store, error), err error) {
	st, err = store.Open(path, store.Options{ReadOnlyIfLocked: true})
	if err != nil {
		return nil, nil, err
	}
	if st.HasPassphrase() && st.ReadOnly() {
		return st, func() (*store.Store, error) { return store.Open(path, store.Options{}) }, nil
	}
	return st, nil, nil
}
