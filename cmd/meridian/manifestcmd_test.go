package main

import (
	"encoding/json"
	"strings"
	"testing"

	"meridian"
)

const gtas = "../../../shared/testdata/gtas/gtas-loader/"

// TestManifestParse drives meridian manifest parse on real messages, on
// stdin, and on a malformed one.
func TestManifestParse(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		out, stderr, code := cli(t, "", "manifest", "parse", gtas+"apis-messages/multiple_flight_leg_apis.txt", gtas+"pnr-messages/2_pnrs_basic.edi")
		var ms []meridian.Manifest
		if code != 0 || json.Unmarshal([]byte(out), &ms) != nil || len(ms) != 2 {
			t.Fatalf("%q %q %d", out, stderr, code)
		}
		pax, pnr := ms[0], ms[1]
		if pax.Kind != meridian.ManifestPAXLST || len(pax.Flights) != 3 || len(pax.Travellers) != 2 ||
			pax.Travellers[0].Documents[0].Number != "YY3478621G" || len(pax.Warnings) != 1 ||
			pax.Warnings[0].Message != "7 bytes after UNZ ignored: they do not begin an interchange" {
			t.Errorf("paxlst %+v", pax)
		}
		if pnr.Kind != meridian.ManifestPNRGOV || len(pnr.Bookings) != 2 || pnr.Bookings[0].Locator != "MFN4TI" {
			t.Errorf("pnrgov %+v", pnr)
		}
	})
	t.Run("Stdin", func(t *testing.T) {
		in := "UNB+UNOA:4+S+R+240929:1200+1'UNH+1+PAXLST:D:05B:UN:IATA'BGM+745'TDT+20+TK1883+++TK'LOC+125+IST'LOC+87+SKP'" +
			"NAD+FL+++PETROVIC:DRAGAN'NAT+2+SRB'DOC+P:110:111+RS1234567'CNT+42:1'UNT+9+1'UNZ+1+1'"
		out, stderr, code := cli(t, in, "manifest", "parse", "-")
		var ms []meridian.Manifest
		if code != 0 || json.Unmarshal([]byte(out), &ms) != nil || len(ms) != 1 || ms[0].Travellers[0].Nationality != "RS" {
			t.Fatalf("%q %q %d", out, stderr, code)
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		out, stderr, code := cli(t, "", "manifest", "parse", gtas+"pnr-messages/codeshare.edi")
		if code != 1 || out != "" || strings.Count(stderr, "\n") != 1 ||
			!strings.Contains(stderr, "codeshare.edi: segment 1 (UNA) at byte 0: malformed service string advice") {
			t.Fatalf("%q %q %d", out, stderr, code)
		}
	})
	t.Run("ErrUsage", func(t *testing.T) {
		if _, _, code := cli(t, "", "manifest", "parse"); code != 2 {
			t.Fatalf("no file: exit %d", code)
		}
		if _, _, code := cli(t, "", "manifest", "parse", "/nonexistent.edi"); code != 2 {
			t.Fatalf("missing file: exit %d", code)
		}
	})
}
