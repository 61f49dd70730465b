package recovery

// Reseal runs change, which turns the journal's lock on or off or changes
// its passphrase, and then writes the recovery files in dataDir again
// through c, so they are sealed exactly when the journal is. The files are
// read before change, with the codec c has then, so a plain file is read
// as plain and a sealed one with the old key. The CLI and the TUI both
// change the lock through here.
func Reseal(dataDir string, c Codec, change func() error) error {
	recs, _ := ListWith(dataDir, c)
	if err := change(); err != nil {
		return err
	}
	return Rewrite(dataDir, recs, c)
}
