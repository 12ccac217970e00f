package manifest_test

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/azsphere-go/applibs/manifest"
)

func ExampleParse() {
	data := []byte(`{
  "SchemaVersion": 1,
  "Name": "Cert_HighLevelApp",
  "ComponentId": "4e9b2f0a-6c1d-4b8e-9f3a-2d7c5e1b8a60",
  "EntryPoint": "/bin/app",
  "CmdArgs": [],
  "Capabilities": {
    "Gpio": [ "$SAMPLE_BUTTON_1", 8 ],
    "CertStore": true,
    "WifiConfig": true,
    "EnterpriseWifiConfig": true
  },
  "ApplicationType": "Default"
}`)
	m, err := manifest.Parse(data)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(m.Name, m.ApplicationType)
	fmt.Println("CertStore:", m.Capabilities.CertStore)
	for _, g := range m.Capabilities.GPIO {
		fmt.Println("GPIO", g)
	}
	// Output:
	// Cert_HighLevelApp Default
	// CertStore: true
	// GPIO $SAMPLE_BUTTON_1
	// GPIO 8
}

func ExampleParse_errors() {
	data := []byte(`{
  "SchemaVersion": 1,
  "Name": "App",
  "ComponentId": "not-a-guid",
  "EntryPoint": "/bin/app",
  "CmdArgs": [],
  "Capabilities": {
    "certStore": true,
    "AllowedTcpServerPorts": [ 80, 443, 70000 ],
    "MutableStorage": { "SizeKB": 128 }
  }
}`)
	_, err := manifest.Parse(data)
	var verr *manifest.ValidationError
	if errors.As(err, &verr) {
		for _, e := range verr.Errors {
			fmt.Printf("%d:%d %s [%s]\n", e.Line, e.Column, e.Path, e.Rule)
		}
	}
	fmt.Println(err)
	// Output:
	// 4:18 ComponentId [guid]
	// 8:5 Capabilities.certStore [unknown key]
	// 9:41 Capabilities.AllowedTcpServerPorts[2] [range]
	// 10:35 Capabilities.MutableStorage.SizeKB [range]
	// manifest: 4 problems:
	// 	ComponentId: must be a GUID (8-4-4-4-12 hexadecimal digits), not "not-a-guid" (line 4, column 18)
	// 	Capabilities.certStore: unknown key "certStore" (keys are case-sensitive: did you mean "CertStore"?) (line 8, column 5)
	// 	Capabilities.AllowedTcpServerPorts[2]: port must be 1..65535, not 70000 (line 9, column 41)
	// 	Capabilities.MutableStorage.SizeKB: must be 1..64, not 128 (line 10, column 35)
}

func ExampleParse_syntaxError() {
	_, err := manifest.Parse([]byte("{\n  \"SchemaVersion\": 1,\n}"))
	var serr *manifest.SyntaxError
	if errors.As(err, &serr) {
		fmt.Println(serr.Line, serr.Column)
	}
	fmt.Println(err)
	// Output:
	// 3 1
	// manifest: syntax error at line 3, column 1: invalid character '}' looking for beginning of object key string
}

func ExampleManifest_Validate() {
	m := &manifest.Manifest{
		SchemaVersion: 1,
		Name:          "Blink",
		ComponentID:   "1139a8b2-c835-2e27-27dd-e894b6d15fa9",
		EntryPoint:    "/bin/app",
		Capabilities: manifest.Capabilities{
			PowerControls: []string{"ForceReboot", "Hibernate", "ForceReboot"},
		},
	}
	fmt.Println(m.Validate())
	// Output:
	// manifest: 2 problems:
	// 	Capabilities.PowerControls[1]: must be "ForcePowerDown", "ForceReboot" or "SetPowerProfile", not "Hibernate"
	// 	Capabilities.PowerControls[2]: "ForceReboot" is already listed at index 0
}

func ExampleCapabilities_Allows() {
	caps := manifest.Capabilities{CertStore: true, EnterpriseWifiConfig: true}
	for _, fn := range []string{
		"CertStore_InstallClientCertificate",
		"WifiConfig_SetClientCertStoreIdentifier", // EAP-TLS: needs WifiConfig too
		"WifiConfig_AddNetwork",                   // needs WifiConfig
		"DeviceAuth_SslCtxFunc",                   // needs DeviceAuthentication
		"Application_IsDeviceAuthReady",           // needs nothing
	} {
		fmt.Println(fn, caps.Allows(fn))
	}
	fmt.Println("EAP-TLS security type:", caps.AllowsEAPTLS())
	// Output:
	// CertStore_InstallClientCertificate true
	// WifiConfig_SetClientCertStoreIdentifier false
	// WifiConfig_AddNetwork false
	// DeviceAuth_SslCtxFunc false
	// Application_IsDeviceAuthReady true
	// EAP-TLS security type: false
}

func ExampleCapabilities_AllowsConnectionTo() {
	caps := manifest.Capabilities{
		AllowedApplicationConnections: []string{"005180BC-402F-4CB3-A662-72937DBCDE47"},
	}
	fmt.Println(caps.AllowsConnectionTo("005180bc-402f-4cb3-a662-72937dbcde47"))
	fmt.Println(caps.AllowsConnectionTo("25025d2c-66da-4448-bae1-ac26fcdd3627"))
	// Output:
	// true
	// false
}

func ExampleRequiredCapability() {
	for _, fn := range []string{"WifiConfig_GetClientIdentity", "Application_Connect", "Applications_GetOsVersion"} {
		c, ok := manifest.RequiredCapability(fn)
		fmt.Printf("%s: %q %v\n", fn, c, ok)
	}
	// Output:
	// WifiConfig_GetClientIdentity: "EnterpriseWifiConfig" true
	// Application_Connect: "AllowedApplicationConnections" true
	// Applications_GetOsVersion: "" true
}

// The Go fields use Go initialisms; MarshalJSON writes the keys as app_manifest.json spells
// them (ComponentId, AllowedTcpServerPorts, Gpio).
func ExampleManifest_MarshalJSON() {
	m := manifest.Manifest{
		SchemaVersion: 1,
		Name:          "DeviceId",
		ComponentID:   "0b6e2a91-3f7c-4d58-b1e0-9c4a7d2f6e83",
		EntryPoint:    "/bin/app",
		Capabilities: manifest.Capabilities{
			AllowedConnections:    []string{"global.azure-devices-provisioning.net"},
			AllowedTCPServerPorts: []int{11000},
			GPIO:                  []manifest.GPIO{{Name: "$SAMPLE_BUTTON_1"}, {Number: 8}},
			DeviceAuthentication:  "52fecdd6-5a57-4cd2-bea1-ec7fa1773c43",
			MutableStorage:        &manifest.MutableStorage{SizeKB: 8},
		},
		ApplicationType: manifest.ApplicationTypeDefault,
	}
	out, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(string(out))
	// Output:
	// {
	//   "SchemaVersion": 1,
	//   "Name": "DeviceId",
	//   "ComponentId": "0b6e2a91-3f7c-4d58-b1e0-9c4a7d2f6e83",
	//   "EntryPoint": "/bin/app",
	//   "CmdArgs": [],
	//   "Capabilities": {
	//     "AllowedConnections": [
	//       "global.azure-devices-provisioning.net"
	//     ],
	//     "AllowedTcpServerPorts": [
	//       11000
	//     ],
	//     "Gpio": [
	//       "$SAMPLE_BUTTON_1",
	//       8
	//     ],
	//     "DeviceAuthentication": "52fecdd6-5a57-4cd2-bea1-ec7fa1773c43",
	//     "MutableStorage": {
	//       "SizeKB": 8
	//     }
	//   },
	//   "ApplicationType": "Default"
	// }
}
