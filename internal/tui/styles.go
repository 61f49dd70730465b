package tui

import (
	"image/color"

	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/lipgloss/v2"
)

// Styles is every style the TUI draws with, built in one place from whether
// the terminal background is dark, so a BackgroundColorMsg can rebuild them
// all at once. Nothing relies on colour alone: selection has a "›" marker
// and bold, answered prompts a "✓", so the UI reads under NO_COLOR too.
type Styles struct {
	IsDark bool

	Accent, Muted, Warn color.Color

	Title     lipgloss.Style // screen titles
	Heading   lipgloss.Style // section headings inside a screen
	Text      lipgloss.Style
	Subtle    lipgloss.Style // hints, dates, previews
	Selected  lipgloss.Style // the line under the cursor (with "›")
	Done      lipgloss.Style // "done" and "✓"
	Status    lipgloss.Style // the one-line status under the body
	Error     lipgloss.Style // calm, not alarming: save failures
	Greeting  lipgloss.Style
	Privacy   lipgloss.Style
	FieldName lipgloss.Style
	// Match marks the journal filter's matches: underlined and bold, so
	// it shows without colour too.
	Match lipgloss.Style

	Help help.Styles
}

// NewStyles returns the styles for a dark or light background.
func NewStyles(isDark bool) Styles {
	ld := lipgloss.LightDark(isDark)
	accent := ld(lipgloss.Color("#3E6B5B"), lipgloss.Color("#8FBFAA"))
	muted := ld(lipgloss.Color("#6B6B6B"), lipgloss.Color("#8C8C8C"))
	text := ld(lipgloss.Color("#2B2B2B"), lipgloss.Color("#DDDDDD"))
	warn := ld(lipgloss.Color("#8A5A1E"), lipgloss.Color("#E0B27A"))
	done := ld(lipgloss.Color("#2F6B3A"), lipgloss.Color("#9BCB9B"))

	s := Styles{IsDark: isDark, Accent: accent, Muted: muted, Warn: warn}
	s.Title = lipgloss.NewStyle().Bold(true).Foreground(accent)
	s.Heading = lipgloss.NewStyle().Bold(true)
	s.Text = lipgloss.NewStyle().Foreground(text)
	s.Subtle = lipgloss.NewStyle().Foreground(muted)
	// The selected line must stand out at a glance on both backgrounds:
	// on light ones the accent green reads as grey, so selection uses a
	// saturated deep blue there.
	s.Selected = lipgloss.NewStyle().Bold(true).Foreground(ld(lipgloss.Color("#005F87"), accent))
	s.Done = lipgloss.NewStyle().Foreground(done)
	s.Status = lipgloss.NewStyle().Foreground(muted)
	s.Error = lipgloss.NewStyle().Foreground(warn)
	s.Greeting = lipgloss.NewStyle().Foreground(accent).Italic(true)
	s.Privacy = lipgloss.NewStyle().Bold(true)
	s.FieldName = lipgloss.NewStyle().Bold(true)
	s.Match = lipgloss.NewStyle().Bold(true).Underline(true).Foreground(ld(lipgloss.Color("#005F87"), lipgloss.Color("#E0C97A")))
	s.Help = helpStyles(ld)
	return s
}

// progressBar draws a static bar of width cells for done out of total.
// bubbles/progress needs a module (harmonica) that go.sum does not hold yet,
// and a static bar needs none of its animation. Full and empty cells use
// different characters so the bar reads without colour.
func (s Styles) progressBar(width, done, total int) string {
	if width < 1 {
		return ""
	}
	filled := 0
	if total > 0 {
		filled = min(width, width*done/total)
	}
	return lipgloss.NewStyle().Foreground(s.Accent).Render(strings.Repeat("█", filled)) +
		s.Subtle.Render(strings.Repeat("░", width-filled))
}

// helpStyles is the key help with enough contrast to read: bubbles' default
// greys (246/249 on white, 239 on black) are too faint. Keys are darker
// (lighter on dark) than their descriptions, separators the faintest.
func helpStyles(ld lipgloss.LightDarkFunc) help.Styles {
	key := lipgloss.NewStyle().Foreground(ld(lipgloss.Color("238"), lipgloss.Color("250")))
	desc := lipgloss.NewStyle().Foreground(ld(lipgloss.Color("242"), lipgloss.Color("246")))
	sep := lipgloss.NewStyle().Foreground(ld(lipgloss.Color("245"), lipgloss.Color("243")))
	return help.Styles{
		ShortKey: key, ShortDesc: desc, ShortSeparator: sep, Ellipsis: sep,
		FullKey: key, FullDesc: desc, FullSeparator: sep,
	}
}
