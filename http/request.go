package http

import (
	"context"
	nethttp "net/http"

	"meridian"
)

// Case participants and requests for assistance (issue 13).

// CaseParticipantInput is the role the lead gives an agency in a case.
type CaseParticipantInput struct {
	Role string `json:"role" enum:"investigating,prosecuting,supporting,observer"`
}

type participantInput struct {
	ID     string `path:"id" doc:"case id"`
	Agency string `path:"agency" doc:"agency id"`
	Body   CaseParticipantInput
}

type participantDeleteInput struct {
	ID     string `path:"id" doc:"case id"`
	Agency string `path:"agency" doc:"agency id"`
}

// AssignmentInput names a user's role in a case.
type AssignmentInput struct {
	Role string `json:"role" enum:"prosecutor,case_officer"`
}

type assignmentInput struct {
	ID   string `path:"id" doc:"case id"`
	User string `path:"user" doc:"user id"`
	Body AssignmentInput
}

type assignmentDeleteInput struct {
	ID   string `path:"id" doc:"case id"`
	User string `path:"user" doc:"user id"`
	Role string `query:"role" enum:"prosecutor,case_officer" required:"true"`
}

// RequestInput is what the requesting agency writes in a draft.
type RequestInput struct {
	CaseID      string            `json:"case_id" doc:"the case the request belongs to"`
	Type        string            `json:"type" enum:"police_information,mutual_legal_assistance,eio,jit_agreement,jit_exchange,preservation,extradition,transfer_of_proceedings"`
	Title       string            `json:"title"`
	ToAgencyID  string            `json:"to_agency_id" doc:"the requested agency, acting in the case"`
	Urgent      bool              `json:"urgent,omitempty"`
	UrgentHours int               `json:"urgent_hours,omitempty" doc:"for an urgent request: the hours within which each step is due"`
	Fields      map[string]string `json:"fields,omitempty" doc:"the form's fields by name (GET /request-types)"`
}

// RequestUpdate replaces a draft at the version read.
type RequestUpdate struct {
	RequestInput
	Version int `json:"version" doc:"the version read"`
}

func (in *RequestInput) request(id string, version int) *meridian.Request {
	return &meridian.Request{ID: id, Version: version, CaseID: in.CaseID, Type: in.Type, Title: in.Title,
		To: meridian.RequestParty{AgencyID: in.ToAgencyID}, Urgent: in.Urgent, UrgentHours: in.UrgentHours, Fields: in.Fields}
}

type requestListInput struct {
	meridian.Page
	CaseID    string `query:"case_id" doc:"only this case's requests"`
	Direction string `query:"direction" enum:"in,out," doc:"in: to your agency; out: from it"`
	State     string `query:"state" enum:"draft,sent,acknowledged,accepted,refused,partially_executed,executed,withdrawn,"`
	Overdue   bool   `query:"overdue" doc:"only requests with a deadline passed and its step not taken"`
}

type transitInput struct {
	ID   string `path:"id" doc:"request id"`
	Body meridian.Transit
}

// TransitOutput is a request after a step and the step's signed receipt.
type TransitOutput struct {
	Request *meridian.Request `json:"request"`
	Receipt *meridian.Receipt `json:"receipt"`
}

// RequestTypeInfo is a type's form and its deadlines now.
type RequestTypeInfo struct {
	meridian.RequestType
	Deadline *meridian.DeadlineRule `json:"deadline"`
}

// DeadlineInput is a type's new deadlines, in hours.
type DeadlineInput struct {
	AcknowledgeHrs int `json:"acknowledge_hours" doc:"from sending to the acknowledgement"`
	DecideHrs      int `json:"decide_hours" doc:"from sending to the decision"`
	ExecuteHrs     int `json:"execute_hours" doc:"from the decision to the execution"`
	RemindHrs      int `json:"remind_hours" doc:"how long before a deadline its reminder goes out"`
}

type deadlineInput struct {
	Type string `path:"type"`
	Body DeadlineInput
}

// ReceiptKey is the public key that verifies receipts.
type ReceiptKey struct {
	KeyID    string `json:"key_id"`
	Verifier string `json:"verifier" doc:"the signed-note verifier key (golang.org/x/mod/sumdb/note), as in audit.pub"`
}

func (s *Server) requestRoutes() {
	if s.Requests == nil || s.Participants == nil {
		return
	}
	const tag = "requests"
	register(s, s.op("get-case-access", nethttp.MethodGet, "/cases/{id}/access", "cases", "Your agency's standing in a case"),
		func(ctx context.Context, in *idInput) (*bodyOutput[*meridian.CaseAccess], error) {
			return one(s.Participants.FindCaseAccess(ctx, in.ID))
		})
	register(s, s.op("list-case-participants", nethttp.MethodGet, "/cases/{id}/participants", "cases", "List a case's lead and participants"),
		func(ctx context.Context, in *idInput) (*bodyOutput[[]*meridian.CaseParticipant], error) {
			return one(s.Participants.FindCaseParticipants(ctx, in.ID))
		})
	put := s.op("set-case-participant", nethttp.MethodPut, "/cases/{id}/participants/{agency}", "cases", "Take an agency into a case, or change its role")
	put.Description = "The lead agency (the case's owner) only. A participant reads the case; an observer reads and does nothing else."
	register(s, put, func(ctx context.Context, in *participantInput) (*bodyOutput[*meridian.CaseParticipant], error) {
		p := &meridian.CaseParticipant{AgencyID: in.Agency, Role: in.Body.Role}
		return one(p, s.Participants.SetCaseParticipant(ctx, in.ID, p))
	})
	register(s, s.op("remove-case-participant", nethttp.MethodDelete, "/cases/{id}/participants/{agency}", "cases", "Remove an agency from a case"),
		func(ctx context.Context, in *participantDeleteInput) (*noOutput, error) {
			return deleted(s.Participants.RemoveCaseParticipant(ctx, in.ID, in.Agency))
		})
	register(s, s.op("list-case-assignments", nethttp.MethodGet, "/cases/{id}/assignments", "cases", "List a case's prosecutors and case officers"),
		func(ctx context.Context, in *idInput) (*bodyOutput[[]*meridian.CaseAssignment], error) {
			return one(s.Participants.FindCaseAssignments(ctx, in.ID))
		})
	register(s, s.op("assign-case-user", nethttp.MethodPut, "/cases/{id}/assignments/{user}", "cases", "Name a prosecutor or case officer"),
		func(ctx context.Context, in *assignmentInput) (*bodyOutput[*meridian.CaseAssignment], error) {
			a := &meridian.CaseAssignment{UserID: in.User, Role: in.Body.Role}
			return one(a, s.Participants.AssignCaseUser(ctx, in.ID, a))
		})
	register(s, s.op("unassign-case-user", nethttp.MethodDelete, "/cases/{id}/assignments/{user}", "cases", "Remove a prosecutor or case officer"),
		func(ctx context.Context, in *assignmentDeleteInput) (*noOutput, error) {
			return deleted(s.Participants.UnassignCaseUser(ctx, in.ID, in.User, in.Role))
		})

	register(s, s.op("list-request-types", nethttp.MethodGet, "/request-types", tag, "List the request types, their forms and deadlines"),
		func(ctx context.Context, _ *struct{}) (*bodyOutput[[]RequestTypeInfo], error) {
			rules, err := s.Requests.FindDeadlineRules(ctx)
			if err != nil {
				return nil, err
			}
			out := make([]RequestTypeInfo, len(meridian.RequestTypes))
			for i, t := range meridian.RequestTypes {
				out[i].RequestType = t
				for _, d := range rules {
					if d.Type == t.Type {
						out[i].Deadline = d
					}
				}
			}
			return one(out, nil)
		})
	register(s, s.op("set-deadline", nethttp.MethodPut, "/deadlines/{type}", tag, "Change a request type's deadlines (administrators)"),
		func(ctx context.Context, in *deadlineInput) (*bodyOutput[*meridian.DeadlineRule], error) {
			d := &meridian.DeadlineRule{Type: in.Type, AcknowledgeHrs: in.Body.AcknowledgeHrs, DecideHrs: in.Body.DecideHrs,
				ExecuteHrs: in.Body.ExecuteHrs, RemindHrs: in.Body.RemindHrs}
			return one(d, s.Requests.SetDeadlineRule(ctx, d))
		})
	list := s.op("list-requests", nethttp.MethodGet, "/requests", tag, "List the requests your agency sent or received")
	list.Description = "Newest first. A request is read by its two agencies while they read its case; the requested agency does not see drafts."
	register(s, list, func(ctx context.Context, in *requestListInput) (*listOutput[*meridian.Request], error) {
		return page(s.Requests.FindRequests(ctx, meridian.RequestFilter{CaseID: in.CaseID, Direction: in.Direction, State: in.State,
			Overdue: in.Overdue, Page: in.Page}))
	})
	register(s, s.op("create-request", nethttp.MethodPost, "/requests", tag, "Write a draft request"),
		func(ctx context.Context, in *createInput[RequestInput]) (*createdOutput[*meridian.Request], error) {
			r := in.Body.request("", 0)
			if err := s.Requests.CreateRequest(ctx, r); err != nil {
				return nil, err
			}
			return created(r, "/requests/"+r.ID)
		})
	register(s, s.op("get-request", nethttp.MethodGet, "/requests/{id}", tag, "Get a request with its deadlines"),
		func(ctx context.Context, in *idInput) (*bodyOutput[*meridian.Request], error) {
			return one(s.Requests.FindRequestByID(ctx, in.ID))
		})
	register(s, s.op("update-request", nethttp.MethodPut, "/requests/{id}", tag, "Replace a draft"),
		func(ctx context.Context, in *updateInput[RequestUpdate]) (*bodyOutput[*meridian.Request], error) {
			r := in.Body.request(in.ID, in.Body.Version)
			return one(r, s.Requests.UpdateRequest(ctx, r))
		})
	tr := s.op("transit-request", nethttp.MethodPost, "/requests/{id}/transitions", tag, "Take a step: send, withdraw, acknowledge, accept, refuse, execute")
	tr.DefaultStatus = nethttp.StatusOK
	tr.Description = "The requesting agency sends and withdraws; the requested agency acknowledges, accepts, refuses (with a reason) and executes. " +
		"A request is sent only whole: every missing mandatory field is named. A step the state does not allow is 409, naming the state. " +
		"Each step returns its receipt, signed with the installation's audit key."
	register(s, tr, func(ctx context.Context, in *transitInput) (*bodyOutput[TransitOutput], error) {
		r, rc, err := s.Requests.TransitRequest(ctx, in.ID, in.Body)
		return one(TransitOutput{Request: r, Receipt: rc}, err)
	})
	register(s, s.op("list-receipts", nethttp.MethodGet, "/requests/{id}/receipts", tag, "List a request's signed receipts"),
		func(ctx context.Context, in *idInput) (*bodyOutput[[]*meridian.Receipt], error) {
			return one(s.Requests.FindReceipts(ctx, in.ID))
		})
	if s.ReceiptKey != nil {
		register(s, s.op("get-receipt-key", nethttp.MethodGet, "/receipt-key", tag, "The public key receipts verify under"),
			func(ctx context.Context, _ *struct{}) (*bodyOutput[ReceiptKey], error) {
				id, v := s.ReceiptKey()
				return one(ReceiptKey{KeyID: id, Verifier: v}, nil)
			})
	}
}
