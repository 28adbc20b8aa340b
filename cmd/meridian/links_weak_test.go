package main

import (
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/google/uuid"

	"meridian"
)

// putPerson replaces a person record at the version it reads.
func putPerson(t *testing.T, c *client, id string, body map[string]any) {
	t.Helper()
	var cur meridian.Person
	c.must(200, "GET", "/api/v1/persons/"+id, nil).decode(t, &cur)
	b := map[string]any{"version": cur.Version}
	for k, v := range body {
		b[k] = v
	}
	c.must(200, "PUT", "/api/v1/persons/"+id, b)
}

// linkOf returns the link as c sees it (by id or reference).
func linkOf(t *testing.T, c *client, id string) meridian.Link {
	t.Helper()
	var l meridian.Link
	c.must(200, "GET", "/api/v1/links/"+id, nil).decode(t, &l)
	return l
}

// restrictedRef returns the reference under which c, a reader of the
// record mine only, is shown its link with a record it may not read.
func restrictedRef(t *testing.T, c *client, mine string) string {
	t.Helper()
	var ls list[meridian.Link]
	c.must(200, "GET", "/api/v1/links?record_id="+mine, nil).decode(t, &ls)
	for _, l := range ls.Items {
		if l.Restricted {
			return l.Ref
		}
	}
	return ""
}

// TestLinksWithdrawnWhenEvidenceGoes: a proposal is scored again when a
// record it joins is edited; one whose evidence is gone is withdrawn (out
// of the review queue, no longer a "contact the owner" notice, with
// Meridian's judgement saying why), and proposed again when the evidence
// comes back. A judged link keeps its state and its judgements.
func TestLinksWithdrawnWhenEvidenceGoes(t *testing.T) {
	s := newLinkScene(t)
	p := s.proposal
	ref := restrictedRef(t, s.alAna, s.named.ID)
	if ref == "" {
		t.Fatal("the Albanian analyst has no notice")
	}

	// The phone is taken out of the Macedonian record: the same name and
	// date of birth still speak, so the proposal stays, scored again
	// without the phone.
	named := linkPerson("Marko Petrovic", s.phone, s.mkRelease)
	delete(named, "identifiers")
	putPerson(t, s.mkOff, s.named.ID, named)
	eventually(t, "the proposal scored again without the phone", func() bool {
		l := linkOf(t, s.nlAna, p.ID)
		return l.State == meridian.LinkProposed && !slices.ContainsFunc(l.Evidence, func(e meridian.LinkEvidence) bool {
			return e.Kind == meridian.EvidenceKey && e.KeyType == meridian.KeyPhone
		})
	})

	// Then it is made another person: nothing is left of the evidence.
	other := linkPerson("Ivana Kostova", s.phone, s.mkRelease)
	delete(other, "identifiers")
	other["birth_date"], other["sex"], other["nationalities"] = "1999-07-30", "F", []string{"MK"}
	putPerson(t, s.mkOff, s.named.ID, other)
	eventually(t, "the proposal withdrawn", func() bool {
		return linkOf(t, s.nlAna, p.ID).State == meridian.LinkWithdrawn
	})
	var queue list[meridian.Link]
	s.nlAna.must(200, "GET", "/api/v1/links?state=proposed", nil).decode(t, &queue)
	if slices.ContainsFunc(queue.Items, func(l meridian.Link) bool { return l.ID == p.ID }) {
		t.Fatalf("the withdrawn proposal is still in the review queue: %+v", queue.Items)
	}
	var js list[meridian.Judgement]
	s.nlAna.must(200, "GET", "/api/v1/links/"+p.ID+"/judgements", nil).decode(t, &js)
	if len(js.Items) != 1 || js.Items[0].Decision != meridian.LinkWithdrawn || js.Items[0].By != "meridian" {
		t.Fatalf("judgements %+v", js.Items)
	}
	// The reader of one end is no longer told to call about it.
	if r := restrictedRef(t, s.alAna, s.named.ID); r != "" {
		t.Fatalf("the Albanian analyst still has the notice %s", r)
	}
	mustProblem(t, s.alAna.do("GET", "/api/v1/links/"+ref, nil), 404, "")

	// The evidence comes back: proposed again.
	putPerson(t, s.mkOff, s.named.ID, linkPerson("Marko Petrovic", s.phone, s.mkRelease))
	eventually(t, "the proposal made again", func() bool {
		return linkOf(t, s.nlAna, p.ID).State == meridian.LinkProposed
	})

	// A judged link is not withdrawn: the analyst's decision stands.
	s.nlAna.must(200, "POST", "/api/v1/links/"+p.ID+"/judgements", map[string]any{"decision": "unsure", "reason": "ask Skopje"})
	runs := countRows(t, s.m, "link_runs")
	putPerson(t, s.mkOff, s.named.ID, other)
	eventually(t, "the edit linked", func() bool { return countRows(t, s.m, "link_runs") > runs })
	if l := linkOf(t, s.nlAna, p.ID); l.State != meridian.LinkUnsure {
		t.Fatalf("a judged link after its evidence went: %+v", l)
	}
	s.nlAna.must(200, "GET", "/api/v1/links/"+p.ID+"/judgements", nil).decode(t, &js)
	if n := len(js.Items); n != 2 || js.Items[n-1].Decision != meridian.LinkUnsure || js.Items[n-1].Reason != "ask Skopje" {
		t.Fatalf("judgements after the edit %+v", js.Items)
	}
}

// TestLinksReferenceOpaque: the reference a reader of one end quotes
// tells nothing of the records or of when the link was made (it was the
// link's UUIDv7 id), stands for the link's id to that reader (in the
// list, the link and the inbox), and the owner of the other end finds
// the link by it.
func TestLinksReferenceOpaque(t *testing.T) {
	s := newLinkScene(t)
	p := s.proposal
	ref := restrictedRef(t, s.alAna, s.named.ID)
	if !meridian.IsLinkRef(ref) {
		t.Fatalf("reference %q", ref)
	}
	if _, err := uuid.Parse(ref); err == nil {
		t.Fatalf("the reference %q is a UUID", ref)
	}
	for _, id := range []string{p.ID, s.suspect.ID, s.named.ID, s.raid.ID} {
		if strings.Contains(ref, id) || strings.Contains(strings.ToLower(ref), strings.ReplaceAll(id, "-", "")[:12]) {
			t.Fatalf("the reference %q tells %s", ref, id)
		}
	}
	l := linkOf(t, s.alAna, ref)
	if l.ID != ref || l.Ref != ref || !strings.HasSuffix(l.Message, "quoting "+ref) {
		t.Fatalf("by its reference the reader of one end sees %+v", l)
	}
	raw := string(s.alAna.must(200, "GET", "/api/v1/links?record_id="+s.named.ID, nil).body)
	if strings.Contains(raw, p.ID) {
		t.Fatalf("the list shows the link's id to the reader of one end: %s", raw)
	}
	// The Serbian owner, told that Albania was shown the link, resolves
	// the reference Albania quotes to its own record.
	eventually(t, "the Serbian owner told", func() bool {
		var ns list[meridian.Notification]
		s.rsOff.must(200, "GET", "/api/v1/notifications", nil).decode(t, &ns)
		return slices.ContainsFunc(ns.Items, func(n meridian.Notification) bool {
			return n.Kind == meridian.NoticeLinkShown && n.LinkID == ref
		})
	})
	var byRef list[meridian.Link]
	s.rsOff.must(200, "GET", "/api/v1/links?ref="+ref, nil).decode(t, &byRef)
	if len(byRef.Items) != 1 || byRef.Items[0].A.RecordID != s.suspect.ID || byRef.Items[0].Ref != ref {
		t.Fatalf("the owner's search by reference %+v", byRef.Items)
	}
	// A reader of both sees the link whole by its reference as by its id;
	// one of neither, nothing.
	if l := linkOf(t, s.nlAna, ref); l.ID != p.ID || l.Restricted {
		t.Fatalf("a reader of both by reference %+v", l)
	}
	if r := s.outsider.must(200, "GET", "/api/v1/links?ref="+ref, nil); strings.TrimSpace(string(r.body)) != `{"items":[]}` {
		t.Fatalf("a reader of neither by reference: %s", r.body)
	}
	mustProblem(t, s.outsider.do("GET", "/api/v1/links?ref=01a25192-cf51-710b-a868-5c29beed64f3", nil), 422, "query.ref")
}

// TestLinksHiddenLikeUnknown: a link (or a record's links) a reader may
// not read answers as one that does not exist, with the same problem and
// the same work: the same statements, and for a record's links none on
// the links at all (their number would tell in the time taken).
func TestLinksHiddenLikeUnknown(t *testing.T) {
	s := newLinkScene(t)
	p := s.proposal
	ref := restrictedRef(t, s.alAna, s.named.ID)
	c := s.outsider
	var mu sync.Mutex
	var stmts []string
	s.m.DB.SetTrace(func(q string) {
		if strings.Contains(q, "links") {
			mu.Lock()
			stmts = append(stmts, strings.Join(strings.Fields(q), " "))
			mu.Unlock()
		}
	})
	t.Cleanup(func() { s.m.DB.SetTrace(nil) })
	run := func(method, path string, body any) (response, []string) {
		mu.Lock()
		stmts = nil
		mu.Unlock()
		r := c.do(method, path, body)
		mu.Lock()
		defer mu.Unlock()
		return r, slices.Clone(stmts)
	}
	unknownID, unknownRef, unknownRec := meridian.NewID(), meridian.NewLinkRef(), meridian.NewID()
	for _, x := range []struct {
		name, method, hidden, unknown string
		body                          any
		status                        int
	}{
		{"GetByID", "GET", "/api/v1/links/" + p.ID, "/api/v1/links/" + unknownID, nil, 404},
		{"GetByRef", "GET", "/api/v1/links/" + ref, "/api/v1/links/" + unknownRef, nil, 404},
		{"Judgements", "GET", "/api/v1/links/" + p.ID + "/judgements", "/api/v1/links/" + unknownID + "/judgements", nil, 404},
		{"Judge", "POST", "/api/v1/links/" + p.ID + "/judgements", "/api/v1/links/" + unknownID + "/judgements", map[string]any{"decision": "rejected"}, 404},
		{"ByRef", "GET", "/api/v1/links?ref=" + ref, "/api/v1/links?ref=" + unknownRef, nil, 200},
		{"RecordLinks", "GET", "/api/v1/links?record_id=" + s.suspect.ID, "/api/v1/links?record_id=" + unknownRec, nil, 200},
	} {
		t.Run(x.name, func(t *testing.T) {
			h, hs := run(x.method, x.hidden, x.body)
			u, us := run(x.method, x.unknown, x.body)
			if h.status != x.status || u.status != x.status {
				t.Fatalf("hidden %d %s, unknown %d %s", h.status, h.body, u.status, u.body)
			}
			if x.status == 200 && string(h.body) != string(u.body) || x.status != 200 && !sameProblem(t, h, u) {
				t.Fatalf("hidden %s, unknown %s", h.body, u.body)
			}
			if !slices.Equal(hs, us) {
				t.Fatalf("the hidden link's statements\n%s\nthe unknown one's\n%s", strings.Join(hs, "\n"), strings.Join(us, "\n"))
			}
			if x.name == "RecordLinks" {
				for _, q := range hs {
					if strings.Contains(q, "FROM links") {
						t.Fatalf("listing a hidden record's links read the links: %s", q)
					}
				}
			}
		})
	}
}
