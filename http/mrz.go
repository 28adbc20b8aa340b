package http

import (
	"context"
	nethttp "net/http"

	"meridian/mrz"
)

// MRZInput is a machine-readable zone as typed, pasted or scanned.
type MRZInput struct {
	Text string `json:"text" maxLength:"400" doc:"the two or three lines of the MRZ; case, spaces and blank lines do not matter"`
}

// mrzRoutes parses an MRZ for the browser, so that it shows the fields and
// check digits as the server reads them without a second parser in
// JavaScript. Nothing is stored, logged or audited: no record is read.
func (s *Server) mrzRoutes() {
	op := s.op("parse-mrz", nethttp.MethodPost, "/mrz", "checks", "Read a machine-readable zone")
	op.Description = "The fields of a travel document's MRZ (ICAO Doc 9303: TD1, TD2, TD3, MRV), each check digit as printed and as computed, " +
		"likely OCR confusions and warnings. A wrong number of lines, a wrong length or a character no MRZ holds is refused (400 or 422) naming the line."
	op.DefaultStatus = nethttp.StatusOK
	// The body is the mrz.MRZ as `meridian mrz parse` prints it; its
	// types are named MRZ... in the OpenAPI document (schemaName).
	register(s, op, func(ctx context.Context, in *createInput[MRZInput]) (*bodyOutput[*mrz.MRZ], error) {
		return one(mrz.Parse(in.Body.Text))
	})
}
