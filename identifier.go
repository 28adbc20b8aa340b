package meridian

import (
	"strings"
	"unicode"
)

// IdentifierKind is a kind of identifier other than a travel document.
type IdentifierKind string

const (
	IDPhone         IdentifierKind = "phone"
	IDEmail         IdentifierKind = "email"
	IDAddress       IdentifierKind = "address"
	IDVehicle       IdentifierKind = "vehicle"
	IDBankAccount   IdentifierKind = "bank_account"
	IDOnlineAccount IdentifierKind = "online_account"
)

// Identifier is a phone, e-mail, address, vehicle, bank or online account
// that ties a person to others. Norm is the value normalised for matching.
type Identifier struct {
	Kind  IdentifierKind `json:"kind" enum:"phone,email,address,vehicle,bank_account,online_account"`
	Value string         `json:"value" minLength:"1" maxLength:"500"`
	Norm  string         `json:"norm,omitempty" readOnly:"true" doc:"normalised for matching; set by Meridian"`
}

func validIdentifier(f *Fields, field string, id *Identifier) {
	if !validText(id.Value) || strings.TrimSpace(id.Value) == "" || len(id.Value) > 500 {
		f.Add(field+".value", "must be 1 to 500 bytes of text")
		return
	}
	norm, msg := NormalizeIdentifier(id.Kind, id.Value)
	if msg != "" {
		f.Add(field+".value", "%s", msg)
		return
	}
	id.Norm = norm
}

// NormalizeIdentifier returns the matching form of an identifier value, or
// a message saying why the value is not valid for its kind.
func NormalizeIdentifier(kind IdentifierKind, v string) (string, string) {
	v = strings.TrimSpace(v)
	switch kind {
	case IDPhone:
		return NormalizePhone(v)
	case IDEmail:
		e := strings.ToLower(v)
		at := strings.LastIndexByte(e, '@')
		if at < 1 || at == len(e)-1 || !strings.Contains(e[at+1:], ".") || strings.ContainsAny(e, " \t\n") {
			return "", "not an e-mail address"
		}
		return e, ""
	case IDAddress, IDOnlineAccount:
		return strings.Join(strings.Fields(strings.ToLower(v)), " "), ""
	case IDVehicle, IDBankAccount:
		var b strings.Builder
		for _, r := range strings.ToUpper(v) {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				b.WriteRune(r)
			}
		}
		if b.Len() == 0 {
			return "", "has no letters or digits"
		}
		return b.String(), ""
	}
	return "", "unknown identifier kind " + string(kind)
}

// NormalizePhone returns the E.164 form of a phone number written with
// spaces, dashes, dots, brackets or a 00 international prefix.
func NormalizePhone(v string) (string, string) {
	var b strings.Builder
	for i, r := range v {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == '+' && i == 0:
			b.WriteRune(r)
		case r == ' ' || r == '-' || r == '.' || r == '(' || r == ')':
		default:
			return "", "phone number may hold only digits, a leading +, spaces, dashes, dots and brackets"
		}
	}
	s := b.String()
	if strings.HasPrefix(s, "00") {
		s = "+" + s[2:]
	}
	if !strings.HasPrefix(s, "+") {
		return "", "phone number must be international: + or 00 and the country code (E.164)"
	}
	digits := s[1:]
	if len(digits) < 7 || len(digits) > 15 || digits[0] == '0' {
		return "", "an E.164 number has 7 to 15 digits after the +, the first not 0"
	}
	return s, ""
}
