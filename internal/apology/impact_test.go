package apology_test

import (
	"slices"
	"testing"

	"github.com/trustwork/trustwork/internal/apology"
)

func TestCheckImpact(t *testing.T) {
	tests := []struct {
		name   string
		letter apology.ImpactLetter
		want   []string // flag ID prefixes, in order
		quote  string   // the first self-blame quote, if any
	}{
		{"all written, no notes", apology.ImpactLetter{
			Happened: "I found the messages on a Tuesday and could not stop shaking.",
			Meant:    "It meant the last year was not what I thought it was.",
			Need:     "I need the whole truth once, and time.",
		}, nil, ""},
		{"need may be empty, and is said gently", apology.ImpactLetter{
			Happened: "You lied about the money.", Meant: "I felt foolish.",
		}, []string{"empty/need"}, ""},
		{"nothing written", apology.ImpactLetter{}, []string{"empty/happened", "empty/meant", "empty/need"}, ""},
		{"self-blame", apology.ImpactLetter{
			Happened: "He cheated, and it was my fault he looked elsewhere.",
			Meant:    "I felt worthless.", Need: "Space.",
		}, []string{"self-blame/happened"}, "it was my fault"},
		{"not enough", apology.ImpactLetter{
			Happened: "She left for a week.", Meant: "Maybe I'm not pretty enough.", Need: "Honesty.",
		}, []string{"self-blame/meant"}, "I'm not pretty enough"},
		{"if only", apology.ImpactLetter{
			Happened: "He lied.", Meant: "If only I had been home more.", Need: "Answers.",
		}, []string{"self-blame/meant"}, "If only I"},
		{"being owed the truth is not self-blame", apology.ImpactLetter{
			Happened: "I should have been told the truth from the start.", Meant: "I felt lied to.", Need: "The truth.",
		}, nil, ""},
		{"should have known", apology.ImpactLetter{
			Happened: "She lied for a year.", Meant: "I keep thinking I should have known.", Need: "Time.",
		}, []string{"self-blame/meant"}, "I should have known"},
		{"anger and blame of the other are not flagged", apology.ImpactLetter{
			Happened: "It was your fault and your choice.", Meant: "I am furious.", Need: "If I had known sooner I would have left; I need to know everything now.",
		}, nil, ""},
	}
	for _, tc := range tests {
		flags := apology.CheckImpact(tc.letter)
		var got []string
		for _, f := range flags {
			got = append(got, f.ID)
		}
		if len(got) != len(tc.want) {
			t.Errorf("%s: flags %v, want %v", tc.name, got, tc.want)
			continue
		}
		for i := range got {
			if len(got[i]) < len(tc.want[i]) || got[i][:len(tc.want[i])] != tc.want[i] {
				t.Errorf("%s: flag %d is %s, want %s...", tc.name, i, got[i], tc.want[i])
			}
		}
		if tc.quote != "" {
			i := slices.IndexFunc(flags, func(f apology.Flag) bool { return f.Kind == apology.SelfBlame })
			if flags[i].Quote != tc.quote {
				t.Errorf("%s: quote %q, want %q", tc.name, flags[i].Quote, tc.quote)
			}
		}
	}
}

func TestImpactText(t *testing.T) {
	l := apology.ImpactLetter{Happened: "You lied.", Need: " Time. "}
	if got, want := l.Text(), "You lied.\n\nTime.\n"; got != want {
		t.Fatalf("Text() = %q, want %q", got, want)
	}
	if len(apology.ImpactParts()) != 3 {
		t.Fatal("impact letter has three parts")
	}
}
