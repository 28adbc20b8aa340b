package sim

import "strings"

// A Japanese name as the hard cases write it: in hiragana or katakana,
// and in Latin as passports (Hepburn without long-vowel marks), the
// Hepburn of textbooks (macrons), the "oh" spellings passports allow
// (Satoh) and keyboard romanisation (Satou, Yuuko) write it, family name
// first or last. The tables are written from Hepburn's published rules,
// name by name, independently of how screen reads kana.
type jaName struct {
	kana    string // hiragana
	hepburn string // with macrons for long vowels
	oh      string // passport "oh" spelling, "" when the same as plain
	wapuro  string // keyboard spelling of the long vowels
}

var jaFamily = []jaName{
	{"さとう", "Satō", "Satoh", "Satou"}, {"すずき", "Suzuki", "", "Suzuki"}, {"たかはし", "Takahashi", "", "Takahashi"},
	{"たなか", "Tanaka", "", "Tanaka"}, {"わたなべ", "Watanabe", "", "Watanabe"}, {"いとう", "Itō", "Itoh", "Itou"},
	{"やまもと", "Yamamoto", "", "Yamamoto"}, {"なかむら", "Nakamura", "", "Nakamura"}, {"こばやし", "Kobayashi", "", "Kobayashi"},
	{"かとう", "Katō", "Katoh", "Katou"}, {"よしだ", "Yoshida", "", "Yoshida"}, {"やまだ", "Yamada", "", "Yamada"},
	{"ささき", "Sasaki", "", "Sasaki"}, {"やまぐち", "Yamaguchi", "", "Yamaguchi"}, {"まつもと", "Matsumoto", "", "Matsumoto"},
	{"いのうえ", "Inoue", "", "Inoue"}, {"きむら", "Kimura", "", "Kimura"}, {"はやし", "Hayashi", "", "Hayashi"},
	{"しみず", "Shimizu", "", "Shimizu"}, {"やまざき", "Yamazaki", "", "Yamazaki"}, {"もり", "Mori", "", "Mori"},
	{"いけだ", "Ikeda", "", "Ikeda"}, {"はしもと", "Hashimoto", "", "Hashimoto"}, {"おおの", "Ōno", "Ohno", "Oono"},
	{"はっとり", "Hattori", "", "Hattori"}, {"こんどう", "Kondō", "Kondoh", "Kondou"}, {"さいとう", "Saitō", "Saitoh", "Saitou"},
	{"えんどう", "Endō", "Endoh", "Endou"}, {"おがわ", "Ogawa", "", "Ogawa"}, {"ごとう", "Gotō", "Gotoh", "Gotou"},
}

var jaGiven = []jaName{
	{"ひろし", "Hiroshi", "", "Hiroshi"}, {"たけし", "Takeshi", "", "Takeshi"}, {"けんいち", "Ken'ichi", "", "Kenichi"},
	{"しょうへい", "Shōhei", "Shohei", "Shouhei"}, {"だいすけ", "Daisuke", "", "Daisuke"}, {"こうじ", "Kōji", "Kohji", "Kouji"},
	{"ゆうき", "Yūki", "", "Yuuki"}, {"まこと", "Makoto", "", "Makoto"}, {"しょうた", "Shōta", "Shohta", "Shouta"},
	{"りょう", "Ryō", "Ryoh", "Ryou"}, {"かずや", "Kazuya", "", "Kazuya"}, {"てつや", "Tetsuya", "", "Tetsuya"},
	{"ゆうこ", "Yūko", "", "Yuuko"}, {"ようこ", "Yōko", "Yohko", "Youko"}, {"けいこ", "Keiko", "", "Keiko"},
	{"あきこ", "Akiko", "", "Akiko"}, {"はなこ", "Hanako", "", "Hanako"}, {"まゆみ", "Mayumi", "", "Mayumi"},
	{"さくら", "Sakura", "", "Sakura"}, {"みさき", "Misaki", "", "Misaki"}, {"ともこ", "Tomoko", "", "Tomoko"},
	{"なおみ", "Naomi", "", "Naomi"}, {"きょうこ", "Kyōko", "Kyohko", "Kyouko"}, {"じゅんこ", "Junko", "", "Junko"},
	{"ちはる", "Chiharu", "", "Chiharu"}, {"あやか", "Ayaka", "", "Ayaka"}, {"しんじ", "Shinji", "", "Shinji"},
	{"まさと", "Masato", "", "Masato"}, {"りゅうた", "Ryūta", "Ryuta", "Ryuuta"}, {"えいじ", "Eiji", "", "Eiji"},
}

// toKatakana writes hiragana as katakana, as documents and lists often do.
func toKatakana(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 0x3041 && r <= 0x3096 {
			return r + 0x60
		}
		return r
	}, s)
}

// plainHepburn drops the macrons: how a passport writes Satō.
func plainHepburn(s string) string {
	return strings.NewReplacer("ā", "a", "ī", "i", "ū", "u", "ē", "e", "ō", "o", "Ō", "O", "Ū", "U", "'", "").Replace(s)
}

func (n jaName) roman(r *Rand) string {
	switch r.IntN(4) {
	case 0:
		return n.hepburn
	case 1:
		if n.oh != "" {
			return n.oh
		}
	case 2:
		return n.wapuro
	}
	return plainHepburn(n.hepburn)
}

// hardKana draws a Japanese name in kana and its Latin spelling; a
// non-match keeps the family name and changes the given name.
func (g *qgen) hardKana(match bool) (hardPair, bool) {
	r := g.r
	fam, giv := jaFamily[r.IntN(len(jaFamily))], jaGiven[r.IntN(len(jaGiven))]
	kana := fam.kana + " " + giv.kana
	if r.Chance(0.5) {
		kana = toKatakana(kana)
	}
	if r.Chance(0.2) {
		kana = strings.Replace(kana, " ", "・", 1)
	}
	b := giv
	if !match {
		for b.kana == giv.kana {
			b = jaGiven[r.IntN(len(jaGiven))]
		}
	}
	var latin string
	switch r.IntN(3) {
	case 0:
		latin = b.roman(r) + " " + fam.roman(r)
	case 1:
		latin = strings.ToUpper(plainHepburn(fam.roman(r))) + " " + b.roman(r)
	default:
		latin = fam.roman(r) + " " + b.roman(r)
	}
	return hardPair{pair: pair{a: kana, b: latin}}, true
}
