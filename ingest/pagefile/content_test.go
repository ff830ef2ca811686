package pagefile

import (
	"errors"
	"testing"
)

func TestScanContent(t *testing.T) {
	forms := map[string]string{
		"FmLoop": "/FmLoop Do",
		"FmText": "BT /F1 9 Tf (Synthetic) Tj ET",
		"FmImg":  "q 2 0 0 2 0 0 cm /Im0 Do Q",
	}
	resolve := func(_ any, name string) (*xobject, error) {
		switch name {
		case "Im0", "Im1":
			return &xobject{subtype: "Image", name: name}, nil
		case "PS0":
			return &xobject{subtype: "PS", name: name}, nil
		}
		if c, ok := forms[name]; ok {
			id := map[string]int{"FmLoop": 1, "FmText": 2, "FmImg": 3}[name]
			return &xobject{subtype: "Form", id: id, name: name, content: []byte(c), matrix: identity}, nil
		}
		return nil, errors.New("undefined " + name)
	}
	cases := []struct {
		name       string
		content    string
		images     int
		inline     int
		text, draw bool
		ctm        matrix // of the first image, if any
		wantErr    bool
	}{
		{name: "scanned page", content: "q 612 0 0 792 0 0 cm /Im0 Do Q", images: 1, ctm: matrix{612, 0, 0, 792, 0, 0}},
		{name: "OCR layer in render mode 3", content: "/Im0 Do BT 3 Tr /F1 9 Tf (words) Tj [(a) 10 (b)] TJ ET", images: 1, ctm: identity},
		{name: "render mode survives ET but not Q", content: "q 3 Tr BT (a) Tj ET Q BT (b) Tj ET", text: true},
		{name: "visible text", content: "BT /F1 12 Tf (x) Tj ET", text: true},
		{name: "quote operators show text", content: "BT 3 Tr (a) ' 0 Tr 1 2 (b) \" ET", text: true},
		{name: "operators inside strings are not operators", content: "BT 3 Tr (S f \\) Do \\(Tj) Tj ET /Im0 Do", images: 1, ctm: identity},
		{name: "hex string text", content: "BT <48656c6c6f> Tj ET", text: true},
		{name: "comments are skipped", content: "% 0 0 m 1 1 l S\n/Im0 Do", images: 1, ctm: identity},
		{name: "clipping is not drawing", content: "0 0 612 792 re W n /Im0 Do", images: 1, ctm: identity},
		{name: "stroke is drawing", content: "0 0 m 10 10 l S /Im0 Do", images: 1, draw: true, ctm: identity},
		{name: "fill is drawing", content: "0 0 10 10 re f* /Im0 Do", images: 1, draw: true, ctm: identity},
		{name: "shading is drawing", content: "/Sh0 sh", draw: true},
		{name: "PostScript XObject is drawing", content: "/PS0 Do", draw: true},
		{name: "two images", content: "/Im0 Do /Im1 Do", images: 2, ctm: identity},
		{name: "inline image with EI inside its data",
			content: "BI /W 4 /H 1 /BPC 8 /CS /G ID \x00EI\x01 EI /Im0 Do", images: 1, inline: 1, ctm: identity},
		{name: "rotated image", content: "q 0 792 -612 0 612 0 cm /Im0 Do Q", images: 1, ctm: matrix{0, 792, -612, 0, 612, 0}},
		{name: "image inside a form", content: "q 10 0 0 10 0 0 cm /FmImg Do Q", images: 1, ctm: matrix{20, 0, 0, 20, 0, 0}},
		{name: "text inside a form", content: "/Im0 Do /FmText Do", images: 1, text: true, ctm: identity},
		{name: "form that draws itself", content: "/FmLoop Do", wantErr: true},
		{name: "undefined XObject", content: "/Nope Do", wantErr: true},
		{name: "unterminated string", content: "BT (never closed Tj ET", wantErr: true},
		{name: "unterminated inline image", content: "BI /W 1 /H 1 ID \x00\x00", wantErr: true},
		{name: "empty page", content: ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, err := scanContent([]byte(tc.content), nil, resolve)
			if tc.wantErr {
				if err == nil {
					t.Fatal("no error")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(s.images) != tc.images || s.inlineImages != tc.inline || s.visibleText != tc.text || s.drawing != tc.draw {
				t.Errorf("got images=%d inline=%d text=%t drawing=%t; want %d %d %t %t",
					len(s.images), s.inlineImages, s.visibleText, s.drawing, tc.images, tc.inline, tc.text, tc.draw)
			}
			if len(s.images) > 0 && s.images[0].ctm != tc.ctm {
				t.Errorf("ctm = %v, want %v", s.images[0].ctm, tc.ctm)
			}
		})
	}
}
