package http

import (
	"context"
	nethttp "net/http"
	"strings"

	"meridian"
)

// WatchlistImportInput is a watchlist file sent whole, with the marking
// every entry of it gets. It comes as JSON, so that the marking is
// validated and named field by field as on any record; files larger than
// the request limit go through `meridian import watchlist`.
type WatchlistImportInput struct {
	meridian.Marking
	Format   string `json:"format" enum:"csv,ftm" doc:"csv (the flat format of meridian import watchlist) or ftm (FollowTheMoney JSON lines)"`
	Category string `json:"category,omitempty" enum:"wanted,missing,victim,suspect" doc:"category of persons whose line does not say; default suspect"`
	Content  string `json:"content" minLength:"1" doc:"the file, UTF-8"`
	DryRun   bool   `json:"dry_run,omitempty" doc:"read and validate the whole file, store nothing"`
}

func (s *Server) watchImportRoutes() {
	if s.Imports == nil {
		return
	}
	op := s.op("import-watchlist", nethttp.MethodPost, "/watchlist/imports", "watchlist", "Import a watchlist file")
	op.DefaultStatus = nethttp.StatusOK
	op.Description = "Stores every entry of the file, owned by your agency and marked as the request says, or none of them: " +
		"a file with wrong lines is answered 200 with imported false and the error of every offending line and field " +
		"(as the file names them: a CSV column, an FtM property), so that the sender can fix the file. " +
		"A wrong marking, format or category is a 422 naming the request's field. Each entry stored is audited as a creation."
	register(s, op, func(ctx context.Context, in *createInput[WatchlistImportInput]) (*bodyOutput[*meridian.WatchlistImportReport], error) {
		b := &in.Body
		return one(s.Imports.ImportWatchlistFile(ctx, strings.NewReader(b.Content), meridian.WatchlistImport{
			Format: b.Format, Category: b.Category, Marking: b.Marking, DryRun: b.DryRun}))
	})
}
