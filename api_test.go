package applibs_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const modulePath = "github.com/azsphere-go/applibs"

// goFiles parses every Go file of the module, with comments, and calls f for each with its
// slash-separated path relative to the module root.
func goFiles(t *testing.T, f func(path string, file *ast.File)) {
	t.Helper()
	fset := token.NewFileSet()
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); path != "." && (strings.HasPrefix(name, ".") || name == "testdata") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") {
			return nil
		}
		file, err := parser.ParseFile(fset, path, nil, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		f(filepath.ToSlash(path), file)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func isInternal(path string) bool {
	return strings.HasPrefix(path, "internal/") || strings.Contains(path, "/internal/")
}

// internalImports returns the file's local names of imported packages of this module that
// users cannot import.
func internalImports(file *ast.File) map[string]string {
	names := map[string]string{}
	for _, imp := range file.Imports {
		p, _ := strconv.Unquote(imp.Path.Value)
		if !strings.HasPrefix(p, modulePath+"/") || !isInternal(strings.TrimPrefix(p, modulePath+"/")) {
			continue
		}
		name := p[strings.LastIndex(p, "/")+1:]
		if imp.Name != nil {
			name = imp.Name.Name
		}
		names[name] = p
	}
	return names
}

// TestNoExportedAliasOfInternal: the public packages define the types and constants users
// touch, so that go doc shows their fields and values. No exported type may be an alias of
// an internal package's type, and no exported constant or variable may be just a name from
// an internal package.
func TestNoExportedAliasOfInternal(t *testing.T) {
	goFiles(t, func(path string, file *ast.File) {
		if isInternal(path) || strings.HasSuffix(path, "_test.go") {
			return
		}
		internal := internalImports(file)
		refersInternal := func(e ast.Expr) (string, bool) {
			found := ""
			ast.Inspect(e, func(n ast.Node) bool {
				if sel, ok := n.(*ast.SelectorExpr); ok {
					if id, ok := sel.X.(*ast.Ident); ok {
						if p, ok := internal[id.Name]; ok {
							found = p + "." + sel.Sel.Name
						}
					}
				}
				return found == ""
			})
			return found, found != ""
		}
		for _, decl := range file.Decls {
			g, ok := decl.(*ast.GenDecl)
			if !ok {
				continue
			}
			for _, spec := range g.Specs {
				switch s := spec.(type) {
				case *ast.TypeSpec:
					if !s.Name.IsExported() || !s.Assign.IsValid() {
						continue
					}
					if what, ok := refersInternal(s.Type); ok {
						t.Errorf("%s: exported type %s is an alias of %s", path, s.Name.Name, what)
					}
				case *ast.ValueSpec:
					for i, name := range s.Names {
						if !name.IsExported() || i >= len(s.Values) {
							continue
						}
						if _, ok := s.Values[i].(*ast.SelectorExpr); !ok {
							continue
						}
						if what, ok := refersInternal(s.Values[i]); ok {
							t.Errorf("%s: exported %s is %s, whose value go doc does not show", path, name.Name, what)
						}
					}
				}
			}
		}
	})
}

// TestExamplesImportNoInternalPackage: examples are there to be copied. A program in
// examples/ (its files, not its tests) and every file with an Example function of a public
// package may import only what another module can import.
func TestExamplesImportNoInternalPackage(t *testing.T) {
	checked := 0
	goFiles(t, func(path string, file *ast.File) {
		if isInternal(path) {
			return
		}
		hasExample := strings.HasPrefix(path, "examples/") && !strings.HasSuffix(path, "_test.go")
		for _, decl := range file.Decls {
			if fn, ok := decl.(*ast.FuncDecl); ok && fn.Recv == nil && strings.HasPrefix(fn.Name.Name, "Example") && strings.HasSuffix(path, "_test.go") {
				hasExample = true
			}
		}
		if !hasExample {
			return
		}
		checked++
		for _, p := range internalImports(file) {
			t.Errorf("%s imports %s, which users of the module cannot import", path, p)
		}
	})
	if checked < 20 {
		t.Errorf("checked %d files with examples; the walk is missing files", checked)
	}
}
