// Package edifact reads the airline passenger messages governments
// receive in UN/EDIFACT: PAXLST passenger and crew lists (API) and PNRGOV
// booking records (PNR), into Meridian's manifests.
//
// It is tolerant where real senders are sloppy and strict where a message
// could be misread: wrong counts, mismatched references, unknown codes and
// junk after the last UNZ are accepted with a warning that names the
// segment and its byte offset; a malformed envelope (a bad UNA, a message
// without UNT, an interchange without UNZ, a truncated segment, binary
// junk where a segment should be) is an error that names them too, and
// nothing of the interchange is returned.
//
// Reading is streaming: Reader holds one segment at a time, MessageReader
// one message, Decoder one manifest (or the parts of one split message).
package edifact
