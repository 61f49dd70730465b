package apology

import "testing"

// TestPatternsCompile compiles every pattern now: they compile on first
// use, so a typo in one would otherwise panic only when a letter reaches it.
func TestPatternsCompile(t *testing.T) {
	all := []*pattern{ownsIt, reported, offer, apologyWord, explaining, offersRepair}
	for _, rs := range [][]rule{rules, selfBlame} {
		for _, r := range rs {
			all = append(all, r.re)
			all = append(all, r.unless...)
		}
	}
	for _, p := range all {
		if p.get() == nil {
			t.Fatalf("pattern %q did not compile", p.src)
		}
	}
}
