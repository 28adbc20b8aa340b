package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"meridian"
	"meridian/audit"
	"meridian/sqldb/sqldbtest"
	"meridian/sqlite"
)

// TestLinkRelinkCLI: `meridian link relink --data DIR` links the records
// of a store that no worker linked (here written to the store directly),
// stores the proposal as the linking worker does (both owner agencies
// told), and run again finds it again quietly; a wrong flag is a usage
// error.
func TestLinkRelinkCLI(t *testing.T) {
	dir := t.TempDir()
	key, err := audit.LoadOrCreateKey(dir)
	if err != nil {
		t.Fatal(err)
	}
	db, err := sqlite.Open(context.Background(), dir, key, quietLogger())
	if err != nil {
		t.Fatal(err)
	}
	w := sqldbtest.NewWorld(t, db)
	own := meridian.Release{Scope: meridian.ScopeOwner}
	a := w.MustCreatePerson(t, w.A, "Arben Hoxha", own)
	c := w.MustCreatePerson(t, w.C, "Arben Hoxa", own)
	db.Close()

	out, errs, code := runMain(t, "", "link", "relink", "--data", dir, "--workers", "2")
	if code != 0 || !strings.Contains(out, "2 records indexed") || !strings.Contains(out, ": 1 pairs proposed") {
		t.Fatalf("link relink: %d %q %s", code, out, errs)
	}
	db, err = sqlite.Open(context.Background(), dir, key, quietLogger())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ls, _, err := db.FindLinks(sys(), meridian.LinkFilter{})
	if err != nil || len(ls) != 1 || ls[0].State != meridian.LinkProposed || ls[0].A.RecordID != min(a.ID, c.ID) {
		t.Fatalf("links %+v %v", ls, err)
	}
	told := sqldbtest.Count(t, db, "notifications")
	var owners int
	db.SQL().QueryRow(`SELECT COUNT(DISTINCT agency_id) FROM notifications WHERE kind = ? AND agency_id IN (?, ?)`,
		meridian.NoticeLinkProposed, w.A.ID, w.C.ID).Scan(&owners)
	if owners != 2 {
		t.Fatalf("%d owner agencies told of the proposal", owners)
	}
	db.Close()

	out, errs, code = runMain(t, "", "link", "relink", "--data", dir)
	if code != 0 || !strings.Contains(out, ": 1 pairs proposed") {
		t.Fatalf("link relink again: %d %q %s", code, out, errs)
	}
	db, _ = sqlite.Open(context.Background(), dir, key, quietLogger())
	if n := sqldbtest.Count(t, db, "notifications"); n != told || sqldbtest.Count(t, db, "links") != 1 {
		t.Fatalf("the second relink told %d, was %d", n, told)
	}

	if _, errs, code := runMain(t, "", "link", "relink", "--data", dir, "--workers", "-1"); code != 2 || !strings.Contains(errs, "--workers") {
		t.Fatalf("--workers -1: %d %s", code, errs)
	}
	if _, _, code := runMain(t, "", "link", "relink", "--data", filepath.Join(dir, "x"), "extra"); code != 2 {
		t.Fatalf("an argument: %d", code)
	}
}

// TestLinkPairsInOrder: link pairs and eval take --in-order, each record
// against those before it (the live worker's order), beside the default
// relink of the whole file.
func TestLinkPairsInOrder(t *testing.T) {
	dir := t.TempDir()
	if _, errs, code := runMain(t, "", "sim", "links", "--persons", "300", "--seed", "5", "--out", dir); code != 0 {
		t.Fatalf("sim links: %s", errs)
	}
	ents, truth := filepath.Join(dir, "entities.ftm.jsonl"), filepath.Join(dir, "truth.csv")
	all, _, code := runMain(t, "", "link", "pairs", ents)
	ordered, _, code2 := runMain(t, "", "link", "pairs", "--in-order", ents)
	if code != 0 || code2 != 0 || len(all) < 1000 || len(ordered) < 1000 {
		t.Fatalf("link pairs: %d %d", code, code2)
	}
	out, errs, code := runMain(t, "", "link", "eval", "--in-order", ents, truth)
	if code != 0 || (!strings.Contains(out, "same person: precision 0.9") && !strings.Contains(out, "same person: precision 1.0000")) {
		t.Fatalf("link eval --in-order: %d %q %s", code, out, errs)
	}
}
