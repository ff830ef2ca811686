package pagefile

import (
	"bytes"
	"errors"
	"strconv"
)

// This file scans PDF content streams (ISO 32000-1 §7.8, §8, §9) just far
// enough to tell a scanned page — one image, perhaps an invisible OCR text
// layer — from a page with typed text or vector drawings. It does not render
// anything.

var errContent = errors.New("malformed page content")

type tokKind uint8

const (
	tokNumber tokKind = iota + 1
	tokName
	tokString
	tokDelim   // [ ] << >> { }
	tokKeyword // true, false, null
	tokOp      // operators
)

type token struct {
	kind tokKind
	text []byte // name without the slash, operator, or delimiter
	num  float64
}

type lexer struct {
	b   []byte
	pos int
}

func isWhite(c byte) bool {
	return c == 0 || c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' '
}

func isDelim(c byte) bool {
	switch c {
	case '(', ')', '<', '>', '[', ']', '{', '}', '/', '%':
		return true
	}
	return false
}

// next returns the next token; ok is false at the end of the stream.
func (l *lexer) next() (tok token, ok bool, err error) {
	b := l.b
	for l.pos < len(b) {
		c := b[l.pos]
		switch {
		case isWhite(c):
			l.pos++
		case c == '%': // comment to end of line
			for l.pos < len(b) && b[l.pos] != '\n' && b[l.pos] != '\r' {
				l.pos++
			}
		default:
			goto token
		}
	}
	return token{}, false, nil

token:
	start := l.pos
	c := b[l.pos]
	switch c {
	case '(':
		depth := 0
		for ; l.pos < len(b); l.pos++ {
			switch b[l.pos] {
			case '\\':
				l.pos++ // skip the escaped byte
			case '(':
				depth++
			case ')':
				depth--
				if depth == 0 {
					l.pos++
					return token{kind: tokString}, true, nil
				}
			}
		}
		return token{}, false, errContent
	case '<':
		if l.pos+1 < len(b) && b[l.pos+1] == '<' {
			l.pos += 2
			return token{kind: tokDelim, text: b[start:l.pos]}, true, nil
		}
		end := bytes.IndexByte(b[l.pos:], '>')
		if end < 0 {
			return token{}, false, errContent
		}
		l.pos += end + 1
		return token{kind: tokString}, true, nil
	case '>':
		if l.pos+1 < len(b) && b[l.pos+1] == '>' {
			l.pos += 2
			return token{kind: tokDelim, text: b[start:l.pos]}, true, nil
		}
		return token{}, false, errContent
	case '[', ']', '{', '}':
		l.pos++
		return token{kind: tokDelim, text: b[start:l.pos]}, true, nil
	case ')':
		return token{}, false, errContent
	case '/':
		l.pos++
		start = l.pos
		l.regular()
		return token{kind: tokName, text: b[start:l.pos]}, true, nil
	}
	l.regular()
	text := b[start:l.pos]
	if c == '+' || c == '-' || c == '.' || (c >= '0' && c <= '9') {
		if v, err := strconv.ParseFloat(string(text), 64); err == nil {
			return token{kind: tokNumber, text: text, num: v}, true, nil
		}
	}
	switch string(text) {
	case "true", "false", "null":
		return token{kind: tokKeyword, text: text}, true, nil
	}
	return token{kind: tokOp, text: text}, true, nil
}

// regular advances over a run of regular (non-white, non-delimiter) bytes.
func (l *lexer) regular() {
	for l.pos < len(l.b) && !isWhite(l.b[l.pos]) && !isDelim(l.b[l.pos]) {
		l.pos++
	}
}

// skipInlineImage moves past the binary data of an inline image; the lexer
// stands just after the ID operator. The data ends at an EI operator
// surrounded by white space.
func (l *lexer) skipInlineImage() error {
	b := l.b
	i := l.pos + 1 // ID is followed by exactly one white-space byte
	for i < len(b) {
		j := bytes.Index(b[i:], []byte("EI"))
		if j < 0 {
			break
		}
		j += i
		if isWhite(b[j-1]) && (j+2 == len(b) || isWhite(b[j+2])) {
			l.pos = j + 2
			return nil
		}
		i = j + 1
	}
	return errContent
}

// matrix is a PDF transformation matrix [a b c d e f].
type matrix [6]float64

var identity = matrix{1, 0, 0, 1, 0, 0}

// mul returns m×n: the transformation m followed by n.
func (m matrix) mul(n matrix) matrix {
	return matrix{
		m[0]*n[0] + m[1]*n[2], m[0]*n[1] + m[1]*n[3],
		m[2]*n[0] + m[3]*n[2], m[2]*n[1] + m[3]*n[3],
		m[4]*n[0] + m[5]*n[2] + n[4], m[4]*n[1] + m[5]*n[3] + n[5],
	}
}

// xobject is what a resolver reports for a name used with the Do operator.
type xobject struct {
	subtype string // "Image", "Form", or anything else
	id      int    // object number, to detect Form loops and identify images
	name    string // resource name
	ref     any    // caller's handle for an image
	content []byte // Form: decoded content stream
	matrix  matrix // Form: /Matrix
	res     any    // Form: its resources (nil: inherit)
}

// resolver looks up an XObject by resource name in res.
type resolver func(res any, name string) (*xobject, error)

// placedImage is an image XObject drawn on the page with its transformation.
type placedImage struct {
	x   *xobject
	ctm matrix
}

// contentScan is what a page's content does.
type contentScan struct {
	visibleText  bool // text shown in a render mode other than 3 (invisible)
	drawing      bool // paths stroked or filled, shadings, PostScript XObjects
	inlineImages int
	images       []placedImage
}

type gstate struct {
	ctm matrix
	tr  int // text rendering mode; 3 is invisible (OCR layers use it)
}

// maxFormDepth bounds nesting of Form XObjects.
const maxFormDepth = 8

type scanner struct {
	resolve resolver
	out     contentScan
	gs      gstate
	stack   []gstate
	floor   int          // a Form's content cannot pop its caller's states
	active  map[int]bool // Form XObjects being scanned, to stop loops
}

// scanContent scans a page's content stream.
func scanContent(content []byte, res any, resolve resolver) (*contentScan, error) {
	s := &scanner{resolve: resolve, gs: gstate{ctm: identity}, active: make(map[int]bool)}
	if err := s.run(content, res, 0); err != nil {
		return nil, err
	}
	return &s.out, nil
}

// maxOperands is how many operands are kept before an operator; the
// operators looked at take at most 6.
const maxOperands = 8

func (s *scanner) run(content []byte, res any, depth int) error {
	l := &lexer{b: content}
	var ops []token
	for {
		tok, ok, err := l.next()
		if err != nil {
			return err
		}
		if !ok {
			return nil
		}
		if tok.kind != tokOp {
			if len(ops) == maxOperands {
				copy(ops, ops[1:])
				ops = ops[:maxOperands-1]
			}
			ops = append(ops, tok)
			continue
		}
		switch string(tok.text) {
		case "q":
			s.stack = append(s.stack, s.gs)
		case "Q":
			if n := len(s.stack); n > s.floor {
				s.gs, s.stack = s.stack[n-1], s.stack[:n-1]
			}
		case "cm":
			if m, ok := numbers6(ops); ok {
				s.gs.ctm = m.mul(s.gs.ctm)
			}
		case "Tr":
			if n := len(ops); n > 0 && ops[n-1].kind == tokNumber {
				s.gs.tr = int(ops[n-1].num)
			}
		case "Tj", "TJ", "'", "\"":
			if s.gs.tr != 3 {
				s.out.visibleText = true
			}
		case "S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "sh":
			s.out.drawing = true
		case "BI":
			s.out.inlineImages++
			if err := s.skipInlineDict(l); err != nil {
				return err
			}
		case "Do":
			if n := len(ops); n > 0 && ops[n-1].kind == tokName {
				if err := s.do(res, string(ops[n-1].text), depth); err != nil {
					return err
				}
			}
		}
		ops = ops[:0]
	}
}

// skipInlineDict skips an inline image's dictionary and data (BI … ID … EI).
func (s *scanner) skipInlineDict(l *lexer) error {
	for {
		tok, ok, err := l.next()
		if err != nil {
			return err
		}
		if !ok {
			return errContent
		}
		if tok.kind == tokOp && string(tok.text) == "ID" {
			return l.skipInlineImage()
		}
	}
}

func (s *scanner) do(res any, name string, depth int) error {
	x, err := s.resolve(res, name)
	if err != nil {
		return err
	}
	switch x.subtype {
	case "Image":
		s.out.images = append(s.out.images, placedImage{x: x, ctm: s.gs.ctm})
	case "Form":
		if depth >= maxFormDepth || s.active[x.id] {
			return errContent
		}
		s.active[x.id] = true
		saved, savedFloor := s.gs, s.floor
		s.floor = len(s.stack)
		s.gs.ctm = x.matrix.mul(s.gs.ctm)
		formRes := x.res
		if formRes == nil {
			formRes = res
		}
		err := s.run(x.content, formRes, depth+1)
		s.gs, s.stack, s.floor = saved, s.stack[:s.floor], savedFloor
		delete(s.active, x.id)
		return err
	default: // PostScript XObjects draw whatever they like
		s.out.drawing = true
	}
	return nil
}

// numbers6 returns the last six operands as a matrix if they are numbers.
func numbers6(ops []token) (matrix, bool) {
	var m matrix
	if len(ops) < 6 {
		return m, false
	}
	for i, t := range ops[len(ops)-6:] {
		if t.kind != tokNumber {
			return m, false
		}
		m[i] = t.num
	}
	return m, true
}
