package meridian

import "context"

// Case is a cross-border case: records from several countries worked
// together by their agencies and prosecutors.
type Case struct {
	Meta
	Title     string   `json:"title"`
	Status    string   `json:"status" doc:"open, suspended or closed"`
	Summary   string   `json:"summary,omitempty"`
	Countries []string `json:"countries,omitempty" doc:"countries of origin, transit and destination involved"`
	Records   []string `json:"records,omitempty" doc:"ids of linked persons, documents and events"`
}

// Validate checks a case.
func (c *Case) Validate() error {
	f := Fields{Op: "case"}
	ValidateMeta(&f, &c.Meta)
	validName(&f, "title", c.Title, 300)
	if c.Status == "" {
		c.Status = "open"
	}
	switch c.Status {
	case "open", "suspended", "closed":
	default:
		f.Add("status", "unknown status %q (want open, suspended or closed)", c.Status)
	}
	if len(c.Summary) > 20000 || !validText(c.Summary) {
		f.Add("summary", "longer than 20000 bytes or not valid text")
	}
	countries(&f, "countries", c.Countries)
	if len(c.Records) > 10000 {
		f.Add("records", "more than 10000 records")
	}
	ids(&f, "records", c.Records)
	return f.Err()
}

// CaseFilter selects cases.
type CaseFilter struct {
	OperationID string
	Status      string
	// RecordID selects the cases that link a record.
	RecordID string
	Page
}

// CaseService manages cases. Linking a record needs read access to it.
type CaseService interface {
	// CreateCase returns EInvalid, EForbidden, ENotFound (a linked record).
	CreateCase(ctx context.Context, c *Case) error
	// FindCaseByID returns ENotFound.
	FindCaseByID(ctx context.Context, id string) (*Case, error)
	// FindCases returns a page of cases and the next cursor.
	FindCases(ctx context.Context, f CaseFilter) ([]*Case, string, error)
	// UpdateCase returns EInvalid, ENotFound, EForbidden, EConflict.
	UpdateCase(ctx context.Context, c *Case) error
	// DeleteCase returns ENotFound, EForbidden.
	DeleteCase(ctx context.Context, id string) error
}
