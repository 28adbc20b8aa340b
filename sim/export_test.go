package sim

// Internals for the tests of package sim_test.

// Romanise writes a Cyrillic (lang ru, uk, bg, sr, mk) or Greek (lang el)
// name in convention conv.
func Romanise(s, lang, conv string) string {
	if lang == "el" {
		return greekToLatin(s, conv)
	}
	for _, sc := range cyrSchemes[lang] {
		if sc.id == conv {
			return sc.translit(s)
		}
	}
	return ""
}

var (
	LatinToCyrillic = latinToCyrillic
	LatinToArabic   = latinToArabic
	ICAOLatin       = icaoLatin
	FoldLatin       = foldLatin
	NameKeys        = nameKeys
	Typo            = func(seed int64, s string) string { return typo(NewRand(seed, 99), s) }
)

// ArabicName romanises an Arabic name element of the tables in conv.
func ArabicName(ar, conv, origin string) string {
	for _, n := range append(append([]*arName{}, arMale...), arFemale...) {
		if n.ar == ar {
			return stripMarks(arRender(n, false, arNone, conv, origin))
		}
	}
	return ""
}

// DocNumbers returns n numbers of a state's documents of a type.
func DocNumbers(seed int64, state, typ string, n int) []string {
	d := newDocNumbers(seed)
	out := make([]string, n)
	for i := range out {
		out[i] = d.number(state, typ)
	}
	return out
}
