package wifitypes_test

import (
	"fmt"

	"github.com/azsphere-go/applibs/internal/wifitypes"
)

// A backend names the setter of an attribute in its errors with SetterOp.
func ExampleAttribute_SetterOp() {
	fmt.Println(wifitypes.AttrRootCACertStoreIdentifier.SetterOp(), wifitypes.AttrRootCACertStoreIdentifier)
	// Output: SetRootCACertStoreIdentifier RootCA_CertStore_Identifier
}

func ExampleNetworkDiagnostics() {
	d := wifitypes.NetworkDiagnostics{Error: wifitypes.AuthenticationFailed, CertError: wifitypes.InvalidRootCA, CertDepth: 1}
	fmt.Printf("%v (%d): %v at depth %d\n", d.Error, d.Error, d.CertError, d.CertDepth)
	// Output: AuthenticationFailed (5): InvalidRootCA at depth 1
}
