package meridian

import "time"

// FeedItem is what the live picture shows of a field report: what, where,
// when and how many, and never a name. Only viewers who may read the
// report receive it; opening the report itself is an audited read.
type FeedItem struct {
	ID          string    `json:"id"`
	OperationID string    `json:"operation_id"`
	Type        EventType `json:"type"`
	OccurredAt  time.Time `json:"occurred_at"`
	Country     string    `json:"country"`
	Place       string    `json:"place,omitempty"`
	OwnerAgency string    `json:"owner_agency"`
	Victims     int       `json:"victims,omitempty"`
	Migrants    int       `json:"migrants,omitempty"`
	Charges     []string  `json:"charges,omitempty"`
	Premises    string    `json:"premises,omitempty"`
	Flight      string    `json:"flight,omitempty" doc:"carrier and number, e.g. TK1883"`
	Deployment  string    `json:"deployment,omitempty"`
	Phase       string    `json:"phase,omitempty"`
}

// FeedItem returns the event as the live picture shows it.
func (e *Event) FeedItem() FeedItem {
	it := FeedItem{ID: e.ID, OperationID: e.OperationID, Type: e.Type, OccurredAt: e.OccurredAt,
		Country: e.Place.Country, Place: e.Place.Name, OwnerAgency: e.OwnerAgency,
		Victims: e.VictimCount(), Migrants: e.MigrantCount(), Premises: e.Premises,
		Deployment: e.Deployment, Phase: e.Phase}
	for _, c := range e.Charges {
		it.Charges = append(it.Charges, c.Code)
	}
	if e.Flight != nil {
		it.Flight = e.Flight.Carrier + e.Flight.Number
	}
	return it
}
