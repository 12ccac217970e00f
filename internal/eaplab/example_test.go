package eaplab_test

import (
	"fmt"

	"github.com/azsphere-go/applibs/internal/eaplab"
)

// Check tells whether a lab can run here; tests call Require instead, which skips or fails.
func ExampleCheck() {
	if err := eaplab.Check(); err != nil {
		fmt.Println("no lab:", err, "- install with:", eaplab.Install)
		return
	}
	fmt.Println("lab available")
}
