package synth

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/png"
	"io"
	"math"
)

// WritePNG writes img as an 8-bit grayscale PNG with a pHYs chunk giving
// its resolution in dots per inch (image/png writes none).
func WritePNG(w io.Writer, img *image.Gray, dpi int) error {
	var buf bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(&buf, img); err != nil {
		return err
	}
	out, err := insertPHYs(buf.Bytes(), dpi)
	if err != nil {
		return err
	}
	_, err = w.Write(out)
	return err
}

var pngSig = []byte("\x89PNG\r\n\x1a\n")

// insertPHYs returns the PNG data with a pHYs chunk placed right after
// IHDR (the specification requires it before the first IDAT).
func insertPHYs(data []byte, dpi int) ([]byte, error) {
	if !bytes.HasPrefix(data, pngSig) || len(data) < 8+25 || string(data[12:16]) != "IHDR" {
		return nil, errors.New("synth: not a PNG starting with IHDR")
	}
	ihdrEnd := 8 + 8 + int(binary.BigEndian.Uint32(data[8:12])) + 4
	ppm := uint32(math.Round(float64(dpi) / 0.0254)) // 300 dpi = 11811 px/m
	var body [9]byte
	binary.BigEndian.PutUint32(body[0:4], ppm)
	binary.BigEndian.PutUint32(body[4:8], ppm)
	body[8] = 1 // unit: metre
	chunk := pngChunk("pHYs", body[:])
	out := make([]byte, 0, len(data)+len(chunk))
	out = append(out, data[:ihdrEnd]...)
	out = append(out, chunk...)
	out = append(out, data[ihdrEnd:]...)
	return out, nil
}

func pngChunk(typ string, body []byte) []byte {
	c := make([]byte, 0, 12+len(body))
	c = binary.BigEndian.AppendUint32(c, uint32(len(body)))
	c = append(c, typ...)
	c = append(c, body...)
	crc := crc32.NewIEEE()
	crc.Write([]byte(typ))
	crc.Write(body)
	return binary.BigEndian.AppendUint32(c, crc.Sum32())
}

// PNGDensity returns the pixels per metre and unit of data's pHYs chunk; ok
// is false when there is none.
func PNGDensity(data []byte) (x, y uint32, unit byte, ok bool) {
	if !bytes.HasPrefix(data, pngSig) {
		return 0, 0, 0, false
	}
	for p := 8; p+12 <= len(data); {
		n := int(binary.BigEndian.Uint32(data[p : p+4]))
		typ := string(data[p+4 : p+8])
		if p+12+n > len(data) {
			break
		}
		if typ == "pHYs" && n == 9 {
			b := data[p+8 : p+17]
			return binary.BigEndian.Uint32(b[0:4]), binary.BigEndian.Uint32(b[4:8]), b[8], true
		}
		if typ == "IDAT" {
			break
		}
		p += 12 + n
	}
	return 0, 0, 0, false
}
