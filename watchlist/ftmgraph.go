package watchlist

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"meridian"
)

// WriteFtMGraph writes a case's or a cluster's graph as FollowTheMoney
// entity JSON lines, which Aleph and the OpenSanctions tools read: a
// Person, a Passport or Identification, an Event for each record, and an
// UnknownLink for each link, its role the link's state and its
// description the evidence. The graph holds only what the reader may read
// (meridian.LinkService decided it); this writes what it is handed and
// nothing else: notes, victims' details and handling codes stay out, as
// they are not FollowTheMoney properties a receiving tool would protect.
func WriteFtMGraph(w io.Writer, g *meridian.LinkGraph) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	in := map[string]bool{}
	for _, id := range g.IDs {
		in[id] = true
	}
	for i, raw := range g.Records {
		e, err := graphEntity(g.IDs[i], raw, in)
		if err != nil {
			return err
		}
		if e == nil {
			continue
		}
		if err := enc.Encode(e); err != nil {
			return err
		}
	}
	for _, l := range g.Links {
		var text []string
		for _, ev := range l.Evidence {
			text = append(text, ev.Text)
		}
		e := ftmOut{ID: "link-" + l.ID, Schema: "UnknownLink", Properties: map[string][]string{
			"subject":     {l.A.RecordID},
			"object":      {l.B.RecordID},
			"role":        {"meridian link: " + l.State},
			"description": {strings.Join(text, "; ")},
			"summary":     {fmt.Sprintf("score %.2f", l.Score)},
		}}
		if err := enc.Encode(e); err != nil {
			return err
		}
	}
	return nil
}

type ftmOut struct {
	ID         string              `json:"id"`
	Schema     string              `json:"schema"`
	Properties map[string][]string `json:"properties"`
}

func (e *ftmOut) add(prop string, vs ...string) {
	for _, v := range vs {
		if v != "" && !slices.Contains(e.Properties[prop], v) {
			e.Properties[prop] = append(e.Properties[prop], v)
		}
	}
}

func graphEntity(id string, raw meridian.RawRecord, in map[string]bool) (*ftmOut, error) {
	e := &ftmOut{ID: id, Properties: map[string][]string{}}
	switch raw.Kind {
	case "person":
		var p meridian.Person
		if err := json.Unmarshal(raw.Body, &p); err != nil {
			return nil, err
		}
		e.Schema = "Person"
		for i, n := range p.Names {
			if i == 0 {
				e.add("name", n.Full)
				e.add("firstName", n.Given)
				e.add("lastName", n.Family)
			} else {
				e.add("alias", n.Full)
			}
		}
		e.add("birthDate", string(p.BirthDate))
		switch p.Sex {
		case "F":
			e.add("gender", "female")
		case "M":
			e.add("gender", "male")
		}
		for _, n := range p.Nationalities {
			e.add("nationality", strings.ToLower(n))
		}
		for _, x := range p.Identifiers {
			switch x.Kind {
			case meridian.IDPhone:
				e.add("phone", x.Value)
			case meridian.IDEmail:
				e.add("email", x.Value)
			case meridian.IDAddress:
				e.add("address", x.Value)
			}
		}
		e.add("country", strings.ToLower(p.OwnerCountry))
	case "document":
		var d meridian.Document
		if err := json.Unmarshal(raw.Body, &d); err != nil {
			return nil, err
		}
		e.Schema = "Identification"
		if d.Type == "passport" {
			e.Schema = "Passport"
		}
		e.add("number", d.Number)
		e.add("type", string(d.Type))
		e.add("country", strings.ToLower(d.IssuingState))
		e.add("startDate", string(d.IssuedOn))
		e.add("endDate", string(d.ExpiresOn))
		if in[d.PersonID] {
			e.add("holder", d.PersonID)
		}
	case "event":
		var ev meridian.Event
		if err := json.Unmarshal(raw.Body, &ev); err != nil {
			return nil, err
		}
		e.Schema = "Event"
		e.add("name", string(ev.Type)+" "+ev.OccurredAt.UTC().Format("2006-01-02"))
		e.add("date", ev.OccurredAt.UTC().Format("2006-01-02"))
		e.add("country", strings.ToLower(ev.Place.Country))
		e.add("location", ev.Place.Name)
		for _, p := range ev.Persons {
			if in[p.PersonID] {
				e.add("involved", p.PersonID)
			}
		}
		for _, v := range ev.Victims {
			if in[v.PersonID] {
				e.add("involved", v.PersonID)
			}
		}
	default:
		return nil, nil
	}
	return e, nil
}
