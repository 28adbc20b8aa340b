package http

import (
	"context"
	nethttp "net/http"

	"meridian"
)

type auditListInput struct {
	meridian.Page
	RecordID string `query:"record_id"`
	UserID   string `query:"user_id"`
	AgencyID string `query:"agency_id"`
}

func (s *Server) auditRoutes() {
	register(s, s.op("list-audit-entries", nethttp.MethodGet, "/audit", "audit", "List audit entries, oldest first"),
		func(ctx context.Context, in *auditListInput) (*listOutput[*meridian.AuditEntry], error) {
			return page(s.Audit.FindAuditEntries(ctx, meridian.AuditFilter{
				RecordID: in.RecordID, UserID: in.UserID, AgencyID: in.AgencyID, Page: in.Page}))
		})
}
