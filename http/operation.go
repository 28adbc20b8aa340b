package http

import (
	"context"
	nethttp "net/http"

	"meridian"
)

// OperationInput is what a coordinator sets on an operation. Its agency
// leads it; participants join by invitation (participant.go), never by
// replacing the operation.
type OperationInput struct {
	Name        string                   `json:"name"`
	Description string                   `json:"description,omitempty"`
	Start       meridian.Date            `json:"start" doc:"first day, YYYY-MM-DD"`
	End         meridian.Date            `json:"end" doc:"last day, YYYY-MM-DD"`
	Status      meridian.OperationStatus `json:"status" doc:"planned, active or closed"`
	Countries   []string                 `json:"countries,omitempty" doc:"on create: countries to invite (ISO 3166-1 alpha-2); on replace: omit, or the current participants unchanged"`
	Agencies    []string                 `json:"agencies,omitempty" doc:"on create: agencies to invite (ids); on replace: omit, or the current participants unchanged"`
	Units       []meridian.Unit          `json:"units,omitempty" doc:"regional coordination units"`
	Deployments []meridian.Deployment    `json:"deployments,omitempty"`
}

// OperationUpdate replaces an operation; version is the one read, so that
// a change made meanwhile is not overwritten.
type OperationUpdate struct {
	OperationInput
	Version int `json:"version" doc:"the version read"`
}

func (in *OperationInput) operation(id string, version int) *meridian.Operation {
	return &meridian.Operation{
		ID:          id,
		Version:     version,
		Name:        in.Name,
		Description: in.Description,
		Start:       in.Start,
		End:         in.End,
		Status:      in.Status,
		Countries:   in.Countries,
		Agencies:    in.Agencies,
		Units:       in.Units,
		Deployments: in.Deployments,
	}
}

type operationListInput struct {
	meridian.Page
	Status string `query:"status" doc:"planned, active or closed"`
}

func (s *Server) operationRoutes() {
	const tag = "operations"
	register(s, s.op("list-operations", nethttp.MethodGet, "/operations", tag, "List operations"),
		func(ctx context.Context, in *operationListInput) (*listOutput[*meridian.Operation], error) {
			return page(s.Operations.FindOperations(ctx, meridian.OperationFilter{
				Status: meridian.OperationStatus(in.Status), Page: in.Page}))
		})
	register(s, s.op("create-operation", nethttp.MethodPost, "/operations", tag, "Create an operation"),
		func(ctx context.Context, in *createInput[OperationInput]) (*createdOutput[*meridian.Operation], error) {
			o := in.Body.operation("", 0)
			if err := s.Operations.CreateOperation(ctx, o); err != nil {
				return nil, err
			}
			return created(o, "/operations/"+o.ID)
		})
	register(s, s.op("get-operation", nethttp.MethodGet, "/operations/{id}", tag, "Get an operation"),
		func(ctx context.Context, in *idInput) (*bodyOutput[*meridian.Operation], error) {
			return one(s.Operations.FindOperationByID(ctx, in.ID))
		})
	register(s, s.op("update-operation", nethttp.MethodPut, "/operations/{id}", tag, "Replace an operation"),
		func(ctx context.Context, in *updateInput[OperationUpdate]) (*bodyOutput[*meridian.Operation], error) {
			o := in.Body.operation(in.ID, in.Body.Version)
			return one(o, s.Operations.UpdateOperation(ctx, o))
		})
	s.participantRoutes()
}
