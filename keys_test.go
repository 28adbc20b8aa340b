package meridian_test

import (
	"strings"
	"testing"

	"meridian"
)

func TestNormalizeIBAN(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"GB82 WEST 1234 5698 7654 32", "GB82WEST12345698765432"},
		{"de89370400440532013000", "DE89370400440532013000"},
		{"AL47 2121 1009 0000 0002 3569 8741", "AL47212110090000000235698741"},
		{"MK07 2501 2000 0058 984", "MK07250120000058984"},
		{"FR14 2004 1010 0505 0001 3M02 606", "FR1420041010050500013M02606"},
		{"XK05 1212 0123 4567 8906", "XK051212012345678906"}, // Kosovo: not ISO 3166-1, in the IBAN registry
		{"NL91-ABNA-0417-1643-00", "NL91ABNA0417164300"},
	} {
		got, msg := meridian.NormalizeIBAN(tc.in)
		if msg != "" || got != tc.want {
			t.Errorf("NormalizeIBAN(%q) = %q, %q; want %q", tc.in, got, msg, tc.want)
		}
	}
	for _, in := range []string{
		"GB82WEST12345698765431",               // last digit wrong
		"DE89370400440532013001",               // last digit wrong
		"GB82WEST12345698765423",               // two digits swapped
		"GB28WEST12345698765432",               // check digits swapped
		"AL47212110090000000235698742",         // wrong
		"QQ82WEST12345698765432",               // no such country
		"GBXXWEST12345698765432",               // letters for check digits
		"GB82",                                 // too short
		"GB82WEST1234569876543212345678901234", // too long
		"GB82 WEST 1234 5698 7654 32 €",
		"",
	} {
		if got, msg := meridian.NormalizeIBAN(in); msg == "" {
			t.Errorf("NormalizeIBAN(%q) = %q, want refused", in, got)
		}
	}
}

func TestKeysOfPhones(t *testing.T) {
	for _, in := range []string{"+389 70 123 456", "00389 70 123 456", "+389-70-123-456", "+389.70.123.456", "+389 (70) 123 456", " +38970123456 "} {
		k, msg := meridian.ParseKey(meridian.KeyPhone, in)
		if msg != "" || k.Value != "+38970123456" {
			t.Errorf("phone %q = %+v, %q", in, k, msg)
		}
	}
	for _, in := range []string{"070 123 456", "+0389 70", "+389 70 12x 456", "+12345", "+1234567890123456", "tel:+38970123456", "+38970123456 ext 5"} {
		if k, msg := meridian.ParseKey(meridian.KeyPhone, in); msg == "" {
			t.Errorf("phone %q = %+v, want refused", in, k)
		}
	}
}

func TestNormalizeEmail(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Ana.Maria+jobs@Example.COM", "ana.maria+jobs@example.com"}, // dots and +tag kept: the provider's rule
		{"  ana@example.com\t", "ana@example.com"},
		{"ÉLÈNE@Bücher.de", "élène@xn--bcher-kva.de"},
		{"élène@xn--bcher-kva.de", "élène@xn--bcher-kva.de"},
		{"E\u0301LE\u0300NE@bücher.de", "élène@xn--bcher-kva.de"}, // decomposed accents compose
		{"ivan@пример.рф", "ivan@xn--e1afmkfd.xn--p1ai"},
		{"x@ＥＸＡＭＰＬＥ.com", "x@example.com"}, // fullwidth letters map in IDNA
		{"jobs_abroad-2@mail.example.al", "jobs_abroad-2@mail.example.al"},
	} {
		got, msg := meridian.NormalizeEmail(tc.in)
		if msg != "" || got != tc.want {
			t.Errorf("NormalizeEmail(%q) = %q, %q; want %q", tc.in, got, msg, tc.want)
		}
	}
	for _, in := range []string{"", "ana", "ana@", "@example.com", "ana@localhost", "ana maria@example.com", "ana@exa mple.com",
		"ana@@example.com", "\"ana\"@example.com", ".ana@example.com", "ana.@example.com", "an..a@example.com",
		"ana@example..com", "ana@example.com.", "ana@-example.com", "ana@exa_mple.com", "ana\x00@example.com",
		"<ana@example.com>", "ana@example.com, bob@example.com", "mailto:ana@example.com", strings.Repeat("a", 65) + "@example.com"} {
		if got, msg := meridian.NormalizeEmail(in); msg == "" {
			t.Errorf("NormalizeEmail(%q) = %q, want refused", in, got)
		}
	}
}

func TestNormalizeAddress(t *testing.T) {
	for _, tc := range []struct{ in, country, want string }{
		{"Rruga e Durrësit 12, Tiranë", "AL", "AL:rruga e durresit 12 tirane"},
		{"RRUGA E DURRESIT   12 -- TIRANE", "AL", "AL:rruga e durresit 12 tirane"},
		{"ул. Македонија бр. 5, Скопје", "MK", "MK:ул македонија бр 5 скопје"},
		{"УЛ. МАКЕДОНИЈА БР. 5 СКОПЈЕ", "MK", "MK:ул македонија бр 5 скопје"},
		{"Οδός Ερμού 25, Αθήνα", "GR", "GR:οδοσ ερμου 25 αθηνα"}, // final sigma folds to sigma
		{"ΟΔΟΣ ΕΡΜΟΥ 25 ΑΘΗΝΑ", "GR", "GR:οδοσ ερμου 25 αθηνα"},
		{"Hauptstraße 5, Köln", "DE", "DE:hauptstrasse 5 koln"},
		{"HAUPTSTRASSE 5 KOLN", "DE", "DE:hauptstrasse 5 koln"},
		{"Str. Mihai Eminescu nr. 3", "RO", "RO:str mihai eminescu nr 3"}, // no abbreviation expanded
		{"شارع الملك فهد ١٢", "SA", "SA:شارع الملك فهد ١٢"},
		{"नई दिल्ली", "IN", "IN:नई दिल्ली"}, // Devanagari signs kept: letters, not accents
		{"Calle ５, Bogotá", "", ":calle 5 bogota"},
	} {
		got, msg := meridian.NormalizeAddress(tc.in, tc.country)
		if msg != "" || got != tc.want {
			t.Errorf("NormalizeAddress(%q, %q) = %q, %q; want %q", tc.in, tc.country, got, msg, tc.want)
		}
	}
	for _, tc := range []struct{ in, country string }{{"", "AL"}, {" , . ", "AL"}, {"Rruga 1", "XX"}, {"Rruga\x01 1", "AL"}, {"Rruga 1", "al "}} {
		if got, msg := meridian.NormalizeAddress(tc.in, tc.country); msg == "" {
			t.Errorf("NormalizeAddress(%q, %q) = %q, want refused", tc.in, tc.country, got)
		}
	}
}

func TestNormalizeOtherKeys(t *testing.T) {
	for _, tc := range []struct {
		t    meridian.KeyType
		in   string
		want string
	}{
		{meridian.KeyDocument, "AL:ab 123 456", "AL:AB123456"},
		{meridian.KeyDocument, "AL:AB-123.456", "AL:AB123456"},
		{meridian.KeyDocument, "AL:ABO123", "AL:ABO123"}, // O stays O: the key is exact
		{meridian.KeyPlate, "MK:sk 123-ab", "MK:SK123AB"},
		{meridian.KeyPlate, "DE:B-AB 1234", "DE:BAB1234"},
		{meridian.KeyPlate, "BG:СА 1234 ВХ", "BG:СА1234ВХ"}, // Cyrillic letters kept as written
		{meridian.KeyPlate, "sk123ab", ":SK123AB"},
		{meridian.KeyOnlineAccount, "Telegram:@Ana_Jobs", "telegram:ana_jobs"},
		{meridian.KeyOnlineAccount, "instagram: @ana.jobs ", "instagram:ana.jobs"},
		{meridian.KeyBankAccount, "RS:160-0000000012345-67", "RS:160000000001234567"},
		{meridian.KeyBankAccount, "GB82 WEST 1234 5698 7654 32", "GB82WEST12345698765432"}, // an IBAN is an iban key
		{meridian.KeyEmail, "Ana@Example.com", "ana@example.com"},
	} {
		k, msg := meridian.ParseKey(tc.t, tc.in)
		if msg != "" || k.Value != tc.want {
			t.Errorf("ParseKey(%s, %q) = %+v, %q; want %q", tc.t, tc.in, k, msg, tc.want)
		}
		if again, _ := meridian.ParseKey(k.Type, k.Value); again != k {
			t.Errorf("ParseKey(%s, %q) = %+v: not stable", k.Type, k.Value, again)
		}
	}
	for _, tc := range []struct {
		t  meridian.KeyType
		in string
	}{
		{meridian.KeyDocument, "AB123456"}, {meridian.KeyDocument, "XX:AB123"}, {meridian.KeyDocument, "AL: - "},
		{meridian.KeyDocument, "AL:АВ123"}, // Cyrillic look-alikes are not Latin
		{meridian.KeyPlate, "ZZ:SK123"}, {meridian.KeyPlate, "MK: -- "},
		{meridian.KeyOnlineAccount, "Tele gram:ana"}, {meridian.KeyOnlineAccount, "telegram:ana jobs"}, {meridian.KeyOnlineAccount, "telegram:@"},
		{meridian.KeyBankAccount, "GB82WEST12345698765431"}, // written as an IBAN, wrong check digits
		{meridian.KeyBankAccount, "RS:12"}, {"passport", "AL:AB123"},
	} {
		if k, msg := meridian.ParseKey(tc.t, tc.in); msg == "" {
			t.Errorf("ParseKey(%s, %q) = %+v, want refused", tc.t, tc.in, k)
		}
	}
}

func TestRecordKeys(t *testing.T) {
	p := &meridian.Person{Identifiers: []meridian.Identifier{
		{Kind: meridian.IDPhone, Value: "+389 70 123 456"},
		{Kind: meridian.IDPhone, Value: "0038970123456"}, // the same phone: one key
		{Kind: meridian.IDEmail, Value: "Ana@Example.com"},
		{Kind: meridian.IDBankAccount, Value: "AL47 2121 1009 0000 0002 3569 8741"},
		{Kind: meridian.IDVehicle, Value: "SK 123-AB", Country: "MK"},
		{Kind: meridian.IDOnlineAccount, Value: "@Ana_Jobs", Platform: "telegram"},
		{Kind: meridian.IDAddress, Value: "Rruga e Durrësit 12", Country: "AL"},
		{Kind: meridian.IDEmail, Value: "not an address"}, // invalid: no key
	}}
	want := []meridian.Key{
		{Type: meridian.KeyPhone, Value: "+38970123456"},
		{Type: meridian.KeyEmail, Value: "ana@example.com"},
		{Type: meridian.KeyIBAN, Value: "AL47212110090000000235698741"},
		{Type: meridian.KeyPlate, Value: "MK:SK123AB"},
		{Type: meridian.KeyOnlineAccount, Value: "telegram:ana_jobs"},
		{Type: meridian.KeyAddress, Value: "AL:rruga e durresit 12"},
	}
	got := p.Keys()
	if len(got) != len(want) {
		t.Fatalf("Keys() = %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("Keys()[%d] = %+v, want %+v", i, got[i], want[i])
		}
	}
	d := &meridian.Document{Number: "ab 1234567", IssuingState: "AL"}
	if ks := d.Keys(); len(ks) != 1 || ks[0] != (meridian.Key{Type: meridian.KeyDocument, Value: "AL:AB1234567"}) {
		t.Errorf("document Keys() = %+v", ks)
	}
	if ks := (&meridian.Event{}).Keys(); ks != nil {
		t.Errorf("event Keys() = %+v", ks)
	}
}

func TestIdentifierValidationNamesField(t *testing.T) {
	base := func(ids ...meridian.Identifier) *meridian.Person {
		return &meridian.Person{Meta: meridian.Meta{TLP: meridian.TLPAmber, Handling: meridian.H0, Release: meridian.Release{Scope: meridian.ScopeOwner}},
			Role: meridian.RoleSuspect, Names: []meridian.Name{{Full: "Ana"}}, Identifiers: ids}
	}
	for _, tc := range []struct {
		id    meridian.Identifier
		field string
	}{
		{meridian.Identifier{Kind: meridian.IDIBAN, Value: "GB82WEST12345698765431"}, "identifiers[0].value"},
		{meridian.Identifier{Kind: meridian.IDVehicle, Value: "SK123AB", Country: "XX"}, "identifiers[0].country"},
		{meridian.Identifier{Kind: meridian.IDPhone, Value: "+38970123456", Country: "MK"}, "identifiers[0].country"},
		{meridian.Identifier{Kind: meridian.IDOnlineAccount, Value: "ana", Platform: "tele gram"}, "identifiers[0].platform"},
		{meridian.Identifier{Kind: meridian.IDEmail, Value: "ana", Platform: "telegram"}, "identifiers[0].platform"},
		{meridian.Identifier{Kind: meridian.IDEmail, Value: "ana@localhost"}, "identifiers[0].value"},
		{meridian.Identifier{Kind: "passport", Value: "AB123"}, "identifiers[0].value"},
	} {
		err := base(tc.id).Validate()
		if err == nil || !strings.Contains(err.Error(), tc.field) {
			t.Errorf("Validate(%+v) = %v, want an error naming %s", tc.id, err, tc.field)
		}
	}
	p := base(meridian.Identifier{Kind: meridian.IDVehicle, Value: "sk 123-ab", Country: "MK"})
	if err := p.Validate(); err != nil || p.Identifiers[0].Norm != "MK:SK123AB" {
		t.Fatalf("Validate = %v, norm %q", err, p.Identifiers[0].Norm)
	}
}

func TestParseKeyColonInValue(t *testing.T) {
	k, msg := meridian.ParseKey(meridian.KeyAddress, "Rruga e Durrësit 12: Tiranë")
	if msg != "" || k.Value != ":rruga e durresit 12 tirane" {
		t.Fatalf("ParseKey = %+v, %q", k, msg)
	}
	k, msg = meridian.ParseKey(meridian.KeyAddress, "al:Rruga 12")
	if msg != "" || k.Value != "AL:rruga 12" {
		t.Fatalf("ParseKey = %+v, %q", k, msg)
	}
}
