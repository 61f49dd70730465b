package apology

import (
	"fmt"
	"hash/fnv"
	"regexp"
	"strings"
	"sync"
	"unicode"
)

// Kind groups flags by what they notice.
type Kind string

// The kinds of flag the checkers raise.
const (
	Missing     Kind = "missing"     // a component that counts most is absent
	Conditional Kind = "conditional" // "if you felt", "sorry if"
	Deflecting  Kind = "deflecting"  // "I'm sorry you", "but", minimising
	Blame       Kind = "blame"       // responsibility shifted to the other person
	Demand      Kind = "demand"      // forgiveness or moving on demanded
	Balance     Kind = "balance"     // the explanation outweighs the rest
	Empty       Kind = "empty"       // impact letter: a section left empty
	SelfBlame   Kind = "self-blame"  // impact letter: taking the other's choice on oneself
)

// Flag is one gentle note on a draft. Start and End are byte offsets into the
// text of Section (both zero when the flag is about the draft as a whole).
// ID is stable across edits elsewhere in the draft, so a dismissed flag stays
// dismissed until the sentence it points at is rewritten.
type Flag struct {
	ID      string
	Kind    Kind
	Section Component
	Start   int
	End     int
	Quote   string
	Reason  string
}

// Letter is the Section of flags raised by CheckLetter on a single text.
const Letter Component = -1

// rule is one phrase the checker looks for. Patterns are written with plain
// apostrophes and single spaces; compile accepts a typographic apostrophe, or
// none at all ("youre", "wasnt", "im": people type fast in the hardest
// weeks), and any run of white space in their place.
type rule struct {
	id     string
	kind   Kind
	re     *pattern
	reason string
	// inApology limits the rule to sentences that apologise ("sorry",
	// "apologise"), and only to matches after that word.
	inApology bool
	// unless, when one matches the sentence, cancels the flag.
	unless []*pattern
}

func compile(p string) *pattern {
	p = strings.ReplaceAll(p, "'", "['’‘ʼ`´]?")
	p = strings.ReplaceAll(p, " ", `\s+`) // text wraps: a line break is a space
	return &pattern{src: `(?i)\b(?:` + p + `)\b`}
}

// pattern is a regular expression compiled on first use. The checker's
// patterns take about 14 ms and 2 MB to compile; compiled in the package's
// init, every start of the program (the first frame, an export, --version)
// paid that for a screen most sessions never open.
type pattern struct {
	src  string
	once sync.Once
	re   *regexp.Regexp
}

func (p *pattern) get() *regexp.Regexp {
	p.once.Do(func() { p.re = regexp.MustCompile(p.src) })
	return p.re
}

// MatchString reports whether s has a match of the pattern.
func (p *pattern) MatchString(s string) bool { return p.get().MatchString(s) }

// FindStringIndex is regexp's FindStringIndex.
func (p *pattern) FindStringIndex(s string) []int { return p.get().FindStringIndex(s) }

// FindAllStringIndex is regexp's FindAllStringIndex.
func (p *pattern) FindAllStringIndex(s string, n int) [][]int {
	return p.get().FindAllStringIndex(s, n)
}

// ownsIt is first-person agency in the same sentence: "I'm sorry you had to
// find out the way you did, because I lied" owns the act, so "sorry you" is
// not a deflection there.
var ownsIt = compile(`I was (?:wrong|out of line|selfish|cruel|unfair|careless|dishonest|thoughtless|unkind|a coward)|I (?:messed|screwed) up|I (?:let you down|failed you|owe you)|(?:that's|that is|it's|it is|this is|this was|that was|it was) (?:all )?on me|I take (?:full |complete )?responsibility|I(?:'m| am) responsible|I own (?:this|it|that|what)|it was me|I did (?:this|it|that)|(?:I|I've|I have|I had) (?:hurt|caused|put|lied|broke|betrayed|chose|cheated|deceived|hid|kept|made you|let you down|went behind|spent|gambled|stole|took|slept|kissed|texted|wasted|forgot|missed|ignored|abandoned|neglected|humiliated|embarrassed|yelled|shouted|lost|broken|been lying|been seeing|been hiding)|I (?:wasn't|was not) (?:honest|truthful|there|faithful|fair|kind|open)|I (?:should not|shouldn't|should never) have|(?:sorry|apologi[sz]e) (?:that |for (?:the things |everything |what |all )?(?:that )?)?I\b|because of (?:me|my|what I)|because I|what I (?:did|said|put|have done|'ve done)|my (?:fault|choice|lies|lie|lying|doing)|I had no right|(?:it|that|this|they|those|the (?:lies|choice|decision)) (?:was|were|is|are) (?:all )?(?:mine|my (?:choice|decision|doing|fault))|(?:sorry|apologi[sz]e) (?:for|that I) (?:lying|cheating|betraying|deceiving|hiding|hurting|breaking|keeping|going behind|not telling|yelling|shouting|spending|reading|forgetting|missing|ignoring|humiliating|sleeping with)`)

// reported is a sentence that recounts the deflection in order to own it: "I
// told you it was no big deal, and that was a lie" or "I'm sorry I called you
// paranoid".
var reported = compile(`I (?:told you|said|called it|treated it|pretended|acted as if|acted like|claimed|kept saying|kept telling you|made it sound|made out|used to say|tried to tell you|insisted)|(?:sorry|ashamed|regret) (?:that I|I|for) (?:said|saying|told|telling|called|calling|acted|acting|pretended|pretending|made|making|blamed|blaming|insisted|insisting)|I was wrong to`)

// offer is a sentence that invites the other person to speak up later ("tell
// me if you feel hurt by anything I say"): an "if" there is care, not a hedge.
var offer = compile(`(?:tell|let) me(?: know)?(?: straight away| right away)? (?:if|whenever|when)|whenever you|any ?time you`)

const ifYouFelt = "\"If you felt\" makes their hurt sound uncertain; you could name what you did instead."

var apologyWord = compile(`sorry|apologi[sz]e|apologi[sz]ing|apology`)

var rules = []rule{
	{id: "if-you-felt", kind: Conditional,
		re:     compile(`if you(?: felt| feel| were| got| have been|'ve been) (?:hurt|upset|offended|bad|betrayed|let down|that way|disrespected)`),
		unless: []*pattern{offer},
		reason: ifYouFelt},
	// "if you felt like/that" is only a hedge next to an apology; elsewhere
	// it is often kindness ("I'd understand if you felt like leaving").
	{id: "if-you-felt", kind: Conditional, inApology: true,
		re:     compile(`if you felt (?:like|that)`),
		unless: []*pattern{offer},
		reason: ifYouFelt},
	{id: "sorry-if", kind: Conditional,
		re:     compile(`(?:sorry|apologi[sz]e) if|if I (?:did|said) (?:anything|something) (?:wrong|hurtful|to (?:hurt|upset) you)|if I(?:'ve| have) (?:hurt|upset|offended) you|if you (?:think|feel|believe) (?:that )?I (?:did (?:something|anything) wrong|was (?:wrong|unfair|out of line|hurtful)|hurt you|wronged you)|if (?:I|what I (?:did|said)|anything I (?:did|said)|something I (?:did|said)|my (?:words|actions|behaviou?r|comments?|jokes?)|that|this|it) (?:hurt|upset|offended|bothered|caused|made you)|to the extent that`),
		unless: []*pattern{offer, compile(`if I ever|again`)},
		reason: "A conditional apology (\"sorry if\") leaves room to doubt it happened; an apology holds better without the \"if\"."},
	// "Sorry you had to hear it from a stranger" is sorry for what they went
	// through because of it, not for how they feel: exempt.
	{id: "sorry-you", kind: Deflecting,
		re:     compile(`I regret that you|(?:(?:I'm|I am)(?: so| really| truly| very| deeply)? )?sorry (?:that )?you(?:'re| are| were| feel| felt| think| got| have| had| see)?|sorry (?:for|about) (?:how|the way) you (?:feel|felt|reacted|took it|see it)`),
		unless: []*pattern{ownsIt, compile(`sorry (?:that )?you (?:had|have|'ve had) to (?:find out|hear|learn|discover|see|go through|carry|deal with|live with|wait|read)`)},
		reason: "\"I'm sorry you...\" can sound like regret for their feelings rather than for what you did."},
	{id: "but", kind: Deflecting, inApology: true,
		re:     compile(`but|however`),
		unless: []*pattern{compile(`not (?:only|just|simply|merely)\b[\s\S]*\bbut|but (?:also|even more|most of all|above all|especially)|but I know|but (?:that|this|it)(?:'s| is) no excuse|but there(?:'s| is) no excuse|but (?:sorry|words|an apology) (?:isn't|is not|aren't|are not|won't|will not|can't|cannot)|but I (?:don't|do not) expect|(?:sorry|saying sorry|an apology|words) (?:doesn't|does not|won't|will not|can't|cannot|isn't|is not|aren't|are not) (?:enough|fix|change|undo|make|mend|repair|take)|but (?:sorry|an apology|saying sorry|words) (?:is|are) (?:just|only|not) (?:a word|words|enough)|but (?:that|this|it) (?:doesn't|does not) (?:excuse|change|make|undo)`)},
		reason: "A \"but\" after an apology tends to cancel what came before it."},
	{id: "taken", kind: Deflecting,
		re:     compile(`(?:it|that|this|what I said|my (?:words|comment|joke)) (?:came|comes|come) (?:across|out) (?:that way|wrong|the wrong way|badly|harsher|worse)|you (?:took|take) (?:it|that|this|what I said) (?:the wrong way|wrong|badly|too personally|that way)|you (?:misunderstood|misread|misinterpreted) (?:me|it|that|this|what)`),
		unless: []*pattern{reported},
		reason: "This puts the hurt in how it was taken rather than in what was done; naming what you did holds better."},
	{id: "passive", kind: Deflecting,
		re:     compile(`mistakes were made|(?:it|things|this|that) just happened|things got out of hand|one thing led to another`),
		unless: []*pattern{reported},
		reason: "This makes it sound as if it happened by itself; \"I did\" holds better."},
	{id: "vague", kind: Deflecting,
		re:     compile(`(?:sorry|apologi[sz]e) (?:for|about) whatever|sorry (?:for|about) (?:what happened|how things (?:turned out|went)|the situation|any (?:hurt|pain|harm|misunderstanding))|(?:any|whatever) (?:hurt|pain|harm|offen[cs]e) (?:that )?(?:may|might) have (?:been )?caused|(?:may|might) have been caused|a misunderstanding`),
		unless: []*pattern{ownsIt, reported},
		reason: "This stays vague about what was done; naming it plainly shows you see it."},
	{id: "blame", kind: Blame,
		re:     compile(`you (?:made|make|drove|drive|pushed|push|forced|force|provoked|led) me|you (?:left|gave) me no (?:choice|option)|(?:it was|it's|it is) (?:partly |also |really )?your fault|your fault (?:too|as well)|you started it|you did it too|you're not (?:innocent|perfect|blameless) either|you are not (?:innocent|perfect|blameless) either|it takes two|(?:share|your share of) the blame|your (?:part|role) in (?:this|it|that)|you played a (?:part|role)|because you (?:ignored|neglected|pushed|rejected|stopped (?:talking|touching|caring|listening)|were never|weren't there|were not there|were always (?:busy|working|away|out))|you(?:'re| are) the one who|so did you|you did (?:it |the same )?too|you(?:'re| are) no better|we both (?:hurt each other|made mistakes|messed up|did things|are to blame|were wrong|were at fault)|my (?:part|share) in (?:this|it|that|what happened)|we (?:are|were) both to blame|if you(?: had| hadn't| had not|'d)(?: just| only)? (?:been|paid|listened|given|spent|noticed|cared|shown|gone|looked|checked|snooped|read|pushed|nagged)|you know how I (?:get|am)|what did you expect|you should have (?:told me|said (?:something|so)|known|seen it coming|noticed|asked me|talked to me|come to me|paid more attention)|you(?:'re| are| were) the reason (?:I|this|it|that|we)|you never (?:listen|listened|cared|care|paid|pay|gave|give|had time|have time|noticed|notice)|you always (?:nag|nagged|criticise|criticize|criticised|criticized|ignore|ignored|push|pushed)`),
		unless: []*pattern{reported, compile(`you (?:make|made) me (?:want|feel (?:loved|safe|happy|lucky|proud)|a better|so happy|laugh|smile)|the reason I (?:want|am trying|'m trying|try|keep trying|get up|stay|am changing|'m changing)`)},
		reason: "This shares out the responsibility; an apology holds best when it owns what you did, whole."},
	{id: "minimising", kind: Deflecting,
		re:     compile(`you (?:always |just |totally |completely )?(?:overreacted|overreact)|stop overreacting|(?:don't|do not) overreact|you(?:'d| would)(?: probably)? have done (?:the same|it too)|you(?:'re| are| were)(?: being| just| so)?(?: way| far| much| a bit| a little| really| kind of| sort of)? (?:overreacting|over-reacting|too sensitive|so sensitive|dramatic|paranoid|hysterical|unreasonable|crazy|overthinking|blowing (?:this|it|things) (?:out of proportion|up)|making (?:a big deal|too much|a mountain))|(?:it|this|that) (?:was|is) (?:just|only) a (?:stupid |silly |little |small |dumb |tiny |one-time )?(?:mistake|slip|kiss|fling|text|message|thing|lapse)|(?:it|she|he|they|that|this) (?:didn't|did not) mean (?:anything|a thing)|(?:it|she|he|that) meant nothing|you have nothing to worry about|anyone would have|everyone does it|everybody does it|(?:no one|nobody)(?:'s| is) perfect|I(?:'m| am) only human|reading too much into|too personally|(?:it|this|that) (?:wasn't|was not|isn't|is not|wasn't really|was never) (?:a big deal|that bad|that serious|a big thing|anything serious)|(?:it|this|that) (?:was|is) no big deal|no big deal|not (?:such )?a (?:big|huge) deal|(?:wasn't|isn't|not) that big (?:of )?a deal|(?:it's|it is|it was) not like I|it only happened (?:once|a few times|twice)|(?:^|just |please |you need to |you should |you have to )(?:calm|settle) down`),
		unless: []*pattern{reported},
		reason: "This makes what happened sound smaller than it felt to them; naming it at its real size helps more."},
	{id: "demand", kind: Demand,
		re:     compile(`you (?:need|have|ought|must|should|got) to (?:forgive|move on|move past|let (?:it|this|that) go|get over|trust me|stop bringing)|you (?:must|should|need to|have to) forgive|(?:let's|let us|we (?:need|have|ought|must) to|can we(?: just| please)?|time to|it's time we|it is time we) (?:just )?(?:move on|move past|put (?:this|it|that) behind us|forget (?:about )?(?:this|it|that)|drop (?:this|it|that)|get past (?:this|it|that))|(?:^|please |just |can't you |why can't you |can you (?:just )?)(?:get over it|let it go|let this go|get over this)|stop bringing (?:it|this|that) up|I deserve (?:your forgiveness|to be forgiven|(?:a|another|one more)(?: second| last| fresh)? chance|your trust)|(?:said|told you) (?:sorry|I'm sorry|I am sorry) (?:a (?:hundred|thousand|million) times|so many times|enough(?: times)?|over and over)|forgive me (?:now|already|right now)|I expect (?:you to (?:forgive|trust|move on|get over|let)|your forgiveness|forgiveness)|I (?:need|want) you to (?:forgive me|trust me again|move on|get over|let (?:it|this|that) go)|how many times do I (?:have|need) to (?:apologi[sz]e|say (?:sorry|I'm sorry))|(?:already said sorry|said sorry already|apologi[sz]ed already)|can't we (?:just )?(?:forget|move on|drop|get past)|(?:not|stop) dwell(?:ing)? on|leave (?:it|this|that|the past) in the past|the past is the past|water under the bridge|what more do you want|(?:it's|it is) (?:about )?time (?:we|to|that we) (?:moved|move) (?:on|past)|can(?:'t| not|not)? you (?:just|please just|not just) (?:forgive|trust) me|why can't you (?:just )?(?:forgive|trust) me|I expect (?:us|we|that we) (?:to |can |will |could |should )?(?:move|get past|put|forget)|(?:hope|want|need|expect) you (?:can |will |to |could )?get over (?:it|this|that)|already apologi[sz]ed`),
		unless: []*pattern{reported, compile(`(?:don't|do not|never|not) (?:feel |think |ever feel )?(?:like |that )?you (?:have|need|must|should|ought) to|(?:all the|as much|whatever) time you need`)},
		reason: "Forgiveness and moving on are theirs to give in their own time; asking, and leaving them free, holds better than a demand."},
}

// Check reads a draft and returns gentle flags, in the order of the builder's
// sections, then the whole-draft flags. The two components that count most,
// responsibility and repair, are flagged when absent: an empty section counts
// as absent unless the same thing is said somewhere else in the draft.
func Check(d Draft) []Flag {
	var flags []Flag
	for c := Component(0); c < numComponents; c++ {
		flags = append(flags, scan(c, d.Sections[c], rules)...)
	}
	all := strings.Join(d.Sections[:], "\n")
	if strings.TrimSpace(d.Sections[Responsibility]) == "" && !ownsIt.MatchString(all) {
		flags = append(flags, missingResponsibility(Responsibility))
	}
	if strings.TrimSpace(d.Sections[Repair]) == "" && !offersRepair.MatchString(all) {
		flags = append(flags, missingRepair(Repair))
	}
	if f, ok := explanationOutweighs(d); ok {
		flags = append(flags, f)
	}
	return dedupe(flags)
}

// CheckLetter checks an apology written as one text rather than by sections:
// the phrase checks, and the two components that count most, found by their
// wording. Flags carry Section Letter and offsets into text.
func CheckLetter(text string) []Flag {
	flags := scan(Letter, text, rules)
	if strings.TrimSpace(text) == "" {
		return nil
	}
	if !ownsIt.MatchString(text) {
		flags = append(flags, missingResponsibility(Letter))
	}
	if !offersRepair.MatchString(text) {
		flags = append(flags, missingRepair(Letter))
	}
	if f, ok := letterExplanationOutweighs(text); ok {
		flags = append(flags, f)
	}
	return dedupe(flags)
}

// explaining is wording that gives reasons: a letter's sentences that have
// it (and do not also own the act) are its explanation.
var explaining = compile(`because|the reason|I was (?:so |really |just |very |always )?(?:stressed|tired|exhausted|drunk|lonely|overwhelmed|scared|afraid|angry|confused|depressed|unhappy|bored|busy|under (?:a lot of )?pressure|going through|struggling|drinking|in a (?:bad|dark) place)|I felt (?:so |really |very )?(?:lonely|alone|neglected|invisible|unwanted|unloved|trapped|ignored|stressed|overwhelmed|empty|lost)|work was|(?:it|things|life|that year|everything) (?:was|were|felt) (?:so |really |very )?(?:hard|difficult|stressful|crazy|chaotic|grey|gray|pointless|heavy)|you have to understand|let me explain|what happened was|I (?:just )?needed|I couldn't (?:help|cope|handle)|I didn't know how to`)

// letterExplanationOutweighs is explanationOutweighs for a letter written
// in one piece: the words of its explaining sentences against the rest.
func letterExplanationOutweighs(text string) (Flag, bool) {
	exp, all := 0, words(text)
	for _, s := range sentences(text) {
		sent := text[s[0]:s[1]]
		if explaining.MatchString(sent) && !ownsIt.MatchString(sent) {
			exp += words(sent)
		}
	}
	if exp < letterExplanationWords || exp <= all-exp {
		return Flag{}, false
	}
	return Flag{ID: "balance/letter", Kind: Balance, Section: Letter,
		Reason: fmt.Sprintf("The reasons (%d words) are longer than the rest together (%d); a shorter explanation keeps the apology about them.", exp, all-exp)}, true
}

// letterExplanationWords is the least explanation a letter is noted for:
// above the sectioned draft's, because in one piece the reasons are found
// by their wording, which is less sure than a section of their own.
const letterExplanationWords = 35

// offersRepair is wording that offers deeds: "I will", "from now on", "what
// can I do".
var offersRepair = compile(`earn (?:it|your trust|back)|rebuild|I want to (?:make|show|prove|change|do better|be better|repair)|I(?:'ve| have) (?:started|begun|booked|set up|arranged|blocked|deleted|ended|cancelled|canceled|closed|signed up|joined|made an appointment|found a)|I plan to|I(?:'m| am) planning|I intend|I(?:'m| am) working on|next time I|whatever you need|I will|I'll|I am going to|I'm going to|I want to make|I promise|from now on|make (?:it|this|things) right|make amends|what can I do|what I can do|I'd like to|I would like to|I've started|I have started|I've begun|I have begun|I've booked|I have booked|I commit|I'm committed|I am committed`)

func missingResponsibility(c Component) Flag {
	return Flag{ID: "missing/responsibility", Kind: Missing, Section: c,
		Reason: "There is no clear \"I did this\" yet; owning it plainly is what counts most in an apology."}
}

func missingRepair(c Component) Flag {
	return Flag{ID: "missing/repair", Kind: Missing, Section: c,
		Reason: "There is no offer of repair yet; saying what you will do to make it right counts most, next to owning it."}
}

// explanationWords is the length under which an explanation is never called
// long: a short draft is still being written.
const explanationWords = 25

// explanationOutweighs flags an explanation longer than everything else
// together. An explanation is welcome, but when it is most of the apology it
// reads as an excuse, and integrity breaches are repaired by deeds, not
// reasons.
func explanationOutweighs(d Draft) (Flag, bool) {
	exp := words(d.Sections[Explanation])
	rest := 0
	for c, s := range d.Sections {
		if Component(c) != Explanation {
			rest += words(s)
		}
	}
	if exp < explanationWords || exp <= rest {
		return Flag{}, false
	}
	return Flag{ID: "balance/explanation", Kind: Balance, Section: Explanation,
		Reason: fmt.Sprintf("The explanation (%d words) is longer than the rest together (%d); a shorter one keeps the apology about them.", exp, rest)}, true
}

func words(s string) int { return len(strings.Fields(s)) }

// scan runs rules over one text, skipping matches inside quotation marks:
// quoting what someone said (you asked me "what if you felt that way too?")
// is not saying it.
func scan(c Component, text string, rs []rule) []Flag {
	var flags []Flag
	quoted := quotedRanges(text)
	for _, s := range sentences(text) {
		sent := text[s[0]:s[1]]
		first := len(flags) // this sentence's flags start here
		for i, ms := range sentenceHits(rs, sent) {
			r := &rs[i]
			for _, m := range ms {
				start, end := s[0]+m[0], s[0]+m[1]
				if inside(quoted, start) || overlaps(flags[first:], start, end) {
					// Quoted words are not said; words already
					// flagged ("sorry if you felt hurt") need one note.
					continue
				}
				flags = append(flags, Flag{
					ID:      fmt.Sprintf("%s/%s/%08x", r.id, c.Slug(), hash(sent)),
					Kind:    r.kind,
					Section: c,
					Start:   start,
					End:     end,
					Quote:   text[start:end],
					Reason:  r.reason,
				})
				break // one flag per rule and sentence is enough
			}
		}
	}
	return flags
}

// sentenceHits returns, for each rule of rs, where it matches in sent
// (offsets into sent), after its exemptions. The answer depends on the
// sentence alone, so it is kept: while a person types, every sentence but
// the one under the cursor is the same as at the last key, and the
// checker's cost follows what changed rather than the length of the text.
func sentenceHits(rs []rule, sent string) [][][]int {
	key := hitKey{&rs[0], sent}
	hitCache.Lock()
	hits, ok := hitCache.m[key]
	hitCache.Unlock()
	if ok {
		return hits
	}
	hits = make([][][]int, len(rs))
	apol := apologyWord.FindStringIndex(sent)
	for i, r := range rs {
		if r.inApology && apol == nil {
			continue
		}
		ms := r.re.FindAllStringIndex(sent, -1)
		// The exemptions are the costly part; ask them only on a match.
		if ms == nil || matchesAny(r.unless, sent) {
			continue
		}
		for _, m := range ms {
			if !r.inApology || m[0] >= apol[1] {
				hits[i] = append(hits[i], m)
			}
		}
	}
	hitCache.Lock()
	if len(hitCache.m) >= hitCacheMax {
		clear(hitCache.m) // simple and bounded: a new letter fills it again
	}
	hitCache.m[key] = hits
	hitCache.Unlock()
	return hits
}

// hitKey names a sentence read with one rule set.
type hitKey struct {
	rules *rule
	sent  string
}

// hitCacheMax bounds the sentences kept: a long letter has a few hundred.
const hitCacheMax = 4096

var hitCache = struct {
	sync.Mutex
	m map[hitKey][][][]int
}{m: map[hitKey][][][]int{}}

// hash identifies a sentence by its words alone, so re-wrapping or changing
// case does not bring back a flag the person dismissed.
func hash(sentence string) uint32 {
	h := fnv.New32a()
	h.Write([]byte(strings.ToLower(strings.Join(strings.Fields(sentence), " "))))
	return h.Sum32()
}

// sentences splits text into [start, end) byte ranges at ., ! and ? followed
// by space, and at blank lines. A single line break is not a boundary: people
// wrap lines by hand.
func sentences(text string) [][2]int {
	var out [][2]int
	start := 0
	emit := func(end int) {
		s := start
		for s < end && unicode.IsSpace(rune(text[s])) {
			s++
		}
		if s < end {
			out = append(out, [2]int{s, end})
		}
		start = end
	}
	for i := 0; i < len(text); i++ {
		switch text[i] {
		case '\n':
			if i+1 < len(text) && text[i+1] == '\n' {
				emit(i + 1)
			}
		case '.', '!', '?':
			if i+1 == len(text) || unicode.IsSpace(rune(text[i+1])) {
				emit(i + 1)
			}
		}
	}
	if start < len(text) {
		emit(len(text))
	}
	return out
}

// quotedRanges finds spans between straight double quotes (paired in order)
// and between typographic “ and ”.
func quotedRanges(text string) [][2]int {
	var out [][2]int
	open := -1
	for i, r := range text {
		switch r {
		case '"':
			if open < 0 {
				open = i
			} else {
				out = append(out, [2]int{open, i})
				open = -1
			}
		case '“':
			open = i
		case '”':
			if open >= 0 {
				out = append(out, [2]int{open, i})
				open = -1
			}
		}
	}
	return out
}

// overlaps reports whether [start, end) overlaps one of flags' spans.
func overlaps(flags []Flag, start, end int) bool {
	for _, f := range flags {
		if start < f.End && f.Start < end {
			return true
		}
	}
	return false
}

func matchesAny(res []*pattern, s string) bool {
	for _, re := range res {
		if re.MatchString(s) {
			return true
		}
	}
	return false
}

func inside(ranges [][2]int, pos int) bool {
	for _, r := range ranges {
		if pos > r[0] && pos < r[1] {
			return true
		}
	}
	return false
}

func dedupe(flags []Flag) []Flag {
	seen := map[string]bool{}
	out := flags[:0]
	for _, f := range flags {
		if !seen[f.ID] {
			seen[f.ID] = true
			out = append(out, f)
		}
	}
	return out
}

// Without returns the flags whose IDs are not in dismissed: the person has
// read them and chosen to keep their words.
func Without(flags []Flag, dismissed map[string]bool) []Flag {
	var out []Flag
	for _, f := range flags {
		if !dismissed[f.ID] {
			out = append(out, f)
		}
	}
	return out
}
