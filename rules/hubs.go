package rules

import (
	_ "embed"
	"fmt"
	"strings"
)

// Hub is a row of the transit hub table (hubs.csv): an airport or a
// country through which trafficking or smuggling routes are known to
// pass.
type Hub struct {
	Code    string `json:"code" doc:"IATA airport code or ISO 3166-1 alpha-2 country code"`
	Kind    string `json:"kind" enum:"airport,country"`
	Country string `json:"country"`
	Crime   string `json:"crime" doc:"THB, SOM or both"`
	Name    string `json:"name"`
	Note    string `json:"note"`
}

//go:embed hubs.csv
var hubsCSV string

// hubs is the table by code; airports have three letters and countries
// two, so one map holds both.
var hubs = mustParseHubs(hubsCSV)

// Hubs returns the transit hub table, in file order.
func Hubs() []Hub {
	out := make([]Hub, 0, len(hubs))
	for _, line := range hubLines(hubsCSV) {
		h, _ := parseHub(line)
		out = append(out, h)
	}
	return out
}

func hubLines(s string) []string {
	var out []string
	for _, line := range strings.Split(s, "\n") {
		line = strings.TrimSpace(line)
		if line != "" && !strings.HasPrefix(line, "#") {
			out = append(out, line)
		}
	}
	return out
}

// parseHub reads "code,kind,country,crime,name,note": the note is the rest
// of the line, commas and all.
func parseHub(line string) (Hub, error) {
	f := strings.SplitN(line, ",", 6)
	if len(f) != 6 {
		return Hub{}, fmt.Errorf("want code,kind,country,crime,name,note")
	}
	h := Hub{Code: f[0], Kind: f[1], Country: f[2], Crime: f[3], Name: f[4], Note: f[5]}
	switch {
	case h.Kind == "airport" && len(h.Code) != 3, h.Kind == "country" && (len(h.Code) != 2 || h.Code != h.Country),
		h.Kind != "airport" && h.Kind != "country":
		return Hub{}, fmt.Errorf("bad kind or code %q %q", h.Kind, h.Code)
	case len(h.Country) != 2 || strings.ToUpper(h.Code) != h.Code:
		return Hub{}, fmt.Errorf("bad country or code %q %q", h.Country, h.Code)
	}
	return h, nil
}

func mustParseHubs(s string) map[string]Hub {
	m := map[string]Hub{}
	for n, line := range hubLines(s) {
		h, err := parseHub(line)
		if err != nil {
			panic(fmt.Sprintf("rules: hubs.csv row %d: %v", n+1, err)) // the table ships in the binary; a test reads it
		}
		m[h.Code] = h
	}
	return m
}

// isHub reports whether an airport or country code is in the hub table.
func isHub(code string) bool {
	if code == "" {
		return false
	}
	_, ok := hubs[code]
	return ok
}
