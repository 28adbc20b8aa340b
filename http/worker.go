package http

import (
	"context"
	nethttp "net/http"

	"meridian"
)

type workerInput struct {
	Name string `path:"name" doc:"worker name"`
}

type parkedListInput struct {
	meridian.Page
	Name  string `path:"name" doc:"worker name"`
	State string `query:"state" enum:"parked,retried" doc:"only items parked (waiting) or retried; default both"`
}

type parkedRetryInput struct {
	Name string `path:"name" doc:"worker name"`
	ID   string `path:"id" doc:"parked item id"`
}

// workerRoutes let administrators watch the named workers and put back
// what they parked. A parked item names the change (kind, action, record
// id) and the error, never the record.
func (s *Server) workerRoutes() {
	if s.Work == nil {
		return
	}
	const tag = "workers"
	register(s, s.op("list-workers", nethttp.MethodGet, "/workers", tag, "List the named workers (administrators)"),
		func(ctx context.Context, _ *struct{}) (*listOutput[*meridian.WorkerInfo], error) {
			ws, err := s.Work.FindWorkers(ctx)
			return page(ws, "", err)
		})
	register(s, s.op("list-parked-work", nethttp.MethodGet, "/workers/{name}/parked", tag, "List a worker's parked changes, newest first (administrators)"),
		func(ctx context.Context, in *parkedListInput) (*listOutput[*meridian.ParkedWork], error) {
			return page(s.Work.FindParkedWork(ctx, meridian.ParkedWorkFilter{Worker: in.Name, State: in.State, Page: in.Page}))
		})
	retry := s.op("retry-parked-work", nethttp.MethodPost, "/workers/{name}/parked/{id}/retry", tag, "Put a parked change back before its worker (administrators, audited)")
	retry.DefaultStatus = nethttp.StatusOK
	retry.Description = "The change is read again from the bus and handed to this worker only. 409 if it was put back already; " +
		"404 if the bus no longer holds it."
	register(s, retry, func(ctx context.Context, in *parkedRetryInput) (*bodyOutput[*meridian.ParkedWork], error) {
		return one(s.Work.RetryParkedWork(ctx, in.Name, in.ID))
	})
}
