package nats

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"log/slog"
	"strings"
	"time"

	natsgo "github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nuid"

	"meridian"
)

// FilesBucket is the object store bucket of case files, in the bus's
// JetStream: replicated like the stream on a cluster, with nothing more
// to run or back up than the bus.
const FilesBucket = "MERIDIAN_FILES"

// uploadPrefix names the marker of an upload under way ("upload.<nuid>",
// the nuid of its chunks), removed when the upload ends either way. A
// marker a day old (a process killed mid-upload) is purged with its
// chunks when a store is opened.
const uploadPrefix = "upload."

// Blobs is a content-addressed store in the JetStream object store: each
// content is one object named "sha256.<hex>", streamed in 128 KiB chunks
// on the way in and out. The object store itself hashes with SHA-256 as
// it stores and checks the digest when an object is read to its end.
type Blobs struct {
	obs    jetstream.ObjectStore
	js     jetstream.JetStream
	stream jetstream.Stream
	log    *slog.Logger
}

var _ meridian.BlobStore = (*Blobs)(nil)

// Blobs opens (creating) the files bucket with the bus's replicas.
func (b *Bus) Blobs(ctx context.Context) (*Blobs, error) {
	const op = "nats.Blobs"
	cfg := jetstream.ObjectStoreConfig{
		Bucket:      FilesBucket,
		Description: "case files, by SHA-256",
		Storage:     jetstream.FileStorage,
		Replicas:    b.opt.Replicas,
	}
	// On a cluster that is forming, or with several instances starting at
	// once, creating the replicated bucket can outlast the API's 5 s:
	// try again for a while (TestClusterSurvives).
	var obs jetstream.ObjectStore
	var err error
	for try := 0; ; try++ {
		cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		obs, err = b.js.CreateOrUpdateObjectStore(cctx, cfg)
		cancel()
		if err == nil || try == 5 || ctx.Err() != nil {
			break
		}
		b.log.Warn("nats: object store not created yet, trying again", slog.String("error", err.Error()))
		time.Sleep(500 * time.Millisecond)
	}
	if err != nil {
		return nil, busError(op, fmt.Errorf("nats: object store %s: %w", FilesBucket, err))
	}
	stream, err := b.js.Stream(ctx, "OBJ_"+FilesBucket)
	if err != nil {
		return nil, busError(op, fmt.Errorf("nats: object store %s: %w", FilesBucket, err))
	}
	bl := &Blobs{obs: obs, js: b.js, stream: stream, log: b.log}
	bl.sweep(ctx, 24*time.Hour)
	return bl, nil
}

// sweep purges uploads older than age, left by a process that stopped
// mid-upload; age is long enough for an upload on another instance to be
// under way still.
func (bl *Blobs) sweep(ctx context.Context, age time.Duration) {
	lister, err := bl.obs.List(ctx)
	if err != nil {
		return // an empty bucket answers ErrNoObjectsFound
	}
	for _, info := range lister {
		if id, ok := strings.CutPrefix(info.Name, uploadPrefix); ok && time.Since(info.ModTime) > age {
			bl.purge(ctx, fmt.Sprintf("$O.%s.C.%s", FilesBucket, id))
			bl.purge(ctx, metaSubject(info.Name))
			bl.log.Info("nats: removed an interrupted upload", slog.String("object", info.Name))
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

// chunkSize is what one message of content holds; window is how many
// chunks may await JetStream's acknowledgement at once: at most 2 MiB of
// an upload in flight, whatever its size.
const (
	chunkSize = 128 << 10
	window    = 16
)

// Put streams r into the store: chunks published with a bounded window of
// unacknowledged ones (the object store's own Put keeps up to 4,000 in
// flight, and each waits an fsync on the embedded server), hashed as they
// go, then the object's metadata under its SHA-256, unless that content
// is there already, when the chunks are purged. A marker object
// "upload.<nuid>" names the chunks while they arrive, so that those of a
// process killed mid-upload are purged later (sweep). A read error or a
// content over max leaves nothing.
func (bl *Blobs) Put(ctx context.Context, r io.Reader, max int64) (meridian.Blob, error) {
	const op = "nats.Blobs.Put"
	// Not the request's context: a cancelled one would stop the purge of
	// a failed upload. A client gone ends the body's reads instead.
	ctx = context.WithoutCancel(ctx)
	id := nuid.Next()
	marker := uploadPrefix + id
	if _, err := bl.obs.PutBytes(ctx, marker, nil); err != nil {
		return meridian.Blob{}, unavailable(op, err)
	}
	chunks := fmt.Sprintf("$O.%s.C.%s", FilesBucket, id)
	lr := &limitReader{r: r, max: max}
	h := sha256.New()
	var pending []jetstream.PubAckFuture
	// fail waits for the chunks still in flight before purging: one
	// stored after the purge would stay.
	fail := func(err error) (meridian.Blob, error) {
		for _, f := range pending {
			select {
			case <-f.Ok():
			case <-f.Err():
			case <-time.After(time.Minute):
			}
		}
		bl.purge(ctx, chunks)
		bl.purge(ctx, metaSubject(marker))
		return meridian.Blob{}, err
	}
	wait := func(n int) error {
		for len(pending) > n {
			select {
			case <-pending[0].Ok():
			case err := <-pending[0].Err():
				return err
			case <-time.After(time.Minute):
				return errors.New("nats: no acknowledgement of a chunk within a minute")
			}
			pending = pending[1:]
		}
		return nil
	}
	var size int64
	var count uint32
	for {
		buf := make([]byte, chunkSize)
		n, rerr := io.ReadFull(lr, buf)
		if n > 0 {
			h.Write(buf[:n])
			f, err := bl.js.PublishMsgAsync(&natsgo.Msg{Subject: chunks, Data: buf[:n]})
			if err != nil {
				return fail(unavailable(op, err))
			}
			pending = append(pending, f)
			size += int64(n)
			count++
			if err := wait(window - 1); err != nil {
				return fail(unavailable(op, err))
			}
		}
		if rerr == io.EOF || rerr == io.ErrUnexpectedEOF && lr.err == nil {
			break
		}
		if rerr != nil {
			if errors.Is(lr.err, errTooLarge) {
				return fail(meridian.Invalidf(op, "file", "larger than the limit of %d bytes: nothing was stored", max))
			}
			var me *meridian.Error
			if errors.As(lr.err, &me) {
				return fail(lr.err)
			}
			return fail(meridian.Invalidf(op, "file", "the upload was interrupted: nothing was stored"))
		}
	}
	if err := wait(0); err != nil {
		return fail(unavailable(op, err))
	}
	sum := h.Sum(nil)
	sha := hex.EncodeToString(sum)
	out := meridian.Blob{SHA256: sha, Size: size}
	name := blobName(sha)
	switch info, err := bl.obs.GetInfo(ctx, name); {
	case err == nil && !info.Deleted:
		// The same bytes are stored already: keep them once.
		bl.purge(ctx, chunks)
	case err != nil && !errors.Is(err, jetstream.ErrObjectNotFound):
		return fail(unavailable(op, err))
	default:
		meta := jetstream.ObjectInfo{
			ObjectMeta: jetstream.ObjectMeta{Name: name, Opts: &jetstream.ObjectMetaOptions{ChunkSize: chunkSize}},
			Bucket:     FilesBucket, NUID: id, Size: uint64(size), Chunks: count,
			Digest: "SHA-256=" + base64.URLEncoding.EncodeToString(sum),
		}
		data, err := json.Marshal(meta)
		if err != nil {
			return fail(meridian.Internal(op, err))
		}
		msg := natsgo.NewMsg(metaSubject(name))
		msg.Header.Set(jetstream.MsgRollup, jetstream.MsgRollupSubject)
		msg.Data = data
		if _, err := bl.js.PublishMsg(ctx, msg); err != nil {
			return fail(unavailable(op, err))
		}
		out.New = true
	}
	bl.purge(ctx, metaSubject(marker))
	return out, nil
}

// metaSubject is where the object store keeps an object's metadata.
func metaSubject(name string) string {
	return fmt.Sprintf("$O.%s.M.%s", FilesBucket, base64.URLEncoding.EncodeToString([]byte(name)))
}

// purge removes the messages of one subject: an upload's chunks, or an
// object's metadata with no tombstone left behind.
func (bl *Blobs) purge(ctx context.Context, subject string) {
	if err := bl.stream.Purge(ctx, jetstream.WithPurgeSubject(subject)); err != nil {
		bl.log.Warn("nats: cannot purge an upload's chunks", slog.String("subject", subject), slog.Any("error", err))
	}
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
	info, err := bl.obs.GetInfo(ctx, blobName(sha))
	if errors.Is(err, jetstream.ErrObjectNotFound) {
		return nil, meridian.NotFound(op, "content")
	}
	if err != nil {
		return nil, unavailable(op, err)
	}
	if info.Deleted {
		return nil, meridian.NotFound(op, "content")
	}
	want, err := base64.URLEncoding.DecodeString(strings.TrimPrefix(info.Digest, "SHA-256="))
	if err != nil {
		return nil, meridian.Internal(op, err)
	}
	// The object store's own Get pushes the chunks to the client as fast
	// as the server sends them (143 MiB of heap for a 192 MiB file to a
	// slower reader) and gives the whole read 5 seconds without a
	// deadline; this pulls a few chunks at a time, as the reader reads.
	cctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	cons, err := bl.js.OrderedConsumer(cctx, "OBJ_"+FilesBucket, jetstream.OrderedConsumerConfig{
		FilterSubjects: []string{fmt.Sprintf("$O.%s.C.%s", FilesBucket, info.NUID)},
		DeliverPolicy:  jetstream.DeliverAllPolicy,
	})
	if err != nil {
		cancel()
		return nil, unavailable(op, err)
	}
	it, err := cons.Messages(jetstream.PullMaxMessages(4))
	if err != nil {
		cancel()
		return nil, unavailable(op, err)
	}
	return &content{it: it, cancel: cancel, left: info.Chunks, size: info.Size, want: want, h: sha256.New()}, nil
}

// content reads an object's chunks in order and checks its SHA-256 and
// size at the end: a content changed in the store fails its last read.
type content struct {
	it     jetstream.MessagesContext
	cancel context.CancelFunc
	buf    []byte
	left   uint32
	size   uint64
	read   uint64
	want   []byte
	h      hash.Hash
	err    error
}

func (c *content) Read(p []byte) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	for len(c.buf) == 0 {
		if c.left == 0 {
			if c.read != c.size || !bytes.Equal(c.h.Sum(nil), c.want) {
				c.err = errors.New("nats: stored content does not match its SHA-256")
			} else {
				c.err = io.EOF
			}
			return 0, c.err
		}
		msg, err := c.it.Next()
		if err != nil {
			c.err = err
			return 0, err
		}
		c.buf = msg.Data()
		c.left--
		c.read += uint64(len(c.buf))
		c.h.Write(c.buf)
	}
	n := copy(p, c.buf)
	c.buf = c.buf[n:]
	return n, nil
}

func (c *content) Close() error {
	c.it.Stop()
	c.cancel()
	return nil
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
