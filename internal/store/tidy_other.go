//go:build !linux

package store

func addReader(abs string, tidy bool) {}
func dropReader(abs string) bool      { return false }
func tidyAfterReader(abs string)      {}
