package http

import (
	"context"
	nethttp "net/http"
	"time"

	"meridian"
)

type auditListInput struct {
	meridian.Page
	RecordID string    `query:"record_id"`
	UserID   string    `query:"user_id"`
	AgencyID string    `query:"agency_id"`
	Action   string    `query:"action" maxLength:"64" doc:"only entries of this action: read, list, create, update, delete, login ..."`
	From     time.Time `query:"from" doc:"entries written at or after this time (RFC 3339)"`
	To       time.Time `query:"to" doc:"entries written before this time (RFC 3339)"`
	Order    string    `query:"order" enum:"oldest,newest" doc:"oldest first (default) or newest first"`
}

func (s *Server) auditRoutes() {
	register(s, s.op("list-audit-entries", nethttp.MethodGet, "/audit", "audit", "List audit entries, oldest first"),
		func(ctx context.Context, in *auditListInput) (*listOutput[*meridian.AuditEntry], error) {
			if !in.From.IsZero() && !in.To.IsZero() && !in.To.After(in.From) {
				return nil, meridian.Invalidf("http.listAudit", "to", "must be after from")
			}
			return page(s.Audit.FindAuditEntries(ctx, meridian.AuditFilter{
				RecordID: in.RecordID, UserID: in.UserID, AgencyID: in.AgencyID, Action: in.Action,
				From: in.From, To: in.To, Newest: in.Order == "newest", Page: in.Page}))
		})
	if s.AuditVerifier == nil {
		return
	}
	op := s.op("verify-audit", nethttp.MethodPost, "/audit/verify", "audit", "Verify the whole audit log now (administrators)")
	op.DefaultStatus = nethttp.StatusOK
	op.Description = "Recomputes every entry's hash, the Merkle tree and every signature against the signed head, " +
		"the stored checkpoints and this instance's witness file, as `meridian audit verify` does; " +
		"returns the signed head and the problems found. Audited (audit_verify). One run at a time (503 meanwhile)."
	register(s, op, func(ctx context.Context, _ *struct{}) (*bodyOutput[*meridian.AuditVerification], error) {
		return one(s.AuditVerifier.VerifyAudit(ctx))
	})
}
