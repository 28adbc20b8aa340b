package meridian

import (
	"context"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/idna"
	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// KeyType is a kind of identifier that records are matched on exactly,
// after normalisation: two records sharing a key of a type may concern the
// same person, document, account or vehicle.
type KeyType string

const (
	// KeyDocument is a travel or identity document: "STATE:NUMBER", the
	// issuing state's ISO 3166-1 alpha-2 code and the number in upper-case
	// letters and digits only.
	KeyDocument KeyType = "document"
	// KeyPhone is a phone number in E.164 form, "+38970123456".
	KeyPhone KeyType = "phone"
	// KeyEmail is an e-mail address, lower case, its domain in ASCII
	// (IDNA): "ana@xn--bcher-kva.de".
	KeyEmail KeyType = "email"
	// KeyIBAN is an IBAN whose check digits agree, upper case without
	// spaces: "AL47212110090000000235698741".
	KeyIBAN KeyType = "iban"
	// KeyBankAccount is a bank account that is not an IBAN:
	// "COUNTRY:NUMBER" (the country may be empty: ":NUMBER").
	KeyBankAccount KeyType = "bank_account"
	// KeyPlate is a vehicle registration plate: "COUNTRY:PLATE" (the
	// country may be empty).
	KeyPlate KeyType = "plate"
	// KeyOnlineAccount is an account on an online platform:
	// "platform:handle", both lower case, the handle without a leading @
	// (the platform may be empty).
	KeyOnlineAccount KeyType = "online_account"
	// KeyAddress is a postal address: "COUNTRY:normalised address" (the
	// country may be empty).
	KeyAddress KeyType = "address"
)

// KeyTypes lists the key types.
var KeyTypes = []KeyType{KeyDocument, KeyPhone, KeyEmail, KeyIBAN, KeyBankAccount, KeyPlate, KeyOnlineAccount, KeyAddress}

// Key is one typed identifier in its normal form. Two keys are the same
// identifier exactly when they are equal.
type Key struct {
	Type  KeyType `json:"type" enum:"document,phone,email,iban,bank_account,plate,online_account,address"`
	Value string  `json:"value" minLength:"1" maxLength:"600"`
}

// Keyed is a record that yields match keys.
type Keyed interface {
	Keys() []Key
}

// maxKeyValue bounds a key's value in bytes.
const maxKeyValue = 600

// ParseKey normalises a key given as text in its type's form (for
// composite keys "PREFIX:rest", e.g. "AL:AB 123456" for a document), or
// returns a message saying why the value is not a key of that type. A key
// already in normal form parses to itself.
func ParseKey(t KeyType, v string) (Key, string) {
	var (
		out string
		msg string
	)
	pre, rest, composite := strings.Cut(v, ":")
	// A country prefix is two letters (or none, ":..."); a colon further
	// on belongs to the value (an address written "Rruga 1: Tirane").
	countryPrefixed := composite && len(strings.TrimSpace(pre)) <= 2
	switch t {
	case KeyDocument:
		if !composite {
			return Key{}, "a document key is STATE:NUMBER, e.g. AL:AB1234567"
		}
		out, msg = NormalizeDocumentKey(rest, strings.TrimSpace(pre))
	case KeyPhone:
		out, msg = NormalizePhone(strings.TrimSpace(v))
	case KeyEmail:
		out, msg = NormalizeEmail(v)
	case KeyIBAN:
		out, msg = NormalizeIBAN(v)
	case KeyBankAccount:
		if !countryPrefixed {
			pre, rest = "", v
		}
		var k Key
		k, msg = BankAccountKey(rest, strings.TrimSpace(pre))
		if msg == "" && k.Type != KeyBankAccount {
			return k, ""
		}
		out = k.Value
	case KeyPlate:
		if !countryPrefixed {
			pre, rest = "", v
		}
		out, msg = NormalizePlate(rest, strings.TrimSpace(pre))
	case KeyOnlineAccount:
		if !composite {
			pre, rest = "", v
		}
		out, msg = NormalizeOnlineAccount(rest, pre)
	case KeyAddress:
		if !countryPrefixed {
			pre, rest = "", v
		}
		out, msg = NormalizeAddress(rest, strings.TrimSpace(pre))
	default:
		return Key{}, "unknown key type " + string(t)
	}
	if msg != "" {
		return Key{}, msg
	}
	return Key{Type: t, Value: out}, ""
}

// prefixed joins a key's prefix (country, state, platform) and its value.
func prefixed(pre, v string) string { return pre + ":" + v }

// optionalCountryCode checks a country that may be empty.
func optionalCountryCode(c string) (string, string) {
	if c == "" {
		return "", ""
	}
	c = strings.ToUpper(c)
	if !IsCountry(c) {
		return "", "unknown ISO 3166-1 alpha-2 country code " + quote(c)
	}
	return c, ""
}

func quote(s string) string {
	if len(s) > 20 {
		s = s[:20] + "..."
	}
	return "\"" + strings.ToValidUTF8(s, "?") + "\""
}

// NormalizeDocumentKey returns the key value of a document: the issuing
// state, a colon and the number in upper-case Latin letters and digits,
// spaces and punctuation stripped. Unlike NormalizeDocumentNumber it keeps
// O apart from 0 and I from 1: the key is exact, and reading confusable
// characters alike is the linking engine's fuzzy rule, as it is the
// screening engine's.
func NormalizeDocumentKey(number, state string) (string, string) {
	if !IsCountry(state) {
		return "", "unknown issuing state " + quote(state) + " (want ISO 3166-1 alpha-2, upper case)"
	}
	if len(number) > 100 {
		return "", "document number longer than 100 bytes"
	}
	var b strings.Builder
	for _, r := range strings.ToUpper(number) {
		switch {
		case r >= '0' && r <= '9', r >= 'A' && r <= 'Z':
			b.WriteRune(r)
		case unicode.IsSpace(r), unicode.IsPunct(r), unicode.IsSymbol(r):
		default:
			return "", "document number may hold only Latin letters, digits, spaces and punctuation"
		}
	}
	if b.Len() == 0 || b.Len() > 50 {
		return "", "document number must hold 1 to 50 letters or digits"
	}
	return prefixed(state, b.String()), ""
}

// NormalizeEmail returns the key value of an e-mail address: trimmed, in
// Unicode normal form C and lower case, its domain converted to ASCII by
// IDNA (so that bücher.de and xn--bcher-kva.de are one domain). It keeps
// dots and +tags in the local part: whether they matter is the mail
// provider's rule, not one Meridian can know for every domain.
func NormalizeEmail(v string) (string, string) {
	v = strings.TrimSpace(v)
	if !utf8.ValidString(v) || len(v) > 320 {
		return "", "not an e-mail address"
	}
	at := strings.LastIndexByte(v, '@')
	if at < 1 || at == len(v)-1 {
		return "", "not an e-mail address: want local-part@domain"
	}
	local, domain := v[:at], v[at+1:]
	for _, r := range local {
		if r == '@' || r == '"' || r == '\\' || r == '(' || r == ')' || r == ',' || r == ';' || r == ':' || r == '<' || r == '>' || r == '[' || r == ']' ||
			unicode.IsSpace(r) || unicode.IsControl(r) || !unicode.IsPrint(r) {
			return "", "not an e-mail address: the part before @ holds a space, a control character or one of @\"\\(),;:<>[]"
		}
	}
	if strings.HasPrefix(local, ".") || strings.HasSuffix(local, ".") || strings.Contains(local, "..") {
		return "", "not an e-mail address: the part before @ may not start or end with a dot or hold two in a row"
	}
	local = norm.NFC.String(strings.ToLower(local))
	if len(local) > 64 {
		return "", "not an e-mail address: more than 64 bytes before @"
	}
	ascii, err := idna.Lookup.ToASCII(domain)
	if err != nil {
		return "", "not an e-mail address: the domain is not a valid domain name"
	}
	ascii = strings.ToLower(ascii)
	if len(ascii) > 253 || !strings.Contains(ascii, ".") || strings.HasSuffix(ascii, ".") {
		return "", "not an e-mail address: the domain needs a dot and at most 253 bytes"
	}
	for _, label := range strings.Split(ascii, ".") {
		if label == "" || len(label) > 63 || strings.HasPrefix(label, "-") || strings.HasSuffix(label, "-") {
			return "", "not an e-mail address: the domain is not a host name"
		}
		for _, r := range label {
			if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
				return "", "not an e-mail address: the domain is not a host name"
			}
		}
	}
	return local + "@" + ascii, ""
}

// NormalizeIBAN returns an IBAN without spaces in upper case, or a message
// when it is not one: two letters of a country, two check digits, 11 to 30
// letters or digits, and the ISO 13616 check (the number read as digits,
// letters as 10 to 35, country and check digits moved to the end, is 1
// modulo 97).
func NormalizeIBAN(v string) (string, string) {
	if len(v) > 100 {
		return "", "an IBAN has at most 34 letters and digits"
	}
	var b strings.Builder
	for _, r := range strings.ToUpper(v) {
		switch {
		case r >= '0' && r <= '9', r >= 'A' && r <= 'Z':
			b.WriteRune(r)
		case r == ' ' || r == '\t' || r == '-':
		default:
			return "", "an IBAN holds only letters, digits and spaces"
		}
	}
	s := b.String()
	if len(s) < 15 || len(s) > 34 {
		return "", "an IBAN has 15 to 34 letters and digits"
	}
	cc := s[:2]
	if !(IsCountry(cc) || cc == "XK") || s[2] < '0' || s[2] > '9' || s[3] < '0' || s[3] > '9' {
		return "", "an IBAN starts with a country code and two check digits"
	}
	if !ibanChecks(s) {
		return "", "the IBAN's check digits do not agree with the number (ISO 13616 modulo 97): a digit is wrong or two are swapped"
	}
	return s, ""
}

// ibanChecks computes the ISO 13616 modulo 97 check of an upper-case
// alphanumeric IBAN.
func ibanChecks(s string) bool {
	var digits strings.Builder
	for _, r := range s[4:] + s[:4] {
		if r >= 'A' && r <= 'Z' {
			digits.WriteString(strconv.Itoa(int(r - 'A' + 10)))
		} else {
			digits.WriteRune(r)
		}
	}
	rem := 0
	for _, c := range digits.String() {
		rem = (rem*10 + int(c-'0')) % 97
	}
	return rem == 1
}

// looksLikeIBAN reports whether a bank account number is written as an
// IBAN: a country's two letters and two digits, and the length of one.
func looksLikeIBAN(v string) bool {
	s := strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' || r == '\t' {
			return -1
		}
		return unicode.ToUpper(r)
	}, v)
	return len(s) >= 15 && len(s) <= 34 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z' &&
		s[2] >= '0' && s[2] <= '9' && s[3] >= '0' && s[3] <= '9'
}

// BankAccountKey returns the key of a bank account: an IBAN key when the
// number is written as an IBAN (whose check digits must then agree),
// otherwise a bank_account key "COUNTRY:NUMBER" with the number in
// upper-case letters and digits.
func BankAccountKey(number, country string) (Key, string) {
	if looksLikeIBAN(number) {
		iban, msg := NormalizeIBAN(number)
		if msg != "" {
			return Key{}, msg
		}
		return Key{Type: KeyIBAN, Value: iban}, ""
	}
	cc, msg := optionalCountryCode(country)
	if msg != "" {
		return Key{}, msg
	}
	if len(number) > 100 {
		return Key{}, "a bank account number has at most 100 bytes"
	}
	var b strings.Builder
	for _, r := range strings.ToUpper(number) {
		switch {
		case r >= '0' && r <= '9', r >= 'A' && r <= 'Z':
			b.WriteRune(r)
		case unicode.IsSpace(r), unicode.IsPunct(r):
		default:
			return Key{}, "a bank account number holds only Latin letters, digits, spaces and punctuation"
		}
	}
	if b.Len() < 4 {
		return Key{}, "a bank account number has at least 4 letters or digits"
	}
	return Key{Type: KeyBankAccount, Value: prefixed(cc, b.String())}, ""
}

// NormalizePlate returns the key value of a vehicle registration plate:
// the country, a colon and the plate's letters and digits in upper case,
// spaces, dashes and other punctuation stripped. Letters of any script are
// kept as they are (a Cyrillic В is not read as a Latin B).
func NormalizePlate(plate, country string) (string, string) {
	cc, msg := optionalCountryCode(country)
	if msg != "" {
		return "", msg
	}
	if len(plate) > 60 {
		return "", "a plate has at most 60 bytes"
	}
	var b strings.Builder
	for _, r := range norm.NFKC.String(plate) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToUpper(r))
		case unicode.IsSpace(r), unicode.IsPunct(r), unicode.IsSymbol(r), unicode.Is(unicode.Mn, r):
		default:
			return "", "a plate holds only letters, digits, spaces and punctuation"
		}
	}
	p := norm.NFC.String(b.String())
	if p == "" || utf8.RuneCountInString(p) > 15 {
		return "", "a plate has 1 to 15 letters or digits"
	}
	return prefixed(cc, p), ""
}

// NormalizeOnlineAccount returns the key value of an account on an online
// platform: the platform in lower case (letters, digits, dot, dash,
// underscore), a colon and the handle in lower case without a leading @.
// A handle holds no spaces; Meridian does not read URLs or display names
// as handles.
func NormalizeOnlineAccount(handle, platform string) (string, string) {
	platform = strings.ToLower(strings.TrimSpace(platform))
	if len(platform) > 50 {
		return "", "a platform name has at most 50 bytes"
	}
	for _, r := range platform {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '.' || r == '-' || r == '_') {
			return "", "a platform name holds only letters a-z, digits, dots, dashes and underscores, e.g. telegram"
		}
	}
	h := strings.TrimSpace(handle)
	h = strings.TrimPrefix(h, "@")
	if !utf8.ValidString(h) || len(h) > 200 {
		return "", "a handle has at most 200 bytes of text"
	}
	for _, r := range h {
		if unicode.IsSpace(r) || unicode.IsControl(r) || !unicode.IsPrint(r) {
			return "", "a handle holds no spaces or control characters"
		}
	}
	h = norm.NFC.String(cases.Fold().String(h))
	if h == "" {
		return "", "a handle is required"
	}
	return prefixed(platform, h), ""
}

// NormalizeAddress returns the key value of a postal address: the country,
// a colon and the address case-folded, with diacritics removed from Latin,
// Greek and Cyrillic letters, punctuation and symbols read as spaces and
// runs of spaces made one. It expands no abbreviation and reorders
// nothing: "str." and "strasse" stay different, as they may be in a
// language Meridian does not know. Marks of other scripts (Arabic vowel
// signs, Indic viramas) are kept: there they are letters, not accents.
func NormalizeAddress(addr, country string) (string, string) {
	cc, msg := optionalCountryCode(country)
	if msg != "" {
		return "", msg
	}
	if !utf8.ValidString(addr) || len(addr) > 500 {
		return "", "an address has 1 to 500 bytes of text"
	}
	s := norm.NFKD.String(cases.Fold().String(addr))
	var b strings.Builder
	var base *unicode.RangeTable
	space := true
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Mn, r):
			if base == unicode.Latin || base == unicode.Greek || base == unicode.Cyrillic {
				continue
			}
			b.WriteRune(r)
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r):
			base = nil
			for _, t := range []*unicode.RangeTable{unicode.Latin, unicode.Greek, unicode.Cyrillic} {
				if unicode.Is(t, r) {
					base = t
				}
			}
			b.WriteRune(r)
			space = false
		case unicode.IsControl(r) && !unicode.IsSpace(r):
			return "", "an address holds no control characters"
		default: // spaces, punctuation, symbols
			base = nil
			if !space {
				b.WriteByte(' ')
				space = true
			}
		}
	}
	out := norm.NFC.String(strings.TrimSpace(b.String()))
	// Folding case and composing again may leave what another pass would
	// change (a final sigma, a letter that composes anew): fold once more
	// until the form is stable, so that the key of a key is itself.
	for i := 0; i < 3; i++ {
		again := norm.NFC.String(cases.Fold().String(out))
		if again == out {
			break
		}
		out = again
	}
	if out == "" {
		return "", "an address needs at least one letter or digit"
	}
	return prefixed(cc, out), ""
}

// identifierKey is the key of a person's identifier, or a message saying
// why its value is not valid for its kind.
func identifierKey(id *Identifier) (Key, string) {
	v := strings.TrimSpace(id.Value)
	switch id.Kind {
	case IDPhone:
		s, msg := NormalizePhone(v)
		return Key{Type: KeyPhone, Value: s}, msg
	case IDEmail:
		s, msg := NormalizeEmail(v)
		return Key{Type: KeyEmail, Value: s}, msg
	case IDIBAN:
		s, msg := NormalizeIBAN(v)
		return Key{Type: KeyIBAN, Value: s}, msg
	case IDBankAccount:
		return BankAccountKey(v, id.Country)
	case IDVehicle:
		s, msg := NormalizePlate(v, id.Country)
		return Key{Type: KeyPlate, Value: s}, msg
	case IDOnlineAccount:
		s, msg := NormalizeOnlineAccount(v, id.Platform)
		return Key{Type: KeyOnlineAccount, Value: s}, msg
	case IDAddress:
		s, msg := NormalizeAddress(v, id.Country)
		return Key{Type: KeyAddress, Value: s}, msg
	}
	return Key{}, "unknown identifier kind " + quote(string(id.Kind))
}

// Keys returns the person's identifiers as match keys, each once. Keys of
// identifiers that do not validate are left out; Validate reports them.
func (p *Person) Keys() []Key {
	var out []Key
	for i := range p.Identifiers {
		if k, msg := identifierKey(&p.Identifiers[i]); msg == "" {
			out = appendKey(out, k)
		}
	}
	return out
}

// Keys returns the document's key: its issuing state and number.
func (d *Document) Keys() []Key {
	v, msg := NormalizeDocumentKey(d.Number, d.IssuingState)
	if msg != "" {
		return nil
	}
	return []Key{{Type: KeyDocument, Value: v}}
}

// Keys returns no key: an event names persons by their records' ids, and
// their identifiers are keys of those person records, not of the event.
// It carries no phone, account or document of its own.
func (e *Event) Keys() []Key { return nil }

// Keys returns no key: a case lists records by id, whose keys are their
// own; it carries no identifier of its own.
func (c *Case) Keys() []Key { return nil }

func appendKey(ks []Key, k Key) []Key {
	for _, x := range ks {
		if x == k {
			return ks
		}
	}
	return append(ks, k)
}

// KeyMatch is a record that holds a key.
type KeyMatch struct {
	Key          Key    `json:"key"`
	RecordID     string `json:"record_id"`
	RecordKind   string `json:"record_kind" doc:"person or document"`
	OwnerAgency  string `json:"owner_agency"`
	OwnerCountry string `json:"owner_country"`
	OperationID  string `json:"operation_id,omitempty"`
}

// MaxKeysPerLookup bounds the keys one lookup may ask for.
const MaxKeysPerLookup = 100

// MaxKeyMatches bounds the matches one lookup returns; a key shared by
// more records than that is not an identifier but noise (a hotline, a
// shelter's address) and the lookup says so.
const MaxKeyMatches = 1000

// KeyService finds records by their identifiers.
type KeyService interface {
	// FindByKeys returns the records the caller may read that hold any of
	// the keys (in normal form), audited as a list naming them. EInvalid.
	FindByKeys(ctx context.Context, keys []Key) ([]KeyMatch, error)
}
