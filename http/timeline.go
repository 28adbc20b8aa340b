package http

import (
	"context"
	nethttp "net/http"
	"strings"

	"meridian"
)

// A case's timeline (issue 13, point 5).

type timelineInput struct {
	ID    string `path:"id" doc:"case id"`
	Order string `query:"order" enum:"newest,oldest" default:"newest" doc:"newest first (the default) or oldest first"`
	Kind  string `query:"kind" doc:"only these kinds, comma-separated: record, request, message, file, stage, outcome, participant, audit"`
	meridian.Page
}

func (s *Server) timelineRoutes() {
	if s.Timeline == nil {
		return
	}
	op := s.op("get-case-timeline", nethttp.MethodGet, "/cases/{id}/timeline", "cases", "A case's timeline")
	op.Description = "What happened in a case, one page at a time: its records (when recorded), the steps of its requests (from the signed receipts), " +
		"messages, files, stages, outcomes, changes of participants, and the audit entries about it. Each kind keeps its own reading rule: " +
		"a record the caller may not read is not there at all; a request's steps and thread only for its two agencies; audit entries: " +
		"every entry for the lead agency's NCB and coordinators, the caller's agency's for another agency's, the caller's own otherwise. " +
		"A case the caller may not read is 404."
	register(s, op, func(ctx context.Context, in *timelineInput) (*listOutput[*meridian.TimelineEntry], error) {
		f := meridian.TimelineFilter{CaseID: in.ID, Oldest: in.Order == "oldest", Page: in.Page}
		for _, k := range strings.Split(in.Kind, ",") {
			if k = strings.TrimSpace(k); k != "" {
				f.Kinds = append(f.Kinds, k)
			}
		}
		return page(s.Timeline.FindCaseTimeline(ctx, f))
	})
}
