package apology_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/trustwork/trustwork/internal/apology"
)

// good apologies, written as one letter: each owns the act, names the impact
// and offers repair, and none should raise a flag.
var goodLetters = []string{
	"I'm sorry. I lied to you for months about where I was, and that was my choice. You lost sleep and started doubting your own memory. I will answer any question you ask, for as long as you need.",
	"I hurt you when I read your messages without asking. It was wrong and it was my doing. You felt watched in your own home. From now on I will ask, and I have started seeing a counsellor about my jealousy.",
	"I am sorry for the affair. I betrayed you and I take full responsibility. You have been carrying this alone at work and with the kids. I'll be home when I say, and I'd like to go to counselling together if you want that.",
	"I was wrong to spend our savings without telling you. You trusted me with our money and I let you down. I will show you every statement each month, and I promise to ask before any purchase over fifty pounds.",
	"I'm sorry not only for the lie but for the weeks I let you think you were imagining things. I did that. I will tell you the whole truth once, tonight, and answer again whenever you ask.",
	"I missed your mother's funeral because I chose work. I'm sorry, but I know that sorry can't give you that day back. You stood there without me. What can I do to be there from now on?",
	"Last spring I told you it was no big deal that I was still texting her. That was a lie and I hurt you with it. I have blocked her number, and I will show you my phone whenever you ask.",
	"I'm so sorry that you had to find out from your sister, because I hid it from you. It humiliated you in front of your family. I'll tell you myself from now on, before anyone else can.",
	"You asked me, \"what if you felt this way too and never said?\" I did feel it, and I kept it from you. I'm sorry. It left you alone in our marriage. I want to make it right, starting with honest talks on Sundays.",
	"I made butter chicken for your birthday and then left to see him. I cheated on you. Nothing excuses it. You spent your birthday wondering where I was. I will not see him again, and I will tell you if he contacts me.",
	"I'm sorry I called you paranoid when you asked about the messages. I was wrong; you were right to ask. You doubted yourself because of me. I commit to answering you honestly, however often you ask.",
	"My rebuttal in that fight was cruel, and I'm ashamed of it. I hurt you, and it was my fault. You cried in the car for an hour. I'm going to learn to stop talks before they flood, and come back within the day.",
	"I broke my promise to stop gambling. I'm sorry. The money you saved for the holiday is gone because of me. I've booked a meeting with a debt adviser, and I'll hand you the account access until you say otherwise.",
	"I'm truly sorry. I kept the second phone for a year and I deceived you every day of it. You moved your whole life around my lies. I'll give you the phone and answer anything; if one day you can forgive me, I would be grateful, and if not, I understand.",
	"I want to apologise for lying to you about the trip. It was wrong, and I did it to protect myself. You felt humiliated when you found out. I'll show you the receipts and answer everything.",
	"I'm deeply sorry for the hurt I caused. I was the one who chose to deceive you. I know it shattered your sense of safety. I am committed to earning back your trust, one day at a time.",
	"I owe you an apology. I broke your trust by hiding the debt. You had to cancel the holiday because of it. I have set up a shared account so you can see everything.",
	"I'm sorry for not being there when your dad was in hospital. I chose to stay at the office. You felt abandoned, and you were. From now on, family comes first, and I'll prove it.",
	"There is no excuse for what I did. I cheated. I hurt you deeply. I'm sorry. I will go to therapy and I will be fully transparent with you.",
	"I apologise. I read your diary, and that was a violation of your privacy. You felt exposed. I'll never do that again, and if you want, we can talk with a counsellor about why I did it.",
	"I'm sorry I forgot our anniversary again. That's on me. You felt unimportant. I've put it in my calendar and I'm planning something for this weekend, if you'd like.",
	"I'm sorry, and I understand if you can't forgive me. I lied. It hurt you. I will keep my promises, however small.",
	"I'm sorry for yelling at you in front of your friends. I was out of line. You were embarrassed. Next time I feel angry I will ask for a time-out instead.",
	"I know I can't undo it. I'm sorry. I betrayed you, and you lost a friend over it. Whatever you need, I'll do.",
}

func TestGoodLettersRaiseNoFlags(t *testing.T) {
	for i, text := range goodLetters {
		if flags := apology.CheckLetter(text); len(flags) != 0 {
			t.Errorf("good letter %d raised %d flags:", i, len(flags))
			for _, f := range flags {
				t.Errorf("  %s %q: %s", f.ID, f.Quote, f.Reason)
			}
		}
	}
}

// poor apologies, each with the rule it must trip and the words it must point at.
var poorLetters = []struct {
	text  string
	rule  string // the start of the flag ID
	quote string // the flagged words ("" for whole-letter flags)
}{
	{"I'm sorry if you felt hurt. I lied, and I will be honest now.", "if-you-felt", "if you felt hurt"},
	{"I apologise if anything I did upset you. I did lie. I'll do better.", "sorry-if", "apologise if"},
	{"I'm sorry you feel that way. I'll try harder.", "sorry-you", "I'm sorry you feel"},
	{"I am sorry, but you were never home. I lied, and I will change.", "but", "but"},
	{"I cheated because you made me feel invisible. I will go to counselling.", "blame", "you made me"},
	{"I lied, and I will stop. Honestly, you're overreacting about one text.", "minimising", "you're overreacting"},
	{"I lied. It wasn't a big deal though, and I will change.", "minimising", "It wasn't a big deal"},
	{"I hid the messages. I'll be open now. You need to forgive me so we can be happy.", "demand", "You need to forgive"},
	{"I cheated and I will end it. Can we just move on now?", "demand", "Can we just move on"},
	{"I'm sorry. I will never do it again.", "missing/responsibility", ""},
	{"I lied to you about the money and it was my fault.", "missing/repair", ""},
	{"It takes two, and I lied too. I will change.", "blame", "It takes two"},
	{"If you had paid attention to me, I would not have strayed. I did wrong, and I will make amends.", "blame", "If you had paid"},
	{"Mistakes were made on both sides. I will try.", "passive", "Mistakes were made"},
	{"I hurt you and I'll fix it. I deserve another chance.", "demand", "I deserve another chance"},
	{"I’m sorry you’re upset. I will call more.", "sorry-you", "I’m sorry you’re"},
	{"I lied, I will stop, and I'm sorry if you felt like I didn't care.", "if-you-felt", "if you felt like"},
	{"I will change. I lied, and I'm sorry if you've been hurt.", "if-you-felt", "if you've been hurt"},
	{"I lied. I will change. Just get over it.", "demand", "Just get over it"},
	{"I lied and I will change, so please calm down.", "minimising", "please calm down"},
	{"I'm sorry for whatever I did. I will be better.", "vague", "sorry for whatever"},
	{"I regret that you feel hurt. I will call more.", "sorry-you", "I regret that you"},
	{"I'm sorry you think I did something wrong. I will explain it.", "sorry-you", "I'm sorry you think"},
	{"I lied, and I'll stop. Let's not dwell on the past.", "demand", "not dwell on"},
	{"I lied. I'll change. Anyone would have done the same in my place.", "minimising", "Anyone would have"},
	{"I lied. I'll change. But you're the one who stopped talking to me.", "blame", "you're the one who"},
	{"I lied and I will stop. If you hadn't gone through my phone, this would be fine.", "blame", "If you hadn't gone"},
	{"I lied, and I will change; nobody's perfect.", "minimising", "nobody's perfect"},
	{"If my words upset you, I'm sorry. I will think first.", "sorry-if", "If my words upset"},
	{"I lied and I'll stop. It's not a big deal, though.", "minimising", "not a big deal"},
	{"I lied and I'll stop. It wasn't that big of a deal.", "minimising", "wasn't that big of a deal"},
	{"I lied, and I will be honest now. I expect you to trust me again.", "demand", "I expect you to trust"},
	{"I lied, and I will change. I need you to forgive me.", "demand", "I need you to forgive me"},
	{"I cheated, and I will end it. You have to admit you played a part.", "blame", "you played a part"},
	{"I only did it because you ignored me for months. I will change.", "blame", "because you ignored"},
	{"I lied to you. I'll change. I apologise; however, you read my diary first.", "but", "however"},
	{"I'm sorry, but if you'd been around more, none of this would have happened.", "blame", "if you'd been"},
	{"Look, I'm sorry, okay? It was just a stupid mistake. I'll do better.", "minimising", "It was just a stupid mistake"},
	{"I apologise for any hurt that may have been caused. I will reflect.", "vague", "any hurt that may have been caused"},
	{"Sorry you feel betrayed. I will explain.", "sorry-you", "Sorry you feel"},
	{"I lied and I'll stop. Honestly you're blowing this out of proportion.", "minimising", "you're blowing this out of proportion"},
	{"I lied and I will change. How many times do I have to apologise?", "demand", "How many times do I have to apologise"},
	{"I'm sorry for what happened. I will be home on time.", "vague", "sorry for what happened"},
	{"I cheated. It didn't mean anything. I'll stop seeing her.", "minimising", "It didn't mean anything"},
	{"I lied, I admit it, but so did you. I will try.", "blame", "so did you"},
	{"I'm sorry. I was drunk and it just happened. It won't happen again, I promise.", "passive", "it just happened"},
	{"I'm sorry for my part in this, and I will change.", "blame", "my part in this"},
	{"I'm sorry that you were upset by my actions. I will do better.", "sorry-you", "I'm sorry that you were"},
}

func TestPoorLettersRaiseTheRightFlag(t *testing.T) {
	for _, tc := range poorLetters {
		flags := apology.CheckLetter(tc.text)
		i := slices.IndexFunc(flags, func(f apology.Flag) bool { return strings.HasPrefix(f.ID, tc.rule) })
		if i < 0 {
			t.Errorf("letter %q: no %s flag; got %v", tc.text, tc.rule, ids(flags))
			continue
		}
		f := flags[i]
		if f.Quote != tc.quote {
			t.Errorf("letter %q: %s flag points at %q, want %q", tc.text, tc.rule, f.Quote, tc.quote)
		}
		if tc.quote != "" && tc.text[f.Start:f.End] != tc.quote {
			t.Errorf("letter %q: span [%d,%d) is %q", tc.text, f.Start, f.End, tc.text[f.Start:f.End])
		}
		if f.Reason == "" || strings.Contains(f.Reason, "\n") {
			t.Errorf("flag %s: reason must be one line, got %q", f.ID, f.Reason)
		}
	}
}

func ids(flags []apology.Flag) []string {
	var out []string
	for _, f := range flags {
		out = append(out, f.ID)
	}
	return out
}

func TestOrdinaryWordsAreNotFlagged(t *testing.T) {
	for _, text := range []string{
		"I'm sorry about the butter knife story; I lied and I will tell you the truth.",
		"I'm sorry my rebuttal was so sharp. I hurt you and I'll listen first next time.",
		"I'm sorry your evening was ruined because of me. I'll make it right.",
		"I'm sorry for lying; I had no right to. It's your call whether we talk tonight or not at all. I will show you the chats.",
		"I'm so sorry for betraying you. I will leave the choir if that helps you feel safer.",
		"I'm sorry. I broke the promise. Please don't feel you have to forgive me; I'll keep my word from now on.",
		"I know you said \"you're overreacting\" is what hurt most, when I said it. I was wrong. I'll listen.",
		"I lied to you for a year. Tell me if you feel hurt by anything I say tonight, and I will stop and listen.",
		"I cheated. I'd understand if you felt like leaving. I will move out for a while if you want that.",
		"I lied, and I will change. I will leave the room if I ever raise my voice again.",
		"You make me want to be a better man, and I lied to you anyway. I will earn back your trust slowly.",
		"I'm sorry I shouted. I was wrong. Next time I will step outside to calm down before I say anything.",
		"I cheated, and I'm sorry. Take all the time you need to move on from this, with or without me; I will respect it.",
		"I'm sorry I wasn't honest about the money. I spent it on betting and hid the statements. It's frightening for you not to know if the rent is paid. I'll hand over the card and go to Gamblers Anonymous on Monday.",
		"I should not have gone behind your back. I'm sorry. I know it has made every late night frightening for you. I will text you when I leave work and when I arrive, for as long as that helps.",
		"I'm sorry. I know an apology doesn't fix it. I broke your trust. I want to earn it back by what I do, not what I say.",
		"I'm sorry for the things I said last night. They were cruel and untrue. You didn't deserve any of it. I'll make sure we talk calmly tonight, and I'll stop if I get heated.",
		"Dear Sam,\n\nI am sorry. For eight months I kept seeing Alex and lied to you about it, and that was my decision, nobody else's.\n\nYou found the messages on my laptop and you haven't slept properly since. You told me you feel like a fool for trusting me; you are not a fool, I deceived you.\n\nThere's no excuse. I was avoiding problems in us instead of talking to you.\n\nI have ended it with Alex and blocked every way to contact me. I will answer any question you have, and I have booked us a counsellor for Thursday if you want to go.\n\nIf one day you can forgive me, I would be grateful. I know you may not.",
		"I'm sorry, because you never deserved any of this. I lied to you, and I will tell you everything.",
		"I'm sorry I lied because you were always kind to me and I repaid it with lies. I will change.",
		"I hope you will forgive me one day, though I know I have no right to ask. I lied, and I will earn it.",
		"I'm sorry. I cheated. Your friend said \"I'm sorry if you felt hurt\" is not an apology, and she was right. I will stop.",
		"I lied to you. You asked me “what if you felt that way too?” and I said no. I will tell you the truth now.",
	} {
		if flags := apology.CheckLetter(text); len(flags) != 0 {
			t.Errorf("%q raised %v", text, ids(flags))
		}
	}
}

func TestDraftMissingSections(t *testing.T) {
	tests := []struct {
		name string
		set  map[apology.Component]string
		want []string
	}{
		{"empty draft", nil, []string{"missing/responsibility", "missing/repair"}},
		{"regret only", map[apology.Component]string{apology.Regret: "I regret it deeply."},
			[]string{"missing/responsibility", "missing/repair"}},
		{"owned in the regret section", map[apology.Component]string{apology.Regret: "I'm sorry; I lied to you."},
			[]string{"missing/repair"}},
		{"both sections written", map[apology.Component]string{
			apology.Responsibility: "That was on me.", apology.Repair: "Tell me what would help."}, nil},
		{"forgiveness is optional", map[apology.Component]string{
			apology.Regret: "I'm sorry.", apology.Responsibility: "I chose to hide it.",
			apology.Impact: "You felt foolish.", apology.Repair: "I'll show you the statements.",
		}, nil},
	}
	for _, tc := range tests {
		var d apology.Draft
		for c, s := range tc.set {
			d.Set(c, s)
		}
		if got := ids(apology.Check(d)); !slices.Equal(got, tc.want) {
			t.Errorf("%s: flags %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestExplanationThatOutweighsTheRest(t *testing.T) {
	long := strings.Repeat("work was hard and I was tired and lonely then. ", 5) // 45 words
	var d apology.Draft
	d.Set(apology.Responsibility, "I lied to you.")
	d.Set(apology.Repair, "I will show you my phone.")
	d.Set(apology.Explanation, long)
	got := ids(apology.Check(d))
	if !slices.Contains(got, "balance/explanation") {
		t.Fatalf("long explanation not flagged: %v", got)
	}
	// The same explanation beside a fuller apology is in proportion.
	d.Set(apology.Impact, strings.Repeat("you could not sleep or eat and you doubted yourself. ", 5))
	if got := ids(apology.Check(d)); slices.Contains(got, "balance/explanation") {
		t.Fatalf("balanced explanation flagged: %v", got)
	}
	// A short explanation on its own is never called long.
	var short apology.Draft
	short.Set(apology.Explanation, "I was scared of losing you.")
	if got := ids(apology.Check(short)); slices.Contains(got, "balance/explanation") {
		t.Fatalf("short explanation flagged: %v", got)
	}
}

func TestDismissedFlagStaysDismissed(t *testing.T) {
	var d apology.Draft
	d.Set(apology.Regret, "I'm sorry if I upset you.")
	d.Set(apology.Responsibility, "I lied.")
	d.Set(apology.Repair, "I will change.")
	flags := apology.Check(d)
	if len(flags) != 1 {
		t.Fatalf("want one flag, got %v", ids(flags))
	}
	dismissed := map[string]bool{flags[0].ID: true}
	// Writing more elsewhere, or re-wrapping the sentence, keeps it dismissed.
	d.Set(apology.Regret, "I regret the night of the party.\nI'm  sorry if I\nupset you.")
	d.Set(apology.Impact, "You were embarrassed.")
	if left := apology.Without(apology.Check(d), dismissed); len(left) != 0 {
		t.Fatalf("dismissed flag came back: %v", ids(left))
	}
	// A different conditional sentence is a new flag.
	d.Set(apology.Impact, "I'm sorry if that hurt you.")
	if left := apology.Without(apology.Check(d), dismissed); len(left) != 1 {
		t.Fatalf("new conditional not flagged: %v", ids(left))
	}
}

func TestLetterJoinsWrittenSectionsOnly(t *testing.T) {
	var d apology.Draft
	if !d.Empty() || d.Letter() != "" {
		t.Fatal("new draft should be empty")
	}
	d.Set(apology.Repair, "  I will call every night.  ")
	d.Set(apology.Regret, "I'm sorry.")
	want := "I'm sorry.\n\nI will call every night.\n"
	if got := d.Letter(); got != want {
		t.Fatalf("Letter() = %q, want %q", got, want)
	}
}

func TestPartsAreInOrderWithForgivenessOptional(t *testing.T) {
	ps := apology.Parts()
	if len(ps) != 7 {
		t.Fatalf("%d parts, want 7", len(ps))
	}
	for i, p := range ps {
		if p.Component != apology.Component(i) || p.Title == "" || p.Prompt == "" || p.Slug == "" {
			t.Errorf("part %d incomplete: %+v", i, p)
		}
		if p.Optional != (p.Component == apology.Forgiveness) {
			t.Errorf("part %s optional=%v", p.Slug, p.Optional)
		}
	}
}

func TestDraftFlagsPointIntoTheirSection(t *testing.T) {
	var d apology.Draft
	d.Set(apology.Responsibility, "I chose to lie.")
	d.Set(apology.Repair, "I will show you everything.")
	expl := "I was lonely. Honestly, you made me feel invisible that year."
	d.Set(apology.Explanation, expl)
	flags := apology.Check(d)
	if len(flags) != 1 {
		t.Fatalf("want one flag, got %v", ids(flags))
	}
	f := flags[0]
	if f.Section != apology.Explanation || f.Kind != apology.Blame || expl[f.Start:f.End] != "you made me" {
		t.Fatalf("flag %+v does not point at \"you made me\" in the explanation", f)
	}
	if !strings.HasPrefix(f.ID, "blame/explanation/") {
		t.Fatalf("ID %q should name the rule and the section", f.ID)
	}
}

func TestReasonsAreGentle(t *testing.T) {
	var all []apology.Flag
	for _, tc := range poorLetters {
		all = append(all, apology.CheckLetter(tc.text)...)
	}
	all = append(all, apology.CheckImpact(apology.ImpactLetter{Meant: "It was my fault."})...)
	for _, f := range all {
		for _, harsh := range []string{"you should", "wrong", "bad apology", "must", "never"} {
			if strings.Contains(strings.ToLower(f.Reason), harsh) {
				t.Errorf("reason for %s is not gentle (%q): %s", f.ID, harsh, f.Reason)
			}
		}
	}
}
