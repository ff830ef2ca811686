package main

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"os"
)

func writePNG(path string, img *image.Gray) {
	f, err := os.Create(path)
	must(err)
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	must(enc.Encode(f, img))
	must(f.Close())
}

func jpegBytes(img *image.Gray, q int) []byte {
	var b bytes.Buffer
	must(jpeg.Encode(&b, img, &jpeg.Options{Quality: q}))
	return b.Bytes()
}

func writeJPEG(path string, img *image.Gray, q int) {
	must(os.WriteFile(path, jpegBytes(img, q), 0o644))
}

func must(err error) {
	if err != nil {
		panic(err)
	}
}

// TIFF pages: bitonal (1-bit, PackBits, WhiteIsZero) or 8-bit gray (Deflate).
type tiffPage struct {
	img     *image.Gray
	bitonal bool
	dpi     int
}

func packBits(row []byte) []byte {
	var out []byte
	i := 0
	n := len(row)
	for i < n {
		// run?
		j := i + 1
		for j < n && row[j] == row[i] && j-i < 128 {
			j++
		}
		if j-i >= 3 {
			out = append(out, byte(int8(-(j - i - 1))), row[i])
			i = j
			continue
		}
		// literal
		j = i
		for j < n && j-i < 128 {
			if j+2 < n && row[j] == row[j+1] && row[j] == row[j+2] {
				break
			}
			j++
		}
		out = append(out, byte(j-i-1))
		out = append(out, row[i:j]...)
		i = j
	}
	return out
}

func encodeStrip(tp tiffPage) ([]byte, uint16) {
	W, H := tp.img.Rect.Dx(), tp.img.Rect.Dy()
	if tp.bitonal {
		return encodeG4(tp.img), 4
	}
	if false {
		rb := (W + 7) / 8
		var out []byte
		row := make([]byte, rb)
		for y := 0; y < H; y++ {
			for i := range row {
				row[i] = 0
			}
			for x := 0; x < W; x++ {
				if tp.img.Pix[y*tp.img.Stride+x] < 128 { // black = 1 in WhiteIsZero
					row[x/8] |= 0x80 >> (x % 8)
				}
			}
			out = append(out, packBits(row)...)
		}
		return out, 32773
	}
	var b bytes.Buffer
	zw, _ := zlib.NewWriterLevel(&b, zlib.BestSpeed)
	for y := 0; y < H; y++ {
		zw.Write(tp.img.Pix[y*tp.img.Stride : y*tp.img.Stride+W])
	}
	zw.Close()
	return b.Bytes(), 8
}

func writeTIFF(path string, pages []tiffPage) {
	var buf bytes.Buffer
	le := binary.LittleEndian
	buf.Write([]byte{'I', 'I', 42, 0, 0, 0, 0, 0})
	prevNext := 4 // offset of the pointer to patch
	put32 := func(off int, v uint32) {
		b := buf.Bytes()
		le.PutUint32(b[off:], v)
	}
	for pi, tp := range pages {
		data, comp := encodeStrip(tp)
		W, H := tp.img.Rect.Dx(), tp.img.Rect.Dy()
		// write data
		if buf.Len()%2 == 1 {
			buf.WriteByte(0)
		}
		dataOff := buf.Len()
		buf.Write(data)
		if buf.Len()%2 == 1 {
			buf.WriteByte(0)
		}
		// resolution rationals
		resOff := buf.Len()
		binary.Write(&buf, le, uint32(tp.dpi))
		binary.Write(&buf, le, uint32(1))
		type ent struct {
			tag, typ uint16
			cnt, val uint32
		}
		bps, photo := uint32(8), uint32(1)
		if tp.bitonal {
			bps, photo = 1, 0
		}
		ents := []ent{
			{254, 4, 1, 2},
			{256, 4, 1, uint32(W)},
			{257, 4, 1, uint32(H)},
			{258, 3, 1, bps},
			{259, 3, 1, uint32(comp)},
			{262, 3, 1, photo},
			{266, 3, 1, 1},
			{273, 4, 1, uint32(dataOff)},
			{277, 3, 1, 1},
			{278, 4, 1, uint32(H)},
			{279, 4, 1, uint32(len(data))},
			{282, 5, 1, uint32(resOff)},
			{283, 5, 1, uint32(resOff)},
			{293, 4, 1, 0},
			{296, 3, 1, 2},
			{297, 3, 2, uint32(pi) | uint32(len(pages))<<16},
		}
		ifdOff := buf.Len()
		put32(prevNext, uint32(ifdOff))
		binary.Write(&buf, le, uint16(len(ents)))
		for _, e := range ents {
			binary.Write(&buf, le, e.tag)
			binary.Write(&buf, le, e.typ)
			binary.Write(&buf, le, e.cnt)
			if e.typ == 3 && e.cnt == 1 {
				binary.Write(&buf, le, uint16(e.val))
				binary.Write(&buf, le, uint16(0))
			} else {
				binary.Write(&buf, le, e.val)
			}
		}
		prevNext = buf.Len()
		binary.Write(&buf, le, uint32(0))
	}
	must(os.WriteFile(path, buf.Bytes(), 0o644))
}

// writePDF writes an image-only PDF, one JPEG per page.
func writePDF(path string, jpegs [][]byte, sizes [][2]int, dpis []float64) {
	var b bytes.Buffer
	offs := []int{}
	obj := func(s string) {
		offs = append(offs, b.Len())
		b.WriteString(s)
	}
	b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	n := len(jpegs)
	// objects: 1 catalog, 2 pages, then per page: page, image, content
	kids := ""
	for i := 0; i < n; i++ {
		kids += fmt.Sprintf("%d 0 R ", 3+i*3)
	}
	obj("1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n")
	obj(fmt.Sprintf("2 0 obj\n<< /Type /Pages /Kids [%s] /Count %d >>\nendobj\n", kids, n))
	for i := 0; i < n; i++ {
		pw := float64(sizes[i][0]) / dpis[i] * 72
		ph := float64(sizes[i][1]) / dpis[i] * 72
		po, io, co := 3+i*3, 4+i*3, 5+i*3
		obj(fmt.Sprintf("%d 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %.2f %.2f] /Resources << /XObject << /Im0 %d 0 R >> >> /Contents %d 0 R >>\nendobj\n", po, pw, ph, io, co))
		offs = append(offs, b.Len())
		fmt.Fprintf(&b, "%d 0 obj\n<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /DCTDecode /Length %d >>\nstream\n", io, sizes[i][0], sizes[i][1], len(jpegs[i]))
		b.Write(jpegs[i])
		b.WriteString("\nendstream\nendobj\n")
		cs := fmt.Sprintf("q %.2f 0 0 %.2f 0 0 cm /Im0 Do Q", pw, ph)
		obj(fmt.Sprintf("%d 0 obj\n<< /Length %d >>\nstream\n%s\nendstream\nendobj\n", co, len(cs), cs))
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(offs)+1)
	for _, o := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(offs)+1, xref)
	must(os.WriteFile(path, b.Bytes(), 0o644))
}
