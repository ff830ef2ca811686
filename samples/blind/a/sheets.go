package main

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

// coverSheet renders a patient cover sheet.
func coverSheet(r *rand.Rand, pat *Patient, typ string, scan time.Time) *Page {
	p := NewPage(300, r)
	variant := r.IntN(3)
	bk := []string{"code128", "code128", "code39", "qr", "pdf417"}[r.IntN(5)]
	data := pat.MRN + "|" + typ
	fn, fb := []string{"sans", "dsans", "serif"}[variant], []string{"sans-b", "dsans-b", "serif-b"}[variant]
	p.Text(fn, 9, 0.9, 0.7, "Riverbend Regional Medical Center - Health Information Management")
	p.TextC(fb, 22, 4.25, 1.5, "DOCUMENT COVER SHEET")
	p.HLine(0.9, 1.7, 6.7, 0.02)
	switch bk {
	case "code128":
		w := float64(encodeBC(bk, data).Bounds().Dx()) * 0.015
		p.DrawBarcode(bk, data, 4.25-w/2, 2.0, 0.015, 0.8)
	case "code39":
		bc := encodeBC(bk, data)
		w := float64(bc.Bounds().Dx()) * 0.011
		p.DrawBarcode(bk, data, 4.25-w/2, 2.0, 0.011, 0.8)
	case "qr":
		p.DrawBarcode(bk, data, 3.5, 1.95, 0.05, 0)
	case "pdf417":
		bc := encodeBC(bk, data)
		w := float64(bc.Bounds().Dx()) * 0.012
		p.DrawBarcode(bk, data, 4.25-w/2, 2.0, 0.012, 0)
	}
	y := 3.4
	if bk == "qr" {
		y = 3.6
	}
	if r.IntN(2) == 0 {
		p.TextC("mono", 11, 4.25, y-0.25, data)
	}
	name := pat.NameFmt([]int{0, 2, 6}[r.IntN(3)])
	items := [][2]string{{"Patient Name:", name}, {"MRN:", MRNFmt(pat.MRN, []int{0, 0, 1, 2}[r.IntN(4)])}, {"Date of Birth:", DateFmt(pat.DOB, []int{0, 2, 3}[r.IntN(3)])}, {"Document Type:", typ + "  " + typeName(typ)}, {"Scan Date:", scan.Format("01/02/2006")}}
	for _, it := range items {
		y += 0.45
		p.Text(fb, 14, 1.2, y, it[0])
		p.Text(fn, 14, 3.3, y, it[1])
	}
	y += 0.8
	p.Text(fn, 10, 0.9, y, "Place this sheet in front of the first page of the document. Do not remove. Do not photocopy.")
	p.Text(fn, 10, 0.9, y+0.2, "This sheet is not part of the legal medical record.")
	p.Text(fn, 8, 0.9, 10.4, "Form HIM-201 (rev. 2025)")
	return p
}

func typeName(t string) string {
	n := displayNames[t]
	if n == "" {
		return ""
	}
	return strings.ToUpper(n)
}

// separatorSheet: barcode SEPARATOR sheet, or a Kodak patch sheet.
// kind: "barcode", "patchT", "patch2".
func separatorSheet(r *rand.Rand, kind string) *Page {
	p := NewPage(300, r)
	switch kind {
	case "barcode":
		p.TextC("sans-b", 22, 4.25, 1.4, "DOCUMENT SEPARATOR SHEET")
		bk := []string{"code128", "code39"}[r.IntN(2)]
		bc := encodeBC(bk, "SEPARATOR")
		mw := 0.016
		w := float64(bc.Bounds().Dx()) * mw
		p.DrawBarcode(bk, "SEPARATOR", 4.25-w/2, 2.0, mw, 1.0)
		p.TextC("mono", 12, 4.25, 3.35, "SEPARATOR")
		p.TextC("sans", 11, 4.25, 4.2, "Insert between documents. Reuse this sheet.")
		p.TextC("sans", 9, 4.25, 10.4, "HIM Scanning - Riverbend Regional Medical Center")
	default:
		// Kodak patch code: four bars parallel to the leading (top) edge.
		var pat string
		cap := "PATCH T"
		if kind == "patchT" {
			pat = "NWNW"
		} else {
			pat = "WNNW"
			cap = "PATCH 2"
		}
		y := 0.6 + r.Float64()*0.6
		x0, L := 1.0, 6.5
		for i, c := range pat {
			h := 0.08
			if c == 'W' {
				h = 0.20
			}
			p.Fill(x0, y, L, h, 0)
			y += h
			if i < 3 {
				y += 0.08
			}
		}
		p.TextC("sans-b", 40, 4.25, 4.8, cap)
		p.TextC("sans", 16, 4.25, 5.4, []string{"Document separator", "Document Separator - do not remove", "New document"}[r.IntN(3)])
		p.TextC("sans", 9, 4.25, 10.3, "Feed this edge first. Patch code must lead.")
		if r.IntN(2) == 0 {
			// second copy of the patch lower on the sheet (common on printed patch sheets)
			y = 7.5
			for i, c := range pat {
				h := 0.08
				if c == 'W' {
					h = 0.20
				}
				p.Fill(x0, y, L, h, 0)
				y += h
				if i < 3 {
					y += 0.08
				}
			}
		}
	}
	_ = fmt.Sprint
	return p
}
