package textedit

import "unsafe"

// layoutCache remembers the row starts of recently wrapped lines, so one
// keystroke (scrolling, View, CursorPosition) wraps each visible line once
// and an unchanged line is not wrapped again on the next keystroke.
//
// Entries are keyed by the line's storage (data pointer and length) and the
// width. Strings are immutable and the key's pointer keeps the storage
// alive, so an equal key means equal text: an edited line is a new string
// and simply misses, and no invalidation by line index is needed when lines
// are inserted or removed.
type layoutCache struct {
	m     map[layoutKey][]int
	bytes int
}

type layoutKey struct {
	p    *byte
	n, w int
}

// Bounds on what the cache holds, so that it neither grows with the
// document nor keeps many copies of one huge line alive.
const (
	cacheMaxEntries = 1024
	cacheMaxBytes   = 4 << 20
)

// rows returns the row starts of s wrapped to width w (see layout). The
// result is shared: callers must not modify it.
func (c *layoutCache) rows(s string, w int) []int {
	if c == nil {
		return layout(s, w, nil)
	}
	k := layoutKey{unsafe.StringData(s), len(s), w}
	if len(s) == 0 {
		k.p = nil
	}
	if r, ok := c.m[k]; ok {
		return r
	}
	r := layout(s, w, nil)
	if c.m == nil || len(c.m) >= cacheMaxEntries || c.bytes+len(s) > cacheMaxBytes {
		c.m = make(map[layoutKey][]int, 64)
		c.bytes = 0
	}
	c.m[k] = r
	c.bytes += len(s)
	return r
}
