package hlcache

import (
	"bytes"
	"encoding/binary"
	"os"
)

// BuildID returns the Go build ID of the running binary, "" where it
// cannot be read (then nothing is cached). On ELF systems the linker
// writes it as a note near the start of the file: a 4-byte name size (4),
// a 4-byte ID size, a 4-byte type (4), the name "Go\x00\x00" and the ID.
func BuildID() string {
	exe, err := os.Executable()
	if err != nil {
		return ""
	}
	f, err := os.Open(exe)
	if err != nil {
		return ""
	}
	defer f.Close()
	head := make([]byte, 16<<10)
	n, _ := f.ReadAt(head, 0)
	return noteID(head[:n])
}

// noteID finds the Go build ID note in the first bytes of an ELF file.
func noteID(b []byte) string {
	if !bytes.HasPrefix(b, []byte("\x7fELF")) {
		return ""
	}
	for i := 12; i+4 <= len(b); {
		j := bytes.Index(b[i:], []byte("Go\x00\x00"))
		if j < 0 {
			return ""
		}
		at := i + j
		i = at + 1
		if at < 12 {
			continue
		}
		namesz := binary.LittleEndian.Uint32(b[at-12:])
		descsz := binary.LittleEndian.Uint32(b[at-8:])
		typ := binary.LittleEndian.Uint32(b[at-4:])
		if namesz != 4 || typ != 4 || descsz == 0 || descsz > 1<<10 || at+4+int(descsz) > len(b) {
			continue
		}
		return string(b[at+4 : at+4+int(descsz)])
	}
	return ""
}
