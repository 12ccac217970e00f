package rotation

import (
	"encoding/hex"
	"hash/fnv"
	"unicode/utf8"

	"github.com/azsphere-go/applibs/certstore"
	"github.com/azsphere-go/applibs/wificonfig"
)

// The suffixes of the duplicate networks' config names, one per role (see the package
// documentation, "Names").
const (
	// SuffixNewRoot names the duplicate that trusts the new root CA during a root-CA rollover.
	SuffixNewRoot = "+ca"
	// SuffixFallback names the duplicate that keeps the old client certificate while the
	// network tries the new one.
	SuffixFallback = "+fb"
	// SuffixMove names the duplicate that keeps the new client certificate reachable while it
	// moves over the old identifier (ModeKeepIdentifier).
	SuffixMove = "+mv"
)

// DuplicateName returns the config name of the duplicate of network in the role suffix
// (SuffixNewRoot, SuffixFallback or SuffixMove): network followed by the suffix when that
// fits in wificonfig.ConfigNameMaxLength bytes; otherwise the first bytes of network (cut
// between characters), four hexadecimal digits of a hash of the whole name (FNV-1a, 32 bits,
// the low 16), and the suffix, at most 16 bytes in all, so that long names that share a
// prefix still get different duplicates.
func DuplicateName(network, suffix string) string {
	if len(network)+len(suffix) <= wificonfig.ConfigNameMaxLength {
		return network + suffix
	}
	h := fnv.New32a()
	h.Write([]byte(network))
	sum := h.Sum(nil)
	keep := wificonfig.ConfigNameMaxLength - len(suffix) - 4
	for keep > 0 && !utf8.RuneStart(network[keep]) { // do not cut a character in two
		keep--
	}
	return network[:keep] + hex.EncodeToString(sum[2:]) + suffix
}

// StagingID returns the identifier under which a new certificate waits beside the
// certificate id: id with its last character 1 replaced by 2 and 2 by 1
// ("ClientCert1" and "ClientCert2", "RootCA2" and "RootCA1"); any other id gets a 2 appended,
// or its last character replaced by 2 when it already has certstore.MaxIdentifierLength
// characters. The result is never id and is a valid identifier whenever id is.
func StagingID(id string) string {
	if id == "" {
		return ""
	}
	last := id[len(id)-1]
	switch {
	case last == '1':
		return id[:len(id)-1] + "2"
	case last == '2':
		return id[:len(id)-1] + "1"
	case len(id) < certstore.MaxIdentifierLength:
		return id + "2"
	}
	return id[:len(id)-1] + "2"
}
