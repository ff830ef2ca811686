package synth

// Facility is an invented hospital or clinic: its letterhead and the look of
// its paperwork.
type Facility struct {
	Name    string
	Address []string // street, city line
	Phone   string   // 555-01xx numbers are reserved for fiction
	Code    string   // short form prefix printed in the footer
	Unit    string   // department line under the name, may be ""

	Body, BodyBold, Heading, Title FontName
	BodySize                       float64 // points
	TitleSize                      float64

	HeaderCentered bool // centred letterhead (else left with a logo mark)
	LabelSticker   bool // patient label as a sticker with a barcode (else a printed box)
	InlineHeadings bool // "Heading: text" run-in headings (else heading on its own line)
	UpperHeadings  bool // headings in capitals
	DoubleRule     bool // two rules under the letterhead
}

// Facilities are the invented facilities documents can come from.
var Facilities = []Facility{
	{
		Name:    "Riverbend General Hospital",
		Address: []string{"1450 Larkspur Avenue", "Millbrook, OH 43917"},
		Phone:   "(555) 014-2200", Code: "RGH", Unit: "Department of Medicine",
		Body: Regular, BodyBold: Bold, Heading: Bold, Title: Bold,
		BodySize: 11, TitleSize: 16,
		HeaderCentered: true, UpperHeadings: true,
	},
	{
		Name:    "Saint Aldric Medical Center",
		Address: []string{"88 Cathedral Hill Road", "Port Halvorsen, WA 98377"},
		Phone:   "(555) 016-4410", Code: "SAMC",
		Body: Medium, BodyBold: Bold, Heading: BoldItalic, Title: Bold,
		BodySize: 10.5, TitleSize: 15,
		LabelSticker: true, InlineHeadings: false,
	},
	{
		Name:    "Cedar Hollow Family Clinic",
		Address: []string{"2207 Quarry Street, Suite 140", "Ashby Falls, VT 05938"},
		Phone:   "(555) 019-7302", Code: "CHFC", Unit: "Internal Medicine and Specialty Care",
		Body: Mono, BodyBold: MonoBold, Heading: MonoBold, Title: Bold,
		BodySize: 10, TitleSize: 15,
		InlineHeadings: true, UpperHeadings: true,
	},
	{
		Name:    "Northgate Regional Laboratory Services",
		Address: []string{"5 Meridian Park Drive", "Tallis, MN 55901"},
		Phone:   "(555) 012-8890", Code: "NRLS", Unit: "Clinical Pathology and Laboratory Medicine",
		Body: Regular, BodyBold: Bold, Heading: Bold, Title: Bold,
		BodySize: 10.5, TitleSize: 16,
		HeaderCentered: true, DoubleRule: true, UpperHeadings: true, LabelSticker: true,
	},
}

// facility returns Facilities[i], wrapping out-of-range indexes.
func facility(i int) *Facility {
	n := len(Facilities)
	return &Facilities[((i%n)+n)%n]
}
