package http

import (
	"context"
	"fmt"
	"io"
	"mime"
	nethttp "net/http"
	"os"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humago"

	"meridian"
	"meridian/evidence"
	"meridian/policy"
)

// Case work (issue 13): messages, files and evidence packages of a case.
// Each call reads the case for the caller first (in the store): a case
// one may not read answers 404 as a case that does not exist.

// streamBodyKey marks, in an operation's metadata, a route that reads its
// body itself as a stream (a file), not whole as JSON.
const streamBodyKey = "meridian.streamBody"

// MessageInput is what the author of a message sets.
type MessageInput struct {
	Body      string   `json:"body" maxLength:"20000"`
	ParentID  string   `json:"parent_id,omitempty" doc:"the message this one answers"`
	RequestID string   `json:"request_id,omitempty" doc:"the request whose thread this message is in"`
	Files     []string `json:"files,omitempty" maxItems:"100" doc:"ids of files of the case to attach"`
}

type messageListInput struct {
	ID string `path:"id" doc:"case id"`
	meridian.Page
	RequestID string `query:"request_id" doc:"only the thread of this request"`
}

type messageCreateInput struct {
	ID   string `path:"id" doc:"case id"`
	Body MessageInput
}

type fileListInput struct {
	ID string `path:"id" doc:"case id"`
	meridian.Page
}

// fileUploadInput takes the file as the request body, streamed.
type fileUploadInput struct {
	ID     string `path:"id" doc:"case id"`
	Name   string `query:"name" required:"true" doc:"the file's name (a label: its type is read from its content)"`
	Length int64  `header:"Content-Length"`
	body   io.Reader
}

func (in *fileUploadInput) Resolve(ctx huma.Context) []error {
	in.body = ctx.BodyReader()
	return nil
}

type fileContentOutput struct {
	Body func(huma.Context)
}

// EvidenceInput chooses the items of a package.
type EvidenceInput struct {
	meridian.EvidenceSelection
}

type evidenceExportInput struct {
	ID   string `path:"id" doc:"case id"`
	Body EvidenceInput
}

type consentInput struct {
	ID   string `path:"id" doc:"case id"`
	Body struct {
		RecordID string `json:"record_id" doc:"a record of the case your agency owns"`
	}
}

type verifyInput struct {
	Length int64 `header:"Content-Length"`
	body   io.Reader
}

func (in *verifyInput) Resolve(ctx huma.Context) []error {
	in.body = ctx.BodyReader()
	return nil
}

type caOutput struct {
	ContentType string `header:"Content-Type"`
	Body        []byte
}

// MaxPackageBody is the most a server may be configured to take as a
// package sent to be verified (VerifyMaxBytes).
const MaxPackageBody = meridian.MaxFileSize + 64<<20

// DefaultVerifyMaxBytes is the size of a package the server verifies
// when VerifyMaxBytes is not set: larger ones are verified offline, with
// meridian evidence verify, which has no limit.
const DefaultVerifyMaxBytes = 256 << 20

func binaryBody(desc string) *huma.RequestBody {
	return &huma.RequestBody{Description: desc, Required: true, Content: map[string]*huma.MediaType{
		"application/octet-stream": {Schema: &huma.Schema{Type: huma.TypeString, Format: "binary"}}}}
}

func binaryResponse(desc, mediaType string) map[string]*huma.Response {
	return map[string]*huma.Response{"200": {Description: desc,
		Content: map[string]*huma.MediaType{mediaType: {Schema: &huma.Schema{Type: huma.TypeString, Format: "binary"}}}}}
}

func (s *Server) caseWorkRoutes() {
	const tag = "case work"
	if s.Messages != nil {
		register(s, s.op("list-case-messages", nethttp.MethodGet, "/cases/{id}/messages", tag, "List a case's messages"),
			func(ctx context.Context, in *messageListInput) (*listOutput[*meridian.CaseMessage], error) {
				return page(s.Messages.FindMessages(ctx, meridian.MessageFilter{CaseID: in.ID, RequestID: in.RequestID, Page: in.Page}))
			})
		register(s, s.op("post-case-message", nethttp.MethodPost, "/cases/{id}/messages", tag, "Write a message on a case"),
			func(ctx context.Context, in *messageCreateInput) (*createdOutput[*meridian.CaseMessage], error) {
				m := &meridian.CaseMessage{CaseID: in.ID, Body: in.Body.Body, ParentID: in.Body.ParentID,
					RequestID: in.Body.RequestID, Files: in.Body.Files}
				if err := s.Messages.PostMessage(ctx, m); err != nil {
					return nil, err
				}
				return created(m, "/cases/"+in.ID+"/messages")
			})
	}
	if s.Files != nil {
		register(s, s.op("list-case-files", nethttp.MethodGet, "/cases/{id}/files", tag, "List a case's files"),
			func(ctx context.Context, in *fileListInput) (*listOutput[*meridian.CaseFile], error) {
				return page(s.Files.FindFiles(ctx, in.ID, in.Page))
			})
		op := s.op("upload-case-file", nethttp.MethodPost, "/cases/{id}/files", tag, "Attach a file to a case")
		op.Description = "The body is the file, streamed (any size up to 2 GiB; never held whole in memory). " +
			"Its type is read from its content; the same bytes are stored once however often attached. " +
			"An upload too large or cut short leaves nothing stored."
		op.RequestBody = binaryBody("the file")
		op.Metadata = map[string]any{streamBodyKey: true}
		register(s, op, func(ctx context.Context, in *fileUploadInput) (*createdOutput[*meridian.CaseFile], error) {
			if in.Length > meridian.MaxFileSize {
				return nil, httpError(nethttp.StatusRequestEntityTooLarge,
					fmt.Sprintf("file larger than the limit of %d bytes", int64(meridian.MaxFileSize)))
			}
			// The name comes in the query: say so.
			if _, err := meridian.CleanFileName(in.Name); err != nil {
				msg := meridian.FieldErrors(err)[0].Message
				return nil, httpError(nethttp.StatusUnprocessableEntity, "validation failed", &huma.ErrorDetail{Location: "query.name", Message: msg})
			}
			f := &meridian.CaseFile{CaseID: in.ID, Name: in.Name}
			if err := s.Files.AttachFile(ctx, f, in.body); err != nil {
				return nil, err
			}
			return created(f, "/files/"+f.ID)
		})
		op = s.op("download-case-file", nethttp.MethodGet, "/files/{id}/content", tag, "Download a file")
		op.Description = "Audited before the first byte leaves. Served as application/octet-stream, as an attachment."
		op.Responses = binaryResponse("the file", "application/octet-stream")
		register(s, op, func(ctx context.Context, in *idInput) (*huma.StreamResponse, error) {
			f, rc, err := s.Files.OpenFile(ctx, in.ID)
			if err != nil {
				return nil, err
			}
			return &huma.StreamResponse{Body: func(hctx huma.Context) {
				defer rc.Close()
				_, w := humago.Unwrap(hctx)
				h := w.Header()
				h.Set("Content-Type", "application/octet-stream")
				h.Set("Content-Length", fmt.Sprint(f.Size))
				h.Set("Content-Disposition", attachment(f.Name))
				h.Set("Meridian-Sha256", f.SHA256)
				h.Set("Meridian-Media-Type", f.MediaType)
				w.WriteHeader(nethttp.StatusOK)
				if _, err := io.Copy(w, rc); err != nil {
					s.Logger.Warn("http: download cut short", "file", f.ID, "error", err)
				}
			}}, nil
		})
	}
	if s.Evidence != nil {
		op := s.op("export-evidence", nethttp.MethodPost, "/cases/{id}/evidence", tag, "Export an evidence package")
		op.Description = "An ASiC-E container of the chosen records, messages and files, signed with your agency's key, " +
			"with their chain of custody. H0 records need their owner's consent recorded in the case; H1 records of " +
			"other agencies are refused. Every item refused is named (records[2]) and nothing is written."
		op.DefaultStatus = nethttp.StatusOK
		op.Responses = binaryResponse("the package", evidence.MimeType)
		register(s, op, func(ctx context.Context, in *evidenceExportInput) (*huma.StreamResponse, error) {
			p, err := s.Evidence.Prepare(ctx, in.ID, in.Body.EvidenceSelection)
			if err != nil {
				return nil, err
			}
			return &huma.StreamResponse{Body: func(hctx huma.Context) {
				_, w := humago.Unwrap(hctx)
				w.Header().Set("Content-Type", evidence.MimeType)
				w.Header().Set("Content-Disposition", attachment(p.FileName()))
				w.WriteHeader(nethttp.StatusOK)
				if err := p.Write(context.WithoutCancel(ctx), w); err != nil {
					s.Logger.Error("http: evidence package cut short", "case", in.ID, "error", err)
				}
			}}, nil
		})
		s.evidenceDownloadRoutes(tag)
		register(s, s.op("list-evidence-consents", nethttp.MethodGet, "/cases/{id}/consents", tag, "List the consents recorded in a case"),
			func(ctx context.Context, in *idInput) (*bodyOutput[[]*meridian.Consent], error) {
				cs, err := s.Evidence.Store.FindConsents(ctx, in.ID)
				if cs == nil {
					cs = []*meridian.Consent{}
				}
				return one(cs, err)
			})
		op = s.op("record-evidence-consent", nethttp.MethodPost, "/cases/{id}/consents", tag, "Consent to a record's use as evidence")
		op.Description = "Your agency, owner of the record, permits its use as evidence in this case (what handling code H0 asks)."
		register(s, op, func(ctx context.Context, in *consentInput) (*createdOutput[*meridian.Consent], error) {
			c, err := s.Evidence.Store.RecordConsent(ctx, in.ID, in.Body.RecordID)
			if err != nil {
				return nil, err
			}
			return created(c, "/cases/"+in.ID+"/consents")
		})
		op = s.op("get-evidence-ca", nethttp.MethodGet, "/evidence/ca", tag, "The installation's certificate authority")
		op.Description = "PEM: what a court checks packages against (meridian evidence verify --ca, openssl cms -verify -CAfile)."
		op.Responses = binaryResponse("the certificate", "application/x-pem-file")
		register(s, op, func(ctx context.Context, _ *noInput) (*caOutput, error) {
			return &caOutput{ContentType: "application/x-pem-file", Body: s.Evidence.Keys.CAPEM()}, nil
		})
		op = s.op("verify-evidence", nethttp.MethodPost, "/evidence/verify", tag, "Verify an evidence package")
		op.Description = "The body is the package. Checked as `meridian evidence verify --ca` does, against this installation's " +
			"authority: every altered, added, removed or renamed file, a swapped manifest or signature, is named."
		op.DefaultStatus = nethttp.StatusOK
		op.RequestBody = binaryBody("the package")
		op.Metadata = map[string]any{streamBodyKey: true}
		register(s, op, func(ctx context.Context, in *verifyInput) (*bodyOutput[*evidence.Report], error) {
			return one(s.verifyPackage(ctx, in))
		})
	}
}

// attachment is a Content-Disposition that always says attachment, with
// the name when it can be said.
func attachment(name string) string {
	if cd := mime.FormatMediaType("attachment", map[string]string{"filename": name}); cd != "" {
		return cd
	}
	return "attachment"
}

// verifyPackage spools the package to a temporary file (a ZIP is read
// from its end), verifies it and removes the file. Verifying costs the
// server disk and CPU in proportion to the package, for a caller who
// could do it offline: only those who handle packages may
// (policy.CanVerifyEvidence), each a few times a minute (verifyLimiter),
// VerifyConcurrent at once on an instance, of at most VerifyMaxBytes.
func (s *Server) verifyPackage(ctx context.Context, in *verifyInput) (*evidence.Report, error) {
	const op = "http.verifyPackage"
	sub := meridian.SubjectFrom(ctx)
	if sub == nil {
		return nil, meridian.Errorf(meridian.EUnauthenticated, op, "not signed in")
	}
	if err := policy.CanVerifyEvidence(sub); err != nil {
		return nil, err
	}
	limit := s.VerifyMaxBytes
	tooLarge := httpError(nethttp.StatusRequestEntityTooLarge, fmt.Sprintf(
		"package larger than this server's limit of %d bytes (%s) for verifying; verify it offline with meridian evidence verify",
		limit, sizeLabel(limit)))
	if in.Length > limit {
		return nil, tooLarge
	}
	if wait, err := s.verifyLimiter.Allow(sub.UserID, time.Now()); err != nil {
		secs := int(wait/time.Second) + 1
		return nil, &meridian.Error{Kind: meridian.ERateLimited, Op: op, RetryAfter: time.Duration(secs) * time.Second,
			Message: fmt.Sprintf("at most %d package verifications a minute each (burst %d); try again in %d s",
				int(time.Minute/s.verifyLimiter.Every), s.verifyLimiter.Burst, secs)}
	}
	select {
	case s.verifying <- struct{}{}:
		defer func() { <-s.verifying }()
	default:
		return nil, &meridian.Error{Kind: meridian.ERateLimited, Op: op, RetryAfter: 10 * time.Second,
			Message: fmt.Sprintf("this server verifies at most %d packages at once; try again shortly", cap(s.verifying))}
	}
	tmp, err := os.CreateTemp(s.TempDir, "verify-*.asice")
	if err != nil {
		return nil, meridian.Internal(op, err)
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	n, err := io.Copy(tmp, io.LimitReader(in.body, limit+1))
	if err != nil {
		return nil, meridian.Invalidf(op, "body", "the upload was interrupted")
	}
	if n > limit {
		return nil, tooLarge
	}
	if n == 0 {
		return nil, meridian.Invalidf(op, "body", "is empty: send the package")
	}
	rep, err := evidence.Verify(tmp, n, s.Evidence.Keys.CA())
	if err != nil {
		return nil, meridian.Internal(op, err)
	}
	return rep, nil
}

// sizeLabel says n bytes in MiB or GiB.
func sizeLabel(n int64) string {
	if n >= 1<<30 && n%(1<<30) == 0 {
		return fmt.Sprintf("%d GiB", n>>30)
	}
	return fmt.Sprintf("%.0f MiB", float64(n)/(1<<20))
}
