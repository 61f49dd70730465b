package workbook

// Purpose is how titles and headings name what the person is doing, before
// the other person's name: the one who broke trust is repairing it; the one
// who was hurt is finding their own footing, whatever they decide, so their
// screens never assume they want the relationship mended.
func Purpose(track string) string {
	if track == TrackHurt {
		return "finding your footing with "
	}
	return "repairing trust with "
}
