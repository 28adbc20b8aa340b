package http

import (
	"context"
	"encoding/json"
	nethttp "net/http"
	"reflect"

	"github.com/danielgtaylor/huma/v2"

	"meridian"
)

// IdentifierInput is a phone, e-mail, address, vehicle, bank or online
// account; Meridian normalises it for matching.
type IdentifierInput struct {
	Kind     meridian.IdentifierKind `json:"kind" doc:"phone, email, address, vehicle, bank_account, iban or online_account"`
	Value    string                  `json:"value"`
	Country  string                  `json:"country,omitempty" doc:"ISO 3166-1 alpha-2: of an address, a vehicle's registration or a national bank account"`
	Platform string                  `json:"platform,omitempty" doc:"for online accounts: the platform, e.g. telegram"`
}

// PersonInput is what the owner agency sets on a person record: the person
// and the record's marking. Owner, id and timestamps are Meridian's.
type PersonInput struct {
	meridian.Marking
	Role          meridian.PersonRole `json:"role" doc:"suspect, victim, witness or irregular_migrant"`
	Names         []meridian.Name     `json:"names" doc:"the first is the primary name"`
	BirthDate     meridian.Date       `json:"birth_date,omitempty" doc:"YYYY, YYYY-MM or YYYY-MM-DD"`
	Sex           meridian.Sex        `json:"sex,omitempty" doc:"M, F, X (unspecified) or U (unknown)"`
	Nationalities []string            `json:"nationalities,omitempty" doc:"ISO 3166-1 alpha-2"`
	Languages     []string            `json:"languages,omitempty" doc:"ISO 639"`
	Identifiers   []IdentifierInput   `json:"identifiers,omitempty"`
	Victim        *meridian.Victim    `json:"victim,omitempty" doc:"with role victim only"`
	Suspect       *meridian.Suspect   `json:"suspect,omitempty" doc:"with role suspect only"`
	Notes         string              `json:"notes,omitempty"`
}

// PersonUpdate replaces a person record; version is the one read, so that a
// change made meanwhile is not overwritten.
type PersonUpdate struct {
	PersonInput
	Version int `json:"version" doc:"the version read"`
}

func (in *PersonInput) person(id string, version int) *meridian.Person {
	p := &meridian.Person{
		Meta:          meridian.Meta{ID: id, Version: version},
		Role:          in.Role,
		Names:         in.Names,
		BirthDate:     in.BirthDate,
		Sex:           in.Sex,
		Nationalities: in.Nationalities,
		Languages:     in.Languages,
		Victim:        in.Victim,
		Suspect:       in.Suspect,
		Notes:         in.Notes,
	}
	for _, x := range in.Identifiers {
		p.Identifiers = append(p.Identifiers, meridian.Identifier{Kind: x.Kind, Value: x.Value, Country: x.Country, Platform: x.Platform})
	}
	in.Marking.Apply(&p.Meta)
	return p
}

// personsJSON lists persons as the JSON the store holds (sqldb.DB): a
// page answered without decoding each person and encoding it again,
// which was most of a page's processor time.
type personsJSON interface {
	FindPersonsJSON(ctx context.Context, f meridian.PersonFilter) ([]json.RawMessage, string, error)
}

// rawOutput is an answer of JSON written as it is.
type rawOutput struct {
	Body func(huma.Context)
}

// rawPage answers a page (List) of items each already JSON, compact as
// json.Marshal writes it.
func rawPage(items []json.RawMessage, next string) *rawOutput {
	n := len(`{"items":[],"next_cursor":""}`) + len(next)
	for _, it := range items {
		n += len(it) + 1
	}
	b := make([]byte, 0, n)
	b = append(b, `{"items":[`...)
	for i, it := range items {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, it...)
	}
	b = append(b, ']')
	if next != "" {
		c, _ := json.Marshal(next)
		b = append(b, `,"next_cursor":`...)
		b = append(b, c...)
	}
	b = append(b, '}')
	return &rawOutput{Body: func(hc huma.Context) {
		hc.SetHeader("Content-Type", "application/json")
		hc.SetStatus(nethttp.StatusOK)
		hc.BodyWriter().Write(b)
	}}
}

type personListInput struct {
	meridian.Page
	OperationID string `query:"operation_id"`
	Role        string `query:"role" doc:"suspect, victim, witness or irregular_migrant"`
	OwnerAgency string `query:"owner_agency" doc:"agency id"`
}

func (s *Server) personRoutes() {
	const tag = "persons"
	// A page of persons is written as the store holds them: no decoding
	// and encoding of each person, nor encoding/json's check of each
	// body on the way out (7% of the mixed load). The document gives the
	// page the schema of a List of Person.
	list := s.op("list-persons", nethttp.MethodGet, "/persons", tag, "List persons")
	list.Responses = map[string]*huma.Response{"200": {Description: "OK", Content: map[string]*huma.MediaType{
		"application/json": {Schema: s.api.OpenAPI().Components.Schemas.Schema(reflect.TypeFor[List[*meridian.Person]](), true, "")}}}}
	register(s, list, func(ctx context.Context, in *personListInput) (*rawOutput, error) {
		f := meridian.PersonFilter{OperationID: in.OperationID, Role: meridian.PersonRole(in.Role), OwnerAgency: in.OwnerAgency, Page: in.Page}
		var bodies []json.RawMessage
		var next string
		var err error
		if pj, ok := s.Persons.(personsJSON); ok {
			bodies, next, err = pj.FindPersonsJSON(ctx, f)
		} else {
			var ps []*meridian.Person
			ps, next, err = s.Persons.FindPersons(ctx, f)
			for _, p := range ps {
				b, merr := json.Marshal(p)
				if merr != nil {
					return nil, merr
				}
				bodies = append(bodies, b)
			}
		}
		if err != nil {
			return nil, err
		}
		return rawPage(bodies, next), nil
	})
	register(s, s.op("create-person", nethttp.MethodPost, "/persons", tag, "Create a person"),
		func(ctx context.Context, in *createInput[PersonInput]) (*createdOutput[*meridian.Person], error) {
			p := in.Body.person("", 0)
			if err := s.Persons.CreatePerson(ctx, p); err != nil {
				return nil, err
			}
			return created(p, "/persons/"+p.ID)
		})
	register(s, s.op("get-person", nethttp.MethodGet, "/persons/{id}", tag, "Get a person"),
		func(ctx context.Context, in *idInput) (*bodyOutput[*meridian.Person], error) {
			return one(s.Persons.FindPersonByID(ctx, in.ID))
		})
	register(s, s.op("update-person", nethttp.MethodPut, "/persons/{id}", tag, "Replace a person"),
		func(ctx context.Context, in *updateInput[PersonUpdate]) (*bodyOutput[*meridian.Person], error) {
			p := in.Body.person(in.ID, in.Body.Version)
			return one(p, s.Persons.UpdatePerson(ctx, p))
		})
	register(s, s.op("delete-person", nethttp.MethodDelete, "/persons/{id}", tag, "Delete a person"),
		func(ctx context.Context, in *idInput) (*noOutput, error) {
			return deleted(s.Persons.DeletePerson(ctx, in.ID))
		})
}
