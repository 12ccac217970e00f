package filestore_test

import (
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"testing"

	"github.com/azsphere-go/applibs/certstore"
	"github.com/azsphere-go/applibs/certstore/filestore"
)

const (
	multiEnvDir    = "FILESTORE_MULTI_DIR"
	multiEnvPool   = "FILESTORE_MULTI_POOL"
	multiEnvPrefix = "FILESTORE_MULTI_PREFIX"
	multiRounds    = 40
)

// TestMultiProcessChild is the body of one writer of TestMultiProcess.
func TestMultiProcessChild(t *testing.T) {
	dir := os.Getenv(multiEnvDir)
	if dir == "" {
		t.Skip("runs only as a child of TestMultiProcess")
	}
	pool, err := loadPool(os.Getenv(multiEnvPool))
	if err != nil {
		t.Fatal(err)
	}
	prefix := os.Getenv(multiEnvPrefix)
	fs, err := filestore.Open(dir, filestore.WithCapacity(1<<20))
	if err != nil {
		t.Fatal(err)
	}
	defer fs.Close()
	s := certstore.New(fs)
	for i := 0; i < multiRounds; i++ {
		id := prefix + strconv.Itoa(i)
		if err := s.InstallRootCACertificate(id, pool[i%poolSize].cert); err != nil {
			t.Fatal(err)
		}
		if i%2 == 1 { // odd ones are renamed, every fourth deleted
			if err := s.MoveCertificate(id, id+"m"); err != nil {
				t.Fatal(err)
			}
			if i%4 == 3 {
				if err := s.DeleteCertificate(id + "m"); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
}

// TestMultiProcess runs two processes that change one store at the same time; the flock
// serializes them and each sees the other's commits, so no change is lost.
func TestMultiProcess(t *testing.T) {
	skipUnsupported(t)
	if os.Getenv(multiEnvDir) != "" {
		t.Skip("child")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	poolDir, dir := t.TempDir(), t.TempDir()
	makePool(t, poolDir)
	var cmds []*exec.Cmd
	for _, prefix := range []string{"p", "q"} {
		cmd := exec.Command(exe, "-test.run=^TestMultiProcessChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), multiEnvDir+"="+dir, multiEnvPool+"="+poolDir, multiEnvPrefix+"="+prefix)
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		cmds = append(cmds, cmd)
	}
	for _, cmd := range cmds {
		if err := cmd.Wait(); err != nil {
			t.Fatalf("child: %v", err)
		}
	}
	fs := open(t, dir, filestore.WithCapacity(1<<20))
	s := certstore.New(fs)
	want := map[string]bool{}
	for _, prefix := range []string{"p", "q"} {
		for i := 0; i < multiRounds; i++ {
			switch {
			case i%4 == 3:
			case i%2 == 1:
				want[fmt.Sprintf("%s%dm", prefix, i)] = true
			default:
				want[fmt.Sprintf("%s%d", prefix, i)] = true
			}
		}
	}
	got := map[string]bool{}
	for id, err := range s.Identifiers() {
		if err != nil {
			t.Fatal(err)
		}
		got[id] = true
	}
	if len(got) != len(want) {
		t.Errorf("store holds %d certificates, want %d", len(got), len(want))
	}
	for id := range want {
		if !got[id] {
			t.Errorf("lost %q", id)
		}
	}
}
