package devdata

import (
	"encoding/json"
	"math/rand/v2"
	"time"

	"github.com/trustwork/trustwork/internal/store"
)

// apologyDrafts are the apology's sections as they grow over its
// versions: each version takes one more line of each list it has, so
// later versions own more and explain less, as a person's rewrites do.
var apologyDrafts = map[string][]string{
	"regret": {
		"I'm sorry.",
		"I am sorry for lying to you about where I was, for months.",
		"I am sorry. For eight months I lied to you about where I was on Thursdays.",
	},
	"responsibility": {
		"",
		"It was my choice and nobody else's.",
		"It was my choice, every week, and nobody else's. I did this.",
	},
	"impact": {
		"",
		"You stopped sleeping and started doubting your own memory.",
		"You stopped sleeping, you doubted your own memory, and you had to tell your sister before you could tell me.",
	},
	"explanation": {
		"Work was hard and I was lonely and we were not talking, and I think if we had talked more none of this would have happened, and I felt invisible at home.",
		"I was lonely and I hid it instead of telling you.",
		"I was lonely and I hid it instead of telling you. That is context, not an excuse.",
	},
	"repentance": {
		"",
		"I will not lie to you again.",
		"I will not lie to you again, about small things or big ones.",
	},
	"repair": {
		"",
		"I'll answer any question you ask.",
		"I'll answer any question you ask, for as long as you need, and I have booked a counsellor for us if you want to go.",
	},
	"forgiveness": {"", "", "If one day you can forgive me, I would be grateful. I know you may not."},
}

// versionData is a kept version's data, as store/apology.go writes it.
type versionData struct {
	Version  int  `json:"version"`
	Finished bool `json:"finished,omitempty"`
}

// apologyRecords are an apology's working draft and versions kept over the
// first year of the history, the last marked finished, with one note set
// aside on the draft. Its own generator keeps the journal's rows the same
// for a seed whether or not the tools are there.
func apologyRecords(sp Spec) []store.Record {
	rng := rand.New(rand.NewPCG(sp.Seed, 0x61706f6c6f6779)) // "apology"
	n := len(apologyDrafts["regret"])
	at := sp.Start.Add(time.Duration(rng.Int64N(int64(30*24*time.Hour)) + 1))
	var recs []store.Record
	for v := 1; v <= n; v++ {
		text := map[string]string{}
		for slug, lines := range apologyDrafts {
			if t := lines[v-1]; t != "" {
				text[slug] = t
			}
		}
		data, _ := json.Marshal(versionData{Version: v, Finished: v == n})
		recs = append(recs, store.Record{Kind: "apology", Data: data, Text: text, CreatedAt: at, UpdatedAt: at})
		at = at.Add(time.Duration(rng.Int64N(int64(60*24*time.Hour))) + 7*24*time.Hour)
	}
	draft := recs[len(recs)-1]
	draft.Data, _ = json.Marshal(map[string]any{"dismissed": []string{"balance/explanation"}})
	draft.CreatedAt = recs[0].CreatedAt.Add(-time.Hour)
	return append([]store.Record{draft}, recs...)
}
