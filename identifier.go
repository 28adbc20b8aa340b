package meridian

import (
	"strings"
)

// IdentifierKind is a kind of identifier other than a travel document.
type IdentifierKind string

const (
	IDPhone IdentifierKind = "phone"
	IDEmail IdentifierKind = "email"
	// IDAddress is a postal address, with its country when known.
	IDAddress IdentifierKind = "address"
	// IDVehicle is a vehicle's registration plate, with the country that
	// registered it when known.
	IDVehicle IdentifierKind = "vehicle"
	// IDBankAccount is a bank account: an IBAN, or a national account
	// number with its country when known.
	IDBankAccount IdentifierKind = "bank_account"
	// IDIBAN is a bank account given as an IBAN, whose check digits must
	// agree.
	IDIBAN IdentifierKind = "iban"
	// IDOnlineAccount is an account on an online platform (a handle and
	// the platform).
	IDOnlineAccount IdentifierKind = "online_account"
)

// Identifier is a phone, e-mail, address, vehicle, bank or online account
// that ties a person to others. Norm is the value normalised for matching:
// the value of the identifier's match key (see Key).
type Identifier struct {
	Kind     IdentifierKind `json:"kind" enum:"phone,email,address,vehicle,bank_account,iban,online_account"`
	Value    string         `json:"value" minLength:"1" maxLength:"500"`
	Country  string         `json:"country,omitempty" doc:"ISO 3166-1 alpha-2: the country of an address, of a vehicle's registration or of a national bank account"`
	Platform string         `json:"platform,omitempty" maxLength:"50" doc:"for online accounts: the platform, e.g. telegram, facebook, instagram"`
	Norm     string         `json:"norm,omitempty" readOnly:"true" doc:"normalised for matching; set by Meridian"`
}

func validIdentifier(f *Fields, field string, id *Identifier) {
	if !validText(id.Value) || strings.TrimSpace(id.Value) == "" || len(id.Value) > 500 {
		f.Add(field+".value", "must be 1 to 500 bytes of text")
		return
	}
	if id.Country != "" {
		switch {
		case id.Kind != IDAddress && id.Kind != IDVehicle && id.Kind != IDBankAccount:
			f.Add(field+".country", "only an address, a vehicle or a bank account has a country")
			return
		case !IsCountry(id.Country):
			f.Add(field+".country", "unknown ISO 3166-1 alpha-2 country code %q", id.Country)
			return
		}
	}
	if id.Platform != "" {
		if id.Kind != IDOnlineAccount {
			f.Add(field+".platform", "only an online account has a platform")
			return
		}
		if _, msg := NormalizeOnlineAccount("x", id.Platform); msg != "" {
			f.Add(field+".platform", "%s", msg)
			return
		}
	}
	k, msg := identifierKey(id)
	if msg != "" {
		f.Add(field+".value", "%s", msg)
		return
	}
	id.Norm = k.Value
}

// NormalizeIdentifier returns the matching form of an identifier value
// given without a country or platform, or a message saying why the value
// is not valid for its kind.
func NormalizeIdentifier(kind IdentifierKind, v string) (string, string) {
	k, msg := identifierKey(&Identifier{Kind: kind, Value: v})
	return k.Value, msg
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
