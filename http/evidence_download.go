package http

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	nethttp "net/http"
	"sync"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humago"

	"meridian"
	"meridian/evidence"
)

// Evidence packages downloaded by a browser (issue 13). A package can be
// gigabytes: the web page must not fetch it into memory (a Blob) before
// saving it. So the page asks for a download ticket with the selection
// (POST /cases/{id}/evidence/tickets: the export is checked, audited and
// prepared there, every refusal named as for POST /cases/{id}/evidence),
// then points the browser at GET /evidence/downloads/{ticket}, which the
// browser streams to disk. The ticket is not a credential: the GET is
// authenticated as every call is (the session cookie), answers only the
// user the ticket was issued to, once, within TicketTTL; a ticket read from
// a log or a history is worth nothing. No bearer token is ever put in a
// URL. A ticket lives in the memory of the instance that issued it: behind
// a load balancer, keep a session on one instance (the session cookie),
// or a download that lands on another answers 404 and is asked again.

// TicketTTL is how long a download ticket may wait for its download.
const TicketTTL = 2 * time.Minute

// maxTicketsPerUser bounds the packages a user holds prepared at once.
const maxTicketsPerUser = 4

type ticket struct {
	user    string
	pkg     *evidence.Package
	expires time.Time
}

// ticketStore holds download tickets: prepared packages awaiting their
// one download.
type ticketStore struct {
	mu sync.Mutex
	m  map[string]*ticket
}

func (ts *ticketStore) issue(user string, p *evidence.Package, now time.Time) (string, error) {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	if ts.m == nil {
		ts.m = map[string]*ticket{}
	}
	held := 0
	for id, t := range ts.m {
		switch {
		case now.After(t.expires):
			delete(ts.m, id)
		case t.user == user:
			held++
		}
	}
	if held >= maxTicketsPerUser {
		return "", &meridian.Error{Kind: meridian.ERateLimited, Op: "http.evidenceTicket", RetryAfter: TicketTTL,
			Message: "you hold 4 package downloads not yet taken: download them, or wait 2 minutes"}
	}
	b := make([]byte, 32)
	rand.Read(b)
	id := hex.EncodeToString(b)
	ts.m[id] = &ticket{user: user, pkg: p, expires: now.Add(TicketTTL)}
	return id, nil
}

// take removes and returns the ticket's package, if the ticket is user's
// and not expired; an other user's ticket stays, unknown to them.
func (ts *ticketStore) take(id, user string, now time.Time) *evidence.Package {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	t := ts.m[id]
	if t == nil || t.user != user {
		return nil
	}
	delete(ts.m, id)
	if now.After(t.expires) {
		return nil
	}
	return t.pkg
}

// EvidenceTicket is a package prepared for the browser to download, once.
type EvidenceTicket struct {
	URL       string    `json:"url" doc:"where to download it (GET, signed in as the same user): once, before expires_at"`
	FileName  string    `json:"file_name"`
	ExpiresAt time.Time `json:"expires_at"`
}

type ticketInput struct {
	ID string `path:"id" doc:"download ticket"`
}

func (s *Server) evidenceDownloadRoutes(tag string) {
	op := s.op("ticket-evidence", nethttp.MethodPost, "/cases/{id}/evidence/tickets", tag, "Prepare an evidence package for a browser download")
	op.Description = "Checks, audits and prepares the package as POST /cases/{id}/evidence does (each refusal named) " +
		"and answers where to download it: the browser streams it to disk from there. The download " +
		"answers only you, once, within two minutes."
	op.DefaultStatus = nethttp.StatusOK
	register(s, op, func(ctx context.Context, in *evidenceExportInput) (*bodyOutput[*EvidenceTicket], error) {
		p, err := s.Evidence.Prepare(ctx, in.ID, in.Body.EvidenceSelection)
		if err != nil {
			return nil, err
		}
		now := time.Now()
		id, err := s.tickets.issue(meridian.SubjectFrom(ctx).UserID, p, now)
		if err != nil {
			return nil, err
		}
		return one(&EvidenceTicket{URL: APIPrefix + "/evidence/downloads/" + id, FileName: p.FileName(), ExpiresAt: now.Add(TicketTTL).UTC()}, nil)
	})
	op = s.op("download-evidence", nethttp.MethodGet, "/evidence/downloads/{id}", tag, "Download a prepared evidence package")
	op.Description = "The package a ticket of yours prepared (POST /cases/{id}/evidence/tickets), streamed; once."
	op.Responses = binaryResponse("the package", evidence.MimeType)
	register(s, op, func(ctx context.Context, in *ticketInput) (*huma.StreamResponse, error) {
		p := s.tickets.take(in.ID, meridian.SubjectFrom(ctx).UserID, time.Now())
		if p == nil {
			return nil, meridian.Errorf(meridian.ENotFound, "http.downloadEvidence",
				"download ticket unknown, already used or expired: export the package again")
		}
		return &huma.StreamResponse{Body: func(hctx huma.Context) {
			_, w := humago.Unwrap(hctx)
			w.Header().Set("Content-Type", evidence.MimeType)
			w.Header().Set("Content-Disposition", attachment(p.FileName()))
			w.WriteHeader(nethttp.StatusOK)
			if err := p.Write(context.WithoutCancel(ctx), w); err != nil {
				s.Logger.Error("http: evidence package cut short", "error", err)
			}
		}}, nil
	})
}
