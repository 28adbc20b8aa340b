package http

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	nethttp "net/http"
	"strings"
	"unicode/utf8"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humago"
)

// guardBody checks the body of every operation that takes one before huma
// decodes it: encoding/json would silently replace invalid UTF-8 with
// U+FFFD, turning a name into something no one wrote, and huma's own size
// check and syntax errors neither name our limit nor give an offset.
func (s *Server) guardBody(ctx huma.Context, next func(huma.Context)) {
	if stream, _ := ctx.Operation().Metadata[streamBodyKey].(bool); ctx.Operation().RequestBody == nil || stream {
		next(ctx)
		return
	}
	r, w := humago.Unwrap(ctx)
	if raw, _ := ctx.Operation().Metadata[rawBodyKey].(bool); raw {
		body, err := readRaw(w, r)
		if err != nil {
			s.writeProblem(w, r, err)
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		r.ContentLength = int64(len(body))
		next(ctx)
		return
	}
	body, err := s.readBody(w, r)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	r.ContentLength = int64(len(body))
	next(ctx)
}

// rawBodyKey marks, in an operation's metadata, a route that takes a
// message as sent (EDIFACT), not JSON.
const rawBodyKey = "meridian.rawBody"

// readRaw reads a passenger message: text in one of the types airlines
// send it as, at most MaxManifestBody bytes, not empty. Its syntax is the
// parser's to judge.
func readRaw(w nethttp.ResponseWriter, r *nethttp.Request) ([]byte, error) {
	tooLarge := httpError(nethttp.StatusRequestEntityTooLarge,
		fmt.Sprintf("request body larger than the limit of %d bytes", MaxManifestBody))
	if r.ContentLength > MaxManifestBody {
		return nil, tooLarge
	}
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch mt {
	case "application/edifact", "text/plain", "application/octet-stream":
	default:
		return nil, httpError(nethttp.StatusUnsupportedMediaType, "Content-Type must be application/edifact or text/plain")
	}
	body, err := io.ReadAll(nethttp.MaxBytesReader(w, r.Body, MaxManifestBody))
	if err != nil {
		if _, ok := errors.AsType[*nethttp.MaxBytesError](err); ok {
			return nil, tooLarge
		}
		return nil, httpError(nethttp.StatusBadRequest, "cannot read the request body")
	}
	if len(body) == 0 {
		return nil, httpError(nethttp.StatusBadRequest, "the request body is empty: send the message", &huma.ErrorDetail{Location: "body", Message: "is required"})
	}
	return body, nil
}

// readBody reads a JSON request body of at most MaxBody bytes that is valid
// UTF-8 and valid JSON, with no key given twice and no lone surrogate
// escape (jsonFlaw), or returns the problem saying why not. An empty body
// passes: huma says whether the operation requires one.
func (s *Server) readBody(w nethttp.ResponseWriter, r *nethttp.Request) ([]byte, error) {
	tooLarge := httpError(nethttp.StatusRequestEntityTooLarge,
		fmt.Sprintf("request body larger than the limit of %d bytes", s.MaxBody))
	if r.ContentLength > s.MaxBody {
		return nil, tooLarge
	}
	ct := r.Header.Get("Content-Type")
	if ct == "" && r.ContentLength == 0 {
		return nil, nil
	}
	if !isJSON(ct) {
		return nil, httpError(nethttp.StatusUnsupportedMediaType, "Content-Type must be application/json")
	}
	body, err := io.ReadAll(nethttp.MaxBytesReader(w, r.Body, s.MaxBody))
	if err != nil {
		if _, ok := errors.AsType[*nethttp.MaxBytesError](err); ok {
			return nil, tooLarge
		}
		return nil, httpError(nethttp.StatusBadRequest, "cannot read the request body")
	}
	if len(body) == 0 {
		return body, nil
	}
	if off := invalidUTF8(body); off >= 0 {
		msg := fmt.Sprintf("request body is not valid UTF-8: invalid byte at offset %d", off)
		return nil, httpError(nethttp.StatusBadRequest, msg, &huma.ErrorDetail{Location: "body", Message: msg})
	}
	if !json.Valid(body) {
		var raw json.RawMessage
		err := json.Unmarshal(body, &raw)
		// Offsets are of the offending byte, counted from 0, as for
		// UTF-8 above; json counts the bytes read, that byte included.
		off := int64(len(body))
		if se, ok := errors.AsType[*json.SyntaxError](err); ok && se.Offset > 0 && se.Error() != "unexpected end of JSON input" {
			off = se.Offset - 1
		}
		msg := fmt.Sprintf("malformed JSON at byte offset %d", off)
		if err != nil {
			msg += ": " + err.Error()
		}
		return nil, httpError(nethttp.StatusBadRequest, msg, &huma.ErrorDetail{Location: "body", Message: msg})
	}
	if where, what := jsonFlaw(body); where != "" {
		return nil, httpError(nethttp.StatusBadRequest, where+": "+what, &huma.ErrorDetail{Location: where, Message: what})
	}
	return body, nil
}

// isJSON reports whether a Content-Type names JSON in UTF-8.
func isJSON(ct string) bool {
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil || mt != "application/json" {
		return false
	}
	cs, ok := params["charset"]
	return !ok || strings.EqualFold(cs, "utf-8")
}

// invalidUTF8 returns the offset of the first byte that is not valid UTF-8,
// or -1.
func invalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return -1
}
