package checkin

import (
	"math"
	"strings"
)

var (
	blocks = []rune("▁▂▃▄▅▆▇█")
	ascii  = []rune("_.-:=+*#")
)

// Sparkline draws the last width values as one line of blocks, lowest to
// highest across the values' own range; NaN is a gap (a week without a
// check-in). With asciiOnly it uses "_.-:=+*#", for NO_COLOR terminals and
// fonts without block glyphs. Equal values draw at mid height, so a flat
// line does not read as rock bottom.
func Sparkline(values []float64, width int, asciiOnly bool) string {
	if width <= 0 || len(values) == 0 {
		return ""
	}
	if len(values) > width {
		values = values[len(values)-width:]
	}
	set := blocks
	if asciiOnly {
		set = ascii
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range values {
		if !math.IsNaN(v) {
			lo, hi = min(lo, v), max(hi, v)
		}
	}
	var b strings.Builder
	top := len(set) - 1
	for _, v := range values {
		switch {
		case math.IsNaN(v):
			b.WriteRune(' ')
		case hi == lo:
			b.WriteRune(set[top/2])
		default:
			b.WriteRune(set[int(math.Round((v-lo)/(hi-lo)*float64(top)))])
		}
	}
	return b.String()
}
