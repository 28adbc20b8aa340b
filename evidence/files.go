package evidence

import (
	"bufio"
	"context"
	"io"
	"net/http"

	"meridian"
)

// FileStore is what case files need of the store.
type FileStore interface {
	// CanAttach answers before the upload is read: ENotFound, EForbidden.
	CanAttach(ctx context.Context, caseID string) error
	InsertCaseFile(ctx context.Context, f *meridian.CaseFile) error
	BlobReferenced(ctx context.Context, sha string) (bool, error)
	FindFiles(ctx context.Context, caseID string, p meridian.Page) ([]*meridian.CaseFile, string, error)
	FileForDownload(ctx context.Context, id string) (*meridian.CaseFile, error)
}

// Files is the case file service: content streamed into the blob store
// (once per SHA-256), its type read from its first bytes, one record per
// attachment.
type Files struct {
	Store FileStore
	Blobs meridian.BlobStore
	// Max bounds one file; 0 is meridian.MaxFileSize.
	Max int64
}

var _ meridian.CaseFileService = (*Files)(nil)

// AttachFile checks the caller may attach to the case before reading a
// byte, streams the content into the blob store, then records the file.
// A record that fails removes content nobody else attached.
func (fs *Files) AttachFile(ctx context.Context, f *meridian.CaseFile, content io.Reader) error {
	const op = "evidence.AttachFile"
	name, err := meridian.CleanFileName(f.Name)
	if err != nil {
		return err
	}
	f.Name = name
	if err := fs.Store.CanAttach(ctx, f.CaseID); err != nil {
		return err
	}
	max := fs.Max
	if max <= 0 {
		max = meridian.MaxFileSize
	}
	br := bufio.NewReaderSize(content, 512)
	head, err := br.Peek(512)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return meridian.Invalidf(op, "file", "the upload was interrupted: nothing was stored")
	}
	if len(head) == 0 {
		return meridian.Invalidf(op, "file", "is empty")
	}
	f.MediaType = DetectType(head)
	blob, err := fs.Blobs.Put(ctx, br, max)
	if err != nil {
		return err
	}
	f.SHA256, f.Size = blob.SHA256, blob.Size
	if err := fs.Store.InsertCaseFile(ctx, f); err != nil {
		if blob.New {
			cctx := context.WithoutCancel(ctx)
			if used, uerr := fs.Store.BlobReferenced(cctx, blob.SHA256); uerr == nil && !used {
				_ = fs.Blobs.Delete(cctx, blob.SHA256)
			}
		}
		return err
	}
	return nil
}

// DetectType names a content's media type from its first bytes (the
// WHATWG sniffing algorithm), never from its name or what the sender
// says; what it does not recognise is application/octet-stream.
func DetectType(head []byte) string {
	return http.DetectContentType(head)
}

// FindFiles lists a case's files.
func (fs *Files) FindFiles(ctx context.Context, caseID string, p meridian.Page) ([]*meridian.CaseFile, string, error) {
	return fs.Store.FindFiles(ctx, caseID, p)
}

// OpenFile audits the download, then opens the content.
func (fs *Files) OpenFile(ctx context.Context, id string) (*meridian.CaseFile, io.ReadCloser, error) {
	f, err := fs.Store.FileForDownload(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	rc, err := fs.Blobs.Open(ctx, f.SHA256)
	if err != nil {
		return nil, nil, err
	}
	return f, rc, nil
}
