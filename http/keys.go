package http

import (
	"context"
	"fmt"
	nethttp "net/http"

	"meridian"
)

// KeyQuery is one identifier to search for, written as people write it;
// Meridian normalises it as it normalises the records' identifiers.
type KeyQuery struct {
	Type  meridian.KeyType `json:"type" enum:"document,phone,email,iban,bank_account,plate,online_account,address"`
	Value string           `json:"value" minLength:"1" maxLength:"600" doc:"for documents STATE:NUMBER; for plates, bank accounts and addresses optionally COUNTRY:...; for online accounts platform:handle"`
}

// KeySearch is a search by identifiers.
type KeySearch struct {
	Keys []KeyQuery `json:"keys" minItems:"1" maxItems:"100"`
}

type keySearchInput struct {
	Body KeySearch
}

func (s *Server) keyRoutes() {
	if s.Keys == nil {
		return
	}
	op := s.op("search-keys", nethttp.MethodPost, "/keys/search", "search", "Find records by identifier")
	op.DefaultStatus = nethttp.StatusOK
	op.Description = "Records you may read that hold any of the identifiers (document, phone, e-mail, IBAN, bank account, plate, " +
		"online account, address), each with the normalised key it holds. Records you may not read are neither returned nor counted. " +
		"The search is audited as a list naming every record found. A POST, so that identifiers stay out of URLs and access logs."
	register(s, op, func(ctx context.Context, in *keySearchInput) (*listOutput[meridian.KeyMatch], error) {
		f := meridian.Fields{Op: "http.searchKeys"}
		if len(in.Body.Keys) > meridian.MaxKeysPerLookup {
			f.Add("keys", "more than %d keys", meridian.MaxKeysPerLookup)
			return nil, f.Err()
		}
		keys := make([]meridian.Key, 0, len(in.Body.Keys))
		for i, q := range in.Body.Keys {
			k, msg := meridian.ParseKey(q.Type, q.Value)
			if msg != "" {
				f.Add(fmt.Sprintf("keys[%d].value", i), "%s", msg)
				continue
			}
			keys = append(keys, k)
		}
		if err := f.Err(); err != nil {
			return nil, err
		}
		ms, err := s.Keys.FindByKeys(ctx, keys)
		return page(ms, "", err)
	})
}
