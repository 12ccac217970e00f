//go:build abidouble && !azsphere

package main

// imagePath: the tests' double has no image package; paths are used as given.
func imagePath(rel string) (string, error) { return rel, nil }
