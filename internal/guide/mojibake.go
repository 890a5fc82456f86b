package guide

import (
	"unicode/utf8"
)

// cp1252 maps the runes Windows-1252 shows for bytes 0x80–0x9F to those
// bytes. Bytes 0xA0–0xFF show as U+00A0–U+00FF, and the five bytes
// Windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) as the C1
// control of the same value, as browsers decode them.
var cp1252 = map[rune]byte{
	'€': 0x80, '‚': 0x82, 'ƒ': 0x83, '„': 0x84, '…': 0x85, '†': 0x86, '‡': 0x87,
	'ˆ': 0x88, '‰': 0x89, 'Š': 0x8A, '‹': 0x8B, 'Œ': 0x8C, 'Ž': 0x8E,
	'\u2018': 0x91, '\u2019': 0x92, '\u201C': 0x93, '\u201D': 0x94, '•': 0x95, '–': 0x96, '—': 0x97,
	'˜': 0x98, '™': 0x99, 'š': 0x9A, '›': 0x9B, 'œ': 0x9C, 'ž': 0x9E, 'Ÿ': 0x9F,
}

// cp1252Byte returns the Windows-1252 byte that shows as r.
func cp1252Byte(r rune) (byte, bool) {
	switch {
	case r >= 0xA0 && r <= 0xFF, r == 0x81 || r == 0x8D || r == 0x8F || r == 0x90 || r == 0x9D:
		return byte(r), true
	}
	b, ok := cp1252[r]
	return b, ok
}

// mojibake reports whether c[off:] starts with UTF-8 that was decoded as
// Windows-1252 and encoded again as UTF-8 ("’" → "â€™"): a lead byte
// 0xC2–0xF4 shown as a Latin-1 letter, followed by the continuation bytes
// 0x80–0xBF it needs, shown as Windows-1252 characters, which together
// decode to one non-ASCII rune. It returns the length of the sequence in
// c and the intended text.
func mojibake(c []byte, off int) (n int, intended string) {
	r, size := utf8.DecodeRune(c[off:])
	lead, ok := cp1252Byte(r)
	if !ok || lead < 0xC2 || lead > 0xF4 {
		return 0, ""
	}
	need := 1
	switch {
	case lead >= 0xF0:
		need = 3
	case lead >= 0xE0:
		need = 2
	}
	raw := []byte{lead}
	end := off + size
	for range need {
		r, size := utf8.DecodeRune(c[end:])
		b, ok := cp1252Byte(r)
		if !ok || b < 0x80 || b > 0xBF || r == utf8.RuneError {
			return 0, ""
		}
		raw = append(raw, b)
		end += size
	}
	if d, _ := utf8.DecodeRune(raw); d == utf8.RuneError || d < 0x80 {
		return 0, ""
	}
	return end - off, string(raw)
}
