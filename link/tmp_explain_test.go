package link_test

import (
	"fmt"
	"testing"

	"meridian/screen"
)

func TestTmpExplain(t *testing.T) {
	for _, p := range [][2]string{{"Rashid Majid Qassem", "Rashid Maged Kassem"}, {"Nnekka Osgae", "Nneka Osagie"}, {"Paulo de Souza", "Paulo de Aouza"}, {"ELIRA HOXG", "Елира Хоџа"}} {
		s, ex := screen.Compare(screen.PersonQuery{Name: p[0]}, screen.PersonQuery{Name: p[1]})
		fmt.Println(s, ex.NameScore, ex.Summary)
		for _, pm := range ex.Parts {
			fmt.Printf("   %+v\n", pm)
		}
	}
}
