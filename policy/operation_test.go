package policy_test

import (
	"testing"

	"meridian"
	"meridian/policy"
)

func TestSeesOperation(t *testing.T) {
	p := meridian.Participation{Countries: []string{"MK"}, Agencies: []string{"unodc"}}
	for _, tc := range []struct {
		name string
		s    *meridian.Subject
		want bool
	}{
		{"country", subj("mk-police", "MK", meridian.RoleOfficer), true},
		{"agency", subj("unodc", "AT", meridian.RoleAnalyst), true},
		{"admin of a participant", subj("mk-police", "MK", meridian.RoleAdmin), false},
		{"outsider", subj("al-police", "AL", meridian.RoleCoordinator), false},
		{"no agency", &meridian.Subject{Country: "MK", Roles: []meridian.Role{meridian.RoleOfficer}}, false},
		{"system", meridian.SystemSubject, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := policy.SeesOperation(tc.s, p); got != tc.want {
				t.Fatalf("SeesOperation = %v, want %v", got, tc.want)
			}
			if err := policy.CanSeeFigures(tc.s, p); (err == nil) != tc.want {
				t.Fatalf("CanSeeFigures = %v, want allowed %v", err, tc.want)
			}
		})
	}
}

func TestCanAccept(t *testing.T) {
	country := &meridian.Participant{Kind: meridian.ParticipantCountry, Value: "AL"}
	agency := &meridian.Participant{Kind: meridian.ParticipantAgency, Value: "al-police"}
	for _, tc := range []struct {
		name string
		s    *meridian.Subject
		kind meridian.AgencyKind
		p    *meridian.Participant
		want bool
	}{
		{"NCB for its country", subj("al-ncb", "AL", meridian.RoleNCB), meridian.AgencyNCB, country, true},
		{"NCB of another country", subj("mk-ncb", "MK", meridian.RoleNCB), meridian.AgencyNCB, country, false},
		{"police with the ncb role", subj("al-police", "AL", meridian.RoleNCB), meridian.AgencyPolice, country, false},
		{"coordinator of an agency of the country", subj("al-police", "AL", meridian.RoleCoordinator), meridian.AgencyPolice, country, false},
		{"coordinator of the NCB without the ncb role", subj("al-ncb", "AL", meridian.RoleCoordinator), meridian.AgencyNCB, country, false},
		{"agency's coordinator", subj("al-police", "AL", meridian.RoleCoordinator), meridian.AgencyPolice, agency, true},
		{"agency's NCB officer", subj("al-police", "AL", meridian.RoleNCB), meridian.AgencyPolice, agency, true},
		{"agency's officer", subj("al-police", "AL", meridian.RoleOfficer), meridian.AgencyPolice, agency, false},
		{"agency's admin", subj("al-police", "AL", meridian.RoleAdmin), meridian.AgencyPolice, agency, false},
		{"another agency of the country", subj("al-border", "AL", meridian.RoleCoordinator), meridian.AgencyBorder, agency, false},
		{"system", meridian.SystemSubject, "", country, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := policy.CanAccept(tc.s, tc.p, tc.kind); (err == nil) != tc.want {
				t.Fatalf("CanAccept = %v, want allowed %v", err, tc.want)
			}
		})
	}
}
