package watchlist

import (
	"encoding/json"
	"slices"
	"strings"

	"meridian"
)

// links is what the first pass over an FtM export learns about the
// persons in it from the other entities, keyed by the person's id.
type links struct {
	persons   map[string]bool                     // ids of the Person entities
	sanctions map[string][]meridian.WatchSanction // by sanctioned entity
	addresses map[string]string                   // Address id -> its text
	documents map[string][]meridian.DocRef        // unlisted identity documents by holder
}

func newLinks() *links {
	return &links{persons: map[string]bool{}, sanctions: map[string][]meridian.WatchSanction{},
		addresses: map[string]string{}, documents: map[string][]meridian.DocRef{}}
}

// scan learns from one line; a broken line is left to the second pass to
// report.
func (l *links) scan(b []byte) {
	var e ftmEntity
	if json.Unmarshal(b, &e) != nil || e.ID == "" {
		return
	}
	switch e.Schema {
	case "Person":
		l.persons[e.ID] = true
	case "Sanction":
		s := sanctionOf(&e)
		if s == nil {
			return
		}
		for _, ref := range refs(&e, "entity") {
			l.sanctions[ref.id] = append(l.sanctions[ref.id], *s)
		}
	case "Address":
		if a := addressOf(e.Properties); a != "" {
			l.addresses[e.ID] = a
		}
	case "Passport", "Identification":
		if listedStatus(&e) != "" {
			return
		}
		d, ok := docRefOf(&e)
		if !ok {
			return
		}
		for _, ref := range refs(&e, "holder") {
			l.documents[ref.id] = append(l.documents[ref.id], d)
		}
	}
}

// strs returns the trimmed non-empty strings of a property, nil if it is
// not an array of strings (the second pass reports that).
func strs(props map[string]json.RawMessage, prop string) []string {
	raw, ok := props[prop]
	if !ok {
		return nil
	}
	var ss []string
	if json.Unmarshal(raw, &ss) != nil {
		return nil
	}
	out := ss[:0]
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// ref is a reference to another entity: its id, as a flat export writes
// it, and the entity itself when a nested export inlines it.
type ref struct {
	id    string
	props map[string]json.RawMessage
}

// refs returns the entities a property refers to, as ids or as nested
// entities.
func refs(e *ftmEntity, prop string) []ref {
	raw, ok := e.Properties[prop]
	if !ok {
		return nil
	}
	var items []json.RawMessage
	if json.Unmarshal(raw, &items) != nil {
		return nil
	}
	var out []ref
	for _, it := range items {
		var id string
		if json.Unmarshal(it, &id) == nil {
			if id = strings.TrimSpace(id); id != "" {
				out = append(out, ref{id: id})
			}
			continue
		}
		var n ftmEntity
		if json.Unmarshal(it, &n) == nil && (n.ID != "" || n.Properties != nil) {
			out = append(out, ref{id: n.ID, props: n.Properties})
		}
	}
	return out
}

func first(ss []string) string {
	if len(ss) == 0 {
		return ""
	}
	return ss[0]
}

// clip cuts s to at most n bytes on a character boundary.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !isRuneStart(s[n]) {
		n--
	}
	return s[:n]
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }

// sanctionOf maps a Sanction entity; nil if it says nothing.
func sanctionOf(e *ftmEntity) *meridian.WatchSanction {
	p := e.Properties
	s := &meridian.WatchSanction{
		Authority: clip(first(strs(p, "authority")), 300),
		Program:   clip(strings.Join(slices.Compact(slices.Concat(strs(p, "program"), strs(p, "programId"))), "; "), 300),
		Reason:    clip(strings.Join(slices.Compact(strs(p, "reason")), "\n"), 4000),
	}
	for _, prop := range []string{"listingDate", "startDate"} {
		if d, ok := dateOf(first(strs(p, prop))); ok {
			if _, valid := meridian.ParseDate(string(d)); valid {
				s.StartDate = d
				break
			}
		}
	}
	if s.Authority == "" && s.Program == "" && s.Reason == "" {
		return nil
	}
	return s
}

// addressOf returns an Address entity's text: full, or its parts joined.
func addressOf(p map[string]json.RawMessage) string {
	if full := first(strs(p, "full")); full != "" {
		return clip(full, 500)
	}
	var parts []string
	for _, prop := range []string{"street", "street2", "postalCode", "city", "region", "state", "country"} {
		parts = append(parts, strs(p, prop)...)
	}
	return clip(strings.Join(parts, ", "), 500)
}

// listedStatus returns the status that makes an identity document a
// listed one (stolen, lost, revoked, invalidated), from its status or its
// topics, or "".
func listedStatus(e *ftmEntity) string {
	for _, s := range slices.Concat(strs(e.Properties, "status"), strs(e.Properties, "topics")) {
		if s = strings.ToLower(s); slices.Contains(meridian.WatchDocumentStatuses, s) {
			return s
		}
	}
	return ""
}

// docRefOf maps an identity document a person holds; false if its number
// is not one.
func docRefOf(e *ftmEntity) (meridian.DocRef, bool) {
	p := e.Properties
	num := first(strs(p, "number"))
	if n := meridian.NormalizeDocumentNumber(num); n == "" || len(num) > 50 || !utf8Text(num) {
		return meridian.DocRef{}, false
	}
	d := meridian.DocRef{Number: num, Type: "passport"}
	if e.Schema == "Identification" && !strings.EqualFold(first(strs(p, "type")), "passport") {
		d.Type = "id_card"
	}
	if c := strings.ToUpper(first(strs(p, "country"))); meridian.IsCountry(c) {
		d.IssuingState = c
	}
	return d, true
}

func utf8Text(s string) bool {
	for _, r := range s {
		if r < 0x20 || r == 0x7f || r == 0xFFFD {
			return false
		}
	}
	return true
}

// ftmTerritory reports whether an upper-cased FtM country code is one of
// FtM's own territory codes, no ISO 3166-1 alpha-2 code: historic states
// ("SUHH", "DDDE", "YUCS"), Kosovo ("XK"), the EU, "ZZ" (global).
func ftmTerritory(c string) bool {
	return len(c) > 2 && len(c) <= 8 && strings.Trim(strings.ToUpper(c), "ABCDEFGHIJKLMNOPQRSTUVWXYZ-") == "" ||
		c == "XK" || c == "EU" || c == "ZZ"
}
