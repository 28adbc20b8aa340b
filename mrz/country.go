package mrz

import (
	"strings"

	"meridian"
)

// CountryKind says what a three-letter code in an MRZ stands for: most are
// states, but Doc 9303 also reserves codes for organisations and for people
// without a defined nationality, which screening must not take for states.
type CountryKind string

const (
	KindState        CountryKind = "state"
	KindOrganization CountryKind = "organization"
	KindStateless    CountryKind = "stateless"
	KindRefugee      CountryKind = "refugee"
	KindUnspecified  CountryKind = "unspecified"
	KindSpecimen     CountryKind = "specimen"
	KindUnknown      CountryKind = "unknown"
)

// Country is an issuing state or nationality as printed in an MRZ.
type Country struct {
	Code   string      `json:"code"`             // as printed, fillers removed: "UTO", "D", "GBD"
	Alpha2 string      `json:"alpha2,omitempty"` // ISO 3166-1 alpha-2, where one exists
	Name   string      `json:"name,omitempty"`
	Kind   CountryKind `json:"kind"`
}

// icaoCodes are the codes of Doc 9303 part 3 (section 5, parts A to D) that
// are not ISO 3166-1 alpha-3, with the specimen state and Kosovo's code.
// The British codes are classes of British nationality, so they map to GB.
var icaoCodes = map[string]Country{
	"D":   {Alpha2: "DE", Name: "Germany", Kind: KindState},
	"GBD": {Alpha2: "GB", Name: "British Overseas Territories citizen", Kind: KindState},
	"GBN": {Alpha2: "GB", Name: "British National (Overseas)", Kind: KindState},
	"GBO": {Alpha2: "GB", Name: "British Overseas citizen", Kind: KindState},
	"GBP": {Alpha2: "GB", Name: "British protected person", Kind: KindState},
	"GBS": {Alpha2: "GB", Name: "British subject", Kind: KindState},
	"EUE": {Name: "European Union", Kind: KindOrganization},
	"UNO": {Name: "United Nations Organization", Kind: KindOrganization},
	"UNA": {Name: "Specialized agency of the United Nations", Kind: KindOrganization},
	"UNK": {Name: "Resident of Kosovo (United Nations Interim Administration Mission in Kosovo)", Kind: KindOrganization},
	"XBA": {Name: "African Development Bank", Kind: KindOrganization},
	"XIM": {Name: "African Export-Import Bank", Kind: KindOrganization},
	"XCC": {Name: "Caribbean Community", Kind: KindOrganization},
	"XCE": {Name: "Council of Europe", Kind: KindOrganization},
	"XCO": {Name: "Common Market for Eastern and Southern Africa", Kind: KindOrganization},
	"XEC": {Name: "Economic Community of West African States", Kind: KindOrganization},
	"XPO": {Name: "INTERPOL", Kind: KindOrganization},
	"XES": {Name: "Organisation of Eastern Caribbean States", Kind: KindOrganization},
	"XMP": {Name: "Parliamentary Assembly of the Mediterranean", Kind: KindOrganization},
	"XOM": {Name: "Sovereign Military Order of Malta", Kind: KindOrganization},
	"XDC": {Name: "Southern African Development Community", Kind: KindOrganization},
	"XXA": {Name: "Stateless person (1954 Convention)", Kind: KindStateless},
	"XXB": {Name: "Refugee (1951 Convention)", Kind: KindRefugee},
	"XXC": {Name: "Refugee (other)", Kind: KindRefugee},
	"XXX": {Name: "Unspecified nationality", Kind: KindUnspecified},
	"UTO": {Name: "Utopia (ICAO specimen)", Kind: KindSpecimen},
	// Kosovo prints RKS; ISO 3166-1 has no code for it (XK is user-assigned).
	"RKS": {Name: "Kosovo", Kind: KindState},
}

// LookupCountry reads a three-character MRZ country field ("UTO", "D<<").
// The boolean is false for a code neither ISO 3166-1 nor Doc 9303 knows.
func LookupCountry(field string) (Country, bool) {
	code := strings.TrimRight(field, "<")
	if c, ok := icaoCodes[code]; ok {
		c.Code = code
		return c, true
	}
	if len(code) == 3 {
		if c, ok := meridian.LookupCountry(code); ok && c.Alpha3 == code {
			return Country{Code: code, Alpha2: c.Alpha2, Name: c.Name, Kind: KindState}, true
		}
	}
	return Country{Code: code, Kind: KindUnknown}, false
}
