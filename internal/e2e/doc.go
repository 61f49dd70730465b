// Package e2e holds the tests that run the real, built trustwork binary in
// a real terminal (tmux): type, kill, restart, read the screen. It has no
// code of its own besides this file; everything is in the _test.go files.
package e2e
