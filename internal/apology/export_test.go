package apology

// ForgetSentences empties the checker's memory of sentences, so a
// benchmark can measure a text read for the first time.
func ForgetSentences() {
	hitCache.Lock()
	clear(hitCache.m)
	hitCache.Unlock()
}
