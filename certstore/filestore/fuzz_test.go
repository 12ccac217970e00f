package filestore

import (
	"bytes"
	"testing"
)

// FuzzScan feeds arbitrary bytes to the state-file decoder: it must not panic, and a file
// it finds complete must be what encode writes for that state.
func FuzzScan(f *testing.F) {
	st := state{Next: 3, Entries: []entry{
		{ID: "ca", Kind: RootCACert, Size: 5, Gen: 1, Cert: []byte("-----BEGIN CERTIFICATE-----")},
		{ID: "client", Kind: ClientCert, Size: 9, Gen: 2, Cert: []byte("cert"), Key: []byte("key")},
	}}
	full, err := initialFile(3, &st)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(full)
	f.Add(full[:blockSize])
	f.Add(filler(0, 2*blockSize))
	f.Add([]byte("azsphere-certstore 2 seq=1 len=-1 sha256=00\n{}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		sc := scan(data)
		if !sc.complete {
			if sc.problem == "" {
				t.Fatal("incomplete file without a problem")
			}
			return
		}
		again, err := encode(sc.seq, &sc.st)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(data, again) {
			t.Fatalf("complete state %d re-encodes differently", sc.seq)
		}
		if len(sc.ids) != len(sc.st.Entries) {
			t.Fatalf("ids %v for %d entries", sc.ids, len(sc.st.Entries))
		}
		judge("fuzz", [2]fileScan{sc, scan(data)})
	})
}
