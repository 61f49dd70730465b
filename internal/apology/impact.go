package apology

import (
	"strings"
)

// ImpactLetter is the hurt track's matching tool: what happened to me, what
// it meant, what I need. It is written for the person who was hurt, so its
// checks only ever invite; they never correct how someone feels.
type ImpactLetter struct {
	Happened string // what happened to me
	Meant    string // what it meant
	Need     string // what I need
}

// ImpactPart is one section of the impact letter, in order.
type ImpactPart struct {
	Slug   string
	Title  string
	Prompt string
}

// ImpactParts lists the impact letter's sections in order.
func ImpactParts() []ImpactPart {
	return []ImpactPart{
		{"happened", "What happened to me", "What you went through, in your own words."},
		{"meant", "What it meant", "What it changed for you: about them, about you, about the two of you."},
		{"need", "What I need", "What would help now, if anything. It is fine not to know yet."},
	}
}

func (l ImpactLetter) sections() [3]string { return [3]string{l.Happened, l.Meant, l.Need} }

// Text joins the written sections into the letter as it would be shared.
func (l ImpactLetter) Text() string {
	var paras []string
	for _, s := range l.sections() {
		if t := strings.TrimSpace(s); t != "" {
			paras = append(paras, t)
		}
	}
	if len(paras) == 0 {
		return ""
	}
	return strings.Join(paras, "\n\n") + "\n"
}

// selfBlame is wording that takes the other person's choice on oneself. The
// content brief is plain: the betrayal was a choice the other person made;
// looking at the relationship honestly is different from taking the blame.
var selfBlame = []rule{{
	id: "self-blame", kind: SelfBlame,
	re:     compile(`(?:it was|it's|it is|this is|this was|that was|that's) (?:all |really |partly )?my (?:own )?fault|my fault (?:he|she|they)|I (?:drove|pushed|made|forced) (?:him|her|them) (?:to|into|away|do|cheat|lie|look)|I deserved (?:it|this|that|what)|no wonder (?:he|she|they)|(?:I wasn't|I was not|I am not|I'm not) (?:good |pretty |attractive |interesting |exciting |thin |young |smart )?enough|if only I|if I had(?:n't| not)? (?:been|paid|given|listened|tried|loved|cared)|I should have (?:seen|known|noticed|done|been (?:more|better|enough|there|home|prettier|thinner|kinder|nicer))|I brought (?:it|this) on myself`),
	reason: "Their choice was theirs. Looking honestly at the relationship is different from carrying the blame; you could come back to this line later.",
}}

// CheckImpact returns gentle notes on an impact letter: a section still
// empty (which is allowed; the note only says it can wait), and self-blame
// wording. Flag.Section is the index of the section (0 happened, 1 meant,
// 2 need), and offsets are into that section's text.
func CheckImpact(l ImpactLetter) []Flag {
	var flags []Flag
	parts := ImpactParts()
	for i, s := range l.sections() {
		if strings.TrimSpace(s) == "" {
			flags = append(flags, Flag{ID: "empty/" + parts[i].Slug, Kind: Empty, Section: Component(i),
				Reason: "\"" + parts[i].Title + "\" is still empty; you can write it now, later, or leave it."})
			continue
		}
		for _, f := range scan(Component(i), s, selfBlame) {
			// scan names sections by apology component; name them by the
			// letter's own parts so IDs stay stable if either list changes.
			f.ID = "self-blame/" + parts[i].Slug + f.ID[strings.LastIndex(f.ID, "/"):]
			flags = append(flags, f)
		}
	}
	return flags
}
