package http

import (
	"context"
	nethttp "net/http"
	"time"

	"meridian"
)

// EventInput is what the reporting agency sets on an event record.
type EventInput struct {
	meridian.Marking
	Type       meridian.EventType      `json:"type" doc:"raid, arrest, rescue, migrants, interception, flight, check or deployment"`
	OccurredAt time.Time               `json:"occurred_at"`
	Place      meridian.Place          `json:"place"`
	Premises   string                  `json:"premises,omitempty" doc:"for raids: house, business, nightclub, farm, vessel, other"`
	Outcome    string                  `json:"outcome,omitempty"`
	Charges    []meridian.Charge       `json:"charges,omitempty" doc:"for arrests"`
	Persons    []meridian.Involved     `json:"persons,omitempty"`
	Summary    string                  `json:"summary,omitempty"`
	Victims    []meridian.VictimGroup  `json:"victims,omitempty" doc:"for rescues: the victims identified or rescued"`
	Migrants   []meridian.MigrantGroup `json:"migrants,omitempty" doc:"for migrants reports"`
	Means      string                  `json:"means,omitempty" doc:"for interceptions: vehicle, vessel, on_foot, train, aircraft, other"`
	Flight     *meridian.Flight        `json:"flight,omitempty" doc:"for flights monitored"`
	Deployment string                  `json:"deployment,omitempty" doc:"for deployments: the operation's deployment by name"`
	Phase      string                  `json:"phase,omitempty" doc:"for deployments: started or ended"`
}

// EventUpdate replaces an event record at the version read.
type EventUpdate struct {
	EventInput
	Version int `json:"version" doc:"the version read"`
}

func (in *EventInput) event(id string, version int) *meridian.Event {
	e := &meridian.Event{
		Meta:       meridian.Meta{ID: id, Version: version},
		Type:       in.Type,
		OccurredAt: in.OccurredAt,
		Place:      in.Place,
		Premises:   in.Premises,
		Outcome:    in.Outcome,
		Charges:    in.Charges,
		Persons:    in.Persons,
		Summary:    in.Summary,
		Victims:    in.Victims,
		Migrants:   in.Migrants,
		Means:      in.Means,
		Flight:     in.Flight,
		Deployment: in.Deployment,
		Phase:      in.Phase,
	}
	in.Marking.Apply(&e.Meta)
	return e
}

type eventListInput struct {
	meridian.Page
	OperationID string `query:"operation_id"`
	Type        string `query:"type" doc:"raid, arrest, rescue, migrants, interception, flight, check or deployment"`
	Country     string `query:"country" doc:"ISO 3166-1 alpha-2"`
	Order       string `query:"order" enum:"oldest,newest" doc:"oldest first (default) or newest first"`
	PersonID    string `query:"person_id" doc:"only events this person record is involved in"`
}

func (s *Server) eventRoutes() {
	const tag = "events"
	register(s, s.op("list-events", nethttp.MethodGet, "/events", tag, "List events"),
		func(ctx context.Context, in *eventListInput) (*listOutput[*meridian.Event], error) {
			return page(s.Events.FindEvents(ctx, meridian.EventFilter{OperationID: in.OperationID,
				Type: meridian.EventType(in.Type), Country: in.Country, PersonID: in.PersonID, Newest: in.Order == "newest", Page: in.Page}))
		})
	register(s, s.op("create-event", nethttp.MethodPost, "/events", tag, "Report an event"),
		func(ctx context.Context, in *createInput[EventInput]) (*createdOutput[*meridian.Event], error) {
			e := in.Body.event("", 0)
			if err := s.Events.CreateEvent(ctx, e); err != nil {
				return nil, err
			}
			return created(e, "/events/"+e.ID)
		})
	register(s, s.op("get-event", nethttp.MethodGet, "/events/{id}", tag, "Get an event"),
		func(ctx context.Context, in *idInput) (*bodyOutput[*meridian.Event], error) {
			return one(s.Events.FindEventByID(ctx, in.ID))
		})
	register(s, s.op("update-event", nethttp.MethodPut, "/events/{id}", tag, "Replace an event"),
		func(ctx context.Context, in *updateInput[EventUpdate]) (*bodyOutput[*meridian.Event], error) {
			e := in.Body.event(in.ID, in.Body.Version)
			return one(e, s.Events.UpdateEvent(ctx, e))
		})
	register(s, s.op("delete-event", nethttp.MethodDelete, "/events/{id}", tag, "Delete an event"),
		func(ctx context.Context, in *idInput) (*noOutput, error) {
			return deleted(s.Events.DeleteEvent(ctx, in.ID))
		})
}
