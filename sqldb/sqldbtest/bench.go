package sqldbtest

import (
	"testing"

	"meridian"
)

// Bench measures the store's hot paths on one engine: an audited,
// outboxed write; an audited read through the releasability filter; and
// a page of 100 audited list results out of 10,000 records, a third of
// them hidden from the reader.
func Bench(b *testing.B, open Opener) {
	b.Run("CreatePerson", func(b *testing.B) {
		w := NewWorld(b, open(b))
		ctx := As(w.A)
		for b.Loop() {
			if err := w.DB.CreatePerson(ctx, w.NewPerson("Bench Person", meridian.Release{Scope: meridian.ScopeAll})); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("FindPersonByID", func(b *testing.B) {
		w := NewWorld(b, open(b))
		p := w.MustCreatePerson(b, w.A, "Bench Person", meridian.Release{Scope: meridian.ScopeAll})
		ctx := As(w.B)
		for b.Loop() {
			if _, err := w.DB.FindPersonByID(ctx, p.ID); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("FindPersons100of10000", func(b *testing.B) {
		w := NewWorld(b, open(b))
		for i := range 10000 {
			r := meridian.Release{Scope: meridian.ScopeAll}
			if i%3 == 0 {
				r = meridian.Release{Scope: meridian.ScopeOwner}
			}
			w.MustCreatePerson(b, w.A, "Bench Person", r)
		}
		ctx := As(w.B)
		for b.Loop() {
			ps, _, err := w.DB.FindPersons(ctx, meridian.PersonFilter{Page: meridian.Page{Limit: 100}})
			if err != nil || len(ps) != 100 {
				b.Fatal(len(ps), err)
			}
		}
	})
}
