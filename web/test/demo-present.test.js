// The report forms' date during a replayed operation (demo helper): the
// operation's present moment, not the last minute of its period.
import { test } from "node:test";
import assert from "node:assert/strict";
import { defaults, localInput, present } from "../src/report-model.js";

const op = { id: "op1", start: "2024-09-29", end: "2024-10-04", countries: ["MK"] };
const me = { user: { country: "MK" } };

test("present", async (t) => {
  await t.test("Replayed", () => {
    // Two years later, the replay has reached the Tuesday afternoon.
    const at = present(op, "2024-10-01T14:35:00Z", new Date("2026-12-07T09:00:00Z"));
    assert.equal(at.toISOString(), "2024-10-01T14:35:00.000Z");
    const v = defaults("raid", op, me, at);
    assert.equal(v.occurred_at, localInput(new Date("2024-10-01T14:35:00Z")));
    assert.notEqual(v.occurred_at, localInput(new Date("2024-10-04T23:59:00Z")));
  });
  await t.test("Running", () => {
    const now = new Date("2024-10-02T08:00:00Z");
    assert.equal(present(op, "2024-10-01T14:35:00Z", now).toISOString(), now.toISOString());
  });
  await t.test("NoReportsYet", () => {
    assert.equal(present(op, "", new Date("2026-12-07T09:00:00Z")).toISOString(), "2024-10-04T23:59:00.000Z");
  });
  await t.test("Before", () => {
    assert.equal(present(op, "", new Date("2024-09-01T09:00:00Z")).toISOString(), "2024-09-29T00:00:00.000Z");
  });
  await t.test("Garbled", () => {
    assert.equal(present(op, "not a date", new Date("2026-12-07T09:00:00Z")).toISOString(), "2024-10-04T23:59:00.000Z");
  });
});

// The queue said "Watchlist hit (restricted)" of a listed document the
// reader may see in full (it has no category): the detail showed it.
import { shortReasons } from "../src/passenger-model.js";

test("shortReasonsDocument", () => {
  const a = { reasons: [{ kind: "watchlist", hit: { ref: "d1", document: { number: "MK0012345", status: "stolen" } } }] };
  assert.deepEqual(shortReasons(a), [{ kind: "watchlist", category: "", document: true }]);
  const r = { reasons: [{ kind: "watchlist", hit: { restricted: true, ref: "d1" } }] };
  assert.deepEqual(shortReasons(r), [{ kind: "watchlist", category: "", restricted: true }]);
});
