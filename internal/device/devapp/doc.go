// Package devapp is the device backend of package application: Application_* and
// Applications_* of libapplibs through cgo. It is a package of its own because Connect
// returns a net.Conn: programs that use only the certificate store or Wi-Fi do not link
// package net.
package devapp
