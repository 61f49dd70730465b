package main

import (
	"fmt"
	"io"
	"strings"
)

// writeMan writes trustwork(1) in roff (the man macros), generated from
// the commands table like --help and the completions.
func writeMan(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, ".TH TRUSTWORK 1 \"\" %s \"User Commands\"\n", roffQuote("trustwork "+buildVersion()))
	// No hyphenation or justification: flags and commands must read as
	// they are typed, never broken across lines.
	b.WriteString(".nh\n.ad l\n")
	b.WriteString(".SH NAME\ntrustwork \\- a private workbook for repairing trust, step by step\n")
	b.WriteString(".SH SYNOPSIS\n")
	for i, c := range commands {
		if i > 0 {
			b.WriteString(".br\n")
		}
		fmt.Fprintf(&b, "\\fBtrustwork\\fR %s\n", roffSynopsis(c))
	}
	b.WriteString(".br\n\\fBtrustwork\\fR \\fB\\-\\-help\\fR | \\fB\\-\\-version\\fR\n")
	b.WriteString(`.SH DESCRIPTION
trustwork is a terminal workbook for repairing trust in a relationship:
short lessons, questions to answer, and a private journal of your answers.
Run it without a command to open the workbook in the terminal.
Your journal stays in one file on this machine; nothing ever leaves it.
.SH COMMANDS
`)
	for _, c := range subcommands() {
		fmt.Fprintf(&b, ".TP\n%s\n%s.\n", roffSynopsis(c), roffText(upperFirst(c.Summary)))
		if c.Detail != "" {
			fmt.Fprintf(&b, "%s\n", roffText(c.Detail))
		}
	}
	b.WriteString(".SH OPTIONS\n")
	writeManFlags(&b, rootFlags)
	for _, c := range subcommands() {
		if len(c.Flags) == 0 {
			continue
		}
		fmt.Fprintf(&b, ".SS %s\n", roffText(c.Name+" options"))
		writeManFlags(&b, c.Flags)
	}
	b.WriteString(`.SH ENVIRONMENT
.TP
.B TRUSTWORK_DB
The data file, when \fB\-\-db\fR is not given.
.TP
.B XDG_DATA_HOME
The data file is \fI$XDG_DATA_HOME/trustwork/journal.db\fR when neither
\fB\-\-db\fR nor \fBTRUSTWORK_DB\fR is set; without it,
\fI~/.local/share/trustwork/journal.db\fR.
.TP
.BR VISUAL ", " EDITOR
The editor to write a longer answer in, from the workbook.
.SH FILES
.TP
.I ~/.local/share/trustwork/journal.db
The default data file (SQLite), readable only by you.
.SH EXIT STATUS
0 on success, 1 when something failed (the message says what to do),
2 for a mistake in the command line.
`)
	_, err := io.WriteString(w, b.String())
	return err
}

func writeManFlags(b *strings.Builder, flags []flagSpec) {
	for _, f := range flags {
		fmt.Fprintf(b, ".TP\n%s\n%s.\n", roffFlag(f), roffText(upperFirst(f.Usage)))
		if f.Values != nil {
			fmt.Fprintf(b, "One of: %s.\n", roffText(strings.Join(f.Values, ", ")))
		}
	}
}

// roffFlag is a flag in bold with its value in italics, aliases first.
func roffFlag(f flagSpec) string {
	s := "\\fB" + roffText(f.dashed()) + "\\fR"
	if f.Alias != "" {
		s = "\\fB" + roffText(dashName(f.Alias)) + "\\fR, " + s
	}
	if f.Arg != "" {
		// An unbreakable space: the flag and its value stay on one line.
		s += "\\ \\fI" + roffText(f.Arg) + "\\fR"
	}
	return s
}

// roffSynopsis is a command's usage line in roff.
func roffSynopsis(c command) string {
	var parts []string
	if c.Name != "" {
		parts = append(parts, "\\fB"+c.Name+"\\fR")
	}
	for _, f := range c.flagsOf() {
		if f.Name == "help" || f.Name == "version" {
			continue
		}
		parts = append(parts, "["+roffFlag(f)+"]")
	}
	if c.Args != "" {
		a := "\\fI" + roffText(c.Args) + "\\fR"
		if c.MinArgs == 0 {
			a = "[" + a + "]"
		}
		parts = append(parts, a)
	}
	return strings.Join(parts, " ")
}

// roffText escapes text for roff: backslashes, hyphens (which would
// otherwise be typeset as hyphens, not minus signs, and break copy and
// paste of flags) and a leading dot or quote, which would start a request.
func roffText(s string) string {
	s = strings.NewReplacer(`\`, `\e`, "-", `\-`).Replace(s)
	if strings.HasPrefix(s, ".") || strings.HasPrefix(s, "'") {
		s = `\&` + s
	}
	return s
}

// roffQuote is s as one quoted macro argument.
func roffQuote(s string) string { return `"` + strings.ReplaceAll(roffText(s), `"`, `""`) + `"` }
