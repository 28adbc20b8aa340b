package screen

import (
	"encoding/csv"
	"fmt"
	"os"
	"testing"
)

func TestZZAna(t *testing.T) {
	p := os.Getenv("ANA_PAIRS")
	if p == "" {
		t.Skip()
	}
	f, _ := os.Open(p)
	rows, _ := csv.NewReader(f).ReadAll()
	for _, r := range rows[1:] {
		s, ex := Compare(PersonQuery{Name: r[0], BirthDate: r[3]}, PersonQuery{Name: r[1], BirthDate: r[4]})
		m := r[2] == "true"
		if m != (s >= DefaultThreshold) {
			parts := ""
			for _, pm := range ex.Parts {
				parts += fmt.Sprintf(" [%s|%s %s %.2f w%.1f]", pm.Query, pm.Entry, pm.How, pm.Score, pm.Weight)
			}
			fmt.Printf("%v %.3f name=%.3f dob=%s | %s | %s |%s\n", m, s, ex.NameScore, ex.BirthDate, r[0], r[1], parts)
		}
	}
}
