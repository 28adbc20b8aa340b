package link_test

import (
	"context"
	"testing"

	"meridian"
	"meridian/link"
)

// ftmPerson writes one FtM Person line: the name, and the date of birth,
// sex and nationality when not empty.
func ftmPerson(id, name, dob, sex, nat string) string {
	props := `"name":["` + name + `"]`
	if dob != "" {
		props += `,"birthDate":["` + dob + `"]`
	}
	if sex != "" {
		props += `,"gender":["` + sexWord(sex) + `"]`
	}
	if nat != "" {
		props += `,"nationality":["` + nat + `"]`
	}
	return `{"id":"` + id + `","schema":"Person","properties":{` + props + `}}`
}

func samePerson(t *testing.T, lines ...string) *meridian.LinkProposal {
	t.Helper()
	p := find(pairs(t, lines...), "a", "b")
	if p != nil && p.Relation != meridian.RelationSamePerson {
		return nil
	}
	return p
}

// TestNationalityDisagrees: two records of one name that state
// nationalities none of which is shared are not joined on the name alone
// when no full date of birth agrees (a Bosnian and a Croatian Marko
// Horvat; an undated record and a dated one); with the same full date of
// birth they are (a dual national recorded once as each), and the same
// name and nationality undated still are.
func TestNationalityDisagrees(t *testing.T) {
	for _, c := range []struct {
		name string
		a, b string
		want bool
	}{
		{"undated, nationalities differ", ftmPerson("a", "Marko Horvat", "", "M", "ba"), ftmPerson("b", "Marko Horvat", "2005-08-04", "M", "hr"), false},
		{"year against full date, nationalities differ", ftmPerson("a", "Marko Horvat", "2005", "M", "ba"), ftmPerson("b", "Marko Horvat", "2005-08-04", "M", "hr"), false},
		{"full dates equal, nationalities differ", ftmPerson("a", "Marko Horvat", "2005-08-04", "M", "ba"), ftmPerson("b", "Marko Horvat", "2005-08-04", "M", "hr"), true},
		{"undated, nationality shared", ftmPerson("a", "Marko Horvat", "", "M", "hr"), ftmPerson("b", "Marko Horvat", "2005-08-04", "M", "hr"), true},
		{"year against full date, nationality shared", ftmPerson("a", "Marko Horvat", "2005", "M", "hr"), ftmPerson("b", "Marko Horvat", "2005-08-04", "M", "hr"), true},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := samePerson(t, c.a, c.b)
			if got := p != nil; got != c.want {
				if p != nil {
					t.Fatalf("joined %v, want %v: %.3f %s", got, c.want, p.Score, link.Explain(p))
				}
				t.Fatalf("joined %v, want %v", got, c.want)
			}
		})
	}
}

// TestNamesakeRivals: a record without a date of birth and a dated one
// of the same name are joined when the only other bearer of the name
// cannot be the undated record (another stated nationality, another
// sex): such a bearer is no rival for it. A bearer who can be still
// counts against the pair.
func TestNamesakeRivals(t *testing.T) {
	undated := ftmPerson("a", "Marija Jovanovska", "", "F", "mk")
	dated := ftmPerson("b", "Marija Jovanovska", "2006-09-30", "F", "mk")
	for _, c := range []struct {
		name  string
		rival string
		want  bool
	}{
		{"rival of another nationality", ftmPerson("c", "Marija Jovanovska", "1961-02-11", "F", "rs"), true},
		{"rival of another sex", ftmPerson("c", "Marija Jovanovska", "1961-02-11", "M", "mk"), true},
		{"rival who may be the undated record", ftmPerson("c", "Marija Jovanovska", "1961-02-11", "F", "mk"), false},
		{"rival of unknown nationality", ftmPerson("c", "Marija Jovanovska", "1961-02-11", "", ""), false},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := samePerson(t, c.rival, undated, dated)
			if got := p != nil; got != c.want {
				if p != nil {
					t.Fatalf("joined %v, want %v: %.3f %s", got, c.want, p.Score, link.Explain(p))
				}
				t.Fatalf("joined %v, want %v", got, c.want)
			}
		})
	}
}

// TestNamesakeCountedOnce: two records of one other bearer (one name,
// one date of birth) are one other person, and count once against an
// undated pair: at a threshold that one namesake passes and two do not,
// the pair is proposed.
func TestNamesakeCountedOnce(t *testing.T) {
	recs := ftm(t,
		ftmPerson("c1", "Marija Jovanovska", "1961-02-11", "F", "mk"),
		ftmPerson("c2", "MARIJA JOVANOVSKA", "1961-02-11", "F", "mk"),
		ftmPerson("a", "Marija Jovanovska", "", "F", "mk"),
		ftmPerson("b", "Marija Jovanovska", "2006-09-30", "F", "mk"))
	ps, err := link.Pairs(context.Background(), recs, link.Options{Threshold: 0.68})
	if err != nil {
		t.Fatal(err)
	}
	if p := find(ps, "a", "b"); p == nil || p.Relation != meridian.RelationSamePerson {
		t.Fatalf("not proposed (%v)", p)
	}
}

// TestYearAloneCorroborated: a common name typed with a slip and a year
// of birth alone, against the full date of that year, the same sex and
// nationality, is joined when no other bearer of the name in the index
// was born that year (the screening engine caps a common name with a
// year alone: it cannot know); a bearer of the name born that year on
// another day, whom the record with the year alone may be, keeps the
// pair apart, and so does a nationality missing on one side.
func TestYearAloneCorroborated(t *testing.T) {
	year := ftmPerson("a", "YUUSF MOHAMED", "1979", "M", "so")
	full := ftmPerson("b", "Yusuf Mohamed", "1979-07-27", "M", "so")
	if p := samePerson(t, year, full); p == nil {
		t.Fatal("not joined")
	}
	rival := ftmPerson("c", "Yusuf Mohamed", "1979-03-02", "M", "so")
	if p := samePerson(t, rival, year, full); p != nil {
		t.Fatalf("with a namesake born that year: joined %.3f %s", p.Score, link.Explain(p))
	}
	if p := samePerson(t, ftmPerson("a", "YUUSF MOHAMED", "1979", "M", ""), full); p != nil {
		t.Fatalf("without a nationality: joined %.3f %s", p.Score, link.Explain(p))
	}
}

// TestOneDateScoredAlikeEitherWay: a pair of which one record only has a
// date of birth scores the same whichever record's id sorts first (the
// screening engine weighs a date its query gives and the entry lacks;
// here neither record is the query).
func TestOneDateScoredAlikeEitherWay(t *testing.T) {
	for _, name := range []string{"Yusuf Mohamed", "Marius Popa", "Hussein Ziad Mustafa Al-Ahmad"} {
		lo, err := link.Pairs(context.Background(), ftm(t,
			ftmPerson("a", name, "", "M", "so"), ftmPerson("b", name, "1979-07-27", "M", "so")), link.Options{Threshold: 0.01})
		if err != nil {
			t.Fatal(err)
		}
		hi, err := link.Pairs(context.Background(), ftm(t,
			ftmPerson("a", name, "1979-07-27", "M", "so"), ftmPerson("b", name, "", "M", "so")), link.Options{Threshold: 0.01})
		if err != nil {
			t.Fatal(err)
		}
		p, q := find(lo, "a", "b"), find(hi, "a", "b")
		if p == nil || q == nil || p.Score != q.Score {
			t.Fatalf("%s: undated first %v, dated first %v", name, p, q)
		}
	}
}
