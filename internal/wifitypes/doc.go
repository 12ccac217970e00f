// Package wifitypes holds the value types of the wificonfig Backend contract. It is a leaf
// package so that a backend (the cgo device backend in internal/device in particular) can
// implement wificonfig.Backend without importing package wificonfig, which imports it back.
// Package wificonfig re-exports every type here as an alias and every constant with the same
// value; applications and external backends use those names.
package wifitypes
