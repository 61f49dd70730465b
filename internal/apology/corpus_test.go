package apology_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/trustwork/trustwork/internal/apology"
)

// A second corpus, written apart from the first (check_test.go), for the
// ways people really type: no apostrophes, capitals, typographic quotes,
// "I am" for "I'm", and the deflections the lesson names said in other
// words. Each poor letter names the flag it must raise and the words it
// must point at; each good letter must raise none.
var corpusGood = []string{
	"I'm sorry. I lied to you. You felt foolish. I'll tell you everything.",
	"I am sorry I overreacted and shouted at you. I was wrong. I'll take a break next time.",
	"I'm sorry, and I know that you are hurting because of me. I will listen.",
	"I broke your trust. I'm sorry. I know you might not be ready to talk, and that's okay; I'll wait until you are.",
	"I betrayed you. I'm sorry. You don't have to forgive me. I'll keep showing up.",
	"I cheated. I am sorry. It was not a small thing, and I won't pretend it was. I'll answer anything.",
	"I'm sorry for the lies. They were mine. You deserved the truth. I will answer every question.",
	"I'm sorry. I lied, and you're not overreacting. I'll earn back your trust.",
	"I'm sorry that I made you feel crazy for asking. I did that. I'll answer you honestly.",
	"I'm sorry. If you ever want to talk about it, I'll listen. I lied, and I own that.",
	"You should have heard it from me, not from a stranger. I hid it, and I'm sorry. I will tell you everything now.",
	"I kept the account secret. You're the reason I want to be honest now. I'm sorry, and I'll show you every statement.",
	"If you feel I've left something out, tell me. I lied about the trips, and I'm sorry. I will answer anything.",
	"I'm sorry I misunderstood you, and I'm sorry I lied about it. I will ask instead of guessing.",
	"I know you took it hard, and you were right to. I lied. I'm sorry. I'll answer every question.",
	"I'm sorry that you had to find out from someone else instead of from me. I lied. I'll tell you everything.",
	"Sorry doesn't fix this, but I will show you I can change. I lied to you.",
	"I'm sorry you've been hurting alone because of my silence. I'll talk to you every evening.",
	"I cheated on you, and I'm sorry, but sorry is just a word, so I will show you.",
	"I know you'd never have done this to me. I cheated, and I'm sorry. I'll go to counselling, alone or with you.",
}

var corpusPoor = []struct{ text, rule, quote string }{
	{"im sorry you feel that way. i lied and ill change", "sorry-you", "im sorry you feel"},
	{"I am sorry that you feel upset. I lied. I will change.", "sorry-you", "I am sorry that you feel"},
	{"Youre overreacting, it was one text. I lied. I will stop.", "minimising", "Youre overreacting"},
	{"I lied. I will change. You overreacted though.", "minimising", "You overreacted"},
	{"I lied and I will stop. It wasnt a big deal.", "minimising", "It wasnt a big deal"},
	{"I lied and I will change. You’d have done the same thing.", "minimising", "You’d have done the same"},
	{"I lied to you; I will change. You are being way too sensitive.", "minimising", "You are being way too sensitive"},
	{"I'm sorry I lied, but I was stressed. I will change.", "but", "but"},
	{"I lied. I will change. I think it's time we moved on.", "demand", "it's time we moved on"},
	{"I lied. I will change. Can you just forgive me?", "demand", "Can you just forgive me"},
	{"I lied. I will change. I already apologised, what more do you want?", "demand", "already apologised"},
	{"I cheated and I am sorry. I expect we can move past this soon. I will try.", "demand", "I expect we can move"},
	{"I lied. I'll change. I hope you can get over it soon.", "demand", "hope you can get over it"},
	{"I lied. I'll change. You know how I get when I'm stressed.", "blame", "You know how I get"},
	{"I lied. I'll change. What did you expect when you never touched me?", "blame", "What did you expect"},
	{"I lied. I will change. You should have told me you were unhappy.", "blame", "You should have told me"},
	{"I lied. I will change. You're the reason I felt so alone.", "blame", "You're the reason I"},
	{"IM SORRY IF YOU FELT HURT. I WILL DO BETTER. I LIED.", "if-you-felt", "IF YOU FELT HURT"},
	{"I'm sorry if you think I did something wrong. I will explain.", "sorry-if", "sorry if"},
	{"I lied. I'll change. You made me feel like nothing, so I went looking.", "blame", "You made me"},
	{"I am sorry, okay? Let’s just move on. I lied; I will be honest.", "demand", "Let’s just move on"},
	{"I'm sorry. I lied. That whole year work was crushing me and I was exhausted every single night. I felt alone in the house and I didn't know how to say it to anyone. My father had just died, and I was drinking more than I should have because nothing helped. I will be honest now.", "balance/letter", ""},
	{"I am sorry I hurt you. You have to understand that I was under a lot of pressure at work and at home, with the move and the money. I was exhausted and I was lonely, and he was the one who listened when nobody else did, because you were never home. I will stop.", "balance/letter", ""},
	{"I'm sorry if I did anything wrong. I'll do better.", "sorry-if", "sorry if"},
	{"If I've hurt you, I apologise. I lied. I'll be honest.", "sorry-if", "If I've hurt you"},
	{"I lied. I will change. I deserve a second chance.", "demand", "I deserve a second chance"},
	{"I lied. I will change. I've said sorry a hundred times.", "demand", "said sorry a hundred times"},
	{"I lied and I will change. I'm only human.", "minimising", "I'm only human"},
	{"I'm sorry it came across that way. I'll be kinder.", "taken", "it came across that way"},
	{"I lied. I'll change. You took it the wrong way, though.", "taken", "You took it the wrong way"},
	{"I'm sorry for what happened.", "missing/responsibility", ""},
	{"I lied to you and it was my doing.", "missing/repair", ""},
}

// variants are the same words as people also type them: in capitals, with
// typographic apostrophes, with none, and wrapped across lines.
func variants(s string) map[string]string {
	return map[string]string{
		"as written":     s,
		"capitals":       strings.ToUpper(s),
		"curly":          strings.ReplaceAll(s, "'", "’"),
		"no apostrophes": strings.NewReplacer("'", "", "’", "").Replace(s),
		"wrapped":        strings.ReplaceAll(s, " ", "\n"),
	}
}

func TestCorpusGoodRaisesNothing(t *testing.T) {
	for _, text := range append(slices.Clone(corpusGood), goodLetters...) {
		for how, v := range variants(text) {
			if flags := apology.CheckLetter(v); len(flags) != 0 {
				t.Errorf("good letter (%s) %q raised %v", how, v, ids(flags))
			}
		}
	}
}

func TestCorpusPoorRaisesItsFlag(t *testing.T) {
	all := slices.Clone(corpusPoor)
	for _, p := range poorLetters {
		all = append(all, struct{ text, rule, quote string }{p.text, p.rule, p.quote})
	}
	for _, tc := range all {
		for how, v := range variants(tc.text) {
			flags := apology.CheckLetter(v)
			i := slices.IndexFunc(flags, func(f apology.Flag) bool { return strings.HasPrefix(f.ID, tc.rule) })
			if i < 0 {
				t.Errorf("poor letter (%s) %q: no %s flag; got %v", how, v, tc.rule, ids(flags))
				continue
			}
			for _, harsh := range []string{"you should", "wrong", "bad apology", "must", "never"} {
				if strings.Contains(strings.ToLower(flags[i].Reason), harsh) {
					t.Errorf("reason for %s is not gentle (%q): %s", flags[i].ID, harsh, flags[i].Reason)
				}
			}
			if how == "as written" && flags[i].Quote != tc.quote {
				t.Errorf("poor letter %q: %s points at %q, want %q", v, tc.rule, flags[i].Quote, tc.quote)
			}
		}
	}
}

// CheckSection is CheckTexts narrowed to one section, for both sides.
func TestCheckSectionAgreesWithTheWholeCheck(t *testing.T) {
	var drafts []map[string]string
	for i, tc := range corpusPoor {
		texts := map[string]string{}
		for j, p := range apology.Sections(i%2 == 0) {
			if (i+j)%3 != 0 {
				texts[p.Slug] = corpusPoor[(i+j)%len(corpusPoor)].text
			}
		}
		texts["regret"], texts["meant"] = tc.text, tc.text
		drafts = append(drafts, texts, map[string]string{})
	}
	drafts = append(drafts, map[string]string{"regret": "I lied.", "explanation": strings.Repeat("I was tired and lonely. ", 8)})
	for _, impact := range []bool{false, true} {
		for _, texts := range drafts {
			all := apology.CheckTexts(impact, texts)
			for i := range apology.Sections(impact) {
				var want []string
				for _, f := range all {
					if int(f.Section) == i {
						want = append(want, f.ID)
					}
				}
				if got := ids(apology.CheckSection(impact, texts, i)); !slices.Equal(got, want) {
					t.Errorf("impact=%v section %d: %v, want %v (%q)", impact, i, got, want, texts)
				}
			}
		}
	}
}

// The impact letter's self-blame note, however it is typed, and none on
// anger, grief or a need stated plainly.
func TestCorpusImpactSelfBlame(t *testing.T) {
	for _, tc := range []struct {
		meant string
		want  bool
	}{
		{"Maybe it's my fault for working so much.", true},
		{"I keep thinking I wasn't good enough for her.", true},
		{"I drove him to it, I think.", true},
		{"I should have seen the signs.", true},
		{"Maybe I deserved it.", true},
		{"It was his choice, not mine, and I am angry.", false},
		{"I feel stupid and sad and I can't sleep.", false},
		{"I need the whole truth, once, and time to think.", false},
		{"I should have been told by you, not by a friend.", false},
	} {
		for how, v := range variants(tc.meant) {
			l := apology.ImpactLetter{Happened: "She lied to me for a year.", Meant: v, Need: "Time."}
			got := slices.ContainsFunc(apology.CheckImpact(l), func(f apology.Flag) bool { return f.Kind == apology.SelfBlame })
			if got != tc.want {
				t.Errorf("%s %q: self-blame noted = %v, want %v", how, v, got, tc.want)
			}
		}
	}
}
