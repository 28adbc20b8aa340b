package operation

import (
	"strconv"
	"strings"

	"meridian"
)

// The world an operation is simulated in: the countries that may take
// part, with their main city, airport, time zone and how much of each
// kind of activity they see; the border crossings, seaports and hotspots
// officers are deployed to; and the international agencies that staff the
// regional coordination units. Places and codes are real; weights are
// rough judgements of where trafficking and smuggling work concentrates
// (routes into Europe, the Americas' northbound corridor, the scam
// compounds of the Mekong), not statistics.

// simCountry is one country that may take part.
type simCountry struct {
	code     string
	unit     string // regional unit key, see units
	city     string
	lat, lon float64
	airport  string // IATA code of the main international airport
	// Where the airport is, when not in the main city.
	airportCity    string
	airLat, airLon float64
	utc            float64 // UTC offset during the operation week, in hours
	core           bool    // always takes part
	// Relative weights of activity: police work (raids, arrests, checks),
	// victims identified, irregular migrants identified, flights monitored.
	act, vic, mig, fli float64
}

// worldTable: code unit city lat lon airport utc core act vic mig fli.
// The airport is its IATA code, followed by /city/lat/lon when it serves
// another city than the first (JFK for the United States).
const worldTable = `
MK see Skopje 41.998 21.425 SKP 2 1 4 5 5 1
AL see Tirana 41.328 19.819 TIA 2 1 4 4 4 1
RS see Belgrade 44.787 20.457 BEG 2 1 5 4 7 2
BA see Sarajevo 43.856 18.413 SJJ 2 1 3 2 5 1
ME see Podgorica 42.441 19.263 TGD 2 1 2 1 2 1
HR see Zagreb 45.815 15.982 ZAG 2 1 3 2 4 2
SI see Ljubljana 46.056 14.506 LJU 2 1 2 1 3 1
BG see Sofia 42.698 23.322 SOF 3 1 4 4 6 2
RO see Bucharest 44.426 26.103 OTP 3 1 5 5 3 3
MD see Chisinau 47.011 28.864 RMO 3 1 2 3 1 1
GR see Athens 37.984 23.728 ATH 3 1 6 4 8 5
CY see Nicosia 35.186 33.382 LCA/Larnaca/34.875/33.625 3 1 2 2 4 2
TR was Ankara 39.934 32.860 IST/Istanbul/41.262/28.742 3 1 9 5 9 9
DE weu Berlin 52.520 13.405 FRA/Frankfurt/50.037/8.562 2 1 9 6 6 9
FR weu Paris 48.857 2.352 CDG 2 1 9 6 6 9
NL weu Amsterdam 52.370 4.895 AMS 2 1 6 4 3 7
BE weu Brussels 50.850 4.352 BRU 2 1 5 4 4 5
AT weu Vienna 48.208 16.373 VIE 2 1 5 3 6 5
CH weu Bern 46.948 7.447 ZRH/Zurich/47.458/8.555 2 1 4 2 3 6
LU weu Luxembourg 49.611 6.130 LUX 2 0 1 1 1 1
IT seu Rome 41.903 12.496 FCO 2 1 9 6 9 8
ES seu Madrid 40.417 -3.704 MAD 2 1 9 6 8 9
PT seu Lisbon 38.722 -9.139 LIS 1 1 4 3 2 5
MT seu Valletta 35.899 14.514 MLA 2 1 2 1 3 2
GB neu London 51.507 -0.128 LHR 1 1 9 6 6 10
IE neu Dublin 53.350 -6.260 DUB 1 0 3 2 2 4
SE neu Stockholm 59.329 18.069 ARN 2 1 4 3 2 4
NO neu Oslo 59.913 10.752 OSL 2 0 3 2 1 4
DK neu Copenhagen 55.676 12.568 CPH 2 0 3 2 2 5
FI neu Helsinki 60.170 24.938 HEL 3 0 3 1 2 4
LT neu Vilnius 54.687 25.280 VNO 3 0 2 2 3 2
LV neu Riga 56.950 24.105 RIX 3 0 2 1 2 2
EE neu Tallinn 59.437 24.754 TLL 3 0 2 1 1 2
IS neu Reykjavik 64.147 -21.942 KEF 0 0 1 1 1 2
PL eeu Warsaw 52.230 21.012 WAW 2 1 6 4 5 5
CZ eeu Prague 50.076 14.438 PRG 2 1 4 3 3 4
SK eeu Bratislava 48.149 17.107 BTS 2 0 3 2 3 1
HU eeu Budapest 47.498 19.040 BUD 2 1 5 3 6 3
UA eeu Kyiv 50.450 30.524 KBP 3 1 6 5 2 0
MA naf Rabat 34.020 -6.841 CMN/Casablanca/33.367/-7.590 1 1 6 4 8 5
DZ naf Algiers 36.754 3.059 ALG 1 1 5 3 7 3
TN naf Tunis 36.806 10.181 TUN 1 1 5 3 8 3
LY naf Tripoli 32.887 13.191 MJI 2 1 4 4 9 1
EG naf Cairo 30.044 31.236 CAI 3 1 7 4 6 7
SD naf Port-Sudan 19.617 37.216 PZU 2 0 2 3 4 1
NG waf Abuja 9.076 7.398 LOS/Lagos/6.577/3.321 1 1 8 8 4 5
GH waf Accra 5.604 -0.187 ACC 0 1 4 4 2 3
CI waf Abidjan 5.360 -4.008 ABJ 0 1 4 5 2 3
SN waf Dakar 14.716 -17.467 DSS 0 1 4 5 5 3
ML waf Bamako 12.639 -8.003 BKO 0 0 3 4 3 1
BF waf Ouagadougou 12.371 -1.520 OUA 0 0 3 4 2 1
NE waf Niamey 13.512 2.113 NIM 1 1 3 3 6 1
GN waf Conakry 9.641 -13.578 CKY 0 0 3 3 2 1
GM waf Banjul 13.454 -16.579 BJL 0 0 2 2 3 1
SL waf Freetown 8.484 -13.234 FNA 0 0 2 2 1 1
LR waf Monrovia 6.301 -10.797 ROB 0 0 2 2 1 1
TG waf Lome 6.131 1.223 LFW 0 0 2 3 1 2
BJ waf Cotonou 6.366 2.418 COO 1 0 3 4 2 1
MR waf Nouakchott 18.079 -15.965 NKC 0 1 2 2 5 1
CV waf Praia 14.933 -23.513 RAI -1 0 1 1 1 1
GW waf Bissau 11.881 -15.617 OXB 0 0 1 2 1 1
CM caf Yaounde 3.848 11.502 DLA/Douala/4.006/9.719 1 1 3 4 2 2
TD caf NDjamena 12.134 15.056 NDJ 1 0 2 2 2 1
CD caf Kinshasa -4.442 15.266 FIH 1 0 3 4 1 2
CG caf Brazzaville -4.263 15.243 BZV 1 0 2 2 1 1
GA caf Libreville 0.416 9.467 LBV 1 0 2 2 1 1
AO caf Luanda -8.839 13.289 LAD 1 0 3 3 1 2
CF caf Bangui 4.394 18.558 BGF 1 0 1 2 1 1
ET eaf Addis-Ababa 9.030 38.740 ADD 3 1 5 5 5 7
KE eaf Nairobi -1.286 36.817 NBO 3 1 6 5 4 6
TZ eaf Dodoma -6.163 35.752 DAR/Dar-es-Salaam/-6.878/39.202 3 1 4 4 3 3
UG eaf Kampala 0.347 32.583 EBB/Entebbe/0.042/32.444 3 1 4 5 2 3
RW eaf Kigali -1.944 30.062 KGL 2 0 2 2 1 2
BI eaf Gitega -3.428 29.925 BJM/Bujumbura/-3.324/29.319 2 0 1 2 1 1
DJ eaf Djibouti 11.589 43.145 JIB 3 0 2 2 4 1
SO eaf Mogadishu 2.047 45.318 MGQ 3 0 2 3 2 1
MW eaf Lilongwe -13.963 33.774 LLW 2 0 2 3 2 1
MZ eaf Maputo -25.966 32.567 MPM 2 0 3 3 3 2
ZM eaf Lusaka -15.387 28.322 LUN 2 0 2 2 2 1
ZW eaf Harare -17.825 31.034 HRE 2 1 3 3 3 2
MG eaf Antananarivo -18.879 47.508 TNR 3 0 2 2 1 1
MU eaf Port-Louis -20.161 57.499 MRU 4 0 1 1 1 2
SC eaf Victoria -4.619 55.452 SEZ 4 0 1 1 1 1
ZA saf Pretoria -25.748 28.229 JNB/Johannesburg/-26.139/28.246 2 1 6 5 6 6
BW saf Gaborone -24.628 25.923 GBE 2 0 2 2 2 1
NA saf Windhoek -22.561 17.084 WDH 2 0 2 2 1 1
LS saf Maseru -29.310 27.479 MSU 2 0 1 2 1 1
SZ saf Mbabane -26.305 31.137 SHO 2 0 1 2 1 1
US nam Washington 38.907 -77.037 JFK/New-York/40.641/-73.778 -4 1 9 6 9 10
CA nam Ottawa 45.421 -75.697 YYZ/Toronto/43.677/-79.625 -4 1 6 4 4 8
MX cam Mexico-City 19.433 -99.133 MEX -6 1 9 7 10 8
GT cam Guatemala-City 14.634 -90.507 GUA -6 1 4 5 7 2
HN cam Tegucigalpa 14.072 -87.192 SAP/San-Pedro-Sula/15.453/-87.924 -6 1 4 5 7 2
SV cam San-Salvador 13.693 -89.218 SAL -6 1 3 4 4 2
NI cam Managua 12.114 -86.236 MGA -6 0 2 3 5 1
CR cam San-Jose 9.928 -84.091 SJO -6 1 3 3 6 3
PA cam Panama-City 8.983 -79.517 PTY -5 1 4 4 9 5
BZ cam Belmopan 17.251 -88.759 BZE/Belize-City/17.539/-88.308 -6 0 1 2 2 1
DO car Santo-Domingo 18.486 -69.931 SDQ -4 1 4 4 4 4
JM car Kingston 18.018 -76.810 KIN -5 0 2 2 1 3
TT car Port-of-Spain 10.655 -61.518 POS -4 0 2 3 3 2
BB car Bridgetown 13.098 -59.618 BGI -4 0 1 1 1 2
BS car Nassau 25.048 -77.355 NAS -4 0 1 1 2 2
HT car Port-au-Prince 18.594 -72.307 PAP -4 0 1 3 1 1
CO sam Bogota 4.711 -74.072 BOG -5 1 8 7 8 6
EC sam Quito -0.181 -78.468 UIO -5 1 4 4 6 3
PE sam Lima -12.046 -77.043 LIM -5 1 5 5 4 4
BO sam La-Paz -16.490 -68.119 VVI/Santa-Cruz/-17.645/-63.135 -4 0 3 4 3 2
BR sam Brasilia -15.794 -47.882 GRU/São-Paulo/-23.432/-46.470 -3 1 8 6 5 8
AR sam Buenos-Aires -34.604 -58.382 EZE -3 1 6 5 3 5
CL sam Santiago -33.449 -70.669 SCL -3 1 5 3 5 5
PY sam Asuncion -25.264 -57.576 ASU -3 1 3 4 2 2
UY sam Montevideo -34.901 -56.165 MVD -3 0 2 2 1 2
GY sam Georgetown 6.801 -58.155 GEO -4 0 1 2 1 1
SR sam Paramaribo 5.852 -55.204 PBM -3 0 1 2 1 1
TH sea Bangkok 13.756 100.502 BKK 7 1 8 7 7 8
KH sea Phnom-Penh 11.556 104.928 PNH 7 1 5 7 4 3
LA sea Vientiane 17.975 102.633 VTE 7 1 3 5 3 2
MM sea Naypyidaw 19.763 96.078 RGN/Yangon/16.907/96.133 6.5 0 3 5 4 2
VN sea Hanoi 21.028 105.834 HAN 7 1 5 5 3 5
MY sea Kuala-Lumpur 3.139 101.687 KUL 8 1 6 5 7 7
SG sea Singapore 1.352 103.820 SIN 8 1 4 2 2 9
ID sea Jakarta -6.208 106.846 CGK 7 1 6 6 5 6
PH sea Manila 14.600 120.984 MNL 8 1 6 7 2 6
TL sea Dili -8.556 125.560 DIL 9 0 1 1 1 1
BN sea Bandar-Seri-Begawan 4.903 114.940 BWN 8 0 1 1 1 1
CN eas Beijing 39.904 116.407 PEK 8 1 7 4 3 8
JP eas Tokyo 35.676 139.650 NRT 9 0 4 2 2 7
KR eas Seoul 37.567 126.978 ICN 9 1 4 3 2 7
MN eas Ulaanbaatar 47.886 106.906 ULN 8 0 2 2 1 1
IN sas New-Delhi 28.614 77.209 DEL 5.5 1 8 7 4 8
PK sas Islamabad 33.684 73.048 ISB 5 1 6 5 6 4
BD sas Dhaka 23.810 90.413 DAC 6 1 5 6 5 4
NP sas Kathmandu 27.717 85.324 KTM 5.75 1 3 5 2 2
LK sas Colombo 6.927 79.861 CMB 5.5 1 3 4 2 3
MV sas Male 4.175 73.509 MLE 5 0 1 1 1 2
IR sas Tehran 35.689 51.389 IKA 3.5 0 4 2 6 3
KZ cas Astana 51.169 71.449 ALA/Almaty/43.352/77.040 5 1 4 3 3 3
UZ cas Tashkent 41.299 69.240 TAS 5 1 3 3 2 3
KG cas Bishkek 42.875 74.570 FRU 6 0 2 2 1 1
TJ cas Dushanbe 38.560 68.774 DYU 5 0 2 2 1 1
TM cas Ashgabat 37.960 58.326 ASB 5 0 1 1 1 1
GE was Tbilisi 41.716 44.783 TBS 4 1 2 2 3 2
AM was Yerevan 40.179 44.499 EVN 4 0 2 1 1 2
AZ was Baku 40.409 49.867 GYD 4 0 3 2 2 2
IQ was Baghdad 33.315 44.366 BGW 3 1 4 3 6 3
JO was Amman 31.954 35.911 AMM 3 1 4 3 4 4
LB was Beirut 33.894 35.502 BEY 3 1 3 4 4 3
SA was Riyadh 24.713 46.675 RUH 3 1 6 4 5 8
AE was Abu-Dhabi 24.454 54.377 DXB/Dubai/25.253/55.365 4 1 6 4 4 10
QA was Doha 25.285 51.531 DOH 3 1 4 3 2 9
KW was Kuwait-City 29.376 47.977 KWI 3 0 3 3 2 4
BH was Manama 26.229 50.586 BAH 3 0 2 2 1 3
OM was Muscat 23.588 58.383 MCT 4 0 3 2 2 3
IL was Jerusalem 31.769 35.216 TLV/Tel-Aviv/32.011/34.887 3 0 3 2 2 4
AU oce Canberra -35.281 149.130 SYD/Sydney/-33.940/151.175 10 1 5 3 2 7
NZ oce Wellington -41.287 174.776 AKL/Auckland/-37.008/174.792 13 0 3 1 1 4
FJ oce Suva -18.142 178.442 NAN/Nadi/-17.755/177.443 12 0 1 2 1 2
PG oce Port-Moresby -9.444 147.180 POM 10 0 1 2 1 1
`

// world lists the candidate countries in table order.
var world = parseWorld(worldTable)

var worldByCode = func() map[string]*simCountry {
	m := make(map[string]*simCountry, len(world))
	for _, c := range world {
		m[c.code] = c
	}
	return m
}()

func parseWorld(table string) []*simCountry {
	var out []*simCountry
	f := func(s string) float64 {
		x, err := strconv.ParseFloat(s, 64)
		if err != nil {
			panic("sim: bad number in the world table: " + s)
		}
		return x
	}
	for _, line := range strings.Split(table, "\n") {
		p := strings.Fields(line)
		if len(p) == 0 {
			continue
		}
		if len(p) != 12 || !meridian.IsCountry(p[0]) {
			panic("sim: bad world table line: " + line)
		}
		c := &simCountry{code: p[0], unit: p[1], city: strings.ReplaceAll(p[2], "-", " "),
			lat: f(p[3]), lon: f(p[4]), airport: p[5], utc: f(p[6]), core: p[7] == "1",
			act: f(p[8]), vic: f(p[9]), mig: f(p[10]), fli: f(p[11])}
		c.airportCity, c.airLat, c.airLon = c.city, c.lat, c.lon
		if a := strings.Split(p[5], "/"); len(a) == 4 {
			c.airport, c.airportCity, c.airLat, c.airLon = a[0], strings.ReplaceAll(a[1], "-", " "), f(a[2]), f(a[3])
		}
		out = append(out, c)
	}
	return out
}

// name returns a country's ISO short name without the qualifiers the
// standard appends ("Bolivia, Plurinational State of" -> "Bolivia").
func countryName(code string) string {
	c, ok := meridian.LookupCountry(code)
	if !ok {
		return code
	}
	n := c.Name
	if i := strings.Index(n, ","); i > 0 && code != "CD" && code != "KR" && code != "KP" {
		n = n[:i]
	}
	switch code {
	case "CD":
		return "DR Congo"
	case "KR":
		return "Republic of Korea"
	case "IR":
		return "Iran"
	case "TZ":
		return "Tanzania"
	case "MD":
		return "Moldova"
	case "LA":
		return "Lao PDR"
	}
	return n
}

// unitInfo is a regional coordination unit: the UN M49 sub-region (or
// intermediate region) it covers, and the international agencies that
// staff it beside the member countries' officers.
type unitInfo struct {
	key, name string
	interpol  string // key of the INTERPOL office, see intlAgencies
	unodc     string // key of the UNODC office
}

// units are in the order the operation lists them. South-eastern Europe
// is taken out of Southern and Eastern Europe as the operation's own
// coordination unit was (PRODUCT.md), the Balkan route being one theatre.
var units = []unitInfo{
	{"see", "OCU South-eastern Europe", "ipsg", "unodc"},
	{"weu", "OCU Western Europe", "ipsg", "unodc"},
	{"seu", "OCU Southern Europe", "ipsg", "unodc"},
	{"neu", "OCU Northern Europe", "ipsg", "unodc"},
	{"eeu", "OCU Eastern Europe", "ipsg", "unodc"},
	{"naf", "OCU Northern Africa", "ipsg", "unodc-mena"},
	{"waf", "OCU Western Africa", "iprb-abj", "unodc-wca"},
	{"caf", "OCU Middle Africa", "iprb-yao", "unodc-wca"},
	{"eaf", "OCU Eastern Africa", "iprb-nbo", "unodc-ea"},
	{"saf", "OCU Southern Africa", "iprb-hre", "unodc-sa"},
	{"nam", "OCU Northern America", "ipsg", "unodc-ny"},
	{"cam", "OCU Central America", "iprb-sal", "unodc-cac"},
	{"car", "OCU Caribbean", "iprb-sal", "unodc-cac"},
	{"sam", "OCU South America", "iprb-bue", "unodc-andes"},
	{"sea", "OCU South-eastern Asia", "igci", "unodc-seap"},
	{"eas", "OCU Eastern Asia", "igci", "unodc-seap"},
	{"sas", "OCU Southern Asia", "igci", "unodc-sas"},
	{"cas", "OCU Central Asia", "ipsg", "unodc-cas"},
	{"was", "OCU Western Asia", "ipsg", "unodc-mena"},
	{"oce", "OCU Oceania", "igci", "unodc-seap"},
}

// intlAgency is an international organisation's office.
type intlAgency struct {
	key, country, name string
}

var intlAgencies = []intlAgency{
	{"ipsg", "FR", "INTERPOL General Secretariat"},
	{"igci", "SG", "INTERPOL Global Complex for Innovation"},
	{"iprb-abj", "CI", "INTERPOL Regional Bureau Abidjan"},
	{"iprb-yao", "CM", "INTERPOL Regional Bureau Yaoundé"},
	{"iprb-nbo", "KE", "INTERPOL Regional Bureau Nairobi"},
	{"iprb-hre", "ZW", "INTERPOL Regional Bureau Harare"},
	{"iprb-sal", "SV", "INTERPOL Regional Bureau San Salvador"},
	{"iprb-bue", "AR", "INTERPOL Regional Bureau Buenos Aires"},
	{"unodc", "AT", "UNODC Headquarters"},
	{"unodc-mena", "EG", "UNODC Regional Office for the Middle East and North Africa"},
	{"unodc-wca", "SN", "UNODC Regional Office for West and Central Africa"},
	{"unodc-ea", "KE", "UNODC Regional Office for Eastern Africa"},
	{"unodc-sa", "ZA", "UNODC Regional Office for Southern Africa"},
	{"unodc-ny", "US", "UNODC New York Liaison Office"},
	{"unodc-cac", "PA", "UNODC Regional Office for Central America and the Caribbean"},
	{"unodc-andes", "PE", "UNODC Regional Office for the Andean Region and the Southern Cone"},
	{"unodc-seap", "TH", "UNODC Regional Office for Southeast Asia and the Pacific"},
	{"unodc-sas", "IN", "UNODC Regional Office for South Asia"},
	{"unodc-cas", "UZ", "UNODC Regional Office for Central Asia"},
}

// simPlace is a place officers are deployed to or check people at.
type simPlace struct {
	country  string
	kind     meridian.DeploymentKind
	name     string
	lat, lon float64
}

// placeTable: country kind lat lon name (the rest of the line).
const placeTable = `
MK border_point 42.217 21.700 Tabanovce border crossing
MK border_point 41.146 22.508 Bogorodica border crossing
MK hotspot 41.141 22.502 Vinojug transit centre, Gevgelija
RS border_point 46.163 19.970 Horgoš border crossing
RS hotspot 42.309 21.650 Preševo reception centre
RS hotspot 46.100 19.667 Subotica
BA hotspot 45.184 15.810 Velika Kladuša
BA border_point 44.877 15.769 Izačić border crossing
ME border_point 42.363 19.301 Božaj border crossing
HR border_point 45.050 19.100 Bajakovo border crossing
HR border_point 45.214 15.770 Maljevac border crossing
SI border_point 45.850 15.690 Obrežje border crossing
AL border_point 39.916 20.298 Kakavija border crossing
AL seaport 41.311 19.451 Port of Durrës
BG border_point 41.722 26.318 Kapitan Andreevo border crossing
BG hotspot 41.933 25.905 Harmanli reception centre
RO border_point 46.161 20.745 Nădlac border crossing
RO border_point 47.970 26.070 Siret border crossing
MD border_point 46.409 30.084 Palanca border crossing
GR border_point 40.928 26.301 Kipoi border crossing, Evros
GR hotspot 39.107 26.552 Mavrovouni centre, Lesvos
GR hotspot 37.754 26.977 Samos closed controlled access centre
GR seaport 37.942 23.646 Port of Piraeus
CY hotspot 35.130 33.240 Pournara first reception centre
TR border_point 41.722 26.357 Kapıkule border crossing
TR border_point 39.416 44.390 Gürbulak border crossing
TR hotspot 38.501 43.373 Van
TR seaport 37.035 27.430 Bodrum coast
DE border_point 47.838 12.978 Freilassing border control
DE border_point 48.574 13.466 Passau border control
DE hotspot 52.550 13.370 Berlin-Wedding
FR seaport 50.965 1.862 Port of Calais
FR border_point 43.777 7.502 Menton border control
FR hotspot 48.897 2.359 Paris Porte de la Chapelle
NL seaport 51.950 4.140 Port of Rotterdam
BE hotspot 50.860 4.360 Brussels-North station
AT border_point 47.937 17.069 Nickelsdorf border crossing
CH border_point 45.835 9.030 Chiasso border crossing
IT hotspot 35.501 12.605 Lampedusa hotspot
IT border_point 43.791 7.537 Ventimiglia border control
IT seaport 41.130 16.870 Port of Bari
IT hotspot 41.902 12.501 Roma Termini
ES border_point 35.872 -5.339 Ceuta Tarajal border crossing
ES border_point 35.284 -2.948 Melilla Beni Enzar border crossing
ES seaport 36.130 -5.440 Port of Algeciras
ES hotspot 27.760 -15.680 Arguineguín, Gran Canaria
ES hotspot 27.639 -17.981 La Restinga, El Hierro
PT seaport 38.700 -9.170 Port of Lisbon
MT hotspot 35.825 14.516 Hal Far initial reception centre
GB seaport 51.127 1.330 Port of Dover
GB hotspot 51.510 -0.070 London East End
IE seaport 54.602 -5.920 Belfast-Dublin corridor
SE seaport 55.600 13.000 Malmö, Öresund crossing
DK border_point 54.820 9.370 Padborg border control
FI border_point 60.620 28.580 Vaalimaa border crossing
LT border_point 54.543 25.650 Medininkai border crossing
LV border_point 56.040 27.620 Terehova border crossing
EE border_point 59.377 28.190 Narva border crossing
PL border_point 52.073 23.623 Terespol border crossing
PL border_point 50.075 23.895 Korczowa border crossing
CZ border_point 48.740 16.890 Břeclav border control
SK border_point 48.440 22.180 Vyšné Nemecké border crossing
HU border_point 46.190 20.040 Röszke border crossing
UA border_point 48.150 22.960 Chop border crossing
MA seaport 35.890 -5.500 Port of Tanger Med
MA hotspot 35.170 -2.930 Nador
MA border_point 35.880 -5.360 Fnideq
DZ hotspot 22.785 5.523 Tamanrasset
DZ border_point 35.061 1.321 Maghnia
TN seaport 34.740 10.760 Port of Sfax
TN border_point 33.132 11.430 Ras Jedir border crossing
LY seaport 32.930 12.080 Zuwara coast
LY hotspot 27.040 14.430 Sabha
EG border_point 31.550 25.150 Salloum border crossing
EG border_point 22.000 31.340 Qustul border crossing
SD border_point 12.960 36.160 Gallabat border crossing
NG border_point 6.360 2.710 Seme border crossing
NG hotspot 6.340 5.620 Benin City
GH border_point 6.110 1.190 Aflao border crossing
CI border_point 5.090 -2.960 Noé border crossing
SN border_point 16.500 -15.810 Rosso border crossing
SN seaport 14.420 -16.960 Mbour coast
ML hotspot 16.270 -0.040 Gao
BF border_point 11.090 -0.160 Cinkansé border crossing
NE hotspot 16.970 7.990 Agadez
NE border_point 19.350 5.780 Assamaka border crossing
GN border_point 11.300 -13.400 Koundara border post
GM seaport 13.450 -16.580 Port of Banjul
MR seaport 20.930 -17.030 Nouadhibou
TG border_point 6.120 1.200 Kodjoviakopé border post
BJ border_point 6.350 2.720 Kraké border post
CM border_point 2.160 11.330 Kyé-Ossi border crossing
TD border_point 12.110 15.030 N'Djamena-Kousséri bridge
ET border_point 12.960 36.160 Metema border crossing
ET border_point 3.520 39.050 Moyale border crossing
KE border_point -2.550 36.790 Namanga border crossing
KE border_point 0.460 34.110 Busia border crossing
TZ border_point -4.200 39.150 Horohoro border post
UG border_point 0.640 34.270 Malaba border crossing
DJ seaport 11.970 43.290 Obock coast
SO seaport 11.280 49.180 Bosaso port
MW border_point -15.620 35.300 Mwanza border post
MZ border_point -25.440 31.990 Ressano Garcia border crossing
ZW border_point -22.210 30.000 Beitbridge border post (Zimbabwe)
ZA border_point -22.220 30.000 Beitbridge border post
ZA border_point -25.440 32.000 Lebombo border post
ZA hotspot -26.200 28.050 Johannesburg Hillbrow
BW border_point -24.640 25.900 Tlokweng border post
US border_point 32.543 -117.030 San Ysidro port of entry
US border_point 31.760 -106.450 El Paso port of entry
US border_point 27.500 -99.500 Laredo port of entry
US hotspot 25.790 -80.200 Miami
CA border_point 45.010 -73.370 Lacolle port of entry
MX hotspot 14.910 -92.260 Tapachula
MX border_point 14.680 -92.150 Ciudad Hidalgo border crossing
MX hotspot 32.530 -117.040 Tijuana
MX hotspot 31.690 -106.420 Ciudad Juárez
GT border_point 14.670 -92.140 Tecún Umán border crossing
GT border_point 14.430 -89.220 Agua Caliente border crossing
HN border_point 13.250 -87.440 Guasaule border crossing
HN hotspot 14.060 -85.980 Trojes
SV border_point 13.980 -89.700 San Cristóbal border crossing
NI border_point 11.220 -85.610 Peñas Blancas border crossing
CR border_point 8.540 -82.840 Paso Canoas border crossing
PA hotspot 8.260 -77.800 Lajas Blancas migrant reception station
PA hotspot 8.020 -77.690 Bajo Chiquito, Darién
PA border_point 8.530 -82.830 Paso Canoas border crossing (Panama)
BZ border_point 18.490 -88.400 Santa Elena border crossing
DO border_point 19.550 -71.710 Dajabón border crossing
CO hotspot 8.430 -76.790 Necoclí
CO border_point 7.820 -72.460 Simón Bolívar bridge, Cúcuta
CO border_point 0.810 -77.660 Rumichaca bridge
EC border_point 0.810 -77.670 Rumichaca border crossing
EC border_point -3.480 -80.230 Huaquillas border crossing
PE border_point -3.480 -80.250 Aguas Verdes border crossing
PE border_point -16.560 -69.040 Desaguadero border crossing
BO border_point -16.570 -69.050 Desaguadero border crossing (Bolivia)
BR border_point 4.480 -61.150 Pacaraima border crossing
BR border_point -25.540 -54.580 Foz do Iguaçu
AR border_point -25.600 -54.570 Puerto Iguazú
PY border_point -25.510 -54.610 Ciudad del Este
CL border_point -19.270 -68.640 Colchane border crossing
TH border_point 16.710 98.570 Mae Sot border crossing
TH border_point 13.660 102.500 Aranyaprathet border crossing
TH hotspot 12.930 100.880 Pattaya
KH hotspot 13.660 102.560 Poipet
KH hotspot 10.630 103.520 Sihanoukville
LA hotspot 20.360 100.100 Golden Triangle Special Economic Zone
MM hotspot 16.690 98.510 Myawaddy
VN border_point 21.530 107.970 Móng Cái border crossing
MY border_point 6.510 100.420 Bukit Kayu Hitam border crossing
MY seaport 3.000 101.390 Port Klang
ID seaport 1.130 104.050 Batam
ID border_point 0.990 110.410 Entikong border crossing
PH seaport 6.900 122.080 Port of Zamboanga
SG border_point 1.450 103.770 Woodlands Checkpoint
CN border_point 22.000 100.800 Mohan border crossing
IN border_point 23.040 88.880 Petrapole border crossing
IN border_point 26.980 84.850 Raxaul border crossing
NP border_point 27.010 84.880 Birgunj border crossing
BD hotspot 21.430 92.010 Cox's Bazar
BD border_point 23.040 88.890 Benapole border crossing
PK border_point 28.970 61.590 Taftan border crossing
PK border_point 34.130 71.090 Torkham border crossing
LK seaport 6.950 79.850 Port of Colombo
IR border_point 29.020 61.450 Mirjaveh border crossing
KZ border_point 41.610 69.380 Zhibek Zholy border crossing
UZ border_point 41.190 69.150 Yallama border crossing
GE border_point 41.520 41.550 Sarpi border crossing
IQ border_point 37.080 42.360 Ibrahim Khalil border crossing
JO border_point 32.520 36.200 Jaber border crossing
LB border_point 33.700 35.990 Masnaa border crossing
SA border_point 16.920 43.000 Jizan border area
AE seaport 25.270 55.290 Port of Dubai
AU seaport -12.460 130.840 Darwin
`

var places = parsePlaces(placeTable)

// airportPlace is the country's main airport.
func (c *simCountry) airportPlace() simPlace {
	return simPlace{c.code, meridian.DeployAirport, c.airportCity + " international airport (" + c.airport + ")", c.airLat, c.airLon}
}

// placesOf returns the country's places; every country has at least its
// airport.
func placesOf(c *simCountry) []simPlace {
	out := []simPlace{c.airportPlace()}
	if c.code == "UA" {
		out = out[:0] // Ukraine's airspace is closed
	}
	for _, p := range places {
		if p.country == c.code {
			out = append(out, p)
		}
	}
	if len(out) == 0 || (len(out) == 1 && out[0].kind == meridian.DeployAirport) {
		out = append(out, simPlace{c.code, meridian.DeployHotspot, c.city + " city centre", c.lat + 0.01, c.lon + 0.01})
	}
	return out
}

func parsePlaces(table string) []simPlace {
	var out []simPlace
	for _, line := range strings.Split(table, "\n") {
		p := strings.Fields(line)
		if len(p) == 0 {
			continue
		}
		lat, err1 := strconv.ParseFloat(p[2], 64)
		lon, err2 := strconv.ParseFloat(p[3], 64)
		if len(p) < 5 || !meridian.IsCountry(p[0]) || err1 != nil || err2 != nil {
			panic("sim: bad place table line: " + line)
		}
		out = append(out, simPlace{country: p[0], kind: meridian.DeploymentKind(p[1]), lat: lat, lon: lon, name: strings.Join(p[4:], " ")})
	}
	return out
}

// carriers are airlines by home country (IATA codes).
var carriers = map[string][]string{
	"TR": {"TK", "PC"}, "AE": {"EK", "FZ", "EY"}, "QA": {"QR"}, "ET": {"ET"}, "DE": {"LH", "EW"}, "FR": {"AF"},
	"NL": {"KL", "HV"}, "GB": {"BA", "U2", "VS"}, "ES": {"IB", "VY", "UX"}, "IT": {"AZ"}, "PT": {"TP"}, "CH": {"LX"},
	"AT": {"OS"}, "BE": {"SN"}, "PL": {"LO"}, "RO": {"RO"}, "RS": {"JU"}, "GR": {"A3"}, "HU": {"W6"}, "IE": {"FR", "EI"},
	"MA": {"AT"}, "EG": {"MS"}, "TN": {"TU"}, "DZ": {"AH"}, "KE": {"KQ"}, "NG": {"P4"}, "SN": {"HC"}, "CI": {"HF"},
	"ZA": {"SA", "FA"}, "RW": {"WB"}, "US": {"AA", "UA", "DL"}, "CA": {"AC"}, "MX": {"AM", "Y4"}, "PA": {"CM"},
	"CO": {"AV"}, "BR": {"LA", "G3", "AD"}, "AR": {"AR"}, "CL": {"LA", "H2"}, "PE": {"LA"}, "IN": {"AI", "6E"},
	"PK": {"PK"}, "BD": {"BG"}, "LK": {"UL"}, "NP": {"RA"}, "TH": {"TG", "FD"}, "VN": {"VN", "VJ"}, "MY": {"MH", "AK"},
	"SG": {"SQ", "TR"}, "ID": {"GA"}, "PH": {"PR", "5J"}, "CN": {"CA", "MU", "CZ"}, "JP": {"NH", "JL"},
	"KR": {"KE", "OZ"}, "AU": {"QF"}, "NZ": {"NZ"}, "SA": {"SV", "XY"}, "JO": {"RJ"}, "LB": {"ME"}, "KW": {"KU"},
	"OM": {"WY"}, "BH": {"GF"}, "AZ": {"J2"}, "KZ": {"KC"}, "UZ": {"HY"}, "SV": {"TA"}, "DK": {"SK"}, "SE": {"SK"},
	"NO": {"DY"}, "FI": {"AY"}, "CZ": {"OK"}, "BG": {"FB"}, "HR": {"OU"}, "MT": {"KM"}, "CY": {"CY"},
	"GE": {"A9"}, "AM": {"J2"}, "IQ": {"IA"}, "IR": {"IR"}, "UG": {"UR"}, "TZ": {"TC"}, "MU": {"MK"},
	"EC": {"LA"}, "BO": {"OB"}, "PY": {"PZ"}, "DO": {"B6"}, "JM": {"JY"}, "TT": {"BW"}, "MN": {"OM"},
	"KH": {"K6"}, "LA": {"QV"}, "MM": {"8M"}, "FJ": {"FJ"}, "PG": {"PX"},
}

// hubs are where flights into a region come from, beside the region's own
// airports and every destination's neighbours.
var hubs = []struct {
	country string
	weight  float64
}{{"TR", 10}, {"AE", 10}, {"QA", 8}, {"ET", 5}, {"FR", 5}, {"DE", 5}, {"GB", 5}, {"NL", 4}, {"ES", 4},
	{"US", 5}, {"PA", 3}, {"CO", 3}, {"MX", 3}, {"BR", 3}, {"EG", 3}, {"MA", 3}, {"KE", 3}, {"ZA", 3},
	{"NG", 3}, {"SG", 4}, {"TH", 4}, {"MY", 3}, {"IN", 4}, {"CN", 4}, {"SA", 4}}

// legalBases are the provisions a country charges trafficking and
// smuggling under, where known; others get their criminal code.
var legalBases = map[string][2]string{
	"MK": {"Criminal Code, art. 418-a", "Criminal Code, art. 418-b"},
	"AL": {"Criminal Code, art. 110/a", "Criminal Code, art. 298"},
	"RS": {"Criminal Code, art. 388", "Criminal Code, art. 350"},
	"DE": {"StGB § 232", "AufenthG § 96"},
	"FR": {"Code pénal, art. 225-4-1", "CESEDA, art. L823-1"},
	"ES": {"Código Penal, art. 177 bis", "Código Penal, art. 318 bis"},
	"IT": {"Codice penale, art. 601", "D.Lgs. 286/1998, art. 12"},
	"GB": {"Modern Slavery Act 2015, s. 2", "Immigration Act 1971, s. 25"},
	"US": {"18 U.S.C. § 1591", "8 U.S.C. § 1324"},
	"NL": {"Wetboek van Strafrecht, art. 273f", "Wetboek van Strafrecht, art. 197a"},
	"BE": {"Code pénal, art. 433quinquies", "Loi du 15 décembre 1980, art. 77bis"},
	"GR": {"Penal Code, art. 323A", "Law 4251/2014, art. 29"},
	"BG": {"Criminal Code, art. 159a", "Criminal Code, art. 280"},
	"RO": {"Codul penal, art. 210", "Codul penal, art. 263"},
	"AT": {"StGB § 104a", "FPG § 114"},
	"PT": {"Código Penal, art. 160.º", "Lei 23/2007, art. 183.º"},
	"TH": {"Anti-Trafficking in Persons Act B.E. 2551, s. 6", "Immigration Act B.E. 2522, s. 64"},
	"PH": {"Republic Act 9208 as amended by RA 10364, s. 4", "Republic Act 11862, s. 4"},
	"MX": {"Ley General en Materia de Trata de Personas, art. 10", "Ley de Migración, art. 159"},
	"CO": {"Código Penal, art. 188A", "Código Penal, art. 188"},
	"AR": {"Código Penal, art. 145 bis", "Ley 25.871, art. 116"},
	"BR": {"Código Penal, art. 149-A", "Código Penal, art. 232-A"},
	"ZA": {"Prevention and Combating of Trafficking in Persons Act 7 of 2013, s. 4", "Immigration Act 13 of 2002, s. 49"},
	"KE": {"Counter-Trafficking in Persons Act 2010, s. 3", "Prevention of Organised Crimes Act, s. 3"},
	"NG": {"Trafficking in Persons Act 2015, s. 13", "Immigration Act 2015, s. 65"},
}

var chargeWords = map[string]string{
	meridian.ChargeTHB: "trafficking in human beings", meridian.ChargeSOM: "migrant smuggling",
	"drug_trafficking": "drug trafficking", "money_laundering": "money laundering",
	"document_fraud": "forgery of documents", "weapons": "illegal possession of weapons", "other": "participation in an organised criminal group",
}

// legalBasis names the provision an arrest in country is made under.
func legalBasis(country, charge string) string {
	if lb, ok := legalBases[country]; ok {
		switch charge {
		case meridian.ChargeTHB:
			return lb[0]
		case meridian.ChargeSOM:
			return lb[1]
		}
	}
	return "Criminal code of " + countryName(country) + ": " + chargeWords[charge]
}
