package operation

import (
	"meridian"
	"meridian/sim"
)

// Who the victims and migrants of a simulated operation are: profiles of
// exploitation by region (who is exploited how, at what age, from where)
// and smuggling routes with their countries of origin, transit and
// destination. They follow what UNODC's Global Report on Trafficking in
// Persons and the IOM's route monitoring describe: sexual exploitation of
// women in Europe and the Americas, forced labour on farms and vessels,
// children begging and mining in West Africa, domestic servitude in the
// Gulf, and, new in 2024, people held in the scam compounds of Myanmar,
// Cambodia and Laos and forced into online fraud.

// local stands for the reporting country in a nationality list.
const local = "LOCAL"

// victimProfile is one pattern of exploitation.
type victimProfile struct {
	weight       float64
	exploitation []string // the main type first; a second is added sometimes
	second       []string // types that often come with it
	female       float64  // share of women and girls
	ages         sim.Cumulative
	nats         sim.Countries // may hold LOCAL
	exploitedIn  sim.Countries // empty: the reporting country
	premises     []string
}

// Age band weights, in the order of meridian.AgeBands (0-11, 12-17,
// 18-24, 25-34, 35-44, 45-59, 60+).
var (
	agesYoungAdult = sim.Cumulate([]float64{0, 6, 40, 38, 12, 4, 0})
	agesAdult      = sim.Cumulate([]float64{0, 2, 20, 35, 25, 15, 3})
	agesChildren   = sim.Cumulate([]float64{45, 55, 0, 0, 0, 0, 0})
	agesBegging    = sim.Cumulate([]float64{30, 25, 5, 5, 10, 10, 15})
	agesScam       = sim.Cumulate([]float64{0, 3, 42, 40, 12, 3, 0})
)

func vp(w float64, expl, second []string, female float64, ages sim.Cumulative, nats, exploitedIn string, premises ...string) victimProfile {
	p := victimProfile{weight: w, exploitation: expl, second: second, female: female, ages: ages, nats: sim.ParseCountries(nats), premises: premises}
	if exploitedIn != "" {
		p.exploitedIn = sim.ParseCountries(exploitedIn)
	}
	return p
}

var (
	sexual    = []string{meridian.ExploitSexual}
	labour    = []string{meridian.ExploitForcedLabour}
	criminal  = []string{meridian.ExploitForcedCriminality}
	scam      = []string{meridian.ExploitForcedCriminality, meridian.ExploitOnlineFraud}
	begging   = []string{meridian.ExploitForcedBegging}
	domestic  = []string{meridian.ExploitDomesticServitude}
	marriage  = []string{meridian.ExploitForcedMarriage}
	child     = []string{meridian.ExploitChildLabour}
	organs    = []string{meridian.ExploitOrganRemoval}
	otherExpl = []string{meridian.ExploitOther}
)

// victimProfiles by region group (see regionGroup).
var victimProfiles = map[string][]victimProfile{
	"europe": {
		vp(50, sexual, criminal, 0.95, agesYoungAdult, "LOCAL:14 RO:10 NG:10 BG:6 UA:6 CO:6 VE:4 AL:4 MD:4 HU:4 CN:4 BR:3 DO:2 PY:2 RS:2 TH:2 MA:2", "", "nightclub", "house", "business"),
		vp(28, labour, nil, 0.2, agesAdult, "RO:10 BG:8 UA:6 MD:5 IN:6 BD:6 PK:5 NP:4 MA:5 VN:4 PH:3 LOCAL:4 EG:3 TN:2", "", "farm", "business", "vessel"),
		vp(9, criminal, []string{meridian.ExploitForcedLabour}, 0.3, agesChildren, "VN:10 RO:6 AL:5 BG:4 MA:4 DZ:2 LOCAL:3", "", "house", "business"),
		vp(7, begging, nil, 0.5, agesBegging, "RO:12 BG:8 LOCAL:2 RS:2 MD:2", "", "house"),
		vp(3, marriage, domestic, 1, agesYoungAdult, "LOCAL:6 BG:4 RO:4 PK:2 IN:2 AF:2", "", "house"),
		vp(3, domestic, nil, 0.9, agesAdult, "PH:5 ID:3 NG:3 ET:2 LOCAL:2", "", "house"),
	},
	"westafrica": {
		vp(30, child, nil, 0.35, agesChildren, "LOCAL:20 BF:6 ML:5 NE:4 TG:4 BJ:4 GN:3", "", "farm", "other"),
		vp(20, begging, nil, 0.05, agesChildren, "LOCAL:12 GN:5 GW:4 ML:4 GM:3", "", "house", "other"),
		vp(25, sexual, nil, 0.95, agesYoungAdult, "LOCAL:12 NG:12 GH:4 CM:3 CI:3 BF:2", "", "nightclub", "house"),
		vp(15, labour, nil, 0.3, agesAdult, "LOCAL:12 BF:4 ML:4 NE:3 NG:3", "", "farm", "business", "other"),
		vp(10, domestic, nil, 0.9, agesChildren, "LOCAL:10 BJ:5 TG:5 BF:3", "", "house"),
	},
	"northafrica": {
		vp(30, labour, nil, 0.3, agesAdult, "NG:6 SD:6 ER:5 ET:5 NE:5 ML:4 GN:4 BD:4 EG:3 LOCAL:2", "", "farm", "business", "other"),
		vp(25, domestic, nil, 0.95, agesAdult, "ET:8 PH:6 ID:4 KE:4 UG:4 NG:3 SD:2", "", "house"),
		vp(25, sexual, nil, 0.95, agesYoungAdult, "NG:10 CI:4 CM:4 LOCAL:4 MA:3 SY:2", "", "nightclub", "house"),
		vp(10, criminal, nil, 0.2, agesYoungAdult, "SD:4 ER:4 NG:3 GN:2", "", "house"),
		vp(5, begging, nil, 0.5, agesBegging, "SY:4 LOCAL:3 SD:2", "", "house"),
		vp(2, organs, nil, 0.3, agesAdult, "SD:3 ER:3 SO:2", "", "house"),
	},
	"eastafrica": {
		vp(30, labour, nil, 0.35, agesAdult, "LOCAL:10 ET:6 SO:4 ER:4 MW:4 ZW:4 MZ:3 BI:2 UG:2", "", "farm", "business", "other"),
		vp(25, sexual, nil, 0.95, agesYoungAdult, "LOCAL:12 KE:4 UG:4 TZ:3 ZW:3 CD:3 ET:2 MZ:2", "", "nightclub", "house"),
		vp(15, domestic, nil, 0.95, agesAdult, "LOCAL:8 ET:6 UG:5 KE:5 TZ:3 BI:2", "", "house"),
		vp(15, child, begging, 0.4, agesChildren, "LOCAL:15 MW:3 MZ:3 BI:2", "", "farm", "other"),
		vp(10, scam, nil, 0.4, agesScam, "KE:6 UG:5 ET:4 TZ:2 RW:1", "MM:5 KH:3 LA:2", "other"),
		vp(5, marriage, nil, 1, agesChildren, "LOCAL:10 SO:3 ET:2", "", "house"),
	},
	"seasia": {
		vp(45, scam, nil, 0.4, agesScam, "CN:14 ID:10 PH:9 VN:9 TH:6 MY:5 IN:5 KE:2 UG:2 LK:2 NP:2 BD:2 PK:2 LA:2 MM:2 ET:1 TW:2 KR:1 JP:1", "MM:6 KH:5 LA:2 PH:1", "business", "other"),
		vp(25, sexual, nil, 0.95, agesYoungAdult, "LOCAL:12 VN:6 LA:5 MM:4 CN:4 KH:3 PH:3 TH:3", "", "nightclub", "house", "business"),
		vp(20, labour, nil, 0.1, agesAdult, "MM:8 KH:6 ID:6 PH:4 VN:4 LA:3 LOCAL:3", "", "vessel", "farm", "business"),
		vp(10, domestic, nil, 0.95, agesAdult, "ID:8 PH:8 MM:3 KH:2", "", "house"),
	},
	"southasia": {
		vp(35, labour, nil, 0.35, agesAdult, "LOCAL:20 NP:5 BD:5", "", "farm", "business", "other"),
		vp(20, child, nil, 0.4, agesChildren, "LOCAL:20 NP:3 BD:3", "", "business", "farm", "other"),
		vp(25, sexual, nil, 0.97, agesYoungAdult, "LOCAL:12 NP:6 BD:6", "", "house", "nightclub"),
		vp(10, marriage, nil, 1, agesChildren, "LOCAL:10 NP:3 BD:3", "", "house"),
		vp(10, scam, nil, 0.25, agesScam, "LOCAL:10 NP:2 BD:2 LK:2", "MM:5 KH:4 LA:2", "other"),
	},
	"westasia": {
		vp(40, domestic, nil, 0.95, agesAdult, "PH:8 ID:6 ET:6 LK:4 NP:4 KE:4 UG:4 IN:3 BD:3", "", "house"),
		vp(30, labour, nil, 0.1, agesAdult, "IN:8 BD:8 NP:6 PK:6 EG:3 LK:3 PH:2", "", "business", "farm", "other"),
		vp(20, sexual, nil, 0.95, agesYoungAdult, "UZ:4 KG:3 NG:4 PH:3 MA:3 UA:3 LOCAL:2 SY:3", "", "nightclub", "house"),
		vp(10, begging, nil, 0.5, agesBegging, "SY:8 LOCAL:3 PK:2", "", "other"),
	},
	"centralasia": {
		vp(40, labour, nil, 0.3, agesAdult, "LOCAL:10 UZ:6 TJ:5 KG:5", "", "farm", "business"),
		vp(35, sexual, nil, 0.95, agesYoungAdult, "LOCAL:10 UZ:5 KG:4 TJ:3", "", "nightclub", "house"),
		vp(15, marriage, nil, 1, agesYoungAdult, "LOCAL:10 UZ:3 TJ:3", "", "house"),
		vp(10, scam, nil, 0.4, agesScam, "LOCAL:6 UZ:2 KZ:2", "MM:4 KH:3", "other"),
	},
	"americas": {
		vp(45, sexual, nil, 0.95, agesYoungAdult, "LOCAL:16 VE:8 CO:6 DO:4 PY:4 HN:3 GT:2 CU:2 BR:2 HT:2", "", "nightclub", "house", "business"),
		vp(30, labour, nil, 0.3, agesAdult, "LOCAL:14 BO:4 PE:3 HT:3 VE:4 GT:3 HN:2 PY:2 CN:1", "", "farm", "other", "vessel"),
		vp(10, criminal, nil, 0.2, agesChildren, "LOCAL:12 VE:3 HN:2 SV:2", "", "house", "other"),
		vp(7, domestic, nil, 0.95, agesAdult, "LOCAL:8 PY:3 BO:3 HT:3", "", "house"),
		vp(5, begging, nil, 0.5, agesBegging, "LOCAL:6 VE:4 EC:2", "", "other"),
		vp(3, scam, nil, 0.4, agesScam, "BR:3 CO:2 MX:2 AR:1", "MM:3 KH:2 LA:1", "other"),
	},
	"north": {
		vp(50, sexual, nil, 0.95, agesYoungAdult, "LOCAL:16 MX:5 CN:5 KR:3 TH:4 HN:3 VN:3 NG:2 PH:2", "", "nightclub", "house", "business"),
		vp(40, labour, nil, 0.3, agesAdult, "MX:8 GT:6 PH:5 IN:4 VN:3 HN:3 LOCAL:3 CN:3", "", "farm", "business", "vessel"),
		vp(10, domestic, nil, 0.95, agesAdult, "PH:6 IN:3 NG:2 MX:2", "", "house"),
	},
}

// regionGroup maps a unit to its victim profiles.
var regionGroup = map[string]string{
	"see": "europe", "weu": "europe", "seu": "europe", "neu": "europe", "eeu": "europe",
	"naf": "northafrica", "waf": "westafrica", "caf": "westafrica", "eaf": "eastafrica", "saf": "eastafrica",
	"nam": "north", "oce": "north", "cam": "americas", "car": "americas", "sam": "americas",
	"sea": "seasia", "eas": "seasia", "sas": "southasia", "cas": "centralasia", "was": "westasia",
}

// route is a way migrants are smuggled: from one of its origins, through
// its transit countries in order, to one of its destinations. Names place
// route points where the route is known for them.
type route struct {
	weight  float64
	origins sim.Countries
	transit []string
	dests   sim.Countries
	minors  float64 // share of children
	names   map[string]string
}

func rt(w float64, origins string, transit []string, dests string, minors float64, names ...string) route {
	r := route{weight: w, origins: sim.ParseCountries(origins), transit: transit, dests: sim.ParseCountries(dests), minors: minors, names: map[string]string{}}
	for i := 0; i+1 < len(names); i += 2 {
		r.names[names[i]] = names[i+1]
	}
	return r
}

var routes = []route{
	// Central Mediterranean.
	rt(10, "GN:6 ML:5 CI:5 SN:4 GM:3 BF:3 NG:3 CM:2 SL:2", []string{"NE", "LY"}, "IT:8 MT:1", 0.12, "NE", "Agadez", "LY", "Zuwara", "IT", "Lampedusa"),
	rt(8, "GN:5 CI:5 ML:4 BF:3 CM:3 SN:2 SD:2", []string{"ML", "DZ", "TN"}, "IT:1", 0.15, "DZ", "Tamanrasset", "TN", "Sfax", "IT", "Lampedusa"),
	rt(7, "ER:5 SD:5 ET:3 SO:2", []string{"SD", "LY"}, "IT:6 MT:1", 0.2, "LY", "Tripoli", "IT", "Lampedusa"),
	rt(6, "BD:6 PK:4 EG:5 SY:3", []string{"LY"}, "IT:1", 0.08, "LY", "Benghazi", "IT", "Pozzallo"),
	// Western Mediterranean and Atlantic.
	rt(7, "MA:8 DZ:5", nil, "ES:1", 0.1, "ES", "Almería"),
	rt(8, "SN:6 GM:4 ML:5 GN:4 MR:2 CI:2 MA:2", []string{"MR"}, "ES:1", 0.1, "MR", "Nouadhibou", "ES", "Canary Islands"),
	rt(4, "GN:4 CI:4 ML:3 CM:2", []string{"ML", "DZ", "MA"}, "ES:1", 0.1, "MA", "Nador", "ES", "Melilla"),
	// Eastern Mediterranean and the Balkans.
	rt(8, "AF:8 PK:4 IR:2 BD:2", []string{"IR", "TR", "BG", "RS", "HU"}, "AT:3 DE:6", 0.15, "TR", "Van", "RS", "Subotica"),
	rt(9, "SY:7 IQ:4 AF:5 MA:2 PK:2", []string{"TR", "GR", "MK", "RS", "BA", "HR", "SI"}, "DE:6 AT:3 IT:2 FR:2 CH:1", 0.18, "GR", "Evros", "MK", "Gevgelija", "BA", "Velika Kladuša"),
	rt(5, "AF:5 SY:4 IQ:3 SO:2 CD:1", []string{"TR"}, "GR:5 CY:2 BG:2", 0.2, "TR", "Izmir"),
	rt(3, "AF:3 MA:3 DZ:2", []string{"TR", "GR", "AL", "ME", "BA", "HR", "SI"}, "IT:3 FR:2 DE:2", 0.1, "AL", "Kakavija"),
	// The Channel and the eastern land border.
	rt(6, "AF:5 IR:4 IQ:4 ER:4 SD:4 SY:3 VN:2 AL:2", []string{"FR"}, "GB:1", 0.12, "FR", "Calais", "GB", "Dover"),
	rt(4, "IQ:4 SY:3 AF:3 YE:2 SO:2 ET:1", []string{"RU", "BY"}, "PL:4 LT:2 LV:1 DE:4", 0.1),
	// The Americas.
	rt(10, "VE:8 EC:5 CO:3 HT:3 CN:2 AF:1 IN:1", []string{"CO", "PA", "CR", "NI", "HN", "GT", "MX"}, "US:1", 0.22, "CO", "Necoclí", "PA", "Darién", "MX", "Tapachula"),
	rt(9, "HN:5 GT:5 SV:3", []string{"GT", "MX"}, "US:1", 0.25, "MX", "Tapachula"),
	rt(5, "CU:5 HT:4 VE:2", []string{"NI", "HN", "GT", "MX"}, "US:1", 0.15, "NI", "Managua", "MX", "Ciudad Juárez"),
	rt(3, "IN:5 CN:3 EC:2", []string{"MX"}, "US:3 CA:1", 0.05, "MX", "Tijuana"),
	rt(5, "VE:1", []string{"CO", "EC"}, "PE:4 CL:3 EC:2", 0.2, "CO", "Cúcuta", "EC", "Rumichaca"),
	rt(3, "VE:1", nil, "BR:3 CO:4", 0.25, "BR", "Pacaraima"),
	rt(2, "HT:1", nil, "DO:1", 0.15, "DO", "Dajabón"),
	rt(2, "BO:3 PY:3 PE:2", nil, "AR:3 CL:2 BR:1", 0.1),
	rt(2, "GY:1 SR:1 HT:1 DO:1", nil, "TT:2 BB:1 BS:1 JM:1", 0.1),
	// Africa: southern, eastern, Sahel.
	rt(6, "ET:6 SO:4 ER:1", []string{"KE", "TZ", "MW", "MZ"}, "ZA:1", 0.15, "KE", "Moyale", "ZA", "Beitbridge"),
	rt(4, "ZW:6 MW:4 MZ:4 LS:2", nil, "ZA:6 BW:1 NA:1", 0.1, "ZA", "Beitbridge"),
	rt(5, "ET:8 SO:4", []string{"DJ", "YE"}, "SA:1", 0.15, "DJ", "Obock"),
	rt(4, "NE:4 ML:4 NG:4 BF:3 TD:2", []string{"NE"}, "DZ:3 LY:3", 0.08, "NE", "Agadez"),
	rt(3, "CD:4 BI:3 CF:2 SS:2", []string{"UG"}, "KE:2 TZ:1", 0.3),
	rt(2, "NG:3 GH:2 TG:1 BJ:1", []string{"BJ", "NE"}, "LY:1 DZ:1", 0.05),
	rt(2, "CM:2 TD:2 CF:1", nil, "GA:2 GQ:1 CG:1", 0.1),
	// Asia.
	rt(4, "MM:1", []string{"BD"}, "MY:3 ID:2", 0.35, "BD", "Cox's Bazar"),
	rt(6, "MM:6 KH:4 LA:3", nil, "TH:1", 0.1, "TH", "Mae Sot"),
	rt(4, "ID:5 BD:4 MM:3 NP:3 PH:2", nil, "MY:1", 0.05, "MY", "Port Klang"),
	rt(4, "CN:5 VN:4 ID:3 PH:3 IN:3 LK:2 KE:1 UG:1", []string{"TH"}, "MM:4 KH:3 LA:2", 0.02, "TH", "Mae Sot", "MM", "Myawaddy", "KH", "Poipet"),
	rt(4, "NP:4 BD:5 IN:5 LK:2 PK:4 PH:2", []string{"AE"}, "SA:4 QA:2 KW:2 OM:1 BH:1", 0.02),
	rt(3, "NP:3 BD:4", nil, "IN:1", 0.2, "IN", "Raxaul"),
	rt(3, "PK:4 BD:3 IN:2 AF:2", []string{"IR", "TR"}, "TR:1", 0.1, "IR", "Mirjaveh", "TR", "Van"),
	rt(2, "VN:3 CN:2", []string{"CN"}, "KR:1 JP:1", 0.02),
	rt(1, "LK:3 IR:2 AF:2", []string{"ID"}, "AU:2 NZ:1", 0.15, "ID", "Kupang"),
	rt(2, "UZ:4 TJ:3 KG:3", []string{"KZ"}, "RU:1", 0.05),
	rt(2, "GE:2 AM:1 AZ:1 UZ:2", []string{"TR"}, "GR:1 DE:1", 0.05),
}

// routesThrough indexes the routes each country is a transit or
// destination of, where migrants are identified.
var routesThrough = func() map[string][]int {
	m := map[string][]int{}
	for i, r := range routes {
		seen := map[string]bool{}
		for _, c := range r.transit {
			seen[c] = true
		}
		for _, c := range r.dests.Codes {
			seen[c] = true
		}
		for c := range seen {
			m[c] = append(m[c], i)
		}
	}
	return m
}()
