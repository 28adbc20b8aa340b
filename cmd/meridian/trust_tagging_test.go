package main

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"meridian"
)

// TestTrustTagOnlyYourOperation: an outsider tagged checks with an
// operation and moved its figures. Only the operation's participants tag a
// check with it; an outsider is refused exactly as for an operation that
// does not exist, and the operation's counts do not move.
func TestTrustTagOnlyYourOperation(t *testing.T) {
	m := MustRunMain(t, Config{})
	lead := mustAgency(t, m, "FR", "INTERPOL coordination")
	outsider := mustAgency(t, m, "RS", "Serbia police")
	coord := &client{t, m.URL, mustToken(t, m, lead, "coord", meridian.RoleCoordinator)}
	member := &client{t, m.URL, mustToken(t, m, lead, "member", meridian.RoleOfficer)}
	stranger := &client{t, m.URL, mustToken(t, m, outsider, "stranger", meridian.RoleOfficer)}

	var op meridian.Operation
	coord.must(201, "POST", "/api/v1/operations", map[string]any{"name": "Tagging", "start": "2024-09-29", "end": "2024-10-04",
		"status": "active"}).decode(t, &op)
	check := func(opID string) map[string]any {
		return map[string]any{"name": "Nobody In Particular", "operation_id": opID, "place_kind": "border_point", "country": "RS"}
	}
	member.must(200, "POST", "/api/v1/checks/persons", check(op.ID))

	counted := func() int64 {
		var counts struct {
			Items []meridian.CheckCount `json:"items"`
		}
		coord.must(200, "GET", "/api/v1/checks/counts?operation_id="+op.ID, nil).decode(t, &counts)
		var n int64
		for _, c := range counts.Items {
			n += c.Checks
		}
		return n
	}
	before := counted()
	if before != 1 {
		t.Fatalf("the member's check counted %d times, want 1", before)
	}

	unknown := meridian.NewID()
	var refusals []string
	for _, id := range []string{op.ID, unknown} {
		res := stranger.must(422, "POST", "/api/v1/checks/persons", check(id))
		var p struct {
			Errors []struct{ Location, Message string }
		}
		res.decode(t, &p)
		if len(p.Errors) != 1 || p.Errors[0].Location != "body.operation_id" {
			t.Fatalf("refusal %+v does not name operation_id", p)
		}
		refusals = append(refusals, strings.ReplaceAll(p.Errors[0].Message, id, "ID"))
	}
	if refusals[0] != refusals[1] {
		t.Errorf("an outsider tells a real operation from none: %q vs %q", refusals[0], refusals[1])
	}
	stranger.must(422, "POST", "/api/v1/checks/documents", map[string]any{"number": "X1234567", "issuing_state": "RS", "operation_id": op.ID})
	// A passenger message tagged with the operation is refused alike, and
	// leaves no flight in it.
	msg, err := os.ReadFile(gtasDir + "/apis-messages/multiple_flight_leg_apis.txt")
	if err != nil {
		t.Fatal(err)
	}
	piu := &client{t, m.URL, mustToken(t, m, outsider, "piu", meridian.RoleNCB)}
	if r := piu.postManifest("?operation_id="+op.ID, msg); r.status != 422 || !strings.Contains(string(r.body), "operation_id") {
		t.Fatalf("an outsider's manifest tagged with the operation: %d %s", r.status, r.body)
	}
	if after := counted(); after != before {
		t.Fatalf("the outsider's checks moved the operation's count from %d to %d", before, after)
	}
	b, _ := json.Marshal(refusals[0])
	t.Logf("refused with %s", b)
}
