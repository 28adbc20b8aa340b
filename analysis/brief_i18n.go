package analysis

// briefText is one language's words of the analytical brief: a struct, so
// that a message missing in a language fails TestBriefCatalogue.
type briefText struct {
	Title, Scope, Computed, Contents                              string
	Summary, Routes, Networks, Trends, Methods                    string
	Kinds                                                         map[string]string
	Shown, Withheld, WithheldNote                                 string
	ColRoute, ColNationality, ColPeople, ColKind                  string
	MapTitle, NoFlows                                             string
	MethodsNote, ColForm, ColVictims                              string
	Records, Links, CommunitiesN, Restricted                      string
	ColCommunity, ColSize, ColCountries                           string
	Brokers, BrokersNote, ColRecord, ColCountry, ColScore         string
	Hubs, HubsNote, ColIdentifier, ColHeldBy                      string
	NoNetwork, NoTrends, NoFlags, TrendsNote, ColSeries, ColSince string
	ColChange                                                     string
	Footer                                                        string
}

var briefCatalogue = map[string]*briefText{
	"en": {
		Title: "Analytical brief", Scope: "Computed from the records your agency may read.",
		Computed: "Computed", Contents: "Contents",
		Summary: "Summary", Routes: "Routes", Networks: "Networks", Trends: "Trends", Methods: "Forms of exploitation",
		Kinds: map[string]string{"victims": "Victims (recruitment → exploitation)", "migrants": "Irregular migrants (origin → transit → destination)",
			"interceptions": "Interceptions", "alerts": "Alerted travellers (nationality → arrival)"},
		Shown: "Flows shown", Withheld: "Flows withheld",
		WithheldNote: "A flow counting fewer than 11 people of other agencies is withheld, with any flow that would give it away.",
		ColRoute:     "Route", ColNationality: "Nationality", ColPeople: "People", ColKind: "Kind",
		MapTitle: "Flow map", NoFlows: "No flow to show.",
		MethodsNote: "Victims in the flows shown, by form of exploitation; a victim may count under several.",
		ColForm:     "Form of exploitation", ColVictims: "Victims",
		Records: "Records", Links: "Links", CommunitiesN: "Communities", Restricted: "Links to records of other agencies you may not read",
		ColCommunity: "Community", ColSize: "Records", ColCountries: "Countries",
		Brokers: "Brokers between countries", BrokersNote: "Records on the most shortest paths that join records of several countries, by reference.",
		ColRecord: "Record", ColCountry: "Country", ColScore: "Betweenness",
		Hubs: "Shared identifiers", HubsNote: "Identifiers held by several records, by type (values are not printed).",
		ColIdentifier: "Identifier", ColHeldBy: "Records holding it",
		NoNetwork: "No linked records.", NoTrends: "The trends analysis is not available here.", NoFlags: "No figure rose beyond its history in the period.",
		TrendsNote: "Changes flagged by the change-point detector.", ColSeries: "Series", ColSince: "Since", ColChange: "Change",
		Footer: "Aggregates and references only: this brief names no one.",
	},
	"fr": {
		Title: "Note d’analyse", Scope: "Calculée à partir des fiches que votre service peut lire.",
		Computed: "Calculée le", Contents: "Sommaire",
		Summary: "Synthèse", Routes: "Itinéraires", Networks: "Réseaux", Trends: "Tendances", Methods: "Formes d’exploitation",
		Kinds: map[string]string{"victims": "Victimes (recrutement → exploitation)", "migrants": "Migrants irréguliers (origine → transit → destination)",
			"interceptions": "Interceptions", "alerts": "Voyageurs signalés (nationalité → arrivée)"},
		Shown: "Flux présentés", Withheld: "Flux masqués",
		WithheldNote: "Un flux comptant moins de 11 personnes d’autres services est masqué, ainsi que tout flux qui permettrait de le retrouver.",
		ColRoute:     "Itinéraire", ColNationality: "Nationalité", ColPeople: "Personnes", ColKind: "Type",
		MapTitle: "Carte des flux", NoFlows: "Aucun flux à présenter.",
		MethodsNote: "Victimes des flux présentés, par forme d’exploitation ; une victime peut relever de plusieurs formes.",
		ColForm:     "Forme d’exploitation", ColVictims: "Victimes",
		Records: "Fiches", Links: "Liens", CommunitiesN: "Communautés", Restricted: "Liens vers des fiches d’autres services que vous ne pouvez pas lire",
		ColCommunity: "Communauté", ColSize: "Fiches", ColCountries: "Pays",
		Brokers: "Intermédiaires entre pays", BrokersNote: "Fiches situées sur le plus de plus courts chemins reliant des fiches de plusieurs pays, par référence.",
		ColRecord: "Fiche", ColCountry: "Pays", ColScore: "Intermédiarité",
		Hubs: "Identifiants partagés", HubsNote: "Identifiants détenus par plusieurs fiches, par type (les valeurs ne sont pas imprimées).",
		ColIdentifier: "Identifiant", ColHeldBy: "Fiches le détenant",
		NoNetwork: "Aucune fiche liée.", NoTrends: "L’analyse des tendances n’est pas disponible ici.", NoFlags: "Aucun chiffre n’a dépassé son historique sur la période.",
		TrendsNote: "Changements signalés par le détecteur de ruptures.", ColSeries: "Série", ColSince: "Depuis", ColChange: "Changement",
		Footer: "Agrégats et références uniquement : cette note ne nomme personne.",
	},
	"es": {
		Title: "Informe analítico", Scope: "Calculado a partir de los registros que su organismo puede leer.",
		Computed: "Calculado el", Contents: "Índice",
		Summary: "Resumen", Routes: "Rutas", Networks: "Redes", Trends: "Tendencias", Methods: "Formas de explotación",
		Kinds: map[string]string{"victims": "Víctimas (captación → explotación)", "migrants": "Migrantes irregulares (origen → tránsito → destino)",
			"interceptions": "Interceptaciones", "alerts": "Viajeros señalados (nacionalidad → llegada)"},
		Shown: "Flujos mostrados", Withheld: "Flujos ocultos",
		WithheldNote: "Un flujo que cuenta menos de 11 personas de otros organismos se oculta, junto con cualquier flujo que permita deducirlo.",
		ColRoute:     "Ruta", ColNationality: "Nacionalidad", ColPeople: "Personas", ColKind: "Tipo",
		MapTitle: "Mapa de flujos", NoFlows: "Ningún flujo que mostrar.",
		MethodsNote: "Víctimas de los flujos mostrados, por forma de explotación; una víctima puede contar en varias.",
		ColForm:     "Forma de explotación", ColVictims: "Víctimas",
		Records: "Registros", Links: "Vínculos", CommunitiesN: "Comunidades", Restricted: "Vínculos con registros de otros organismos que no puede leer",
		ColCommunity: "Comunidad", ColSize: "Registros", ColCountries: "Países",
		Brokers: "Intermediarios entre países", BrokersNote: "Registros en más caminos mínimos que unen registros de varios países, por referencia.",
		ColRecord: "Registro", ColCountry: "País", ColScore: "Intermediación",
		Hubs: "Identificadores compartidos", HubsNote: "Identificadores que tienen varios registros, por tipo (los valores no se imprimen).",
		ColIdentifier: "Identificador", ColHeldBy: "Registros que lo tienen",
		NoNetwork: "Ningún registro vinculado.", NoTrends: "El análisis de tendencias no está disponible aquí.", NoFlags: "Ninguna cifra superó su historial en el período.",
		TrendsNote: "Cambios señalados por el detector de puntos de cambio.", ColSeries: "Serie", ColSince: "Desde", ColChange: "Cambio",
		Footer: "Solo agregados y referencias: este informe no nombra a nadie.",
	},
	"ar": {
		Title: "موجز تحليلي", Scope: "محسوب من السجلات التي يحق لجهتكم قراءتها.",
		Computed: "تاريخ الحساب", Contents: "المحتويات",
		Summary: "ملخص", Routes: "المسارات", Networks: "الشبكات", Trends: "الاتجاهات", Methods: "أشكال الاستغلال",
		Kinds: map[string]string{"victims": "الضحايا (التجنيد ← الاستغلال)", "migrants": "المهاجرون غير النظاميين (المنشأ ← العبور ← المقصد)",
			"interceptions": "عمليات الاعتراض", "alerts": "المسافرون المبلَّغ عنهم (الجنسية ← الوصول)"},
		Shown: "التدفقات المعروضة", Withheld: "التدفقات المحجوبة",
		WithheldNote: "يُحجب كل تدفق يضم أقل من 11 شخصًا من جهات أخرى، وكل تدفق قد يكشف عنه.",
		ColRoute:     "المسار", ColNationality: "الجنسية", ColPeople: "الأشخاص", ColKind: "النوع",
		MapTitle: "خريطة التدفقات", NoFlows: "لا توجد تدفقات للعرض.",
		MethodsNote: "الضحايا في التدفقات المعروضة حسب شكل الاستغلال؛ قد تُحسب الضحية في أكثر من شكل.",
		ColForm:     "شكل الاستغلال", ColVictims: "الضحايا",
		Records: "السجلات", Links: "الروابط", CommunitiesN: "المجموعات", Restricted: "روابط بسجلات جهات أخرى لا يحق لكم قراءتها",
		ColCommunity: "المجموعة", ColSize: "السجلات", ColCountries: "البلدان",
		Brokers: "الوسطاء بين البلدان", BrokersNote: "السجلات الواقعة على أكبر عدد من أقصر المسارات بين سجلات عدة بلدان، بالمرجع.",
		ColRecord: "السجل", ColCountry: "البلد", ColScore: "البينية",
		Hubs: "المعرّفات المشتركة", HubsNote: "معرّفات تحملها عدة سجلات، حسب النوع (لا تُطبع القيم).",
		ColIdentifier: "المعرّف", ColHeldBy: "السجلات الحاملة له",
		NoNetwork: "لا توجد سجلات مرتبطة.", NoTrends: "تحليل الاتجاهات غير متاح هنا.", NoFlags: "لم يتجاوز أي رقم تاريخه خلال الفترة.",
		TrendsNote: "التغيرات التي رصدها كاشف نقاط التغير.", ColSeries: "السلسلة", ColSince: "منذ", ColChange: "التغير",
		Footer: "مجاميع ومراجع فقط: لا يذكر هذا الموجز اسم أحد.",
	},
}
