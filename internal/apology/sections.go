package apology

import "strings"

// Section is one section of a letter as the builder lists it: the
// apology's components, or the impact letter's parts. Its index in
// Sections is the Section of the flags CheckTexts raises on it.
type Section struct {
	Slug     string // the stable name its text is stored under
	Title    string
	Prompt   string
	Optional bool
}

// Sections lists the sections of the apology (impact false) or of the hurt
// track's impact letter (impact true), in the builder's order.
func Sections(impact bool) []Section {
	var out []Section
	if impact {
		for _, p := range ImpactParts() {
			out = append(out, Section{Slug: p.Slug, Title: p.Title, Prompt: p.Prompt})
		}
		return out
	}
	for _, p := range Parts() {
		out = append(out, Section{Slug: p.Slug, Title: p.Title, Prompt: p.Prompt, Optional: p.Optional})
	}
	return out
}

// DraftOf makes a Draft from texts stored by section slug.
func DraftOf(texts map[string]string) Draft {
	var d Draft
	for _, p := range Parts() {
		d.Set(p.Component, texts[p.Slug])
	}
	return d
}

// ImpactOf makes an ImpactLetter from texts stored by section slug.
func ImpactOf(texts map[string]string) ImpactLetter {
	return ImpactLetter{Happened: texts["happened"], Meant: texts["meant"], Need: texts["need"]}
}

// CheckTexts checks a letter stored by section slug: Check for the
// apology, CheckImpact for the impact letter. Every flag's Section is the
// index of its section in Sections(impact).
func CheckTexts(impact bool, texts map[string]string) []Flag {
	if impact {
		return CheckImpact(ImpactOf(texts))
	}
	return Check(DraftOf(texts))
}

// LetterText is the letter to share, joined from the written sections in
// order; "" when nothing is written.
func LetterText(impact bool, texts map[string]string) string {
	if impact {
		return ImpactOf(texts).Text()
	}
	return DraftOf(texts).Letter()
}

// Written reports whether a section holds more than white space.
func Written(text string) bool { return strings.TrimSpace(text) != "" }
