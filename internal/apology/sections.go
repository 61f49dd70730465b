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

// CheckSection returns the flags CheckTexts raises on section i (an index
// in Sections(impact)), reading only that section's words with the
// phrase checks: the editor runs it on every change while one section is
// written, and the other sections do not change meanwhile.
func CheckSection(impact bool, texts map[string]string, i int) []Flag {
	if impact {
		var out []Flag
		for _, f := range CheckImpact(ImpactOf(texts)) {
			if int(f.Section) == i {
				out = append(out, f)
			}
		}
		return out
	}
	c := Component(i)
	if c < 0 || c >= numComponents {
		return nil
	}
	d := DraftOf(texts)
	flags := scan(c, d.Sections[c], rules)
	switch c {
	case Responsibility:
		if strings.TrimSpace(d.Sections[c]) == "" && !ownsIt.MatchString(strings.Join(d.Sections[:], "\n")) {
			flags = append(flags, missingResponsibility(c))
		}
	case Repair:
		if strings.TrimSpace(d.Sections[c]) == "" && !offersRepair.MatchString(strings.Join(d.Sections[:], "\n")) {
			flags = append(flags, missingRepair(c))
		}
	case Explanation:
		if f, ok := explanationOutweighs(d); ok {
			flags = append(flags, f)
		}
	}
	return dedupe(flags)
}
