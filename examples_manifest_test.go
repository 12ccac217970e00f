package applibs_test

import (
	"go/ast"
	"go/build/constraint"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/azsphere-go/applibs/application"
	"github.com/azsphere-go/applibs/certstore"
	"github.com/azsphere-go/applibs/deviceauth"
	"github.com/azsphere-go/applibs/manifest"
	"github.com/azsphere-go/applibs/wificonfig"
)

// cName returns the applibs C function a Go method or function of the SDK mirrors: the C
// prefix and the Go name with Go's initialisms spelt as C spells them.
func cName(prefix, goName string) string {
	n := goName
	for _, r := range []struct{ goSpelling, c string }{{"WPA2", "Wpa2"}, {"ByID", "ById"}, {"NetworkID", "NetworkId"}, {"OSVersion", "OsVersion"}, {"SSLCtx", "SslCtx"}} {
		n = strings.ReplaceAll(n, r.goSpelling, r.c)
	}
	return prefix + n
}

// apiCalls maps the names of the SDK's exported methods and functions to the C functions
// they call. The iterators and helpers list the store with the query functions.
func apiCalls() map[string]string {
	m := map[string]string{}
	add := func(v any, prefix string) {
		t := reflect.TypeOf(v)
		for i := 0; i < t.NumMethod(); i++ {
			name := t.Method(i).Name
			if _, ok := manifest.RequiredCapability(cName(prefix, name)); ok {
				m[name] = cName(prefix, name)
			}
		}
	}
	add((*certstore.Store)(nil), "CertStore_")
	add((*wificonfig.Config)(nil), "WifiConfig_")
	add((*deviceauth.Identity)(nil), "DeviceAuth_")
	add((*application.App)(nil), "Application_")
	add((*application.App)(nil), "Applications_")
	for _, name := range []string{"Certificates", "Identifiers", "Certificate"} {
		m[name] = "CertStore_GetCertificateCount"
	}
	m["ConfigureTLS"], m["ClientCertificate"] = "DeviceAuth_SslCtxFunc", "DeviceAuth_SslCtxFunc"
	return m
}

// deviceFiles parses the Go files of dir that a device build compiles (not tests, not files
// whose build constraint excludes the azsphere tag).
func deviceFiles(t *testing.T, dir string) []*ast.File {
	t.Helper()
	fset := token.NewFileSet()
	paths, _ := filepath.Glob(filepath.Join(dir, "*.go"))
	var files []*ast.File
	for _, p := range paths {
		if strings.HasSuffix(p, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, p, nil, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		keep := true
		for _, c := range f.Comments {
			for _, l := range c.List {
				if expr, err := constraint.Parse(l.Text); err == nil && c.Pos() < f.Package {
					keep = expr.Eval(func(tag string) bool { return tag == "azsphere" || tag == "linux" || tag == "arm" || tag == "cgo" })
				}
			}
		}
		if keep {
			files = append(files, f)
		}
	}
	return files
}

// TestDeviceManifestsGrantWhatTheProgramUses: each example with an approot/ is a device
// program, and its app_manifest.json grants exactly the capabilities its calls need: none
// missing (the call would fail with EACCES) and none extra.
func TestDeviceManifestsGrantWhatTheProgramUses(t *testing.T) {
	calls := apiCalls()
	manifests, _ := filepath.Glob("examples/*/approot/app_manifest.json")
	if len(manifests) < 2 {
		t.Fatalf("found %d device programs with an approot; want the certificates and wifi ones at least", len(manifests))
	}
	for _, mpath := range manifests {
		dir := filepath.Dir(filepath.Dir(mpath))
		t.Run(filepath.Base(dir), func(t *testing.T) {
			m, err := manifest.ParseFile(mpath)
			if err != nil {
				t.Fatal(err)
			}
			used := map[string]bool{}
			for _, f := range deviceFiles(t, dir) {
				ast.Inspect(f, func(n ast.Node) bool {
					if call, ok := n.(*ast.CallExpr); ok {
						if sel, ok := call.Fun.(*ast.SelectorExpr); ok {
							if fn, ok := calls[sel.Sel.Name]; ok {
								used[fn] = true
							}
						}
					}
					return true
				})
			}
			if len(used) == 0 {
				t.Fatal("the program calls no applibs function")
			}
			need := map[manifest.Capability]bool{}
			for fn := range used {
				if !m.Capabilities.Allows(fn) {
					t.Errorf("%s calls %s, which its manifest does not allow", dir, fn)
				}
				if c, _ := manifest.RequiredCapability(fn); c != manifest.NoCapability {
					need[c] = true
					if c == manifest.CapEnterpriseWifiConfig {
						need[manifest.CapWifiConfig] = true
					}
				}
			}
			granted := map[manifest.Capability]bool{
				manifest.CapCertStore:            m.Capabilities.CertStore,
				manifest.CapWifiConfig:           m.Capabilities.WifiConfig,
				manifest.CapEnterpriseWifiConfig: m.Capabilities.EnterpriseWifiConfig,
			}
			for c, g := range granted {
				if g && !need[c] {
					t.Errorf("the manifest grants %s, which the program does not use", c)
				}
			}
			var names []string
			for fn := range used {
				names = append(names, fn)
			}
			slices.Sort(names)
			t.Logf("%s calls %s", dir, strings.Join(names, ", "))
			if _, err := os.Stat(filepath.Join(dir, "approot", ".gitignore")); err != nil {
				t.Errorf("approot has no .gitignore keeping the built bin/ out of git")
			}
		})
	}
}
