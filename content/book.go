package content

import "github.com/trustwork/trustwork/internal/workbook"

// Book returns the workbook as workbook.Load(FS) reads it, built when
// trustwork was built (book_gen.go): a start does not parse the lessons'
// YAML front matter and markdown, 2-7 ms of CPU that every start paid
// beside the first frame and the export. TestBookIsGenerated keeps
// book_gen.go equal to Load(FS) and fails until it is written again with
// `go test ./content -run TestBookIsGenerated -update` after a lesson
// changes; Load's checks of the lessons run in that test.
//
// The workbook is shared by every caller and must not be changed.
func Book() *workbook.Workbook { return &generated }
