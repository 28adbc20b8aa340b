package sim

// The naming cultures of the watchlist, weighted as the persons of a
// European-centred operation against trafficking and smuggling are: the
// Balkans and Eastern Europe (countries of origin and transit), West and
// East Africa and the Middle East (the Central Mediterranean and Eastern
// routes), Latin America, South and South-East Asia (forced labour and
// scam centres), and the destination countries' own nationals.
//
// Lists are in rough order of frequency in the population; Zipf weights
// with an exponent per list give the head its realistic share (Nguyễn
// alone names 38% of Vietnamese, no Thai family name is common).

var cultures = []*culture{
	// --- Cyrillic ---
	{
		id: "ru", script: "cyrillic", lang: "ru", weight: 6,
		origins:  ParseCountries("RU:70 BY:8 KZ:6 UA:5 MD:3 KG:2 UZ:2 LV:2 EE:1 AM:1"),
		diaspora: ParseCountries("DE:30 IL:10 US:10 ES:8 CY:8 GB:6 TR:6 GE:5 CZ:5 AE:4 TH:4 FI:4"),
		male: names(1.0, "Александр,Сергей,Дмитрий,Андрей,Алексей,Максим,Евгений,Иван,Михаил,Николай,Владимир,Артём,Денис,Игорь,Роман,"+
			"Олег,Юрий,Павел,Виктор,Антон,Никита,Виталий,Константин,Илья,Вадим,Кирилл,Руслан,Анатолий,Егор,Василий,Геннадий,Валерий,"+
			"Станислав,Григорий,Тимур,Фёдор,Борис,Вячеслав,Леонид,Пётр"),
		female: names(1.0, "Елена,Ольга,Наталья,Татьяна,Ирина,Светлана,Анна,Мария,Екатерина,Юлия,Анастасия,Марина,Людмила,Галина,"+
			"Надежда,Оксана,Виктория,Дарья,Алина,Кристина,Валентина,Любовь,Евгения,Ксения,Полина,Вера,Алёна,Елизавета,Софья,Александра"),
		family: names(0.8, "Смирнов,Иванов,Кузнецов,Соколов,Попов,Лебедев,Козлов,Новиков,Морозов,Петров,Волков,Соловьёв,Васильев,Зайцев,"+
			"Павлов,Семёнов,Голубев,Виноградов,Богданов,Воробьёв,Фёдоров,Михайлов,Беляев,Тарасов,Белов,Комаров,Орлов,Киселёв,Макаров,"+
			"Андреев,Ковалёв,Ильин,Гусев,Титов,Кузьмин,Кудрявцев,Баранов,Куликов,Алексеев,Степанов,Яковлев,Сорокин,Сергеев,Романов,"+
			"Захаров,Борисов,Королёв,Герасимов,Пономарёв,Григорьев,Лазарев,Медведев,Ершов,Никитин,Соболев,Рябов,Поляков,Цветков,"+
			"Данилов,Жуков,Фролов,Журавлёв,Николаев,Крылов,Максимов,Сидоров,Осипов,Белоусов,Федотов,Егоров,Матвеев,Бобров,Дмитриев,"+
			"Калинин,Антонов,Тимофеев,Филиппов,Марков,Миронов,Александров,Коновалов,Казаков,Ефимов,Денисов,Громов,Фомин,Давыдов,"+
			"Мельников,Щербаков,Колесников,Карпов,Афанасьев,Власов,Маслов,Тихонов,Гаврилов,Котов,Быков,Чернов,Назаров,Высоцкий,"+
			"Покровский,Вишневский,Толстой,Трубецкой"),
		femFamily: femRussian,
		patronymics: names(0.9, "Александрович:Александровна,Сергеевич:Сергеевна,Владимирович:Владимировна,Николаевич:Николаевна,"+
			"Алексеевич:Алексеевна,Андреевич:Андреевна,Викторович:Викторовна,Юрьевич:Юрьевна,Михайлович:Михайловна,Иванович:Ивановна,"+
			"Анатольевич:Анатольевна,Дмитриевич:Дмитриевна,Евгеньевич:Евгеньевна,Валерьевич:Валерьевна,Игоревич:Игоревна,"+
			"Васильевич:Васильевна,Геннадьевич:Геннадьевна,Олегович:Олеговна,Павлович:Павловна,Петрович:Петровна,Борисович:Борисовна,"+
			"Григорьевич:Григорьевна,Вячеславович:Вячеславовна,Леонидович:Леонидовна,Константинович:Константиновна,"+
			"Фёдорович:Фёдоровна,Максимович:Максимовна,Романович:Романовна,Ильич:Ильинична,Никитич:Никитична"),
		patronymicShare: 0.8, build: buildSlavic,
		latinConvs:   []string{"icao", "mvd", "bgn", "iso9", "german", "french"},
		latinPrimary: []string{"bgn", "bgn", "icao", "mvd", "german"}, latinShare: 0.3,
		marriedName: true,
	},
	{
		id: "uk", script: "cyrillic", lang: "uk", weight: 5,
		origins:  ParseCountries("UA:95 MD:3 PL:2"),
		diaspora: ParseCountries("PL:30 DE:20 CZ:15 IT:12 ES:8 PT:5 US:5 CA:5"),
		male: names(1.0, "Олександр,Сергій,Андрій,Дмитро,Володимир,Юрій,Іван,Максим,Олег,Віктор,Микола,Василь,Богдан,Тарас,Ігор,"+
			"Віталій,Роман,Денис,Артем,Євген,Павло,Петро,Михайло,Анатолій,Ярослав,Степан,Валерій,Назар,Остап,Григорій"),
		female: names(1.0, "Олена,Наталія,Тетяна,Оксана,Ірина,Юлія,Світлана,Анна,Марія,Людмила,Ольга,Галина,Катерина,Вікторія,Інна,"+
			"Алла,Надія,Лариса,Валентина,Ганна,Христина,Софія,Дарина,Анастасія,Яна,Іванна,Соломія,Віра,Любов,Зоряна"),
		family: names(0.7, "Мельник,Шевченко,Бойко,Коваленко,Бондаренко,Ткаченко,Ковальчук,Кравченко,Олійник,Шевчук,Коваль,Поліщук,"+
			"Бондар,Ткачук,Марченко,Савченко,Руденко,Мороз,Лисенко,Петренко,Клименко,Павленко,Кравчук,Кузьменко,Пономаренко,Савчук,"+
			"Василенко,Левченко,Харченко,Сидоренко,Карпенко,Гаврилюк,Мельничук,Юрченко,Панченко,Романюк,Литвиненко,Кушнір,Мартинюк,"+
			"Мазур,Бабенко,Остапенко,Гончаренко,Кириленко,Яковенко,Гуменюк,Пилипенко,Захарченко,Ковальський,Вишневський,Яворський,"+
			"Грабовський,Іванов,Волков,Зозуля,Гнатюк"),
		femFamily: femUkrainian,
		patronymics: names(0.9, "Олександрович:Олександрівна,Володимирович:Володимирівна,Миколайович:Миколаївна,Сергійович:Сергіївна,"+
			"Іванович:Іванівна,Васильович:Василівна,Петрович:Петрівна,Михайлович:Михайлівна,Вікторович:Вікторівна,"+
			"Анатолійович:Анатоліївна,Юрійович:Юріївна,Григорович:Григорівна,Андрійович:Андріївна,Олегович:Олегівна,"+
			"Богданович:Богданівна,Степанович:Степанівна,Ярославович:Ярославівна,Дмитрович:Дмитрівна,Павлович:Павлівна,"+
			"Романович:Романівна,Ігорович:Ігорівна,Валерійович:Валеріївна"),
		patronymicShare: 0.75, build: buildSlavic,
		latinConvs:   []string{"icao", "kmu2010", "legacy", "bgn", "iso9"},
		latinPrimary: []string{"kmu2010", "kmu2010", "bgn", "legacy"}, latinShare: 0.3,
		marriedName: true,
	},
	{
		id: "bg", script: "cyrillic", lang: "bg", weight: 3,
		origins:  ParseCountries("BG:100"),
		diaspora: ParseCountries("DE:25 ES:20 GB:15 GR:15 IT:10 NL:8 TR:7"),
		male: names(1.0, "Георги,Иван,Димитър,Николай,Петър,Христо,Стоян,Йордан,Тодор,Васил,Александър,Стефан,Атанас,Красимир,Пламен,"+
			"Валентин,Мартин,Даниел,Кирил,Илия,Ангел,Борис,Любомир,Цветан"),
		female: names(1.0, "Мария,Иванка,Елена,Йорданка,Пенка,Росица,Даниела,Десислава,Виктория,Гергана,Милена,Николета,Цветанка,"+
			"Радка,Снежана,Валентина,Петя,Анна,Силвия,Теодора"),
		family: names(0.8, "Иванов,Георгиев,Димитров,Петров,Николов,Христов,Стоянов,Тодоров,Илиев,Василев,Атанасов,Петков,Ангелов,"+
			"Йорданов,Колев,Стефанов,Маринов,Попов,Михайлов,Костов,Кръстев,Симеонов,Младенов,Цветков,Павлов,Русев,Генчев,Бойчев,Янков,Асенов"),
		femFamily: femSouthSlavic,
		patronymics: names(0.9, "Георгиев,Иванов,Димитров,Николов,Петров,Христов,Стоянов,Йорданов,Тодоров,Василев,Атанасов,Стефанов,"+
			"Александров,Ангелов,Илиев,Кирилов,Борисов,Красимиров,Пламенов,Любомиров,Валентинов,Цветанов,Костадинов,Митков"),
		patronymicShare: 0.7, build: buildSlavic,
		latinConvs:   []string{"streamlined", "icao", "bgn", "iso9", "german"},
		latinPrimary: []string{"streamlined", "streamlined", "bgn"}, latinShare: 0.3,
		marriedName: true,
	},
	{
		id: "sr", script: "cyrillic", lang: "sr", weight: 4,
		origins:  ParseCountries("RS:75 BA:15 ME:10"),
		diaspora: ParseCountries("DE:30 AT:25 CH:15 SE:8 FR:6 IT:6 US:5 CA:5"),
		male: names(1.0, "Марко,Никола,Стефан,Лука,Милан,Драган,Ненад,Зоран,Дејан,Горан,Александар,Милош,Ђорђе,Душан,Владимир,"+
			"Небојша,Бојан,Иван,Петар,Јован,Немања,Урош,Милорад,Слободан,Драгослав"),
		female: names(1.0, "Јелена,Милица,Марија,Ана,Јована,Драгана,Ивана,Снежана,Тијана,Невена,Весна,Гордана,Сања,Мирјана,Катарина,"+
			"Теодора,Маја,Бојана,Данијела,Љиљана"),
		family: names(0.7, "Јовановић,Петровић,Николић,Марковић,Ђорђевић,Стојановић,Илић,Станковић,Павловић,Милошевић,Ђурић,"+
			"Стевановић,Томић,Поповић,Лазић,Живковић,Костић,Ђукић,Јанковић,Тодоровић,Митић,Савић,Митровић,Обрадовић,Кнежевић,"+
			"Радовановић,Васић,Вуковић,Пешић,Ћирић,Стојковић,Ристић,Симић,Крстић,Матић,Миленковић,Радосављевић,Милићевић,Михајловић,Ђокић"),
		build:        buildSlavic,
		latinConvs:   []string{"gaj", "icao", "ascii", "english"},
		latinPrimary: []string{"gaj", "gaj", "gaj", "ascii"}, latinShare: 0.45,
		marriedName: true,
	},
	{
		id: "mk", script: "cyrillic", lang: "mk", weight: 1.5,
		origins:  ParseCountries("MK:100"),
		diaspora: ParseCountries("DE:30 AT:15 CH:15 IT:15 AU:10 BG:15"),
		male: names(1.0, "Александар,Никола,Стефан,Горан,Зоран,Дејан,Игор,Марко,Бојан,Владимир,Драган,Благој,Трајче,Ѓорѓи,Методија,"+
			"Кире,Златко,Васко"),
		female: names(1.0, "Марија,Елена,Ана,Јована,Билјана,Снежана,Ивана,Катерина,Марина,Весна,Гордана,Александра,Магдалена,Даниела,"+
			"Слаѓана,Верица"),
		family: names(0.7, "Стојановски,Николовски,Петровски,Јовановски,Трајковски,Димитриевски,Илиевски,Ристовски,Ѓорѓиевски,"+
			"Костовски,Митревски,Наумовски,Спасовски,Андоновски,Велковски,Атанасовски,Тасевски,Стефановски,Ангеловски,Кузмановски,"+
			"Ќосев,Китанов"),
		femFamily:    femSouthSlavic,
		build:        buildSlavic,
		latinConvs:   []string{"official", "icao", "iso9", "serbian"},
		latinPrimary: []string{"official", "official", "serbian"}, latinShare: 0.3,
		marriedName: true,
	},
	// --- Greek ---
	{
		id: "el", script: "greek", weight: 1.5,
		origins:  ParseCountries("GR:85 CY:15"),
		diaspora: ParseCountries("DE:30 AU:20 US:20 GB:15 CY:15"),
		male: names(1.0, "Γεώργιος,Ιωάννης,Κωνσταντίνος,Δημήτριος,Νικόλαος,Παναγιώτης,Βασίλειος,Χρήστος,Αθανάσιος,Μιχαήλ,Ευάγγελος,"+
			"Σπυρίδων,Αντώνιος,Ηλίας,Ανδρέας,Θεόδωρος,Εμμανουήλ,Σταύρος,Αλέξανδρος,Πέτρος"),
		female: names(1.0, "Μαρία,Ελένη,Αικατερίνη,Βασιλική,Σοφία,Αγγελική,Γεωργία,Δήμητρα,Ευαγγελία,Ιωάννα,Κωνσταντίνα,Παναγιώτα,"+
			"Χριστίνα,Αναστασία,Ειρήνη,Δέσποινα,Θεοδώρα,Αλεξάνδρα,Χρυσούλα,Παρασκευή"),
		family: names(0.7, "Παπαδόπουλος/Παπαδοπούλου,Βλάχος/Βλάχου,Αγγελόπουλος/Αγγελοπούλου,Νικολάου,Γεωργίου,Παπαδάκης/Παπαδάκη,"+
			"Οικονόμου,Παπαγεωργίου,Μακρής/Μακρή,Παππάς/Παππά,Ιωάννου,Δημητρίου,Κωνσταντινίδης/Κωνσταντινίδου,Καραγιάννης/Καραγιάννη,"+
			"Γεωργιάδης/Γεωργιάδου,Αλεξίου,Πετρόπουλος/Πετροπούλου,Μιχαηλίδης/Μιχαηλίδου,Αντωνίου,Χριστοδούλου,Παπανικολάου,"+
			"Κυριακίδης/Κυριακίδου,Ζαχαρίου,Σταθόπουλος/Σταθοπούλου,Μαυρίδης/Μαυρίδου,Οικονομίδης/Οικονομίδου,Ευαγγέλου,"+
			"Δημόπουλος/Δημοπούλου,Λαμπρόπουλος/Λαμπροπούλου,Κατσαρός/Κατσαρού"),
		build:        buildSlavic,
		latinConvs:   greekConvs,
		latinPrimary: []string{grELOT, grELOT, grCommon, grBGN}, latinShare: 0.3,
		marriedName: true,
	},
	// --- Arabic ---
	{
		id: "ar", script: "arabic", weight: 10,
		origins:  ParseCountries("SY:22 IQ:18 EG:12 MA:10 DZ:7 TN:6 LY:4 SD:7 JO:3 LB:3 PS:3 YE:3 SA:2"),
		diaspora: ParseCountries("DE:25 SE:10 FR:15 BE:8 NL:8 GB:8 IT:6 ES:6 AT:5 DK:4 TR:5"),
		build:    buildArabic, latinConvs: arabicConvs, latinShare: 0.3,
	},
	// --- Latin: Balkans ---
	{
		id: "bcs", script: "latin", weight: 3,
		origins:  ParseCountries("BA:45 HR:40 ME:15"),
		diaspora: ParseCountries("DE:35 AT:25 SE:10 CH:10 SI:10 US:5 IT:5"),
		male: names(1.0, "Ivan,Marko,Luka,Josip,Tomislav,Ante,Stjepan,Mario,Nikola,Emir,Amir,Adnan,Edin,Senad,Haris,Mirza,Kenan,Denis,"+
			"Dario,Damir,Dražen,Zlatan,Igor,Željko,Mladen"),
		female: names(1.0, "Ana,Marija,Ivana,Petra,Katarina,Lejla,Amra,Emina,Selma,Amela,Maja,Martina,Sanja,Jasmina,Mirela,Azra,"+
			"Nermina,Dijana,Željka,Vesna"),
		family: names(0.7, "Horvat,Kovačević,Babić,Marić,Jurić,Novak,Kovačić,Knežević,Vuković,Marković,Petrović,Matić,Tomić,Pavlović,"+
			"Božić,Blažević,Grgić,Pavić,Radić,Perić,Hodžić,Hadžić,Begić,Delić,Mehmedović,Hasanović,Halilović,Omerović,Husić,"+
			"Ibrahimović,Salihović,Karić,Šehić,Mujić,Alić,Bešić,Čolić,Đukić"),
		build: buildWestern, latinConvs: []string{"ascii", "icao"},
		cyrLang: "sr", foreignCyr: 0.2, marriedName: true,
	},
	{
		id: "sq", script: "latin", weight: 4,
		origins:  ParseCountries("AL:70 MK:22 ME:8"),
		diaspora: ParseCountries("IT:30 GR:25 DE:15 CH:10 GB:10 BE:5 US:5"),
		male: names(1.0, "Arben,Besnik,Agron,Ilir,Gentian,Fatmir,Artan,Blerim,Driton,Erion,Arjan,Klodian,Ardian,Shpëtim,Përparim,"+
			"Mërgim,Dritan,Gëzim,Florian,Elton,Endrit,Valon,Liridon,Bujar,Skënder"),
		female: names(1.0, "Elira,Arta,Blerta,Besa,Drita,Fatjona,Mimoza,Vjosa,Albana,Ermira,Blerina,Anila,Jonida,Elona,Arbëresha,Lindita,"+
			"Valbona,Teuta,Flutura,Mirela"),
		family: names(0.7, "Hoxha,Krasniqi,Gashi,Berisha,Shala,Morina,Kelmendi,Leka,Dervishi,Çela,Mema,Shehu,Bajrami,Zeka,Rama,Kola,"+
			"Prifti,Dushku,Xhafa,Hysa,Lleshi,Bytyqi,Muça,Tahiri,Sinani,Qerimi,Rexhepi,Xhaferi,Ahmeti,Dauti"),
		build: buildWestern, latinConvs: []string{"ascii", "icao"},
		cyrLang: "sq", foreignCyr: 0.15,
	},
	// --- Latin: Eastern and Central Europe, Turkey ---
	{
		id: "ro", script: "latin", weight: 5,
		origins:  ParseCountries("RO:85 MD:15"),
		diaspora: ParseCountries("IT:30 ES:25 DE:15 GB:12 FR:8 AT:5 BE:5"),
		male: names(1.0, "Ion,Gheorghe,Vasile,Constantin,Mihai,Andrei,Alexandru,Ștefan,Nicolae,Florin,Marian,Adrian,Daniel,Cristian,"+
			"Gabriel,Ionuț,Marius,Dumitru,Petru,Cătălin,Bogdan,Costel,Vlad"),
		female: names(1.0, "Maria,Elena,Ioana,Andreea,Mihaela,Ana,Cristina,Daniela,Alexandra,Gabriela,Florentina,Nicoleta,Georgiana,"+
			"Alina,Ramona,Mădălina,Roxana,Denisa,Larisa,Ionela"),
		family: names(0.8, "Popescu,Popa,Pop,Radu,Dumitru,Stan,Stoica,Gheorghe,Matei,Ciobanu,Ionescu,Rusu,Munteanu,Constantin,Mihai,"+
			"Marin,Florea,Dinu,Ene,Lungu,Tudor,Toma,Moldovan,Sârbu,Neagu,Ștefan,Barbu,Nistor,Vasile,Mocanu,Lupu,Ardeleanu,Cristea,"+
			"Dobre,Nedelcu,Preda,Ilie,Zamfir,Oprea,Tănase,Voicu,Dragomir,Ursu,Bălan,Sandu,Bucur,Iordache,Manea"),
		given2Share: 0.25, build: buildWestern, latinConvs: []string{"ascii", "icao"},
		cyrLang: "ro", foreignCyr: 0.06, marriedName: true,
	},
	{
		id: "pl", script: "latin", weight: 2,
		origins:  ParseCountries("PL:100"),
		diaspora: ParseCountries("GB:35 DE:30 IE:10 NL:10 NO:10 US:5"),
		male: names(1.0, "Piotr,Krzysztof,Andrzej,Tomasz,Paweł,Michał,Marcin,Jan,Grzegorz,Jakub,Adam,Łukasz,Marek,Kamil,Mateusz,"+
			"Wojciech,Mariusz,Dariusz,Zbigniew,Rafał,Robert,Sebastian,Przemysław"),
		female: names(1.0, "Anna,Maria,Katarzyna,Małgorzata,Agnieszka,Barbara,Ewa,Krystyna,Magdalena,Elżbieta,Joanna,Aleksandra,"+
			"Monika,Zofia,Teresa,Danuta,Natalia,Karolina,Marta,Beata,Dorota,Justyna"),
		family: names(0.7, "Nowak,Kowalski,Wiśniewski,Wójcik,Kowalczyk,Kamiński,Lewandowski,Zieliński,Szymański,Woźniak,Dąbrowski,"+
			"Kozłowski,Jankowski,Mazur,Wojciechowski,Kwiatkowski,Krawczyk,Kaczmarek,Piotrowski,Grabowski,Zając,Pawłowski,Michalski,"+
			"Król,Wieczorek,Jabłoński,Wróbel,Nowakowski,Majewski,Olszewski,Stępień,Malinowski,Jaworski,Adamczyk,Dudek,Nowicki,"+
			"Pawlak,Górski,Witkowski,Walczak"),
		femFamily: femPolish, given2Share: 0.15, build: buildWestern, latinConvs: []string{"ascii", "icao"},
		cyrLang: "pl", foreignCyr: 0.05, marriedName: true,
	},
	{
		id: "tr", script: "latin", weight: 4,
		origins:  ParseCountries("TR:95 CY:5"),
		diaspora: ParseCountries("DE:45 NL:12 AT:10 FR:10 BE:8 GB:8 SE:7"),
		male: names(1.0, "Mehmet,Mustafa,Ahmet,Ali,Hüseyin,Hasan,İbrahim,İsmail,Osman,Yusuf,Murat,Ömer,Ramazan,Halil,Süleyman,"+
			"Abdullah,Mahmut,Recep,Salih,Fatih,Kadir,Emre,Burak,Serkan,Yasin"),
		female: names(1.0, "Fatma,Ayşe,Emine,Hatice,Zeynep,Elif,Meryem,Şerife,Zehra,Sultan,Hanife,Merve,Havva,Zeliha,Esra,Fadime,"+
			"Özlem,Hacer,Yasemin,Hülya,Büşra,Derya,Gülsüm,Kübra"),
		family: names(0.8, "Yılmaz,Kaya,Demir,Şahin,Çelik,Yıldız,Yıldırım,Öztürk,Aydın,Özdemir,Arslan,Doğan,Kılıç,Aslan,Çetin,Kara,"+
			"Koç,Kurt,Özkan,Şimşek,Polat,Özcan,Korkmaz,Çakır,Erdoğan,Yavuz,Can,Acar,Şen,Aktaş,Güler,Yalçın,Güneş,Bozkurt,Bulut,"+
			"Keskin,Ünal,Turan,Gül,Özer"),
		given2Share: 0.15, build: buildWestern, latinConvs: []string{"ascii", "icao"},
		cyrLang: "tr", foreignCyr: 0.05, foreignAr: 0.05, marriedName: true,
	},
	// --- Latin: Western Europe and the Anglosphere ---
	{
		id: "de", script: "latin", weight: 1.5,
		origins: ParseCountries("DE:80 AT:12 CH:8"),
		male: names(1.0, "Thomas,Michael,Andreas,Stefan,Christian,Daniel,Markus,Alexander,Jürgen,Klaus,Peter,Frank,Uwe,Jan,Tobias,"+
			"Sebastian,Matthias,Jörg,Sven,Dirk,Florian,Lukas"),
		female: names(1.0, "Sabine,Anna,Julia,Katharina,Andrea,Petra,Monika,Claudia,Susanne,Nicole,Stefanie,Christina,Sandra,Birgit,"+
			"Ursula,Jana,Lena,Sarah,Jessica,Laura"),
		family: names(0.7, "Müller,Schmidt,Schneider,Fischer,Weber,Meyer,Wagner,Becker,Schulz,Hoffmann,Schäfer,Koch,Bauer,Richter,"+
			"Klein,Wolf,Schröder,Neumann,Schwarz,Zimmermann,Braun,Krüger,Hofmann,Hartmann,Lange,Schmitt,Werner,Schmitz,Krause,Meier,"+
			"Lehmann,Schmid,Schulze,Maier,Köhler,Herrmann,König,Walter,Mayer,Huber,Kaiser,Fuchs,Peters,Lang,Scholz,Möller,Weiß,"+
			"Jung,Hahn,Vogel"),
		given2Share: 0.2, build: buildWestern, latinConvs: []string{"ascii", "icao"}, umlautE: true,
		cyrLang: "de", foreignCyr: 0.04, marriedName: true,
	},
	{
		id: "fr", script: "latin", weight: 1.5,
		origins: ParseCountries("FR:80 BE:12 CH:4 LU:2 CA:2"),
		male: names(1.0, "Jean,Pierre,Michel,Philippe,Nicolas,Christophe,Stéphane,Sébastien,Julien,Frédéric,Laurent,Olivier,David,"+
			"Thomas,Alexandre,François,Éric,Patrick,Guillaume,Mathieu,Jérôme,Cédric,Jean-Pierre,Jean-Luc,Jean-Marc,Jean-François"),
		female: names(1.0, "Marie,Nathalie,Isabelle,Sylvie,Catherine,Sandrine,Céline,Valérie,Christine,Stéphanie,Sophie,Aurélie,"+
			"Émilie,Julie,Hélène,Camille,Chloé,Léa,Manon,Laëtitia,Marie-Claire,Anne-Sophie,Marie-Christine"),
		family: names(0.7, "Martin,Bernard,Thomas,Petit,Robert,Richard,Durand,Dubois,Moreau,Laurent,Simon,Michel,Lefèvre,Leroy,Roux,"+
			"David,Bertrand,Morel,Fournier,Girard,Bonnet,Dupont,Lambert,Fontaine,Rousseau,Vincent,Muller,Lefebvre,Faure,André,Mercier,"+
			"Blanc,Guérin,Boyer,Garnier,Chevalier,François,Legrand,Gauthier,Garcia"),
		given2Share: 0.15, build: buildWestern, latinConvs: []string{"ascii", "icao"},
		cyrLang: "fr", foreignCyr: 0.04, marriedName: true,
	},
	{
		id: "it", script: "latin", weight: 2,
		origins: ParseCountries("IT:95 CH:3 SM:2"),
		male: names(1.0, "Giuseppe,Giovanni,Antonio,Mario,Luigi,Francesco,Angelo,Vincenzo,Pietro,Salvatore,Carlo,Franco,Domenico,"+
			"Bruno,Paolo,Michele,Giorgio,Aldo,Sergio,Luca,Marco,Alessandro,Andrea,Matteo"),
		female: names(1.0, "Maria,Anna,Giuseppina,Rosa,Angela,Giovanna,Teresa,Lucia,Carmela,Caterina,Francesca,Anna Maria,Antonietta,"+
			"Carla,Elena,Concetta,Rita,Margherita,Giulia,Sara,Chiara,Federica"),
		family: names(0.7, "Rossi,Russo,Ferrari,Esposito,Bianchi,Romano,Colombo,Ricci,Marino,Greco,Bruno,Gallo,Conti,De Luca,Mancini,"+
			"Costa,Giordano,Rizzo,Lombardi,Moretti,Barbieri,Fontana,Santoro,Mariani,Rinaldi,Caruso,Ferrara,Galli,Martini,Leone,Longo,"+
			"Gentile,Martinelli,Vitale,Lombardo,Serra,Coppola,De Santis,D'Angelo,Marchetti"),
		given2Share: 0.1, build: buildWestern, latinConvs: []string{"ascii", "icao"},
		cyrLang: "it", foreignCyr: 0.04,
	},
	{
		id: "en", script: "latin", weight: 2,
		origins: ParseCountries("US:40 GB:35 CA:8 AU:8 IE:6 NZ:3"),
		male: names(1.0, "James,John,Robert,Michael,William,David,Richard,Joseph,Thomas,Charles,Christopher,Daniel,Matthew,Anthony,"+
			"Mark,Paul,Steven,Andrew,Kevin,Brian,Gary,Jason,Ryan,Liam"),
		female: names(1.0, "Mary,Patricia,Jennifer,Linda,Elizabeth,Barbara,Susan,Jessica,Sarah,Karen,Lisa,Nancy,Emma,Laura,Michelle,"+
			"Amanda,Melissa,Rebecca,Emily,Hannah"),
		family: names(0.7, "Smith,Johnson,Williams,Brown,Jones,Miller,Davis,Wilson,Taylor,Anderson,Thomas,Moore,Jackson,Martin,Lee,"+
			"Thompson,White,Harris,Clark,Lewis,Robinson,Walker,Young,Allen,King,Wright,Scott,Hill,Green,Adams,Baker,Evans,Roberts,"+
			"Davies,O'Brien,Murphy,Kelly,Walsh,McCarthy,MacDonald"),
		given2Share: 0.45, build: buildWestern, latinConvs: []string{"icao"},
		foreignCyr: 0.04, foreignAr: 0.02, marriedName: true,
	},
	// --- Latin: Latin America and the Lusophone world ---
	{
		id: "es", script: "latin", weight: 9,
		origins:  ParseCountries("CO:20 VE:15 MX:12 ES:8 PE:7 EC:6 DO:5 HN:5 GT:5 SV:4 BO:3 PY:3 AR:3 CU:2 NI:2"),
		diaspora: ParseCountries("ES:45 US:25 IT:10 CL:8 FR:4 DE:4 PT:4"),
		male: names(0.9, "José,Juan,Luis,Carlos,Jorge,Miguel,Antonio,Francisco,Manuel,Pedro,Jesús,Alejandro,Fernando,Ricardo,Javier,"+
			"Andrés,Diego,David,Daniel,Rafael,Eduardo,Sergio,Óscar,Julio,Víctor,Héctor,Raúl,Roberto,Mario,Jhon,Brayan,Yeison,Wilmer,"+
			"Edwin,Alexis,Juan Carlos,José Luis,Luis Alberto,Juan Pablo,José Antonio,Miguel Ángel,Jorge Luis,Carlos Andrés,Juan José,José Manuel"),
		female: names(0.9, "María,Ana,Carmen,Rosa,Laura,Daniela,Valentina,Sofía,Gabriela,Andrea,Paola,Carolina,Diana,Sandra,Patricia,"+
			"Claudia,Lucía,Isabel,Marta,Luz,Yesenia,Leidy,Yuliana,Angie,Natalia,Camila,Mariana,Verónica,Adriana,María José,"+
			"María Fernanda,Ana María,María del Carmen,Luz Marina,María Alejandra,María Isabel,Ana Lucía,María Camila,Rosa María"),
		family: names(0.75, "García,Rodríguez,González,Hernández,López,Martínez,Pérez,Sánchez,Ramírez,Torres,Flores,Rivera,Gómez,Díaz,"+
			"Reyes,Morales,Cruz,Ortiz,Gutiérrez,Chávez,Ramos,Vargas,Castillo,Jiménez,Moreno,Romero,Herrera,Medina,Aguilar,Mendoza,Ruiz,"+
			"Álvarez,Castro,Fernández,Vásquez,Rojas,Muñoz,Suárez,Salazar,Guzmán,Peña,Delgado,Cárdenas,Ríos,Mejía,Ospina,Londoño,"+
			"Quintero,Cortés,Sandoval,Acosta,Cabrera,Benítez,Rincón,Zapata,Montoya,Valencia,Arias,Osorio,Giraldo,Cano,Marín,de la Cruz"),
		family2Share: 0.85, build: buildWestern, latinConvs: []string{"ascii", "icao"},
		cyrLang: "es", foreignCyr: 0.05,
	},
	{
		id: "pt", script: "latin", weight: 3,
		origins:  ParseCountries("BR:80 PT:12 AO:4 CV:2 MZ:2"),
		diaspora: ParseCountries("PT:40 ES:15 IT:15 US:15 GB:10 FR:5"),
		male: names(1.0, "João,José,Antônio,Francisco,Carlos,Paulo,Pedro,Lucas,Luiz,Marcos,Luis,Gabriel,Rafael,Daniel,Marcelo,Bruno,"+
			"Eduardo,Felipe,Raimundo,Rodrigo,Thiago,Leandro"),
		female: names(1.0, "Maria,Ana,Francisca,Antônia,Adriana,Juliana,Márcia,Fernanda,Patrícia,Aline,Sandra,Camila,Amanda,Bruna,"+
			"Jéssica,Letícia,Júlia,Luciana,Vanessa,Mariana"),
		family: names(0.8, "Silva,Santos,Oliveira,Souza,Rodrigues,Ferreira,Alves,Pereira,Lima,Gomes,Costa,Ribeiro,Martins,Carvalho,"+
			"Almeida,Lopes,Soares,Fernandes,Vieira,Barbosa,Rocha,Dias,Nascimento,Andrade,Moreira,Nunes,Marques,Machado,Mendes,Freitas,"+
			"Cardoso,Ramos,Gonçalves,Santana,Teixeira,Araújo,Pinto,Correia,Monteiro,Jesus,Conceição"),
		particles: map[string]string{"Silva": "da", "Santos": "dos", "Oliveira": "de", "Souza": "de", "Jesus": "de",
			"Nascimento": "do", "Costa": "da", "Conceição": "da", "Almeida": "de", "Andrade": "de"},
		particleShare: 0.5, given2Share: 0.3, family2Share: 0.6, build: buildPortuguese,
		latinConvs: []string{"ascii", "icao"}, cyrLang: "pt", foreignCyr: 0.03,
	},
	// --- Latin: West and East Africa ---
	{
		id: "ng", script: "latin", weight: 7,
		origins:  ParseCountries("NG:100"),
		diaspora: ParseCountries("IT:25 GB:30 ES:10 DE:10 AT:5 NL:5 IE:5 US:10"),
		male: names(0.8, "Chinedu,Emeka,Oluwa|seun,Tunde,Ifeanyi,Chukwu|emeka,Samuel,David,Emmanuel,Daniel,Michael,John,Joseph,Ibrahim,"+
			"Musa,Abubakar,Osagie,Efosa,Osaretin,Uyi,Olu|mide,Baba|tunde,Ade|wale,Ike|chukwu,Obinna,Kelechi,Segun,Kehinde,Taiwo,"+
			"Godwin,Sunday,Friday,Peter,Victor,Uche,Nnamdi"),
		female: names(0.8, "Blessing,Precious,Joy,Chioma,Ngozi,Funmi|layo,Adaeze,Esther,Grace,Favour,Mercy,Gift,Patience,Faith,"+
			"Osasere,Ivie,Eki,Omosede,Amaka,Nneka,Ifeoma,Folake,Bukola,Aisha,Fatima,Hauwa,Zainab,Queen,Princess,Success,Peace,"+
			"Comfort,Happiness,Esohe"),
		family: names(0.6, "Okafor,Okonkwo,Eze,Osagie,Omoregie,Igbinedion,Nwosu,Okeke,Obi,Chukwu,Nwa|chukwu,Ade|yemi,Ade|bayo,"+
			"Ogun|leye,Olawale,Oladipo,Afolabi,Balogun,Bello,Abubakar,Mohammed,Ibrahim,Musa,Usman,Osaro,Eghosa,Aghedo,Ehigiator,"+
			"Obasogie,Edobor,Idahosa,Ogbebor,Okoro,Nnadi,Onyeka,Adeleke,Ogunbiyi,Akinola,Eboh,Odia"),
		given2Share: 0.35, build: buildWestern, latinConvs: []string{"icao"},
		foreignCyr: 0.05, foreignAr: 0.08, marriedName: true,
	},
	{
		id: "gh", script: "latin", weight: 1.5,
		origins:  ParseCountries("GH:100"),
		diaspora: ParseCountries("GB:40 DE:20 IT:20 NL:10 US:10"),
		male:     names(0.9, "Kwame,Kofi,Kwabena,Yaw,Kwaku,Kwasi,Kojo,Emmanuel,Samuel,Isaac,Daniel,Prince,Ebenezer,Richard,Eric"),
		female:   names(0.9, "Akosua,Ama,Abena,Efua,Adwoa,Akua,Yaa,Esi,Afua,Grace,Mercy,Gifty,Comfort,Patience,Rita"),
		family: names(0.7, "Mensah,Owusu,Boateng,Asante,Osei,Appiah,Adjei,Agyei,Amoah,Addo,Ofori,Darko,Acheampong,Danquah,Quaye,"+
			"Tetteh,Annan,Badu,Opoku,Antwi,Asamoah,Sarpong,Yeboah,Frimpong,Nkrumah"),
		given2Share: 0.3, build: buildWestern, latinConvs: []string{"icao"},
		foreignAr: 0.05,
	},
	{
		id: "wa", script: "latin", weight: 5,
		origins:  ParseCountries("GN:18 ML:16 CI:16 SN:14 BF:10 SL:8 GM:7 NE:4 MR:3"),
		diaspora: ParseCountries("FR:35 IT:25 ES:20 BE:5 DE:10 GB:5"),
		male: names(0.9, "Mamadou,Moussa,Ibrahima,Amadou,Abdoulaye,Ousmane,Souleymane,Seydou,Boubacar,Lamine,Cheikh,Modou,Alpha,Issa,"+
			"Adama,Oumar,Sekou,Bakary,Alassane,Youssouf,Mohamed,Aliou,Idrissa,Karim,Demba,Saliou"),
		female: names(0.9, "Aminata,Fatoumata,Mariam,Awa,Kadiatou,Fanta,Aïssatou,Mariama,Hawa,Rokia,Assitan,Ramata,Oumou,Fatou,Adja,"+
			"Ndeye,Khady,Bintou,Kadidia,Djeneba,Salimata,Safiatou,Coumba,Astou"),
		family: names(0.7, "Diallo,Traoré,Coulibaly,Camara,Keita,Konaté,Sow,Bah,Barry,Touré,Diarra,Cissé,Ndiaye,Diop,Fall,Sylla,Kanté,"+
			"Kouyaté,Sangaré,Dembélé,Konaré,Sidibé,Ba,Gueye,Sarr,Faye,Mbaye,Ouédraogo,Sawadogo,Kaboré,Zongo,Koné,Ouattara,Bamba,"+
			"Doumbia,Fofana,Condé,Soumah,Kamara,Jallow,Ceesay,Jammeh,Sesay,Kargbo,Conteh,Bangura"),
		build: buildWestern, latinConvs: []string{"ascii", "icao", "spell"},
		spell: map[string][]string{
			"Mamadou": {"Mamadu"}, "Ousmane": {"Usman", "Osman"}, "Abdoulaye": {"Abdulai"}, "Aïssatou": {"Aisatu", "Aissatou"},
			"Fatoumata": {"Fatumata"}, "Touré": {"Ture"}, "Diallo": {"Jallow"}, "Jallow": {"Diallo"}, "Cissé": {"Ceesay"},
			"Ceesay": {"Cissé"}, "Ndiaye": {"Njie"}, "Konaté": {"Konateh"}, "Sow": {"Sowe"}, "Bah": {"Ba"}, "Camara": {"Kamara"},
			"Kamara": {"Camara"}, "Mbaye": {"Mbye"}, "Kouyaté": {"Kuyateh"}, "Souleymane": {"Suleiman"}, "Youssouf": {"Yusuf"},
			"Ibrahima": {"Ibrahim"}, "Moussa": {"Musa"}, "Oumar": {"Omar"}, "Seydou": {"Saidu"}, "Sekou": {"Sekouba"},
			"Boubacar": {"Abubakar"}, "Traoré": {"Trawally"}, "Sesay": {"Cissé"}, "Aminata": {"Aminatta"}},
		foreignAr: 0.15, foreignCyr: 0.03,
	},
	{
		id: "hn", script: "latin", weight: 4,
		origins:  ParseCountries("ER:55 ET:40 SD:5"),
		diaspora: ParseCountries("DE:25 SE:20 NL:15 GB:15 IT:10 CH:10 NO:5"),
		male: names(0.8, "Yonas,Dawit,Samuel,Mehari,Filmon,Tesfaye,Yohannes,Berhane,Haile,Kidane,Tekle,Mulugeta,Abraham,Daniel,Amanuel,"+
			"Habtom,Mussie,Biniam,Merhawi,Tedros,Henok,Girma,Solomon,Tewelde,Ghirmay"),
		female: names(0.8, "Senait,Helen,Selam,Meron,Tsega,Saba,Luwam,Ruth,Feven,Hiwet,Almaz,Tigist,Mekdes,Eden,Hanna,Yordanos,Rahel,"+
			"Mebrat,Semhar,Winta"),
		family: names(0.6, "Gebre|mariam,Gebre|medhin,Haile|mariam,Tesfay,Tekle|haimanot,Wolde|michael,Kidane,Berhe,Ghebre|yesus,Habte,"+
			"Ghebre|meskel,Mengistu,Abraha,Asfaw,Kahsay,Tewolde,Fesseha,Weldu,Desta,Negash,Okbazghi,Woldu,Ghebre|hiwet,Tsegay"),
		patronymicShare: 0.3, build: buildChain, latinConvs: []string{"icao", "spell"},
		spell: map[string][]string{"Tesfay": {"Tesfaye"}, "Tesfaye": {"Tesfay"}, "Yohannes": {"Yohanes"}, "Haile": {"Hayle"},
			"Gebremariam": {"Ghebremariam"}, "Gebremedhin": {"Ghebremedhin"}, "Ghebreyesus": {"Gebreyesus"}, "Mussie": {"Musie"},
			"Woldemichael": {"Weldemichael"}, "Tsegay": {"Tsegaye"}, "Berhe": {"Berhie"}, "Habte": {"Habtay"}},
		foreignAr: 0.2, jan1: 0.3,
	},
	{
		id: "so", script: "latin", weight: 2,
		origins:         ParseCountries("SO:85 KE:5 ET:5 DJ:5"),
		diaspora:        ParseCountries("GB:25 SE:20 NL:10 NO:10 DE:10 US:15 FI:10"),
		male:            names(0.9, "Mohamed,Ahmed,Abdi,Ali,Hassan,Hussein,Abdullahi,Yusuf,Ismail,Omar,Ibrahim,Farah,Warsame,Jama,Adan,Mohamud,Osman,Nur,Said,Khalid"),
		female:          names(0.9, "Fadumo,Khadija,Hodan,Sahra,Maryan,Ayan,Halima,Asha,Sadia,Hibaaq,Nimo,Deka,Muna,Ifrah,Fartun"),
		family:          names(0.9, "Mohamed,Ahmed,Abdi,Ali,Hassan,Hussein,Abdullahi,Yusuf,Ismail,Omar,Ibrahim,Farah,Warsame,Jama,Adan,Mohamud,Osman,Nur,Said,Khalid"),
		patronymicShare: 0.7, build: buildChain, latinConvs: []string{"icao", "spell"},
		spell: map[string][]string{"Mohamed": {"Maxamed"}, "Ahmed": {"Axmed"}, "Abdi": {"Cabdi"}, "Ali": {"Cali"}, "Hassan": {"Xasan"},
			"Hussein": {"Xuseen"}, "Abdullahi": {"Cabdullaahi"}, "Yusuf": {"Yuusuf"}, "Ismail": {"Ismaaciil"}, "Omar": {"Cumar"},
			"Ibrahim": {"Ibraahim"}, "Farah": {"Faarax"}, "Jama": {"Jaamac"}, "Adan": {"Aadan"}, "Mohamud": {"Maxamuud"},
			"Osman": {"Cismaan"}, "Nur": {"Nuur"}, "Said": {"Siciid"}, "Khalid": {"Khaalid"}, "Fadumo": {"Faadumo"},
			"Khadija": {"Khadiija"}, "Halima": {"Xaliimo"}, "Asha": {"Caasha"}, "Sadia": {"Sacdiyo"}, "Nimo": {"Nimco"}, "Deka": {"Deeqa"},
			"Fartun": {"Fartuun"}, "Maryan": {"Mariam"}},
		foreignAr: 0.25, jan1: 0.35,
	},
	// --- Latin: South and Central Asia ---
	{
		id: "af", script: "latin", weight: 3,
		origins:  ParseCountries("AF:85 IR:10 PK:5"),
		diaspora: ParseCountries("DE:35 AT:15 SE:10 GB:10 FR:10 NL:5 TR:15"),
		male: names(0.9, "Ahmad,Ali,Gul,Noor,Abdullah,Hamid,Wahid,Rahim,Karim,Najib,Farid,Jawad,Hamed,Sayed,Mirwais,Zabih|ullah,"+
			"Rahmat|ullah,Hekmat|ullah,Naqib|ullah,Sultan,Bashir,Nasir,Qasim,Jamshid,Ramin,Omid"),
		female: names(0.9, "Fatima,Maryam,Zahra,Masooma,Nasrin,Parwana,Shabnam,Soraya,Farzana,Nargis,Roya,Freshta,Zarghona,Malalai,"+
			"Hadia,Sima,Laila,Mina,Khadija,Nazifa"),
		family: names(0.7, "Ahmadi,Mohammadi,Rahimi,Hakimi,Noori,Sultani,Karimi,Hussaini,Rezaei,Hashimi,Stanekzai,Popal,Durrani,Safi,"+
			"Amiri,Sharifi,Azizi,Haidari,Jafari,Naseri,Yousufzai,Wardak,Kakar,Mangal,Achakzai,Sadat,Habibi,Rasuli,Samadi,Qaderi"),
		build: buildAfghan, latinConvs: []string{"icao", "spell"},
		spell: map[string][]string{"Mohammad": {"Mohammed", "Muhammad"}, "Ahmad": {"Ahmed"}, "Noor": {"Nur"}, "Hamid": {"Hameed"},
			"Wahid": {"Waheed"}, "Rahim": {"Raheem"}, "Karim": {"Kareem"}, "Najib": {"Najeeb"}, "Farid": {"Fareed"},
			"Sayed": {"Sayyid", "Said"}, "Hussaini": {"Hosseini"}, "Noori": {"Nouri"}, "Yousufzai": {"Yousafzai"}, "Rezaei": {"Rezai"},
			"Zabihullah": {"Zabiullah"}, "Masooma": {"Masuma"}, "Freshta": {"Fereshta"}},
		foreignAr: 0.3, jan1: 0.4,
	},
	{
		id: "pk", script: "latin", weight: 5,
		origins:  ParseCountries("PK:50 BD:45 IN:5"),
		diaspora: ParseCountries("GB:45 IT:20 GR:10 ES:10 DE:5 FR:5 US:5"),
		male: names(0.9, "Muhammad,Mohammad,Md,Ali,Ahmed,Imran,Usman,Bilal,Hamza,Asif,Zubair,Kamran,Faisal,Shahid,Tariq,Abdul Rehman,"+
			"Waqas,Adnan,Rashid,Nadeem,Sajid,Rahim,Kamal,Jamal,Habib,Rafiqul,Shafiqul,Anwar,Jahangir,Aminul"),
		female: names(0.9, "Fatima,Ayesha,Maryam,Sana,Zainab,Hina,Nasreen,Shazia,Rubina,Sadia,Farzana,Nusrat,Taslima,Shahnaz,Razia,"+
			"Roksana,Sharmin,Nazma,Shirin,Sultana,Rehana,Shamima"),
		family: names(0.8, "Khan,Ahmed,Ali,Hussain,Islam,Rahman,Hossain,Shah,Malik,Iqbal,Butt,Chaudhry,Qureshi,Sheikh,Uddin,Miah,"+
			"Akhtar,Raza,Mirza,Rana,Baig,Siddiqui,Chowdhury,Sarkar,Talukder,Mondal,Sikder,Bhuiyan,Howlader"),
		familyF: names(1.0, "Begum,Akter,Khatun,Bibi,Sultana"), familyFShare: 0.45,
		given2Share: 0.25, build: buildWestern, latinConvs: []string{"icao", "spell"},
		spell: map[string][]string{"Muhammad": {"Mohammad", "Mohammed"}, "Mohammad": {"Muhammad", "Md"}, "Md": {"Mohammad", "Mohd"},
			"Hussain": {"Hossain", "Husain"}, "Hossain": {"Hussain", "Hosen"}, "Chaudhry": {"Chaudhary", "Choudhury"},
			"Chowdhury": {"Choudhury", "Chaudhry"}, "Akter": {"Akhter", "Akhtar"}, "Miah": {"Mia"}, "Rahman": {"Rehman"},
			"Abdul Rehman": {"Abdur Rahman"}, "Uddin": {"Uddeen"}, "Siddiqui": {"Siddiqi"}, "Ayesha": {"Aisha"}, "Nasreen": {"Nasrin"},
			"Qureshi": {"Kureshi"}},
		foreignAr: 0.1,
	},
	{
		id: "in", script: "latin", weight: 3,
		origins:  ParseCountries("IN:70 NP:30"),
		diaspora: ParseCountries("GB:40 US:20 IT:15 DE:10 CA:15"),
		male: names(0.9, "Rajesh,Sunil,Amit,Ramesh,Suresh,Vijay,Sanjay,Rahul,Anil,Manoj,Deepak,Ravi,Ashok,Rakesh,Santosh,Gurpreet,"+
			"Harpreet,Manpreet,Jaswinder,Sandeep,Arjun,Vikram,Krishna,Mukesh,Bikash,Ram Bahadur"),
		female: names(0.9, "Priya,Sunita,Anita,Pooja,Neha,Kavita,Rekha,Geeta,Asha,Lakshmi,Savita,Meena,Jyoti,Manpreet,Simran,Kiran,"+
			"Sita,Radha,Usha,Deepika"),
		family: names(0.8, "Kumar,Singh,Sharma,Yadav,Patel,Gupta,Verma,Das,Reddy,Mishra,Prasad,Pandey,Shah,Mehta,Joshi,Rao,Nair,"+
			"Chauhan,Thakur,Gill,Sandhu,Sidhu,Dhillon,Shrestha,Tamang,Gurung,Rai,Magar,Thapa,Bhatt"),
		familyF: names(1.0, "Devi,Kumari,Kaur"), familyFShare: 0.35,
		build: buildWestern, latinConvs: []string{"icao"},
		foreignAr: 0.05, marriedName: true,
	},
	// --- Latin: East and South-East Asia ---
	{
		id: "vi", script: "latin", weight: 4,
		origins:  ParseCountries("VN:100"),
		diaspora: ParseCountries("GB:25 DE:25 CZ:15 FR:10 PL:10 US:10 RU:5"),
		male: names(1.0, "Hùng,Dũng,Tuấn,Minh,Nam,Hải,Long,Hoàng,Thắng,Quang,Sơn,Trung,Phúc,Hiếu,Đạt,Cường,Huy,Khoa,Tài,Bình,Phong,"+
			"Anh,Tùng,Việt"),
		female: names(1.0, "Lan,Hương,Linh,Mai,Hoa,Trang,Thảo,Hằng,Ngọc,Phương,Hà,Nhung,Huyền,Yến,Thủy,Dung,Hạnh,Loan,Oanh,Vy,Nga,"+
			"Giang,Quỳnh,Anh"),
		family:  names(1.3, "Nguyễn,Trần,Lê,Phạm,Hoàng,Huỳnh,Phan,Vũ,Võ,Đặng,Bùi,Đỗ,Hồ,Ngô,Dương,Lý,Đinh,Trịnh,Đoàn,Lương,Mai,Cao,Tạ,Lâm,Tô"),
		middleM: names(1.6, "Văn,Đức,Minh,Quốc,Hữu,Thanh,Công,Xuân,Ngọc"),
		middleF: names(1.8, "Thị,Ngọc,Thu,Thanh,Kim,Mỹ,Hồng,Phương"),
		build:   buildVietnamese, familyFirst: true, latinConvs: []string{"ascii", "icao"},
		cyrLang: "vi", foreignCyr: 0.08,
	},
	{
		id: "zh", script: "latin", weight: 3,
		origins:  ParseCountries("CN:90 TW:4 HK:3 MY:3"),
		diaspora: ParseCountries("IT:20 ES:15 GB:15 US:20 FR:10 CA:10 KH:10"),
		family: names(0.9, "Wang,Li,Zhang,Liu,Chen,Yang,Huang,Zhao,Wu,Zhou,Xu,Sun,Ma,Zhu,Hu,Guo,He,Lin,Gao,Luo,Zheng,Liang,Xie,Song,"+
			"Tang,Han,Feng,Deng,Cao,Peng,Zeng,Xiao,Tian,Dong,Pan,Yuan,Cai,Jiang,Yu,Du"),
		male: zhMale, female: zhFemale, build: buildChinese, familyFirst: true, latinConvs: []string{"icao"},
		foreignCyr: 0.05,
	},
	{
		id: "th", script: "latin", weight: 2,
		origins:  ParseCountries("TH:85 LA:8 MM:4 KH:3"),
		diaspora: ParseCountries("DE:20 GB:20 SE:10 US:20 AE:10 IL:20"),
		male: names(0.9, "Somchai,Somsak,Somkiat,Sompong,Wichai,Prasert,Surachai,Anan,Thanakorn,Nattapong,Kittisak,Chaiwat,Sakda,"+
			"Boonmee,Narong,Preecha,Thawatchai"),
		female: names(0.9, "Malee,Siriporn,Nattaya,Somying,Pranee,Wanida,Kanya,Supaporn,Ratana,Pornthip,Jintana,Sunisa,Kannika,"+
			"Duangjai,Arunee,Nittaya,Chutima,Pimchanok"),
		build: buildThai, latinConvs: []string{"icao"},
	},
	{
		id: "ph", script: "latin", weight: 2.5,
		origins:  ParseCountries("PH:100"),
		diaspora: ParseCountries("US:30 IT:15 GB:15 CA:15 ES:10 DE:5 CY:10"),
		male: names(0.9, "Jose,Juan,Mark,John Paul,Michael,Christian,Jonathan,Ryan,Jerome,Rodrigo,Ramon,Eduardo,Joel,Arnel,Rolando,"+
			"Reynaldo,Jayson,Jomar"),
		female: names(0.9, "Maria,Mary Grace,Jennifer,Michelle,Rowena,Marites,Maricel,Jocelyn,Analyn,Lorena,Cristina,Rosalie,Divina,"+
			"Lovely,Princess,Angelica,Kristine,Mary Joy"),
		family: names(0.7, "Santos,Reyes,Cruz,Bautista,Ocampo,Garcia,Mendoza,Torres,Tomas,Andrada,Castillo,Flores,Villanueva,Ramos,"+
			"Castro,Rivera,Aquino,Navarro,Salazar,Mercado,dela Cruz,De Leon,Dizon,Manalo,Pascual,Gonzales,Lopez,Soriano,Aguilar,Marquez"),
		middleIsFamily: true, build: buildWestern, latinConvs: []string{"icao"},
		foreignAr: 0.05, marriedName: true,
	},
}

var cultureCum = func() Cumulative {
	ws := make([]float64, len(cultures))
	for i, c := range cultures {
		ws[i] = c.weight
	}
	return Cumulate(ws)
}()

func pickCulture(r *Rand) *culture { return cultures[cultureCum.Pick(r)] }
