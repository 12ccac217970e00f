module github.com/azsphere-go/applibs

go 1.23.0

require (
	github.com/google/go-cmp v0.7.0
	github.com/youmark/pkcs8 v0.0.0-20240726163527-a2c0da244d78
	golang.org/x/crypto v0.40.0
)
