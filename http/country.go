package http

import (
	"context"
	nethttp "net/http"

	"meridian"
)

func (s *Server) countryRoutes() {
	op := s.op("list-countries", nethttp.MethodGet, "/countries", "reference", "List ISO 3166-1 countries")
	op.Description = "Every country in one page, ordered by alpha-2 code, for forms and filters."
	op.Errors = []int{nethttp.StatusUnauthorized}
	register(s, op, func(context.Context, *struct{}) (*listOutput[meridian.Country], error) {
		return page(meridian.Countries(), "", nil)
	})
}
