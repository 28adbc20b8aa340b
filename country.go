package meridian

import (
	"slices"
	"strings"
)

// Country is an ISO 3166-1 country.
type Country struct {
	Alpha2    string `json:"alpha2"`
	Alpha3    string `json:"alpha3"`
	Numeric   string `json:"numeric"`
	Name      string `json:"name"`
	Region    string `json:"region,omitempty"`
	SubRegion string `json:"sub_region,omitempty"`
}

// countryList holds the officially assigned codes of ISO 3166-1, with names
// from the ISO English short names and regions from UN M49. It is kept sorted
// by alpha-2 so that Countries needs no sort. Taiwan, which M49 folds into
// China, is placed in Eastern Asia; Antarctica belongs to no M49 region.
var countryList = []Country{
	{"AD", "AND", "020", "Andorra", "Europe", "Southern Europe"},
	{"AE", "ARE", "784", "United Arab Emirates", "Asia", "Western Asia"},
	{"AF", "AFG", "004", "Afghanistan", "Asia", "Southern Asia"},
	{"AG", "ATG", "028", "Antigua and Barbuda", "Americas", "Latin America and the Caribbean"},
	{"AI", "AIA", "660", "Anguilla", "Americas", "Latin America and the Caribbean"},
	{"AL", "ALB", "008", "Albania", "Europe", "Southern Europe"},
	{"AM", "ARM", "051", "Armenia", "Asia", "Western Asia"},
	{"AO", "AGO", "024", "Angola", "Africa", "Sub-Saharan Africa"},
	{"AQ", "ATA", "010", "Antarctica", "", ""},
	{"AR", "ARG", "032", "Argentina", "Americas", "Latin America and the Caribbean"},
	{"AS", "ASM", "016", "American Samoa", "Oceania", "Polynesia"},
	{"AT", "AUT", "040", "Austria", "Europe", "Western Europe"},
	{"AU", "AUS", "036", "Australia", "Oceania", "Australia and New Zealand"},
	{"AW", "ABW", "533", "Aruba", "Americas", "Latin America and the Caribbean"},
	{"AX", "ALA", "248", "Åland Islands", "Europe", "Northern Europe"},
	{"AZ", "AZE", "031", "Azerbaijan", "Asia", "Western Asia"},
	{"BA", "BIH", "070", "Bosnia and Herzegovina", "Europe", "Southern Europe"},
	{"BB", "BRB", "052", "Barbados", "Americas", "Latin America and the Caribbean"},
	{"BD", "BGD", "050", "Bangladesh", "Asia", "Southern Asia"},
	{"BE", "BEL", "056", "Belgium", "Europe", "Western Europe"},
	{"BF", "BFA", "854", "Burkina Faso", "Africa", "Sub-Saharan Africa"},
	{"BG", "BGR", "100", "Bulgaria", "Europe", "Eastern Europe"},
	{"BH", "BHR", "048", "Bahrain", "Asia", "Western Asia"},
	{"BI", "BDI", "108", "Burundi", "Africa", "Sub-Saharan Africa"},
	{"BJ", "BEN", "204", "Benin", "Africa", "Sub-Saharan Africa"},
	{"BL", "BLM", "652", "Saint Barthélemy", "Americas", "Latin America and the Caribbean"},
	{"BM", "BMU", "060", "Bermuda", "Americas", "Northern America"},
	{"BN", "BRN", "096", "Brunei Darussalam", "Asia", "South-eastern Asia"},
	{"BO", "BOL", "068", "Bolivia, Plurinational State of", "Americas", "Latin America and the Caribbean"},
	{"BQ", "BES", "535", "Bonaire, Sint Eustatius and Saba", "Americas", "Latin America and the Caribbean"},
	{"BR", "BRA", "076", "Brazil", "Americas", "Latin America and the Caribbean"},
	{"BS", "BHS", "044", "Bahamas", "Americas", "Latin America and the Caribbean"},
	{"BT", "BTN", "064", "Bhutan", "Asia", "Southern Asia"},
	{"BV", "BVT", "074", "Bouvet Island", "Americas", "Latin America and the Caribbean"},
	{"BW", "BWA", "072", "Botswana", "Africa", "Sub-Saharan Africa"},
	{"BY", "BLR", "112", "Belarus", "Europe", "Eastern Europe"},
	{"BZ", "BLZ", "084", "Belize", "Americas", "Latin America and the Caribbean"},
	{"CA", "CAN", "124", "Canada", "Americas", "Northern America"},
	{"CC", "CCK", "166", "Cocos (Keeling) Islands", "Oceania", "Australia and New Zealand"},
	{"CD", "COD", "180", "Congo, The Democratic Republic of the", "Africa", "Sub-Saharan Africa"},
	{"CF", "CAF", "140", "Central African Republic", "Africa", "Sub-Saharan Africa"},
	{"CG", "COG", "178", "Congo", "Africa", "Sub-Saharan Africa"},
	{"CH", "CHE", "756", "Switzerland", "Europe", "Western Europe"},
	{"CI", "CIV", "384", "Côte d'Ivoire", "Africa", "Sub-Saharan Africa"},
	{"CK", "COK", "184", "Cook Islands", "Oceania", "Polynesia"},
	{"CL", "CHL", "152", "Chile", "Americas", "Latin America and the Caribbean"},
	{"CM", "CMR", "120", "Cameroon", "Africa", "Sub-Saharan Africa"},
	{"CN", "CHN", "156", "China", "Asia", "Eastern Asia"},
	{"CO", "COL", "170", "Colombia", "Americas", "Latin America and the Caribbean"},
	{"CR", "CRI", "188", "Costa Rica", "Americas", "Latin America and the Caribbean"},
	{"CU", "CUB", "192", "Cuba", "Americas", "Latin America and the Caribbean"},
	{"CV", "CPV", "132", "Cabo Verde", "Africa", "Sub-Saharan Africa"},
	{"CW", "CUW", "531", "Curaçao", "Americas", "Latin America and the Caribbean"},
	{"CX", "CXR", "162", "Christmas Island", "Oceania", "Australia and New Zealand"},
	{"CY", "CYP", "196", "Cyprus", "Asia", "Western Asia"},
	{"CZ", "CZE", "203", "Czechia", "Europe", "Eastern Europe"},
	{"DE", "DEU", "276", "Germany", "Europe", "Western Europe"},
	{"DJ", "DJI", "262", "Djibouti", "Africa", "Sub-Saharan Africa"},
	{"DK", "DNK", "208", "Denmark", "Europe", "Northern Europe"},
	{"DM", "DMA", "212", "Dominica", "Americas", "Latin America and the Caribbean"},
	{"DO", "DOM", "214", "Dominican Republic", "Americas", "Latin America and the Caribbean"},
	{"DZ", "DZA", "012", "Algeria", "Africa", "Northern Africa"},
	{"EC", "ECU", "218", "Ecuador", "Americas", "Latin America and the Caribbean"},
	{"EE", "EST", "233", "Estonia", "Europe", "Northern Europe"},
	{"EG", "EGY", "818", "Egypt", "Africa", "Northern Africa"},
	{"EH", "ESH", "732", "Western Sahara", "Africa", "Northern Africa"},
	{"ER", "ERI", "232", "Eritrea", "Africa", "Sub-Saharan Africa"},
	{"ES", "ESP", "724", "Spain", "Europe", "Southern Europe"},
	{"ET", "ETH", "231", "Ethiopia", "Africa", "Sub-Saharan Africa"},
	{"FI", "FIN", "246", "Finland", "Europe", "Northern Europe"},
	{"FJ", "FJI", "242", "Fiji", "Oceania", "Melanesia"},
	{"FK", "FLK", "238", "Falkland Islands (Malvinas)", "Americas", "Latin America and the Caribbean"},
	{"FM", "FSM", "583", "Micronesia, Federated States of", "Oceania", "Micronesia"},
	{"FO", "FRO", "234", "Faroe Islands", "Europe", "Northern Europe"},
	{"FR", "FRA", "250", "France", "Europe", "Western Europe"},
	{"GA", "GAB", "266", "Gabon", "Africa", "Sub-Saharan Africa"},
	{"GB", "GBR", "826", "United Kingdom", "Europe", "Northern Europe"},
	{"GD", "GRD", "308", "Grenada", "Americas", "Latin America and the Caribbean"},
	{"GE", "GEO", "268", "Georgia", "Asia", "Western Asia"},
	{"GF", "GUF", "254", "French Guiana", "Americas", "Latin America and the Caribbean"},
	{"GG", "GGY", "831", "Guernsey", "Europe", "Northern Europe"},
	{"GH", "GHA", "288", "Ghana", "Africa", "Sub-Saharan Africa"},
	{"GI", "GIB", "292", "Gibraltar", "Europe", "Southern Europe"},
	{"GL", "GRL", "304", "Greenland", "Americas", "Northern America"},
	{"GM", "GMB", "270", "Gambia", "Africa", "Sub-Saharan Africa"},
	{"GN", "GIN", "324", "Guinea", "Africa", "Sub-Saharan Africa"},
	{"GP", "GLP", "312", "Guadeloupe", "Americas", "Latin America and the Caribbean"},
	{"GQ", "GNQ", "226", "Equatorial Guinea", "Africa", "Sub-Saharan Africa"},
	{"GR", "GRC", "300", "Greece", "Europe", "Southern Europe"},
	{"GS", "SGS", "239", "South Georgia and the South Sandwich Islands", "Americas", "Latin America and the Caribbean"},
	{"GT", "GTM", "320", "Guatemala", "Americas", "Latin America and the Caribbean"},
	{"GU", "GUM", "316", "Guam", "Oceania", "Micronesia"},
	{"GW", "GNB", "624", "Guinea-Bissau", "Africa", "Sub-Saharan Africa"},
	{"GY", "GUY", "328", "Guyana", "Americas", "Latin America and the Caribbean"},
	{"HK", "HKG", "344", "Hong Kong", "Asia", "Eastern Asia"},
	{"HM", "HMD", "334", "Heard Island and McDonald Islands", "Oceania", "Australia and New Zealand"},
	{"HN", "HND", "340", "Honduras", "Americas", "Latin America and the Caribbean"},
	{"HR", "HRV", "191", "Croatia", "Europe", "Southern Europe"},
	{"HT", "HTI", "332", "Haiti", "Americas", "Latin America and the Caribbean"},
	{"HU", "HUN", "348", "Hungary", "Europe", "Eastern Europe"},
	{"ID", "IDN", "360", "Indonesia", "Asia", "South-eastern Asia"},
	{"IE", "IRL", "372", "Ireland", "Europe", "Northern Europe"},
	{"IL", "ISR", "376", "Israel", "Asia", "Western Asia"},
	{"IM", "IMN", "833", "Isle of Man", "Europe", "Northern Europe"},
	{"IN", "IND", "356", "India", "Asia", "Southern Asia"},
	{"IO", "IOT", "086", "British Indian Ocean Territory", "Africa", "Sub-Saharan Africa"},
	{"IQ", "IRQ", "368", "Iraq", "Asia", "Western Asia"},
	{"IR", "IRN", "364", "Iran, Islamic Republic of", "Asia", "Southern Asia"},
	{"IS", "ISL", "352", "Iceland", "Europe", "Northern Europe"},
	{"IT", "ITA", "380", "Italy", "Europe", "Southern Europe"},
	{"JE", "JEY", "832", "Jersey", "Europe", "Northern Europe"},
	{"JM", "JAM", "388", "Jamaica", "Americas", "Latin America and the Caribbean"},
	{"JO", "JOR", "400", "Jordan", "Asia", "Western Asia"},
	{"JP", "JPN", "392", "Japan", "Asia", "Eastern Asia"},
	{"KE", "KEN", "404", "Kenya", "Africa", "Sub-Saharan Africa"},
	{"KG", "KGZ", "417", "Kyrgyzstan", "Asia", "Central Asia"},
	{"KH", "KHM", "116", "Cambodia", "Asia", "South-eastern Asia"},
	{"KI", "KIR", "296", "Kiribati", "Oceania", "Micronesia"},
	{"KM", "COM", "174", "Comoros", "Africa", "Sub-Saharan Africa"},
	{"KN", "KNA", "659", "Saint Kitts and Nevis", "Americas", "Latin America and the Caribbean"},
	{"KP", "PRK", "408", "Korea, Democratic People's Republic of", "Asia", "Eastern Asia"},
	{"KR", "KOR", "410", "Korea, Republic of", "Asia", "Eastern Asia"},
	{"KW", "KWT", "414", "Kuwait", "Asia", "Western Asia"},
	{"KY", "CYM", "136", "Cayman Islands", "Americas", "Latin America and the Caribbean"},
	{"KZ", "KAZ", "398", "Kazakhstan", "Asia", "Central Asia"},
	{"LA", "LAO", "418", "Lao People's Democratic Republic", "Asia", "South-eastern Asia"},
	{"LB", "LBN", "422", "Lebanon", "Asia", "Western Asia"},
	{"LC", "LCA", "662", "Saint Lucia", "Americas", "Latin America and the Caribbean"},
	{"LI", "LIE", "438", "Liechtenstein", "Europe", "Western Europe"},
	{"LK", "LKA", "144", "Sri Lanka", "Asia", "Southern Asia"},
	{"LR", "LBR", "430", "Liberia", "Africa", "Sub-Saharan Africa"},
	{"LS", "LSO", "426", "Lesotho", "Africa", "Sub-Saharan Africa"},
	{"LT", "LTU", "440", "Lithuania", "Europe", "Northern Europe"},
	{"LU", "LUX", "442", "Luxembourg", "Europe", "Western Europe"},
	{"LV", "LVA", "428", "Latvia", "Europe", "Northern Europe"},
	{"LY", "LBY", "434", "Libya", "Africa", "Northern Africa"},
	{"MA", "MAR", "504", "Morocco", "Africa", "Northern Africa"},
	{"MC", "MCO", "492", "Monaco", "Europe", "Western Europe"},
	{"MD", "MDA", "498", "Moldova, Republic of", "Europe", "Eastern Europe"},
	{"ME", "MNE", "499", "Montenegro", "Europe", "Southern Europe"},
	{"MF", "MAF", "663", "Saint Martin (French part)", "Americas", "Latin America and the Caribbean"},
	{"MG", "MDG", "450", "Madagascar", "Africa", "Sub-Saharan Africa"},
	{"MH", "MHL", "584", "Marshall Islands", "Oceania", "Micronesia"},
	{"MK", "MKD", "807", "North Macedonia", "Europe", "Southern Europe"},
	{"ML", "MLI", "466", "Mali", "Africa", "Sub-Saharan Africa"},
	{"MM", "MMR", "104", "Myanmar", "Asia", "South-eastern Asia"},
	{"MN", "MNG", "496", "Mongolia", "Asia", "Eastern Asia"},
	{"MO", "MAC", "446", "Macao", "Asia", "Eastern Asia"},
	{"MP", "MNP", "580", "Northern Mariana Islands", "Oceania", "Micronesia"},
	{"MQ", "MTQ", "474", "Martinique", "Americas", "Latin America and the Caribbean"},
	{"MR", "MRT", "478", "Mauritania", "Africa", "Sub-Saharan Africa"},
	{"MS", "MSR", "500", "Montserrat", "Americas", "Latin America and the Caribbean"},
	{"MT", "MLT", "470", "Malta", "Europe", "Southern Europe"},
	{"MU", "MUS", "480", "Mauritius", "Africa", "Sub-Saharan Africa"},
	{"MV", "MDV", "462", "Maldives", "Asia", "Southern Asia"},
	{"MW", "MWI", "454", "Malawi", "Africa", "Sub-Saharan Africa"},
	{"MX", "MEX", "484", "Mexico", "Americas", "Latin America and the Caribbean"},
	{"MY", "MYS", "458", "Malaysia", "Asia", "South-eastern Asia"},
	{"MZ", "MOZ", "508", "Mozambique", "Africa", "Sub-Saharan Africa"},
	{"NA", "NAM", "516", "Namibia", "Africa", "Sub-Saharan Africa"},
	{"NC", "NCL", "540", "New Caledonia", "Oceania", "Melanesia"},
	{"NE", "NER", "562", "Niger", "Africa", "Sub-Saharan Africa"},
	{"NF", "NFK", "574", "Norfolk Island", "Oceania", "Australia and New Zealand"},
	{"NG", "NGA", "566", "Nigeria", "Africa", "Sub-Saharan Africa"},
	{"NI", "NIC", "558", "Nicaragua", "Americas", "Latin America and the Caribbean"},
	{"NL", "NLD", "528", "Netherlands", "Europe", "Western Europe"},
	{"NO", "NOR", "578", "Norway", "Europe", "Northern Europe"},
	{"NP", "NPL", "524", "Nepal", "Asia", "Southern Asia"},
	{"NR", "NRU", "520", "Nauru", "Oceania", "Micronesia"},
	{"NU", "NIU", "570", "Niue", "Oceania", "Polynesia"},
	{"NZ", "NZL", "554", "New Zealand", "Oceania", "Australia and New Zealand"},
	{"OM", "OMN", "512", "Oman", "Asia", "Western Asia"},
	{"PA", "PAN", "591", "Panama", "Americas", "Latin America and the Caribbean"},
	{"PE", "PER", "604", "Peru", "Americas", "Latin America and the Caribbean"},
	{"PF", "PYF", "258", "French Polynesia", "Oceania", "Polynesia"},
	{"PG", "PNG", "598", "Papua New Guinea", "Oceania", "Melanesia"},
	{"PH", "PHL", "608", "Philippines", "Asia", "South-eastern Asia"},
	{"PK", "PAK", "586", "Pakistan", "Asia", "Southern Asia"},
	{"PL", "POL", "616", "Poland", "Europe", "Eastern Europe"},
	{"PM", "SPM", "666", "Saint Pierre and Miquelon", "Americas", "Northern America"},
	{"PN", "PCN", "612", "Pitcairn", "Oceania", "Polynesia"},
	{"PR", "PRI", "630", "Puerto Rico", "Americas", "Latin America and the Caribbean"},
	{"PS", "PSE", "275", "Palestine, State of", "Asia", "Western Asia"},
	{"PT", "PRT", "620", "Portugal", "Europe", "Southern Europe"},
	{"PW", "PLW", "585", "Palau", "Oceania", "Micronesia"},
	{"PY", "PRY", "600", "Paraguay", "Americas", "Latin America and the Caribbean"},
	{"QA", "QAT", "634", "Qatar", "Asia", "Western Asia"},
	{"RE", "REU", "638", "Réunion", "Africa", "Sub-Saharan Africa"},
	{"RO", "ROU", "642", "Romania", "Europe", "Eastern Europe"},
	{"RS", "SRB", "688", "Serbia", "Europe", "Southern Europe"},
	{"RU", "RUS", "643", "Russian Federation", "Europe", "Eastern Europe"},
	{"RW", "RWA", "646", "Rwanda", "Africa", "Sub-Saharan Africa"},
	{"SA", "SAU", "682", "Saudi Arabia", "Asia", "Western Asia"},
	{"SB", "SLB", "090", "Solomon Islands", "Oceania", "Melanesia"},
	{"SC", "SYC", "690", "Seychelles", "Africa", "Sub-Saharan Africa"},
	{"SD", "SDN", "729", "Sudan", "Africa", "Northern Africa"},
	{"SE", "SWE", "752", "Sweden", "Europe", "Northern Europe"},
	{"SG", "SGP", "702", "Singapore", "Asia", "South-eastern Asia"},
	{"SH", "SHN", "654", "Saint Helena, Ascension and Tristan da Cunha", "Africa", "Sub-Saharan Africa"},
	{"SI", "SVN", "705", "Slovenia", "Europe", "Southern Europe"},
	{"SJ", "SJM", "744", "Svalbard and Jan Mayen", "Europe", "Northern Europe"},
	{"SK", "SVK", "703", "Slovakia", "Europe", "Eastern Europe"},
	{"SL", "SLE", "694", "Sierra Leone", "Africa", "Sub-Saharan Africa"},
	{"SM", "SMR", "674", "San Marino", "Europe", "Southern Europe"},
	{"SN", "SEN", "686", "Senegal", "Africa", "Sub-Saharan Africa"},
	{"SO", "SOM", "706", "Somalia", "Africa", "Sub-Saharan Africa"},
	{"SR", "SUR", "740", "Suriname", "Americas", "Latin America and the Caribbean"},
	{"SS", "SSD", "728", "South Sudan", "Africa", "Sub-Saharan Africa"},
	{"ST", "STP", "678", "Sao Tome and Principe", "Africa", "Sub-Saharan Africa"},
	{"SV", "SLV", "222", "El Salvador", "Americas", "Latin America and the Caribbean"},
	{"SX", "SXM", "534", "Sint Maarten (Dutch part)", "Americas", "Latin America and the Caribbean"},
	{"SY", "SYR", "760", "Syrian Arab Republic", "Asia", "Western Asia"},
	{"SZ", "SWZ", "748", "Eswatini", "Africa", "Sub-Saharan Africa"},
	{"TC", "TCA", "796", "Turks and Caicos Islands", "Americas", "Latin America and the Caribbean"},
	{"TD", "TCD", "148", "Chad", "Africa", "Sub-Saharan Africa"},
	{"TF", "ATF", "260", "French Southern Territories", "Africa", "Sub-Saharan Africa"},
	{"TG", "TGO", "768", "Togo", "Africa", "Sub-Saharan Africa"},
	{"TH", "THA", "764", "Thailand", "Asia", "South-eastern Asia"},
	{"TJ", "TJK", "762", "Tajikistan", "Asia", "Central Asia"},
	{"TK", "TKL", "772", "Tokelau", "Oceania", "Polynesia"},
	{"TL", "TLS", "626", "Timor-Leste", "Asia", "South-eastern Asia"},
	{"TM", "TKM", "795", "Turkmenistan", "Asia", "Central Asia"},
	{"TN", "TUN", "788", "Tunisia", "Africa", "Northern Africa"},
	{"TO", "TON", "776", "Tonga", "Oceania", "Polynesia"},
	{"TR", "TUR", "792", "Türkiye", "Asia", "Western Asia"},
	{"TT", "TTO", "780", "Trinidad and Tobago", "Americas", "Latin America and the Caribbean"},
	{"TV", "TUV", "798", "Tuvalu", "Oceania", "Polynesia"},
	{"TW", "TWN", "158", "Taiwan, Province of China", "Asia", "Eastern Asia"},
	{"TZ", "TZA", "834", "Tanzania, United Republic of", "Africa", "Sub-Saharan Africa"},
	{"UA", "UKR", "804", "Ukraine", "Europe", "Eastern Europe"},
	{"UG", "UGA", "800", "Uganda", "Africa", "Sub-Saharan Africa"},
	{"UM", "UMI", "581", "United States Minor Outlying Islands", "Oceania", "Micronesia"},
	{"US", "USA", "840", "United States", "Americas", "Northern America"},
	{"UY", "URY", "858", "Uruguay", "Americas", "Latin America and the Caribbean"},
	{"UZ", "UZB", "860", "Uzbekistan", "Asia", "Central Asia"},
	{"VA", "VAT", "336", "Holy See (Vatican City State)", "Europe", "Southern Europe"},
	{"VC", "VCT", "670", "Saint Vincent and the Grenadines", "Americas", "Latin America and the Caribbean"},
	{"VE", "VEN", "862", "Venezuela, Bolivarian Republic of", "Americas", "Latin America and the Caribbean"},
	{"VG", "VGB", "092", "Virgin Islands, British", "Americas", "Latin America and the Caribbean"},
	{"VI", "VIR", "850", "Virgin Islands, U.S.", "Americas", "Latin America and the Caribbean"},
	{"VN", "VNM", "704", "Viet Nam", "Asia", "South-eastern Asia"},
	{"VU", "VUT", "548", "Vanuatu", "Oceania", "Melanesia"},
	{"WF", "WLF", "876", "Wallis and Futuna", "Oceania", "Polynesia"},
	{"WS", "WSM", "882", "Samoa", "Oceania", "Polynesia"},
	{"YE", "YEM", "887", "Yemen", "Asia", "Western Asia"},
	{"YT", "MYT", "175", "Mayotte", "Africa", "Sub-Saharan Africa"},
	{"ZA", "ZAF", "710", "South Africa", "Africa", "Sub-Saharan Africa"},
	{"ZM", "ZMB", "894", "Zambia", "Africa", "Sub-Saharan Africa"},
	{"ZW", "ZWE", "716", "Zimbabwe", "Africa", "Sub-Saharan Africa"},
}

// countryByCode indexes countryList by alpha-2 and alpha-3 code (the two
// never collide, having different lengths) so lookups stay O(1).
var countryByCode = func() map[string]int {
	m := make(map[string]int, 2*len(countryList))
	for i, c := range countryList {
		m[c.Alpha2] = i
		m[c.Alpha3] = i
	}
	return m
}()

// Countries returns all ISO 3166-1 countries ordered by alpha-2 code. The
// slice is a copy, so callers may modify it freely.
func Countries() []Country {
	return slices.Clone(countryList)
}

// LookupCountry finds a country by its alpha-2 or alpha-3 code,
// case-insensitively, for input typed by people.
func LookupCountry(code string) (Country, bool) {
	if len(code) != 2 && len(code) != 3 {
		return Country{}, false
	}
	i, ok := countryByCode[strings.ToUpper(code)]
	if !ok {
		return Country{}, false
	}
	return countryList[i], true
}

// IsCountry reports whether code is an assigned ISO 3166-1 alpha-2 code. It
// is strict (upper case, two letters, no user-assigned codes such as XK)
// because it validates stored canonical data.
func IsCountry(code string) bool {
	if len(code) != 2 {
		return false
	}
	_, ok := countryByCode[code]
	return ok
}
