package filestore_test

import (
	"bufio"
	"bytes"
	"crypto/x509/pkix"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/azsphere-go/applibs/certstore"
	"github.com/azsphere-go/applibs/certstore/filestore"
	"github.com/azsphere-go/applibs/internal/certparse"
	"github.com/azsphere-go/applibs/internal/testsize"
	"github.com/azsphere-go/applibs/pkitest"
)

// The crash test re-executes the test binary as a child that changes the store at random and
// reports each change on stdout: "B op args" before the call, "E ok" or "E errno" after it
// returned. The parent kills the child with SIGKILL at a random moment, opens the store and
// checks that it holds exactly the changes reported done, plus at most the one in flight.

const (
	crashEnvDir  = "FILESTORE_CRASH_DIR"
	crashEnvPool = "FILESTORE_CRASH_POOL"
	crashEnvSeed = "FILESTORE_CRASH_SEED"
	poolSize     = 5
	poolPassword = "pw"
)

var crashIDs = []string{"a", "b", "c", "d", "e", "f"}

// poolItem is one certificate the child may install: as a root CA (cert only) or a client
// certificate (cert + key, the key encrypted for odd items).
type poolItem struct {
	cn        string
	cert, key []byte
	encrypted bool
}

func loadPool(dir string) ([]poolItem, error) {
	var out []poolItem
	for i := 0; i < poolSize; i++ {
		base := filepath.Join(dir, strconv.Itoa(i))
		cert, err := os.ReadFile(base + ".crt")
		if err != nil {
			return nil, err
		}
		key, err := os.ReadFile(base + ".key")
		if err != nil {
			return nil, err
		}
		out = append(out, poolItem{cn: "/CN=pool " + strconv.Itoa(i), cert: cert, key: key, encrypted: i%2 == 1})
	}
	return out, nil
}

func makePool(t *testing.T, dir string) []poolItem {
	t.Helper()
	ca := pkitest.MustCA(pkitest.Options{Subject: pkix.Name{CommonName: "Crash CA"}})
	for i := 0; i < poolSize; i++ {
		c := ca.MustIssue(pkitest.Options{Subject: pkix.Name{CommonName: "pool " + strconv.Itoa(i)}})
		key := c.MustKeyPEM(pkitest.PKCS8, nil)
		if i%2 == 1 {
			key = c.MustKeyPEM(pkitest.EncryptedPKCS8, []byte(poolPassword))
		}
		base := filepath.Join(dir, strconv.Itoa(i))
		if err := os.WriteFile(base+".crt", c.CertPEM, 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(base+".key", key, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	pool, err := loadPool(dir)
	if err != nil {
		t.Fatal(err)
	}
	return pool
}

// modelCert is what the model knows of a stored certificate.
type modelCert struct {
	id     string
	item   int
	client bool
}

type model []modelCert

func (m model) find(id string) int {
	return slices.IndexFunc(m, func(c modelCert) bool { return c.id == id })
}

// op is one change: "root id item", "client id item", "move src dst", "del id".
type op struct {
	kind string
	a, b string
	item int
}

func (o op) String() string {
	switch o.kind {
	case "root", "client":
		return fmt.Sprintf("%s %s %d", o.kind, o.a, o.item)
	case "move":
		return "move " + o.a + " " + o.b
	}
	return "del " + o.a
}

func parseOp(s string) (op, error) {
	f := strings.Fields(s)
	if len(f) < 2 {
		return op{}, fmt.Errorf("bad op %q", s)
	}
	o := op{kind: f[0], a: f[1]}
	switch o.kind {
	case "root", "client":
		n, err := strconv.Atoi(f[2])
		o.item = n
		return o, err
	case "move":
		o.b = f[2]
	}
	return o, nil
}

// apply returns the model after o and whether o succeeds.
func (m model) apply(o op) (model, bool) {
	n := slices.Clone(m)
	switch o.kind {
	case "root", "client":
		c := modelCert{id: o.a, item: o.item, client: o.kind == "client"}
		if i := n.find(o.a); i >= 0 {
			n[i] = c
		} else {
			n = append(n, c)
		}
	case "move":
		i := n.find(o.a)
		if i < 0 {
			return m, false
		}
		if o.a == o.b {
			return n, true
		}
		if j := n.find(o.b); j >= 0 {
			n[i].id = o.b
			n = slices.Delete(n, j, j+1)
		} else {
			n[i].id = o.b
		}
	case "del":
		i := n.find(o.a)
		if i < 0 {
			return m, false
		}
		n = slices.Delete(n, i, i+1)
	}
	return n, true
}

// TestCrashChild is the child's body; it does nothing in a normal run.
func TestCrashChild(t *testing.T) {
	dir := os.Getenv(crashEnvDir)
	if dir == "" {
		t.Skip("runs only as the child of TestCrashConsistency")
	}
	pool, err := loadPool(os.Getenv(crashEnvPool))
	if err != nil {
		fmt.Println("X", err)
		os.Exit(2)
	}
	seed, _ := strconv.ParseUint(os.Getenv(crashEnvSeed), 10, 64)
	rng := rand.New(rand.NewPCG(seed, 1))
	fs, err := filestore.Open(dir)
	if err != nil {
		fmt.Println("X", err)
		os.Exit(2)
	}
	s := certstore.New(fs)
	out := os.Stdout
	fmt.Fprintln(out, "R")
	for {
		var o op
		switch r := rng.IntN(10); {
		case r < 3:
			o = op{kind: "root", a: crashIDs[rng.IntN(len(crashIDs))], item: rng.IntN(poolSize)}
		case r < 5:
			o = op{kind: "client", a: crashIDs[rng.IntN(len(crashIDs))], item: rng.IntN(poolSize)}
		case r < 8:
			o = op{kind: "move", a: crashIDs[rng.IntN(len(crashIDs))], b: crashIDs[rng.IntN(len(crashIDs))]}
		default:
			o = op{kind: "del", a: crashIDs[rng.IntN(len(crashIDs))]}
		}
		fmt.Fprintf(out, "B %s\n", o)
		var err error
		p := pool[o.item]
		switch o.kind {
		case "root":
			err = s.InstallRootCACertificate(o.a, p.cert)
		case "client":
			var pw []byte
			if p.encrypted {
				pw = []byte(poolPassword)
			}
			err = s.InstallClientCertificate(o.a, p.cert, p.key, pw)
		case "move":
			err = s.MoveCertificate(o.a, o.b)
		case "del":
			err = s.DeleteCertificate(o.a)
		}
		if err != nil {
			fmt.Fprintf(out, "E %d\n", int(certparse.Errno(err)))
		} else {
			fmt.Fprintf(out, "E ok\n")
		}
	}
}

func TestCrashConsistency(t *testing.T) {
	skipUnsupported(t)
	if os.Getenv(crashEnvDir) != "" {
		t.Skip("child")
	}
	// Each trial starts a child process (about 50 ms, several times that under -race).
	trials := testsize.Pick(10, 30, 1000)
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	poolDir := t.TempDir()
	pool := makePool(t, poolDir)
	dir := t.TempDir()
	var m model
	var committed, inflightLanded, inflightLost, killedEarly int
	start := time.Now()
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 2))
	for trial := 0; trial < trials; trial++ {
		cmd := exec.Command(exe, "-test.run=^TestCrashChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), crashEnvDir+"="+dir, crashEnvPool+"="+poolDir,
			crashEnvSeed+"="+strconv.FormatUint(rng.Uint64(), 10))
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Wait for the child's "R" (store open), let it work for 0 to 30 ms, kill it.
		sc := bufio.NewScanner(stdout)
		if !sc.Scan() || sc.Text() != "R" {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("trial %d: child did not start: %q", trial, sc.Text())
		}
		timer := time.AfterFunc(time.Duration(rng.IntN(30_000))*time.Microsecond, func() {
			cmd.Process.Signal(syscall.SIGKILL)
		})

		// Replay the journal.
		var pending *op
		lines := 0
		for sc.Scan() {
			line := sc.Text()
			lines++
			switch {
			case strings.HasPrefix(line, "B "):
				o, err := parseOp(line[2:])
				if err != nil {
					t.Fatalf("trial %d: %v", trial, err)
				}
				pending = &o
			case strings.HasPrefix(line, "E "):
				if pending == nil {
					t.Fatalf("trial %d: result without an operation", trial)
				}
				next, ok := m.apply(*pending)
				if got := line[2:] == "ok"; got != ok {
					t.Fatalf("trial %d: %v returned %q; the model says success=%v", trial, *pending, line, ok)
				}
				m = next
				pending = nil
				committed++
			case strings.HasPrefix(line, "X "):
				t.Fatalf("trial %d: child failed: %s", trial, line)
			}
		}
		timer.Stop()
		cmd.Wait()
		if lines == 0 {
			killedEarly++
		}
		got := readActual(t, trial, dir, pool)
		landed := false
		switch {
		case equalModel(got, m):
		case pending != nil && equalModel(got, must(m.apply(*pending))):
			m = must(m.apply(*pending))
			landed = true
			inflightLanded++
		default:
			t.Fatalf("trial %d: store holds %v; committed state is %v (in flight: %v)", trial, got, m, pending)
		}
		if pending != nil && !landed {
			inflightLost++
		}
	}
	t.Logf("%d trials in %v: %d changes reported committed, all present; the change in flight at the kill landed %d times, was absent %d times; %d children killed before their first change; 0 torn or lost states",
		trials, time.Since(start).Round(time.Millisecond), committed, inflightLanded, inflightLost, killedEarly)
}

func must(m model, _ bool) model { return m }

func equalModel(got []modelCert, m model) bool {
	return slices.Equal(got, []modelCert(m))
}

// readActual opens the store, checks its invariants and returns its contents.
func readActual(t *testing.T, trial int, dir string, pool []poolItem) []modelCert {
	t.Helper()
	fs, err := filestore.Open(dir)
	if err != nil {
		t.Fatalf("trial %d: Open after kill: %v", trial, err)
	}
	defer fs.Close()
	s := certstore.New(fs)
	var out []modelCert
	seen := map[string]bool{}
	sum := 0
	for id, err := range s.Identifiers() {
		if err != nil {
			t.Fatalf("trial %d: %v", trial, err)
		}
		if seen[id] {
			t.Fatalf("trial %d: identifier %q twice", trial, id)
		}
		seen[id] = true
		subj, err := s.GetCertificateSubjectName(id)
		if err != nil {
			t.Fatalf("trial %d: %v", trial, err)
		}
		item := slices.IndexFunc(pool, func(p poolItem) bool { return p.cn == subj })
		if item < 0 {
			t.Fatalf("trial %d: %q has unknown subject %q", trial, id, subj)
		}
		certPath, keyPath, err := fs.Paths(id)
		if err != nil {
			t.Fatalf("trial %d: Paths(%q): %v", trial, id, err)
		}
		certPEM, err := os.ReadFile(certPath)
		if err != nil || !bytes.Equal(certPEM, pool[item].cert) {
			t.Fatalf("trial %d: cert file of %q: %v (or contents differ)", trial, id, err)
		}
		sum += len(certPEM)
		client := keyPath != ""
		if client {
			keyPEM, err := os.ReadFile(keyPath)
			if err != nil {
				t.Fatal(err)
			}
			if _, _, err := certparse.ClientCertificate(certPEM, keyPEM, nil); err != nil {
				t.Fatalf("trial %d: key file of %q: %v", trial, id, err)
			}
			sum += len(pool[item].key)
		}
		out = append(out, modelCert{id: id, item: item, client: client})
	}
	used, capacity, err := fs.Usage()
	if err != nil {
		t.Fatal(err)
	}
	if used != sum {
		t.Fatalf("trial %d: used = %d, sum of entries = %d", trial, used, sum)
	}
	if free, _ := s.GetAvailableSpace(); free != capacity-used {
		t.Fatalf("trial %d: free = %d, want %d", trial, free, capacity-used)
	}
	return out
}
