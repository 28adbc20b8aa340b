package http

import (
	"bytes"
	"context"
	nethttp "net/http"

	"github.com/danielgtaylor/huma/v2"

	"meridian"
	"meridian/policy"
	"meridian/watchlist"
)

// InboxFollower tells a user of their inbox's new notifications live
// (live.Notices).
type InboxFollower = Follower

type linkListInput struct {
	meridian.Page
	State       string  `query:"state" enum:"proposed,confirmed,rejected,unsure,withdrawn" doc:"only links whose both ends you may read"`
	MinScore    float64 `query:"min_score" minimum:"0" maximum:"1" doc:"only links whose both ends you may read"`
	CountryA    string  `query:"country_a" doc:"owner country of an end; with country_b, the pair in either order (only links whose both ends you may read)"`
	CountryB    string  `query:"country_b"`
	OperationID string  `query:"operation_id" doc:"the operation of an end you may read"`
	RecordID    string  `query:"record_id" doc:"an end you may read"`
	Ref         string  `query:"ref" doc:"the reference a reader of the other end quoted (LNK-...): the link as you may see it"`
}

// JudgementInput is an analyst's decision on a link.
type JudgementInput struct {
	Decision string `json:"decision" enum:"confirmed,rejected,unsure"`
	Reason   string `json:"reason,omitempty" maxLength:"2000" doc:"why; kept with the decision"`
}

type judgeInput struct {
	ID   string `path:"id" doc:"link id"`
	Body JudgementInput
}

// CaseRecordsInput adds records to a case.
type CaseRecordsInput struct {
	Records []string `json:"records" minItems:"1" maxItems:"1000" doc:"ids of records you may read"`
}

type subscriptionInput struct {
	Kind string `path:"kind" enum:"record,case,operation"`
	ID   string `path:"id"`
}

type notificationListInput struct {
	meridian.Page
	Unread bool `query:"unread" doc:"only notifications not yet read"`
}

type ftmOutput struct {
	ContentType        string `header:"Content-Type"`
	ContentDisposition string `header:"Content-Disposition"`
	CacheControl       string `header:"Cache-Control"`
	Body               []byte
}

func ftmOf(name string, g *meridian.LinkGraph, err error) (*ftmOutput, error) {
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := watchlist.WriteFtMGraph(&b, g); err != nil {
		return nil, err
	}
	return &ftmOutput{ContentType: "application/x-ndjson; charset=utf-8", CacheControl: "no-store",
		ContentDisposition: `attachment; filename="` + name + `.ftm.json"`, Body: b.Bytes()}, nil
}

func (s *Server) linkRoutes() {
	if s.Links == nil {
		return
	}
	const tag = "links"
	list := s.op("list-links", nethttp.MethodGet, "/links", tag, "List the links you may see")
	list.Description = "Proposals and judged links between records, newest first. A link whose both ends you may read is shown whole; " +
		"one whose one end you may read shows that end and `restricted` with the other owner and a reference to quote " +
		"(the owner is told you were shown it); a link of which you may read neither end is not listed."
	register(s, list, func(ctx context.Context, in *linkListInput) (*listOutput[*meridian.Link], error) {
		return page(s.Links.FindLinks(ctx, meridian.LinkFilter{State: in.State, MinScore: in.MinScore, CountryA: in.CountryA,
			CountryB: in.CountryB, OperationID: in.OperationID, RecordID: in.RecordID, Ref: in.Ref, Page: in.Page}))
	})
	getLink := s.op("get-link", nethttp.MethodGet, "/links/{id}", tag, "Get a link")
	getLink.Description = "By its id, or by its reference (LNK-...): a reader of one end knows the link by its reference only."
	register(s, getLink,
		func(ctx context.Context, in *idInput) (*bodyOutput[*meridian.Link], error) {
			return one(s.Links.FindLinkByID(ctx, in.ID))
		})
	judge := s.op("judge-link", nethttp.MethodPost, "/links/{id}/judgements", tag, "Confirm, reject or mark a link unsure")
	judge.Description = "Analysts and prosecutors who may read both ends. Every decision is kept; a later one revises it. " +
		"A rejected pair is not proposed again on the same evidence; confirmed links form clusters."
	judge.DefaultStatus = nethttp.StatusOK
	register(s, judge, func(ctx context.Context, in *judgeInput) (*bodyOutput[*meridian.Link], error) {
		return one(s.Links.JudgeLink(ctx, &meridian.Judgement{LinkID: in.ID, Decision: in.Body.Decision, Reason: in.Body.Reason}))
	})
	register(s, s.op("list-judgements", nethttp.MethodGet, "/links/{id}/judgements", tag, "List a link's judgements"),
		func(ctx context.Context, in *idInput) (*listOutput[*meridian.Judgement], error) {
			js, err := s.Links.FindJudgements(ctx, in.ID)
			return page(js, "", err)
		})
	register(s, s.op("get-cluster", nethttp.MethodGet, "/records/{id}/cluster", tag, "Get a record's cluster"),
		func(ctx context.Context, in *idInput) (*bodyOutput[*meridian.Cluster], error) {
			return one(s.Links.FindClusterOf(ctx, in.ID))
		})
	register(s, s.op("create-case-from-cluster", nethttp.MethodPost, "/records/{id}/cluster/case", tag, "Open a case from a record's cluster"),
		func(ctx context.Context, in *updateInput[CaseInput]) (*createdOutput[*meridian.Case], error) {
			c := in.Body.kase("", 0)
			if err := s.Links.CreateCaseFromCluster(ctx, in.ID, c); err != nil {
				return nil, err
			}
			return created(c, "/cases/"+c.ID)
		})
	addRecs := s.op("add-case-records", nethttp.MethodPost, "/cases/{id}/records", tag, "Add records to a case")
	addRecs.DefaultStatus = nethttp.StatusOK
	register(s, addRecs, func(ctx context.Context, in *updateInput[CaseRecordsInput]) (*bodyOutput[*meridian.Case], error) {
		return one(s.Links.AddCaseRecords(ctx, in.ID, in.Body.Records))
	})
	ftmResp := map[string]*huma.Response{"200": {Description: "FollowTheMoney entities, one JSON object a line",
		Content: map[string]*huma.MediaType{"application/x-ndjson": {Schema: &huma.Schema{Type: huma.TypeString}}}}}
	exCase := s.op("export-case", nethttp.MethodGet, "/cases/{id}/export", tag, "Export a case as FollowTheMoney")
	exCase.Description = "The case's records you may read and the links between two of them, as FollowTheMoney JSON lines."
	exCase.Responses = ftmResp
	register(s, exCase, func(ctx context.Context, in *idInput) (*ftmOutput, error) {
		g, err := s.Links.FindCaseGraph(ctx, in.ID)
		return ftmOf("case-"+in.ID, g, err)
	})
	graph := s.op("get-case-graph", nethttp.MethodGet, "/cases/{id}/graph", tag, "Get a case's network graph")
	graph.Description = "The case's records you may read as `nodes` (`id`, `kind`, owner `country`, `label`) and the links " +
		"between two of them as `edges` (`source`, `target`, `state`, `score`, `shared` identifier types); " +
		"records you may not read are not there. Read as the FollowTheMoney export is, and audited the same."
	register(s, graph, func(ctx context.Context, in *idInput) (*bodyOutput[*watchlist.GraphView], error) {
		g, err := s.Links.FindCaseGraph(ctx, in.ID)
		if err != nil {
			return nil, err
		}
		v, err := watchlist.ViewOf(g)
		if err != nil {
			return nil, err
		}
		// How many of the case's records the reader may not read is all
		// the graph says of them: the case itself counts them (Hidden),
		// and a readable record the graph left out counts too.
		if s.Cases != nil {
			if c, err := s.Cases.FindCaseByID(ctx, in.ID); err == nil {
				seen := map[string]bool{}
				for _, id := range g.IDs {
					seen[id] = true
				}
				v.Hidden += c.Hidden
				for _, id := range c.Records {
					if !seen[id] {
						v.Hidden++
					}
				}
			}
		}
		return one(v, nil)
	})
	exCluster := s.op("export-cluster", nethttp.MethodGet, "/records/{id}/cluster/export", tag, "Export a record's cluster as FollowTheMoney")
	exCluster.Responses = ftmResp
	register(s, exCluster, func(ctx context.Context, in *idInput) (*ftmOutput, error) {
		g, err := s.Links.FindClusterGraph(ctx, in.ID)
		return ftmOf("cluster-"+in.ID, g, err)
	})
}

func (s *Server) notificationRoutes() {
	if s.Notifications == nil {
		return
	}
	const tag = "notifications"
	sub := s.op("subscribe", nethttp.MethodPut, "/subscriptions/{kind}/{id}", tag, "Follow a record, a case or an operation")
	sub.Description = "A new proposal or confirmation touching it reaches your inbox (and the live stream), if you may read an end of the link."
	register(s, sub, func(ctx context.Context, in *subscriptionInput) (*bodyOutput[*meridian.Subscription], error) {
		x := &meridian.Subscription{TargetKind: in.Kind, TargetID: in.ID}
		return one(x, s.Notifications.Subscribe(ctx, x))
	})
	register(s, s.op("unsubscribe", nethttp.MethodDelete, "/subscriptions/{kind}/{id}", tag, "Stop following"),
		func(ctx context.Context, in *subscriptionInput) (*noOutput, error) {
			return deleted(s.Notifications.Unsubscribe(ctx, in.Kind, in.ID))
		})
	register(s, s.op("list-subscriptions", nethttp.MethodGet, "/subscriptions", tag, "List what you follow"),
		func(ctx context.Context, _ *noInput) (*listOutput[*meridian.Subscription], error) {
			xs, err := s.Notifications.FindSubscriptions(ctx)
			return page(xs, "", err)
		})
	register(s, s.op("list-notifications", nethttp.MethodGet, "/notifications", tag, "List your inbox"),
		func(ctx context.Context, in *notificationListInput) (*listOutput[*meridian.Notification], error) {
			return page(s.Notifications.FindNotifications(ctx, meridian.NotificationFilter{Unread: in.Unread, Page: in.Page}))
		})
	read := s.op("read-notification", nethttp.MethodPost, "/notifications/{id}/read", tag, "Mark a notification read")
	read.DefaultStatus = nethttp.StatusNoContent
	register(s, read, func(ctx context.Context, in *idInput) (*noOutput, error) {
		return deleted(s.Notifications.MarkNotificationRead(ctx, in.ID))
	})
	if s.NoticeStream == nil {
		return
	}
	op := s.op("stream-notifications", nethttp.MethodGet, "/notifications/stream", tag, "Follow your inbox live")
	op.Description = "Server-Sent Events: `notification` with `{\"id\"}` for each new notification of your inbox. " +
		"Only the id travels: read the inbox and the link through the API (decided for you, audited)."
	op.Responses = map[string]*huma.Response{"200": {Description: "an event stream",
		Content: map[string]*huma.MediaType{"text/event-stream": {Schema: &huma.Schema{Type: huma.TypeString}}}}}
	register(s, op, s.noticeStream)
}

// noticeStream follows the caller's inbox. The credential is checked
// again at each ping and before each notice: a session ended or an
// account moved ends the stream.
func (s *Server) noticeStream(ctx context.Context, _ *noInput) (*huma.StreamResponse, error) {
	return s.followStream(ctx, s.NoticeStream, func(now, was *meridian.Subject) bool {
		return now.UserID == was.UserID && now.AgencyID == was.AgencyID && policy.MayRead(now)
	})
}
