package edifact

import (
	"strings"

	"meridian"
)

// decodeEmail undoes the IATA escapes of e-mail addresses in reservation
// text, which cannot carry @, _ or -: "//" stands for @, ".." for _ and
// "./" for -. A lone "/" is no part of an address but separates the
// fields around it, such as a status before it ("HK1/JOHN..DOE//MAIL.COM")
// or a language or passenger after it (".../EN", ".../P1"): the field
// holding the address is taken. It lower-cases the address and drops the
// passenger association suffix ("-1") some systems append after the
// domain.
func decodeEmail(s string) string {
	s = emailField(strings.TrimSpace(s))
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if i+1 < len(s) {
			switch s[i : i+2] {
			case "//":
				b.WriteByte('@')
				i++
				continue
			case "..":
				b.WriteByte('_')
				i++
				continue
			case "./":
				b.WriteByte('-')
				i++
				continue
			}
		}
		b.WriteByte(s[i])
	}
	out := strings.ToLower(b.String())
	if at := strings.LastIndexByte(out, '@'); at >= 0 {
		dom := out[at:]
		if k := strings.LastIndexByte(dom, '-'); k > 0 && k > strings.LastIndexByte(dom, '.') && digits(dom[k+1:]) {
			out = out[:at+k]
		}
	}
	return strings.TrimRight(out, "/.")
}

// emailField splits s at every lone "/" (one that is neither half of "//"
// nor the "/" of "./") and returns the field holding an address (an
// encoded or a plain @), or s when none does.
func emailField(s string) string {
	var fields []string
	start := 0
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] != '/':
		case i+1 < len(s) && s[i+1] == '/':
			i++ // "//", the @
		case i > start && s[i-1] == '.' && (i < 2 || s[i-2] != '.'):
			// "./", the -; after "..", the _, a "/" is lone
		default:
			fields = append(fields, s[start:i])
			start = i + 1
		}
	}
	if start == 0 {
		return s
	}
	fields = append(fields, s[start:])
	for _, f := range fields {
		if strings.Contains(f, "//") || strings.Contains(f, "@") {
			return f
		}
	}
	return s
}

// emailContact finds the address in a CTCE text ("CTCE JOHN..DOE//MAIL.COM")
// and decodes it; Value is "" when there is none.
func emailContact(text, use string) meridian.Contact {
	c := meridian.Contact{Kind: meridian.IDEmail, Use: use, Text: text}
	rest := text
	if i := strings.Index(rest, "CTCE"); i >= 0 {
		rest = rest[i+4:]
	}
	for _, tok := range strings.Fields(rest) {
		if strings.Contains(tok, "//") || strings.Contains(tok, "@") {
			c.Value = decodeEmail(strings.TrimPrefix(tok, "/"))
			return c
		}
	}
	if f := strings.Fields(rest); len(f) == 1 && strings.Contains(f[0], ".") {
		c.Value = decodeEmail(f[0])
	}
	return c
}

// textEmails finds the IATA-encoded or plain e-mail addresses in free text
// that no CTCE introduces ("PAX EMAIL ANA..LIMA//EXAMPLE.PT"): a word
// whose address field has a local part, one @ and a dotted domain.
func textEmails(text string) []meridian.Contact {
	var out []meridian.Contact
	for _, tok := range strings.Fields(text) {
		if !strings.Contains(tok, "//") && !strings.Contains(tok, "@") {
			continue
		}
		if v := decodeEmail(strings.TrimPrefix(tok, "/")); plausibleEmail(v) {
			out = appendContact(out, meridian.Contact{Kind: meridian.IDEmail, Value: v, Text: tok})
		}
	}
	return out
}

// plausibleEmail reports whether s looks like local@domain.tld.
func plausibleEmail(s string) bool {
	at := strings.IndexByte(s, '@')
	if at <= 0 || strings.Count(s, "@") != 1 {
		return false
	}
	dom := s[at+1:]
	dot := strings.LastIndexByte(dom, '.')
	if dot <= 0 || len(dom)-dot-1 < 2 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || strings.ContainsRune("@._-+", r)) {
			return false
		}
	}
	return true
}

// phoneContact reduces a phone number to digits, with + for an
// international prefix; false when fewer than 6 digits remain.
func phoneContact(text, use string) (meridian.Contact, bool) {
	n := phoneDigits(text)
	return meridian.Contact{Kind: meridian.IDPhone, Use: use, Value: n, Text: text}, n != ""
}

func phoneDigits(text string) string {
	var b strings.Builder
	t := strings.TrimSpace(text)
	if strings.HasPrefix(t, "+") {
		b.WriteByte('+')
	}
	nd := 0
	for i := 0; i < len(t); i++ {
		if isDigit(t[i]) {
			b.WriteByte(t[i])
			nd++
		}
	}
	s := b.String()
	if strings.HasPrefix(s, "00") {
		s = "+" + s[2:]
	}
	if nd < 6 || nd > 17 {
		return ""
	}
	return s
}

func appendContact(cs []meridian.Contact, c meridian.Contact) []meridian.Contact {
	if c.Value == "" {
		return cs
	}
	for _, x := range cs {
		if x.Kind == c.Kind && x.Value == c.Value {
			return cs
		}
	}
	return append(cs, c)
}

// ctcUses names the contact codes of OSI and SSR text (CTCB, CTCH ...).
var ctcUses = map[byte]string{'B': "business", 'H': "home", 'M': "mobile", 'T': "agency", 'F': "fax", 'P': "", 'R': "", 'U': ""}

// textContacts finds the contacts in free text: "CTCE" e-mails and the
// CTCx phone numbers, optionally preceded by a city code ("CTCT DCA 123
// 456-7890 TRAVEL AGENCY").
func textContacts(text string) []meridian.Contact {
	var out []meridian.Contact
	if !strings.Contains(text, "CTCE") {
		out = textEmails(text)
	}
	for rest := text; ; {
		i := strings.Index(rest, "CTC")
		if i < 0 || i+3 >= len(rest) {
			return out
		}
		code := rest[i+3]
		body := rest[i+4:]
		next := strings.Index(body, "CTC")
		if next >= 0 {
			rest = body[next:]
			body = body[:next]
		} else {
			rest = ""
		}
		switch use, ok := ctcUses[code]; {
		case code == 'E':
			out = appendContact(out, emailContact("CTCE"+body, ""))
		case code == 'A':
		case ok || code == ' ':
			if c, ok := phoneContact(phoneRun(body), use); ok {
				c.Text = strings.TrimSpace("CTC" + string(code) + body)
				out = appendContact(out, c)
			}
		}
		if rest == "" {
			return out
		}
	}
}

// phoneRun takes the number from the text after a CTC code: an optional
// city code, then digits, blanks, dashes and brackets up to the first
// letter after a digit.
func phoneRun(s string) string {
	s = strings.TrimSpace(s)
	i := 0
	for i < len(s) && i < 3 && s[i] >= 'A' && s[i] <= 'Z' {
		i++
	}
	if i < 3 {
		i = 0
	}
	start, seen := i, false
	for ; i < len(s); i++ {
		c := s[i]
		switch {
		case isDigit(c):
			seen = true
		case c == ' ' || c == '-' || c == '(' || c == ')' || c == '+' || c == '.':
		default:
			if seen {
				return s[start:i]
			}
			if c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' {
				return ""
			}
		}
	}
	return s[start:]
}
