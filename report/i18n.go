package report

import (
	_ "embed"
	"encoding/json"
	"strconv"
	"strings"
	"sync"
	"time"

	"meridian"
)

// Languages are the languages a report is written in: INTERPOL's four
// working languages.
var Languages = []string{"en", "fr", "es", "ar"}

// messages is one language's catalogue. A struct rather than a map of keys,
// so that a message missing in one language is a test failure (every field
// must be set), not a blank in a printed report.
type messages struct {
	Dir string // ltr or rtl

	Report, Status, Headline, Figure, Value string

	Countries, Period, Victims, Migrants, Arrests, Flights, Checks string
	// ArrestsOf reads "<all arrests>, of which <n> on THB or SOM charges".
	ArrestsOf string

	Other, Raids, Interceptions, Hits string

	ByDay, ByRegion, TopCountries, TopNote, ByExploitation, ExploitationNote string
	Map, MapNote, NotParticipating, NothingReported                          string

	TableRegion, TableCountry, TableDay string

	ColRegion, ColCountry, ColDay, ColCountries, ColVictims, ColMigrants string
	ColArrests, ColTHBSOM, ColFlights, ColChecks, Total                  string

	// Footer takes the time the results were computed.
	Footer string

	Planned, Active, Closed string

	Months [12]string
	// Date formats a day: the day of the month, the month's name, the year.
	Date func(day, month, year string) string
	// Range joins two dates into a period.
	Range func(from, to string) string

	Exploitation map[string]string
	Regions      map[string]string

	// Numbers: the grouping separator, the smallest number of digits that
	// is grouped at all (CLDR's minimum grouping digits plus three), and
	// the digits (nil for ASCII).
	Group      string
	MinGrouped int
	Digits     *[10]rune
}

var arabicIndic = [10]rune{'٠', '١', '٢', '٣', '٤', '٥', '٦', '٧', '٨', '٩'}

var catalogue = map[string]*messages{
	"en": {
		Dir:    "ltr",
		Report: "Operation results", Status: "Status", Headline: "Headline figures", Figure: "Figure", Value: "Value",
		Countries: "Participating countries", Period: "Period",
		Victims: "Potential trafficking victims rescued", Migrants: "Irregular migrants identified",
		Arrests: "Arrests", ArrestsOf: "%s, of which %s on THB or SOM charges",
		Flights: "Flights monitored", Checks: "Checks performed",
		Other: "Other figures", Raids: "Raids", Interceptions: "Interceptions", Hits: "Checks that hit a watchlist record",
		ByDay: "By day", ByRegion: "By region", TopCountries: "Most active countries",
		TopNote:        "Ranked by victims, migrants and arrests together.",
		ByExploitation: "Victims by exploitation type", ExploitationNote: "A victim may count under several types of exploitation.",
		Map: "Activity by country", MapNote: "Victims, migrants and arrests reported, by country.",
		NotParticipating: "not participating", NothingReported: "Nothing reported.",
		TableRegion: "Figures by region", TableCountry: "Figures by country", TableDay: "Figures by day",
		ColRegion: "Region", ColCountry: "Country", ColDay: "Day", ColCountries: "Countries",
		ColVictims: "Victims", ColMigrants: "Migrants", ColArrests: "Arrests", ColTHBSOM: "of which THB/SOM",
		ColFlights: "Flights", ColChecks: "Checks", Total: "Total",
		Footer:  "Computed %s. Aggregates only: this report names no one.",
		Planned: "planned", Active: "active", Closed: "closed",
		Months: [12]string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
		Date:   func(d, m, y string) string { return join(d, m, y) },
		Range:  func(a, b string) string { return a + " to " + b },
		Exploitation: map[string]string{
			meridian.ExploitSexual: "sexual exploitation", meridian.ExploitForcedLabour: "forced labour",
			meridian.ExploitForcedCriminality: "forced criminality", meridian.ExploitOnlineFraud: "forced online fraud",
			meridian.ExploitScamCompound: "forced fraud in scam compounds", meridian.ExploitDrugMule: "forced drug carrying (drug mule)",
			meridian.ExploitForcedBegging: "forced begging", meridian.ExploitDomesticServitude: "domestic servitude",
			meridian.ExploitForcedMarriage: "forced marriage", meridian.ExploitOrganRemoval: "organ removal",
			meridian.ExploitChildLabour: "child labour", meridian.ExploitOther: "other",
		},
		Regions: map[string]string{}, // the names the root package uses
		Group:   ",", MinGrouped: 4,
	},
	"fr": {
		Dir:    "ltr",
		Report: "Résultats de l’opération", Status: "Statut", Headline: "Chiffres clés", Figure: "Indicateur", Value: "Valeur",
		Countries: "Pays participants", Period: "Période",
		Victims: "Victimes potentielles de la traite secourues", Migrants: "Migrants en situation irrégulière identifiés",
		Arrests: "Arrestations", ArrestsOf: "%s, dont %s pour traite des êtres humains ou trafic de migrants",
		Flights: "Vols surveillés", Checks: "Vérifications effectuées",
		Other: "Autres chiffres", Raids: "Descentes de police", Interceptions: "Interceptions", Hits: "Vérifications positives (concordance avec un fichier)",
		ByDay: "Par jour", ByRegion: "Par région", TopCountries: "Pays les plus actifs",
		TopNote:        "Classés selon le total des victimes, migrants et arrestations.",
		ByExploitation: "Victimes par type d’exploitation", ExploitationNote: "Une victime peut relever de plusieurs types d’exploitation.",
		Map: "Activité par pays", MapNote: "Victimes, migrants et arrestations signalés, par pays.",
		NotParticipating: "non participant", NothingReported: "Aucun signalement.",
		TableRegion: "Chiffres par région", TableCountry: "Chiffres par pays", TableDay: "Chiffres par jour",
		ColRegion: "Région", ColCountry: "Pays", ColDay: "Jour", ColCountries: "Pays",
		ColVictims: "Victimes", ColMigrants: "Migrants", ColArrests: "Arrestations", ColTHBSOM: "dont traite/trafic",
		ColFlights: "Vols", ColChecks: "Vérifications", Total: "Total",
		Footer:  "Calculé le %s. Données agrégées uniquement : ce rapport ne nomme personne.",
		Planned: "prévue", Active: "en cours", Closed: "clôturée",
		Months: [12]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"},
		Date: func(d, m, y string) string {
			if d == "1" {
				d = "1er"
			}
			return join(d, m, y)
		},
		Range: func(a, b string) string { return "du " + a + " au " + b },
		Exploitation: map[string]string{
			meridian.ExploitSexual: "exploitation sexuelle", meridian.ExploitForcedLabour: "travail forcé",
			meridian.ExploitForcedCriminality: "criminalité forcée", meridian.ExploitOnlineFraud: "fraude en ligne forcée",
			meridian.ExploitScamCompound: "fraude forcée dans des centres d'escroquerie", meridian.ExploitDrugMule: "transport forcé de drogue (mule)",
			meridian.ExploitForcedBegging: "mendicité forcée", meridian.ExploitDomesticServitude: "servitude domestique",
			meridian.ExploitForcedMarriage: "mariage forcé", meridian.ExploitOrganRemoval: "prélèvement d’organes",
			meridian.ExploitChildLabour: "travail des enfants", meridian.ExploitOther: "autre",
		},
		// UN M49 names.
		Regions: map[string]string{
			"Northern Africa": "Afrique du Nord", "Sub-Saharan Africa": "Afrique subsaharienne",
			"Latin America and the Caribbean": "Amérique latine et Caraïbes", "Northern America": "Amérique septentrionale",
			"Central Asia": "Asie centrale", "Eastern Asia": "Asie de l’Est", "South-eastern Asia": "Asie du Sud-Est",
			"Southern Asia": "Asie du Sud", "Western Asia": "Asie occidentale",
			"Eastern Europe": "Europe de l’Est", "Northern Europe": "Europe du Nord", "Southern Europe": "Europe du Sud",
			"Western Europe": "Europe de l’Ouest", "Australia and New Zealand": "Australie et Nouvelle-Zélande",
			"Melanesia": "Mélanésie", "Micronesia": "Micronésie", "Polynesia": "Polynésie",
		},
		Group: "\u202f", MinGrouped: 4,
	},
	"es": {
		Dir:    "ltr",
		Report: "Resultados de la operación", Status: "Estado", Headline: "Cifras principales", Figure: "Indicador", Value: "Valor",
		Countries: "Países participantes", Period: "Período",
		Victims: "Posibles víctimas de trata rescatadas", Migrants: "Migrantes irregulares identificados",
		Arrests: "Detenciones", ArrestsOf: "%s, de las cuales %s por trata de personas o tráfico ilícito de migrantes",
		Flights: "Vuelos supervisados", Checks: "Comprobaciones realizadas",
		Other: "Otras cifras", Raids: "Redadas", Interceptions: "Interceptaciones", Hits: "Comprobaciones con coincidencia en un fichero",
		ByDay: "Por día", ByRegion: "Por región", TopCountries: "Países con más actividad",
		TopNote:        "Ordenados por el total de víctimas, migrantes y detenciones.",
		ByExploitation: "Víctimas por tipo de explotación", ExploitationNote: "Una víctima puede contarse en varios tipos de explotación.",
		Map: "Actividad por país", MapNote: "Víctimas, migrantes y detenciones notificados, por país.",
		NotParticipating: "no participa", NothingReported: "Sin notificaciones.",
		TableRegion: "Cifras por región", TableCountry: "Cifras por país", TableDay: "Cifras por día",
		ColRegion: "Región", ColCountry: "País", ColDay: "Día", ColCountries: "Países",
		ColVictims: "Víctimas", ColMigrants: "Migrantes", ColArrests: "Detenciones", ColTHBSOM: "por trata/tráfico",
		ColFlights: "Vuelos", ColChecks: "Comprobaciones", Total: "Total",
		Footer:  "Calculado el %s. Solo datos agregados: este informe no nombra a nadie.",
		Planned: "planificada", Active: "en curso", Closed: "cerrada",
		Months: [12]string{"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"},
		Date: func(d, m, y string) string {
			if y == "" {
				return d + " de " + m
			}
			return d + " de " + m + " de " + y
		},
		Range: func(a, b string) string { return "del " + a + " al " + b },
		Exploitation: map[string]string{
			meridian.ExploitSexual: "explotación sexual", meridian.ExploitForcedLabour: "trabajo forzoso",
			meridian.ExploitForcedCriminality: "criminalidad forzada", meridian.ExploitOnlineFraud: "fraude en línea forzado",
			meridian.ExploitScamCompound: "fraude forzado en centros de estafa", meridian.ExploitDrugMule: "transporte forzado de drogas (mula)",
			meridian.ExploitForcedBegging: "mendicidad forzada", meridian.ExploitDomesticServitude: "servidumbre doméstica",
			meridian.ExploitForcedMarriage: "matrimonio forzado", meridian.ExploitOrganRemoval: "extracción de órganos",
			meridian.ExploitChildLabour: "trabajo infantil", meridian.ExploitOther: "otro",
		},
		Regions: map[string]string{
			"Northern Africa": "África septentrional", "Sub-Saharan Africa": "África subsahariana",
			"Latin America and the Caribbean": "América Latina y el Caribe", "Northern America": "América septentrional",
			"Central Asia": "Asia central", "Eastern Asia": "Asia oriental", "South-eastern Asia": "Asia sudoriental",
			"Southern Asia": "Asia meridional", "Western Asia": "Asia occidental",
			"Eastern Europe": "Europa oriental", "Northern Europe": "Europa septentrional", "Southern Europe": "Europa meridional",
			"Western Europe": "Europa occidental", "Australia and New Zealand": "Australia y Nueva Zelandia",
			"Melanesia": "Melanesia", "Micronesia": "Micronesia", "Polynesia": "Polinesia",
		},
		Group: ".", MinGrouped: 5, // CLDR: "3222" but "17.793"
	},
	"ar": {
		Dir:    "rtl",
		Report: "نتائج العملية", Status: "الحالة", Headline: "الأرقام الرئيسية", Figure: "المؤشر", Value: "القيمة",
		Countries: "البلدان المشاركة", Period: "الفترة",
		Victims: "الضحايا المحتملون للاتجار بالبشر الذين أُنقذوا", Migrants: "المهاجرون غير النظاميين الذين حُدّدت هويتهم",
		Arrests: "الاعتقالات", ArrestsOf: "%s، منها %s بتهم الاتجار بالبشر أو تهريب المهاجرين",
		Flights: "الرحلات الجوية الخاضعة للمراقبة", Checks: "عمليات التحقق المنجزة",
		Other: "أرقام أخرى", Raids: "المداهمات", Interceptions: "عمليات الاعتراض", Hits: "عمليات التحقق التي طابقت سجلاً في قاعدة بيانات",
		ByDay: "حسب اليوم", ByRegion: "حسب المنطقة", TopCountries: "البلدان الأكثر نشاطاً",
		TopNote:        "مرتبة حسب مجموع الضحايا والمهاجرين والاعتقالات.",
		ByExploitation: "الضحايا حسب نوع الاستغلال", ExploitationNote: "قد يُحتسب الضحية الواحد ضمن عدة أنواع من الاستغلال.",
		Map: "النشاط حسب البلد", MapNote: "الضحايا والمهاجرون والاعتقالات المبلّغ عنها، حسب البلد.",
		NotParticipating: "غير مشارك", NothingReported: "لا توجد بلاغات.",
		TableRegion: "الأرقام حسب المنطقة", TableCountry: "الأرقام حسب البلد", TableDay: "الأرقام حسب اليوم",
		ColRegion: "المنطقة", ColCountry: "البلد", ColDay: "اليوم", ColCountries: "البلدان",
		ColVictims: "الضحايا", ColMigrants: "المهاجرون", ColArrests: "الاعتقالات", ColTHBSOM: "منها اتجار/تهريب",
		ColFlights: "الرحلات", ColChecks: "عمليات التحقق", Total: "المجموع",
		Footer:  "حُسبت في %s. بيانات مجمّعة فقط: لا يذكر هذا التقرير اسم أي شخص.",
		Planned: "مخطط لها", Active: "جارية", Closed: "مغلقة",
		Months: [12]string{"يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"},
		Date:   func(d, m, y string) string { return join(d, m, y) },
		Range:  func(a, b string) string { return "من " + a + " إلى " + b },
		Exploitation: map[string]string{
			meridian.ExploitSexual: "الاستغلال الجنسي", meridian.ExploitForcedLabour: "العمل القسري",
			meridian.ExploitForcedCriminality: "الإجرام القسري", meridian.ExploitOnlineFraud: "الاحتيال الإلكتروني القسري",
			meridian.ExploitScamCompound: "الاحتيال القسري في مجمعات الاحتيال", meridian.ExploitDrugMule: "نقل المخدرات القسري",
			meridian.ExploitForcedBegging: "التسول القسري", meridian.ExploitDomesticServitude: "العبودية المنزلية",
			meridian.ExploitForcedMarriage: "الزواج القسري", meridian.ExploitOrganRemoval: "نزع الأعضاء",
			meridian.ExploitChildLabour: "عمل الأطفال", meridian.ExploitOther: "أخرى",
		},
		Regions: map[string]string{
			"Northern Africa": "شمال أفريقيا", "Sub-Saharan Africa": "أفريقيا جنوب الصحراء الكبرى",
			"Latin America and the Caribbean": "أمريكا اللاتينية ومنطقة البحر الكاريبي", "Northern America": "أمريكا الشمالية",
			"Central Asia": "آسيا الوسطى", "Eastern Asia": "شرق آسيا", "South-eastern Asia": "جنوب شرق آسيا",
			"Southern Asia": "جنوب آسيا", "Western Asia": "غرب آسيا",
			"Eastern Europe": "أوروبا الشرقية", "Northern Europe": "أوروبا الشمالية", "Southern Europe": "أوروبا الجنوبية",
			"Western Europe": "أوروبا الغربية", "Australia and New Zealand": "أستراليا ونيوزيلندا",
			"Melanesia": "ميلانيزيا", "Micronesia": "ميكرونيزيا", "Polynesia": "بولينيزيا",
		},
		Group: "٬", MinGrouped: 4, Digits: &arabicIndic,
	},
}

func join(parts ...string) string {
	var b strings.Builder
	for _, p := range parts {
		if p == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(p)
	}
	return b.String()
}

// locale formats for one language.
type locale struct {
	lang string
	*messages
}

func lookupLocale(lang string) (locale, bool) {
	if lang == "" {
		lang = "en"
	}
	m, ok := catalogue[lang]
	return locale{lang, m}, ok
}

// digits writes s's ASCII digits in the locale's digits.
func (l locale) digits(s string) string {
	if l.Digits == nil {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			r = l.Digits[r-'0']
		}
		b.WriteRune(r)
	}
	return b.String()
}

// num formats a count with the locale's thousands separator.
func (l locale) num(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	if len(s) >= l.MinGrouped {
		var b strings.Builder
		b.Grow(len(s) + len(s)/3*len(l.Group))
		head := len(s) % 3
		if head == 0 {
			head = 3
		}
		b.WriteString(s[:head])
		for i := head; i < len(s); i += 3 {
			b.WriteString(l.Group)
			b.WriteString(s[i : i+3])
		}
		s = b.String()
	}
	if neg {
		s = "-" + s
	}
	return l.digits(s)
}

// date formats a day in full; withYear false leaves the year out, as the
// first day of a period within one year reads.
func (l locale) date(d meridian.Date, withYear bool) string {
	t := d.Time()
	if t.IsZero() {
		return string(d)
	}
	y := ""
	if withYear {
		y = l.digits(strconv.Itoa(t.Year()))
	}
	return l.Date(l.digits(strconv.Itoa(t.Day())), l.Months[t.Month()-1], y)
}

// period formats an operation's first and last days.
func (l locale) period(start, end meridian.Date) string {
	if start == end {
		return l.date(start, true)
	}
	sameYear := start.Year() == end.Year() && start.Year() != 0
	return l.Range(l.date(start, !sameYear), l.date(end, true))
}

// shortDay labels a day on a chart's axis: day/month.
func (l locale) shortDay(d meridian.Date) string {
	t := d.Time()
	if t.IsZero() {
		return string(d)
	}
	return l.digits(strconv.Itoa(t.Day()) + "/" + strconv.Itoa(int(t.Month())))
}

// timestamp formats when the results were computed, in UTC.
func (l locale) timestamp(t time.Time) string {
	t = t.UTC()
	return l.date(meridian.DateOf(t), true) + ", " + l.digits(t.Format("15:04")) + " UTC"
}

func (l locale) status(s meridian.OperationStatus) string {
	switch s {
	case meridian.OperationPlanned:
		return l.Planned
	case meridian.OperationActive:
		return l.Active
	case meridian.OperationClosed:
		return l.Closed
	}
	return string(s)
}

func (l locale) exploitation(key string) string {
	if s, ok := l.Exploitation[key]; ok {
		return s
	}
	return strings.ReplaceAll(key, "_", " ")
}

func (l locale) region(name string) string {
	if name == "" {
		return "—"
	}
	if s, ok := l.Regions[name]; ok {
		return s
	}
	return name
}

//go:embed assets/country-names.json
var countryNamesJSON []byte

var countryNames = sync.OnceValue(func() map[string]map[string]string {
	m := map[string]map[string]string{}
	if err := json.Unmarshal(countryNamesJSON, &m); err != nil {
		panic("report: bundled assets/country-names.json: " + err.Error()) // a build defect, caught by every test
	}
	return m
})

// country names a country in the locale's language; name is the one the
// results carry (English), used when the bundled names have none.
func (l locale) country(code, name string) string {
	if l.lang != "en" {
		if s, ok := countryNames()[l.lang][code]; ok {
			return s
		}
	}
	if name != "" {
		return name
	}
	if c, ok := meridian.LookupCountry(code); ok {
		return c.Name
	}
	return code
}
