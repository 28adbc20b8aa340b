package screen

import (
	"math"
	"strings"
)

// Common name parts, by rough share of the world's people who bear them, so
// that Compare (which has no index to count in) can weigh "Mohammed" and
// "Nguyen" below a rare family name. The lists are looked up by phonetic key,
// so every romanisation of a listed name (Muhammad, Mehmet, محمد) is common
// too. An index blends these shares with its own counts (see partWeight).
var (
	commonNamesVeryFrequent = `
mohammed muhammad mohamed ahmed ali hassan hussein ibrahim abdullah omar mahmoud
fatima khan nguyen tran le pham wang li zhang liu chen yang huang zhao wu zhou
kim lee park kumar singh sharma devi patel garcia rodriguez martinez lopez
gonzalez hernandez perez sanchez smith jones johnson ivanov ivanova silva santos
maria ana jose juan john david james mary jean joseph
choi choe jung jeong kang cho yoon jang lim
`
	commonNamesFrequent = `
abdul abdel rahman karim mustafa yusuf khalid said saeed hamid rashid aziz
jamal salem salim nasser youssef hamza bilal tariq samir adel amin anwar
ayesha aisha zainab mariam khadija amina noor layla hussain hasan hossain
islam rahman begum akter uddin miah sheikh shaikh ahmad mohammad
nur putri dewi siti sri wati
xu sun ma zhu hu guo he gao lin luo zheng liang xie song tang han feng deng
cao peng zeng xiao tian dong yuan pan cai jiang yu du ye cheng wei su lu ding
ren shen yao jiang choi jung kang cho yoon jang lim han oh seo shin kwon hwang
vo dang bui do ho ngo duong ly van thi minh anh hoang huynh phan vu
gupta verma yadav reddy rao das mishra jain shah mehta joshi bose ghosh
ram raj sunita anita priya lakshmi
fernandez gomez diaz martin ruiz ramirez flores torres rivera cruz morales
reyes ortiz gutierrez chavez ramos vasquez castillo jimenez moreno romero
alvarez mendoza herrera medina aguilar vargas castro rojas
carlos luis jorge pedro miguel antonio manuel francisco javier alejandro
fernando ricardo roberto eduardo sergio rafael daniel andres
carmen rosa lucia isabel teresa laura sofia elena patricia gabriela
oliveira souza lima pereira costa ferreira alves rocha almeida ribeiro
carvalho gomes araujo barbosa
williams brown taylor davies wilson evans thomas roberts walker wright
robinson thompson white hughes edwards green hall wood harris clarke jackson
miller davis anderson moore martin lewis clark young allen king scott
michael robert william richard charles thomas christopher paul mark george
peter andrew steven kenneth edward brian
elizabeth jennifer linda barbara susan jessica sarah karen nancy margaret
lisa betty helen sandra anna
muller schmidt schneider fischer weber meyer wagner becker schulz hoffmann
koch bauer richter klein wolf schroder neumann schwarz
hans klaus jurgen wolfgang stefan thomas andreas
dubois durand leroy moreau simon laurent lefebvre michel bernard petit
pierre jacques philippe nicolas alain marie anne catherine nathalie
rossi russo ferrari esposito bianchi romano colombo ricci marino greco
giuseppe giovanni francesco marco luca andrea
smirnov kuznetsov popov vasiliev petrov sokolov mikhailov novikov fedorov
morozov volkov alekseev lebedev semenov egorov pavlov kozlov stepanov
nikolaev orlov andreev makarov nikitin zakharov
smirnova kuznetsova popova petrova sokolova
alexander aleksandr sergey sergei dmitry andrey alexey vladimir ivan nikolai
yuri mikhail pavel oleg igor viktor maxim
olga tatiana natalia irina svetlana ekaterina yelena anastasia
kowalski nowak wisniewski wojcik kowalczyk kaminski lewandowski zielinski
szymanski wozniak dabrowski
horvat kovacevic babic maric juric novak jovanovic petrovic nikolic markovic
djordjevic stojanovic ilic stankovic
yilmaz kaya demir sahin celik yildiz yildirim ozturk aydin ozdemir arslan
dogan kilic aslan cetin kara koc kurt ozkan simsek
mehmet mustafa ahmet ali huseyin hasan ibrahim ismail osman yusuf murat
emre fatma ayse emine hatice zeynep elif
papadopoulos papadakis georgiou dimitriou nikolaou ioannou
georgios dimitrios ioannis konstantinos nikolaos
cohen levi mizrahi peretz biton friedman
okafor okeke adeyemi mensah osei boateng diallo traore keita coulibaly toure
kone camara sow ba ndiaye diop fall mohamud hussen tesfaye bekele
abebe girma haile tadesse kebede
emmanuel joseph samuel blessing grace mercy esther ruth
young yeong hee hui min jun joon ji sung seong hyun hyeon soo yoon woo jin hye
eun dong seok suk chul cheol jae won kyung gyeong tae sang joo yeon sun seon
hyuk hyeok hoon hun bin chan seo kwon shin
`
	commonNamesOccasional = `
abbas abbasi abdelaziz abdelkader abdou abid adam adnan afzal ahmadi akbar
akram alam alawi amir amjad arif asad ashraf asif atef ayman ayoub azam
badr bakr bashir basim dawood faisal farid farouk fawzi ghani habib hadi
hafez hakim halim hamdan hani harun haydar hisham idris ilyas imran iqbal
irfan ishaq jaber jafar jalal jawad kamal kareem latif majid malik mansour
marwan masood moussa munir murad nabil nadeem naeem najib nasir nawaz
qasim rafiq rami riaz sabri sadiq safwan saleh sami shahid shakir sharif
sultan taha tahir talal usman waleed yasin yasser younis zaid zaki zubair
rania dina hana huda iman leila lina maha mona nadia rana reem salma samira
sara yasmin zahra zeinab
al-masri haddad khoury nassar saleh mansour darwish hamdan odeh
oleksandr volodymyr mykola andriy yuriy vasyl petro taras bohdan
shevchenko kovalenko bondarenko tkachenko kravchenko boyko melnyk
lukas jonas tomas petras
mamadou amadou ibrahima moussa ousmane souleymane abdoulaye aminata fatoumata
mariama kadiatou oumar seydou
ramesh rakesh suresh mahesh rajesh dinesh ganesh mukesh kumari
ion ioana mihai andrei gheorghe vasile popescu ionescu mario jesus
marija marina ivana milica jelena dragan goran zoran
`
)

// particles are name parts that say "son of", "of the", "from": present in
// one rendering and absent in another, they weigh little. Le and Das are
// not among them: they are among the commonest family names of Vietnam (Lê)
// and Bengal, and a family name must be able to contradict another.
var particles = map[string]bool{
	"al": true, "el": true, "bin": true, "ibn": true, "bint": true, "abu": true,
	"van": true, "von": true, "de": true, "da": true, "di": true, "del": true,
	"la": true, "der": true, "den": true, "dos": true,
	// abd (servant of) is the first half of a compound (Abd Allah, Abd
	// al-Rahman), as abu is of a kunya: alone it names no one
	"abd": true,
	"ben": true, "du": true, "des": true, "ter": true, "ten": true, "ul": true,
	// Arabic script without vowels: بن, ابن, بنت, ابو
	"bn": true, "abn": true, "bnt": true, "ab": true,
}

// titles are the titles and honorifics written before a name (Dr, Sheikh,
// Haji, Minister): first in a name of three parts or more, one is read as
// a particle, which weighs little and never stands for a name part (Mr
// is not Maria).
var titles = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "miss": true, "dr": true, "prof": true, "professor": true,
	"sheikh": true, "shaikh": true, "sheik": true, "haji": true, "hajji": true, "hadji": true,
	"sayyid": true, "mullah": true, "imam": true, "maulana": true, "mufti": true,
	"minister": true, "general": true, "gen": true, "colonel": true, "col": true,
	"captain": true, "capt": true, "lieutenant": true, "lt": true, "brigadier": true, "admiral": true,
	"senator": true, "judge": true, "president": true, "ambassador": true, "governor": true,
	"sir": true, "rev": true, "reverend": true,
	"monsieur": true, "madame": true, "herr": true, "frau": true, "senor": true, "senora": true,
	"gospodin": true,
}

// sunArticle reports whether tok is the article al assimilated to the next
// part (ar-Rahman, as-Sayed, ash-Shami, ad-Din, at-Tayeb, az-Zahra).
func sunArticle(tok, next string) bool {
	switch tok {
	case "ar", "as", "ad", "at", "az":
		return len(next) > 0 && next[0] == tok[1]
	case "ash", "adh", "ath":
		return len(next) > 1 && next[:2] == tok[1:]
	}
	return false
}

const (
	freqVeryFrequent = 0.01
	freqFrequent     = 0.003
	freqOccasional   = 0.001
	// freqUnknown is the share assumed for a part in no list: rare, but not
	// as rare as a part seen once in a million records.
	freqUnknown = 2e-5

	// particleWeight is the weight of a particle: enough to prefer the
	// rendering that has it, too little to matter when it is missing.
	particleWeight = 0.2
	initialWeight  = 0.5
	minWeight      = 0.5
	maxWeight      = 5.0
)

// commonByKey maps a phonetic key to the share of the commonest listed name
// with that key.
var commonByKey = func() map[string]float64 {
	m := make(map[string]float64)
	add := func(list string, f float64) {
		for _, name := range strings.Fields(list) {
			for _, tok := range strings.Fields(Normalize(name)) {
				k := string(phoneticKey(nil, tok))
				if m[k] < f {
					m[k] = f
				}
			}
		}
	}
	add(commonNamesOccasional, freqOccasional)
	add(commonNamesFrequent, freqFrequent)
	add(commonNamesVeryFrequent, freqVeryFrequent)
	return m
}()

// builtinNames holds the names of the built-in lists as written there
// (normalised), not their other spellings: the names known to be borne by
// many (see otherNames).
var builtinNames = func() map[string]bool {
	m := make(map[string]bool)
	for _, list := range []string{commonNamesOccasional, commonNamesFrequent, commonNamesVeryFrequent} {
		for _, name := range strings.Fields(list) {
			for _, tok := range strings.Fields(Normalize(name)) {
				m[tok] = true
			}
		}
	}
	return m
}()

// established reports whether a part borne by df of live indexed persons
// is a name many bear: in the built-in lists, or borne by one person in
// 5,000 or more (and at least three).
func established(named bool, df, live int) bool {
	return named || df >= 3 && df*5000 >= live
}

// builtinFrequency returns the share of people assumed to bear a part with
// phonetic key key.
func builtinFrequency(key string) float64 {
	if f, ok := commonByKey[key]; ok {
		return f
	}
	return freqUnknown
}

// weightOf turns a share into a weight: roughly the number of decimal digits
// of rarity beyond the first, so a part borne by 1% weighs 1, one by 1 in
// 100,000 weighs 4.
func weightOf(f float64) float64 {
	if f <= 0 {
		return maxWeight
	}
	w := -math.Log10(f) - 1
	return min(maxWeight, max(minWeight, w))
}
