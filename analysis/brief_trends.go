package analysis

import (
	"context"
	"fmt"
	"strings"
	"time"

	"meridian"
)

// BriefTrendsOf is the brief's trends section: the changes flagged in the
// trends of the operation's period, computed from what the caller may
// read (Compute), the most recent first.
type BriefTrendsOf struct {
	Events     Store
	Operations OperationFinder
	Now        func() time.Time // nil: time.Now
}

// BriefTrends implements BriefTrends. The change is given in figures
// (the level before and since, per day or week), which read the same in
// every language of the brief.
func (b *BriefTrendsOf) BriefTrends(ctx context.Context, operationID, lang string) ([]TrendNote, error) {
	op, err := b.Operations.FindOperationByID(ctx, operationID)
	if err != nil {
		return nil, err
	}
	now := time.Now
	if b.Now != nil {
		now = b.Now
	}
	q := Query{OperationID: operationID, From: op.Start, To: op.End}
	if op.End.Time().Sub(op.Start.Time()) >= MaxDays*24*time.Hour {
		q.From = meridian.DateOf(op.End.Time().AddDate(0, 0, -(MaxDays - 1)))
	}
	t, err := Compute(ctx, b.Events, q, now())
	if err != nil {
		return nil, err
	}
	var out []TrendNote
	for _, f := range t.Flags {
		change := fmt.Sprintf("%.1f → %.1f / %s", f.Before, f.After, f.Interval)
		if f.Ratio > 0 {
			change += fmt.Sprintf(" (×%.1f)", f.Ratio)
		}
		out = append(out, TrendNote{Series: strings.Join([]string{f.Metric, f.Dimension, f.Key}, " · "), Since: f.Since.Time(), Change: change})
	}
	return out, nil
}
