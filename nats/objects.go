package nats

import (
	"context"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nuid"

	"meridian"
)

// FilesBucket is the object store bucket of case files, in the bus's
// JetStream: replicated like the stream on a cluster, with nothing more
// to run or back up than the bus.
const FilesBucket = "MERIDIAN_FILES"

// uploadPrefix names content still arriving: it is renamed to its
// SHA-256 once whole, or deleted. Anything left under it (a process
// killed mid-upload) is removed when the store is opened again.
const uploadPrefix = "upload."

// Blobs is a content-addressed store in the JetStream object store: each
// content is one object named "sha256.<hex>", streamed in 128 KiB chunks
// on the way in and out. The object store itself hashes with SHA-256 as
// it stores and checks the digest when an object is read to its end.
type Blobs struct {
	obs jetstream.ObjectStore
	log *slog.Logger
}

var _ meridian.BlobStore = (*Blobs)(nil)

// Blobs opens (creating) the files bucket with the bus's replicas.
func (b *Bus) Blobs(ctx context.Context) (*Blobs, error) {
	const op = "nats.Blobs"
	obs, err := b.js.CreateOrUpdateObjectStore(ctx, jetstream.ObjectStoreConfig{
		Bucket:      FilesBucket,
		Description: "case files, by SHA-256",
		Storage:     jetstream.FileStorage,
		Replicas:    b.opt.Replicas,
	})
	if err != nil {
		return nil, busError(op, fmt.Errorf("nats: object store %s: %w", FilesBucket, err))
	}
	bl := &Blobs{obs: obs, log: b.log}
	bl.sweep(ctx, time.Hour)
	return bl, nil
}

// sweep deletes uploads older than age: left by a process that stopped
// mid-upload (an upload lasts at most its request).
func (bl *Blobs) sweep(ctx context.Context, age time.Duration) {
	lister, err := bl.obs.List(ctx)
	if err != nil {
		return // an empty bucket answers ErrNoObjectsFound
	}
	for _, info := range lister {
		if strings.HasPrefix(info.Name, uploadPrefix) && time.Since(info.ModTime) > age {
			if err := bl.obs.Delete(ctx, info.Name); err == nil {
				bl.log.Info("nats: removed an interrupted upload", slog.String("object", info.Name))
			}
		}
	}
}

func blobName(sha string) string { return "sha256." + sha }

// limitReader fails once more than max bytes come.
type limitReader struct {
	r   io.Reader
	n   int64
	max int64
	err error // the reader's error other than EOF: the upload was cut short
}

var errTooLarge = errors.New("content larger than the limit")

func (l *limitReader) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	l.n += int64(n)
	if l.n > l.max {
		l.err = errTooLarge
		return 0, errTooLarge
	}
	if err != nil && err != io.EOF {
		l.err = err
	}
	return n, err
}

// Put streams r into the store under a temporary name, then names it by
// its SHA-256, or deletes it when that content is already there. A read
// error or a content over max leaves nothing: the object store purges the
// chunks of a put that failed, and the temporary name is deleted.
func (bl *Blobs) Put(ctx context.Context, r io.Reader, max int64) (meridian.Blob, error) {
	const op = "nats.Blobs.Put"
	tmp := uploadPrefix + nuid.Next()
	// Not the request's context: a cancelled one would stop the object
	// store purging the chunks of a failed put. A client gone ends the
	// body's reads instead.
	lr := &limitReader{r: r, max: max}
	info, err := bl.obs.Put(context.WithoutCancel(ctx), jetstream.ObjectMeta{Name: tmp}, lr)
	if err != nil {
		// Put purges its chunks; a meta written before the error is ours
		// to remove.
		_ = bl.obs.Delete(context.WithoutCancel(ctx), tmp)
		switch {
		case errors.Is(lr.err, errTooLarge):
			return meridian.Blob{}, meridian.Invalidf(op, "file", "larger than the limit of %d bytes: nothing was stored", max)
		case lr.err != nil:
			var me *meridian.Error
			if errors.As(lr.err, &me) {
				return meridian.Blob{}, lr.err
			}
			return meridian.Blob{}, meridian.Invalidf(op, "file", "the upload was interrupted: nothing was stored")
		}
		return meridian.Blob{}, unavailable(op, err)
	}
	sha, err := digestHex(info.Digest)
	if err != nil {
		_ = bl.obs.Delete(context.WithoutCancel(ctx), tmp)
		return meridian.Blob{}, meridian.Internal(op, err)
	}
	out := meridian.Blob{SHA256: sha, Size: int64(info.Size)}
	err = bl.obs.UpdateMeta(ctx, tmp, jetstream.ObjectMeta{Name: blobName(sha)})
	switch {
	case err == nil:
		out.New = true
	case errors.Is(err, jetstream.ErrObjectAlreadyExists):
		// The same bytes are stored already: keep them once.
		if err := bl.obs.Delete(context.WithoutCancel(ctx), tmp); err != nil {
			return meridian.Blob{}, unavailable(op, err)
		}
	default:
		_ = bl.obs.Delete(context.WithoutCancel(ctx), tmp)
		return meridian.Blob{}, unavailable(op, err)
	}
	return out, nil
}

// digestHex turns the object store's "SHA-256=<base64url>" into hex.
func digestHex(d string) (string, error) {
	v, ok := strings.CutPrefix(d, "SHA-256=")
	if !ok {
		return "", fmt.Errorf("nats: unexpected digest %q", d)
	}
	b, err := base64.URLEncoding.DecodeString(v)
	if err != nil || len(b) != 32 {
		return "", fmt.Errorf("nats: unexpected digest %q", d)
	}
	return hex.EncodeToString(b), nil
}

// Open streams a content; the object store checks its digest at the end.
func (bl *Blobs) Open(ctx context.Context, sha string) (io.ReadCloser, error) {
	const op = "nats.Blobs.Open"
	if len(sha) != 64 {
		return nil, meridian.NotFound(op, "content")
	}
	r, err := bl.obs.Get(ctx, blobName(sha))
	if errors.Is(err, jetstream.ErrObjectNotFound) {
		return nil, meridian.NotFound(op, "content")
	}
	if err != nil {
		return nil, unavailable(op, err)
	}
	return r, nil
}

// Delete removes a content.
func (bl *Blobs) Delete(ctx context.Context, sha string) error {
	err := bl.obs.Delete(ctx, blobName(sha))
	if err != nil && !errors.Is(err, jetstream.ErrObjectNotFound) {
		return unavailable("nats.Blobs.Delete", err)
	}
	return nil
}

// Names lists the objects stored (content and uploads under way), for
// tests and operators.
func (bl *Blobs) Names(ctx context.Context) ([]string, error) {
	infos, err := bl.obs.List(ctx)
	if errors.Is(err, jetstream.ErrNoObjectsFound) {
		return nil, nil
	}
	if err != nil {
		return nil, unavailable("nats.Blobs.Names", err)
	}
	var out []string
	for _, i := range infos {
		out = append(out, i.Name)
	}
	return out, nil
}

// Size is the bytes the bucket's stream holds: content, metadata and
// chunks of uploads under way (which no listing shows).
func (bl *Blobs) Size(ctx context.Context) (uint64, error) {
	st, err := bl.obs.Status(ctx)
	if err != nil {
		return 0, unavailable("nats.Blobs.Size", err)
	}
	return st.Size(), nil
}
