package edifact_test

import (
	"strings"
	"testing"

	"meridian"
	"meridian/edifact"
)

// TestUnterminatedUNZ: senders end an interchange with a UNZ and no
// segment terminator; the interchange is whole, so it is read, with a
// warning naming the UNZ, in every way the input may end.
func TestUnterminatedUNZ(t *testing.T) {
	whole := interchange("PAXLST", paxlstAll...)
	cut := strings.TrimSuffix(whole, "'\r\n")
	if !strings.HasSuffix(cut, "UNZ+1+IC42") {
		t.Fatalf("test input ends %q", cut[len(cut)-20:])
	}
	want, err := edifact.ParseString(whole)
	if err != nil {
		t.Fatal(err)
	}
	for name, in := range map[string]string{"AtEOF": cut, "NewlineAfter": cut + "\r\n", "Blanks": cut + "  \n\n",
		"SecondInterchange": whole + cut} {
		t.Run(name, func(t *testing.T) {
			ms, err := edifact.ParseString(in)
			if err != nil {
				t.Fatalf("refused: %v", err)
			}
			if len(ms) == 0 || len(ms[len(ms)-1].Travellers) != len(want[0].Travellers) {
				t.Fatalf("read %d manifests", len(ms))
			}
			last := ms[len(ms)-1]
			var found *meridian.Warning
			for i, w := range last.Warnings {
				if strings.Contains(w.Message, "UNZ lacks its segment terminator") {
					found = &last.Warnings[i]
				}
			}
			if found == nil || found.Offset != int64(strings.LastIndex(in, "UNZ")) {
				t.Fatalf("warnings %+v, want one naming the UNZ at byte %d", last.Warnings, strings.LastIndex(in, "UNZ"))
			}
			if name == "SecondInterchange" && len(ms[0].Warnings) != 0 {
				t.Errorf("the first, terminated interchange warned: %+v", ms[0].Warnings)
			}
		})
	}
	// Any other segment the input ends inside is still truncated input.
	for _, in := range []string{strings.TrimSuffix(cut, "UNZ+1+IC42"), cut[:strings.LastIndex(cut, "UNT")+6]} {
		if _, err := edifact.ParseString(in); err == nil {
			t.Errorf("truncated input read: ...%q", in[max(0, len(in)-30):])
		}
	}
}

// TestIATAEmail: IATA's e-mail encoding ("//" @, ".." _, "./" -) is
// decoded wherever an address appears in a reservation: an IFT contact
// with a status before the address or a language after it, a remark
// without CTCE, an SSR CTCE.
func TestIATAEmail(t *testing.T) {
	in := interchange("PNRGOV",
		"MSG+:22", "ORG+TK:IST", "TVL+290924:0810:290924:0905+IST+SKP+TK+1883", "EQN+1",
		"SRC", "RCI+TK:ABC123",
		"IFT+4:28::TK+CTCE TK HK1/MARIA..LOPEZ./GARCIA//CORREO.EXAMPLE.ES/ES",
		"IFT+4:28::TK+OSI TK PAX EMAIL IVAN./PETROV//MAIL.EXAMPLE.RU",
		"IFT+4:28::TK+SEE HTTP://EXAMPLE.COM FOR TERMS",
		"TIF+LOPEZ GARCIA+MARIA:A:1",
		"IFT+4:28::TK+CTCE/ANA..LIMA//EXAMPLE.PT/P1",
		"SSR+CTCE:HK:1:TK:::::HK1/J./DOE//EXAMPLE.COM/EN+::1",
	)
	ms, err := edifact.ParseString(in)
	if err != nil || len(ms) != 1 || len(ms[0].Bookings) != 1 {
		t.Fatalf("%v %d", err, len(ms))
	}
	b := ms[0].Bookings[0]
	emails := func(cs []meridian.Contact) []string {
		var out []string
		for _, c := range cs {
			if c.Kind == meridian.IDEmail {
				out = append(out, c.Value)
			}
		}
		return out
	}
	if got, want := strings.Join(emails(b.Contacts), " "), "maria_lopez-garcia@correo.example.es ivan-petrov@mail.example.ru"; got != want {
		t.Errorf("booking e-mails %q, want %q", got, want)
	}
	if len(b.Travellers) != 1 {
		t.Fatalf("travellers %d", len(b.Travellers))
	}
	if got, want := strings.Join(emails(b.Travellers[0].Contacts), " "), "ana_lima@example.pt j-doe@example.com"; got != want {
		t.Errorf("traveller e-mails %q, want %q", got, want)
	}
}
