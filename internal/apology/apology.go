// Package apology holds the apology builder's domain: the components of an
// apology that holds, a gentle checker for a draft, and the hurt track's
// impact letter with its own checks. It does no I/O.
//
// Why these parts: research on apologies (Lewicki, Polin and Lount, 2016)
// names six components (regret, explanation, acknowledgement of
// responsibility, repentance, offer of repair, request for forgiveness), and
// found that acknowledging responsibility and offering repair count most and
// asking for forgiveness least. Naming the concrete impact on the other person
// belongs in a real apology too. The checker is a helper, not a judge: every
// flag is worded gently, carries a stable ID, and can be dismissed.
package apology

import (
	"strings"
)

// Component is one part of an apology. The constants are in the order the
// builder offers them: owning comes before explaining, so an explanation is
// read as context rather than excuse.
type Component int

// The components of an apology, in the builder's order.
const (
	Regret Component = iota
	Responsibility
	Impact
	Explanation
	Repentance
	Repair
	Forgiveness
	numComponents
)

// Part describes a component for the builder: a title, the question it asks,
// and whether it may be left out.
type Part struct {
	Component Component
	Slug      string // stable name for storage and flag IDs
	Title     string
	Prompt    string
	Optional  bool
}

var parts = [numComponents]Part{
	{Regret, "regret", "Regret", "Say plainly that you are sorry, and for what.", false},
	{Responsibility, "responsibility", "Responsibility", "Say that it was your choice and your doing, without softening it.", false},
	{Impact, "impact", "The impact on them", "Name what it did to them, in concrete words.", false},
	{Explanation, "explanation", "Explanation", "Briefly, what went wrong in you: context, not excuse.", false},
	{Repentance, "repentance", "Repentance", "Say what you will not do again, and what you are changing.", false},
	{Repair, "repair", "Offer of repair", "Offer what you will do to make it right, in deeds.", false},
	{Forgiveness, "forgiveness", "Request for forgiveness", "If you wish, ask, and leave them free to say no or not yet.", true},
}

// Parts lists the components in the builder's order.
func Parts() []Part { return parts[:] }

// Slug is the component's stable name, used in storage and flag IDs.
func (c Component) Slug() string {
	if c < 0 || c >= numComponents {
		return "letter"
	}
	return parts[c].Slug
}

// String returns the component's title.
func (c Component) String() string {
	if c < 0 || c >= numComponents {
		return "Letter"
	}
	return parts[c].Title
}

// Draft is an apology being written, one text per component.
type Draft struct {
	Sections [numComponents]string
}

// Set stores the text of one component.
func (d *Draft) Set(c Component, text string) {
	if c >= 0 && c < numComponents {
		d.Sections[c] = text
	}
}

// Get returns the text of one component.
func (d Draft) Get(c Component) string {
	if c < 0 || c >= numComponents {
		return ""
	}
	return d.Sections[c]
}

// Letter joins the written sections, in order, into the letter that is
// exported on its own: paragraphs only, no headings or tool words, because it
// is meant to be read by the other person.
func (d Draft) Letter() string {
	var paras []string
	for _, s := range d.Sections {
		if t := strings.TrimSpace(s); t != "" {
			paras = append(paras, t)
		}
	}
	if len(paras) == 0 {
		return ""
	}
	return strings.Join(paras, "\n\n") + "\n"
}

// Empty reports whether nothing has been written yet.
func (d Draft) Empty() bool {
	for _, s := range d.Sections {
		if strings.TrimSpace(s) != "" {
			return false
		}
	}
	return true
}
