// Package migrations embeds the SQL files that build trustwork's schema.
// Files are named NNNN_description.sql and run in name order; the number is
// the schema version recorded in PRAGMA user_version once the file has run.
package migrations

import "embed"

// FS holds every migration file (*.sql) at its root.
//
//go:embed *.sql
var FS embed.FS
