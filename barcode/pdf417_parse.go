package barcode

import (
	"errors"
	"math/big"
	"unicode/utf8"
)

// The data codewords of a PDF417 symbol turned back into text: text,
// byte and numeric compaction (ISO 15438 section 5.4), after ZXing's
// DecodedBitStreamParser (Apache License 2.0, Copyright 2009 ZXing
// authors; TypeScript port in @zxing/library). Macro PDF417 control
// blocks end the data (their file id and segment fields are not
// returned); ECI designators are skipped.

// Mode latches and other function codewords.
const (
	pdfLatchText      = 900
	pdfLatchByte      = 901
	pdfLatchNumeric   = 902
	pdfShiftByte      = 913
	pdfMacroTerm      = 922
	pdfMacroOptional  = 923
	pdfLatchByte6     = 924
	pdfECIUser        = 925
	pdfECIGeneral     = 926
	pdfECICharset     = 927
	pdfMacroBlock     = 928
	pdfMaxNumericCWs  = 15 // numeric compaction groups
	pdfTextSubAlpha   = 0
	pdfTextSubLower   = 1
	pdfTextSubMixed   = 2
	pdfTextSubPunct   = 3
	pdfTextShiftAlpha = 4
	pdfTextShiftPunct = 5
)

// errPDFFormat is a codeword stream that is not valid PDF417 data; like
// every error here it says nothing about the content.
var errPDFFormat = errors.New("barcode: invalid PDF417 data")

const (
	pdfMixedChars = "0123456789&\r\t,:#-.$/+%*=^"
	pdfPunctChars = ";<>@[\\]_`~!\r\t,:\n-.$/\"|*()?{}'"
)

// pdfParse decodes the data codewords (data[0] is the length descriptor)
// into text. Bytes from byte compaction are taken as UTF-8 when they are
// valid UTF-8 (what Encode writes) and as ISO 8859-1, the standard's
// default character set, otherwise.
func pdfParse(data []int) (string, error) {
	var out []byte
	i := 1
	for i < len(data) {
		code := data[i]
		i++
		var err error
		switch {
		case code < pdfLatchText:
			i, err = pdfText(data, i-1, &out)
		case code == pdfLatchText:
			i, err = pdfText(data, i, &out)
		case code == pdfLatchByte || code == pdfLatchByte6:
			i, err = pdfBytes(code, data, i, &out)
		case code == pdfLatchNumeric:
			i, err = pdfNumeric(data, i, &out)
		case code == pdfShiftByte:
			if i >= len(data) {
				return "", errPDFFormat
			}
			out = append(out, byte(data[i]))
			i++
		case code == pdfECICharset || code == pdfECIUser:
			i++
		case code == pdfECIGeneral:
			i += 2
		case code == pdfMacroBlock:
			i = len(data) // the rest is Macro PDF417 metadata
		default: // 922, 923 outside a macro block; reserved codewords
			return "", errPDFFormat
		}
		if err != nil {
			return "", err
		}
	}
	if len(out) == 0 {
		return "", errPDFFormat
	}
	if utf8.Valid(out) {
		return string(out), nil
	}
	r := make([]rune, len(out))
	for j, b := range out {
		r[j] = rune(b)
	}
	return string(r), nil
}

// pdfText decodes text compaction from data[i] up to the next codeword
// that is not text (a latch to another mode, an ECI, a macro) and returns
// the index of that codeword. Each codeword carries two base-30 values;
// the sub-mode starts at Alpha (a latch to text resets it).
func pdfText(data []int, i int, out *[]byte) (int, error) {
	sub, prior := pdfTextSubAlpha, pdfTextSubAlpha
	for i < len(data) {
		code := data[i]
		if code == pdfShiftByte {
			if i+1 >= len(data) {
				return i, errPDFFormat
			}
			*out = append(*out, byte(data[i+1]))
			i += 2
			// A pending one-character shift is dropped, as ZXing does:
			// encoders pad an odd number of text values with a
			// punctuation shift (29) before a shifted byte.
			if sub == pdfTextShiftAlpha || sub == pdfTextShiftPunct {
				sub = prior
			}
			continue
		}
		if code >= pdfLatchText {
			return i, nil
		}
		i++
		for _, v := range [2]int{code / 30, code % 30} {
			sub, prior = pdfTextValue(v, sub, prior, out)
		}
	}
	return i, nil
}

// pdfTextValue applies one base-30 text value in sub-mode sub (prior is
// the mode a one-character shift returns to) and returns the new modes.
func pdfTextValue(v, sub, prior int, out *[]byte) (int, int) {
	emit := func(c byte) { *out = append(*out, c) }
	switch sub {
	case pdfTextSubAlpha, pdfTextSubLower:
		switch {
		case v < 26 && sub == pdfTextSubAlpha:
			emit(byte('A' + v))
		case v < 26:
			emit(byte('a' + v))
		case v == 26:
			emit(' ')
		case v == 27 && sub == pdfTextSubAlpha:
			return pdfTextSubLower, prior // LL
		case v == 27:
			return pdfTextShiftAlpha, sub // AS
		case v == 28:
			return pdfTextSubMixed, prior // ML
		default: // 29: PS
			return pdfTextShiftPunct, sub
		}
	case pdfTextSubMixed:
		switch {
		case v < 25:
			emit(pdfMixedChars[v])
		case v == 25:
			return pdfTextSubPunct, prior // PL
		case v == 26:
			emit(' ')
		case v == 27:
			return pdfTextSubLower, prior // LL
		case v == 28:
			return pdfTextSubAlpha, prior // AL
		default: // 29: PS
			return pdfTextShiftPunct, sub
		}
	case pdfTextSubPunct:
		if v < 29 {
			emit(pdfPunctChars[v])
		} else {
			return pdfTextSubAlpha, prior // AL
		}
	case pdfTextShiftAlpha:
		switch {
		case v < 26:
			emit(byte('A' + v))
		case v == 26:
			emit(' ')
		}
		return prior, prior
	case pdfTextShiftPunct:
		if v < 29 {
			emit(pdfPunctChars[v])
			return prior, prior
		}
		return pdfTextSubAlpha, prior // PAL as a shift: ZXing latches to Alpha
	}
	return sub, prior
}

// pdfBytes decodes byte compaction from data[i] and returns the index of
// the first codeword after it. Groups of five codewords hold six bytes
// (base 900 to base 256); in mode 901 the bytes left over at the end,
// fewer than six, are one codeword each.
func pdfBytes(mode int, data []int, i int, out *[]byte) (int, error) {
	for i < len(data) && data[i] < pdfLatchText {
		n := 0
		for n < 5 && i+n < len(data) && data[i+n] < pdfLatchText {
			n++
		}
		more := i+n < len(data) && data[i+n] < pdfLatchText
		if n == 5 && (mode == pdfLatchByte6 || more) {
			var v uint64
			for _, c := range data[i : i+5] {
				v = v*900 + uint64(c)
			}
			if v >= 1<<48 {
				return i, errPDFFormat
			}
			for s := 40; s >= 0; s -= 8 {
				*out = append(*out, byte(v>>uint(s)))
			}
			i += 5
			continue
		}
		for _, c := range data[i : i+n] {
			if c > 255 {
				return i, errPDFFormat
			}
			*out = append(*out, byte(c))
		}
		i += n
	}
	return i, nil
}

// pdfNumeric decodes numeric compaction from data[i] and returns the index
// of the first codeword after it. Each group of up to 15 codewords is a
// base 900 number whose decimal form is "1" followed by the digits.
func pdfNumeric(data []int, i int, out *[]byte) (int, error) {
	for i < len(data) {
		n := 0
		for n < pdfMaxNumericCWs && i+n < len(data) && data[i+n] < pdfLatchText {
			n++
		}
		if n == 0 {
			if data[i] == pdfLatchNumeric {
				i++ // a repeated latch starts a new group
				continue
			}
			return i, nil
		}
		v := new(big.Int)
		b900 := big.NewInt(900)
		for _, c := range data[i : i+n] {
			v.Mul(v, b900).Add(v, big.NewInt(int64(c)))
		}
		s := v.String()
		if s[0] != '1' {
			return i, errPDFFormat
		}
		*out = append(*out, s[1:]...)
		i += n
	}
	return i, nil
}
