// Package content embeds the workbook's lesson files. go:embed cannot reach
// parent directories, so the files and this declaration live together.
package content

import "embed"

// FS holds every lesson file (*.md) at its root, read by workbook.Load.
//
//go:embed *.md
var FS embed.FS
