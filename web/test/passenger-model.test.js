// The passenger screens' model: the queue's order and filter, the outcome
// form's checks and the body it sends, the travellers of a manifest as the
// server counts them, the upload's checks and address.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  MAX_MANIFEST,
  OUTCOMES,
  alertsByTraveller,
  allTravellers,
  arrivalLeg,
  checkUpload,
  filterAlerts,
  ingestPath,
  newAlerts,
  outcomeBody,
  shortReasons,
  sortAlerts,
  validateOutcome,
} from "../src/passenger-model.js";
import { APIError } from "../src/api.js";

const alert = (id, severity, created_at, extra = {}) => ({ id, severity, created_at, flight: "TK1883", version: 1, reasons: [], traveller: { index: 0 }, ...extra });

test("sortAlerts", async (t) => {
  await t.test("SeverityThenNewest", () => {
    const got = sortAlerts([
      alert("a", 1, "2024-10-01T10:00:00Z"),
      alert("b", 3, "2024-10-01T08:00:00Z"),
      alert("c", 2, "2024-10-01T11:00:00Z"),
      alert("d", 3, "2024-10-01T09:00:00Z"),
    ]);
    assert.deepEqual(got.map((a) => a.id), ["d", "b", "c", "a"]);
  });
  await t.test("OneMessageWatchlistFirst", () => {
    const at = "2024-10-01T10:00:00Z";
    const got = sortAlerts([
      alert("rule1", 3, at, { reasons: [{ kind: "rule" }], traveller: { index: 3 } }),
      alert("rule0", 3, at, { reasons: [{ kind: "rule" }], traveller: { index: 2 } }),
      alert("watch", 3, at, { reasons: [{ kind: "watchlist" }], traveller: { index: 5 } }),
    ]);
    assert.deepEqual(got.map((a) => a.id), ["watch", "rule0", "rule1"]);
  });
  await t.test("Copies", () => {
    const list = [alert("a", 1, "2024-10-01T10:00:00Z"), alert("b", 3, "2024-10-01T10:00:00Z")];
    sortAlerts(list);
    assert.equal(list[0].id, "a");
  });
});

test("filterAlerts", () => {
  const list = [alert("a", 1, "", { flight: "TK1883" }), alert("b", 1, "", { flight: "JU110" })];
  assert.deepEqual(filterAlerts(list, "tk 18").map((a) => a.id), ["a"]);
  assert.deepEqual(filterAlerts(list, "").map((a) => a.id), ["a", "b"]);
  assert.deepEqual(filterAlerts(list, "LH"), []);
});

test("newAlerts", () => {
  assert.deepEqual(newAlerts([{ id: "a" }], [{ id: "b" }, { id: "a" }]), ["b"]);
  assert.deepEqual(newAlerts(null, [{ id: "a" }]), ["a"]);
});

test("validateOutcome", async (t) => {
  await t.test("OK", () => {
    for (const o of OUTCOMES) assert.deepEqual(validateOutcome({ outcome: o, note: "" }), {});
  });
  await t.test("ErrRequired", () => assert.equal(validateOutcome({ outcome: "", note: "" }).outcome[0], "check.required"));
  await t.test("ErrUnknown", () => assert.equal(validateOutcome({ outcome: "detained" }).outcome[0], "check.outcome"));
  await t.test("ErrNoteLong", () => {
    // The server counts bytes: 1,000 Arabic letters are 2,000 bytes, one more is too many.
    assert.deepEqual(validateOutcome({ outcome: "no_action", note: "ب".repeat(1000) }), {});
    const e = validateOutcome({ outcome: "no_action", note: "ب".repeat(1001) });
    assert.deepEqual(e.note, ["check.noteLong", { max: 2000 }]);
  });
});

test("outcomeBody", async (t) => {
  await t.test("WithNote", () => {
    const body = outcomeBody({ outcome: "secondary_inspection", note: "  questioned at gate 4 \n" }, alert("a", 3, "", { version: 7 }));
    assert.deepEqual(body, { outcome: "secondary_inspection", note: "questioned at gate 4", version: 7 });
  });
  await t.test("NoNote", () => {
    const body = outcomeBody({ outcome: "victim_identified", note: "   " }, alert("a", 3, "", { version: 2 }));
    assert.deepEqual(body, { outcome: "victim_identified", version: 2 });
    // Exactly the fields of meridian.AlertOutcome: the server rejects unknown ones.
    for (const k of Object.keys(body)) assert.ok(["outcome", "note", "version"].includes(k), k);
  });
  await t.test("Outcomes", () => {
    // The server's list (meridian.AlertOutcomes), in its order.
    assert.deepEqual(OUTCOMES, ["not_encountered", "secondary_inspection", "refused_entry", "victim_identified", "arrest", "no_action"]);
  });
});

const manifest = {
  travellers: [{ given: "ANA", family: "PETROVSKA" }, { given: "DRITAN", family: "HOXHA" }],
  bookings: [
    { locator: "K7QX2B", travellers: [{ given: "LIRA", family: "BERISHA" }, { given: "ILIR", family: "KOLA" }] },
    { locator: "MFN4TI", travellers: [{ given: "JOHN", family: "SMITH" }] },
  ],
  flights: [
    { carrier: "TK", number: "1", arrival: { airport: "IST" } },
    { carrier: "TK", number: "1001", border: true, arrival: { airport: "SKP" } },
    { carrier: "TK", number: "7", arrival: { airport: "TGD" } },
  ],
};

test("allTravellers", () => {
  const all = allTravellers(manifest);
  assert.deepEqual(all.map((e) => e.traveller.family), ["PETROVSKA", "HOXHA", "BERISHA", "KOLA", "SMITH"]);
  assert.equal(all[3].booking.locator, "K7QX2B");
  assert.equal(all[0].booking, null);
  assert.deepEqual(allTravellers({}), []);
});

test("alertsByTraveller", () => {
  const m = alertsByTraveller([alert("a", 1, "", { traveller: { index: 3 } }), alert("b", 3, "", { traveller: { index: 3 } }), alert("c", 2, "", { traveller: { index: 0 } })]);
  assert.deepEqual(m.get(3).map((a) => a.id), ["b", "a"]);
  assert.deepEqual(m.get(0).map((a) => a.id), ["c"]);
  assert.equal(m.has(1), false);
});

test("arrivalLeg", () => {
  assert.equal(arrivalLeg(manifest).number, "1001");
  assert.equal(arrivalLeg({ flights: [{ number: "1" }, { number: "2" }] }).number, "2");
  assert.equal(arrivalLeg({ flights: [] }), null);
});

test("shortReasons", async (t) => {
  await t.test("Restricted", () => {
    // A restricted hit says that there is one, never the category.
    const a = { reasons: [{ kind: "watchlist", hit: { restricted: true, ref: "r1", owner_agency: "x", category: "victim" } }] };
    assert.deepEqual(shortReasons(a), [{ kind: "watchlist", category: "", restricted: true }]);
  });
  await t.test("Readable", () => {
    const a = { reasons: [{ kind: "watchlist", hit: { category: "missing" } }, { kind: "rule", text: "x: y", rule: { id: "1", version: 2, name: "One-way cash" } }] };
    assert.deepEqual(shortReasons(a), [
      { kind: "watchlist", category: "missing" },
      { kind: "rule", name: "One-way cash" },
    ]);
  });
});

test("upload", async (t) => {
  await t.test("Path", () => {
    assert.equal(ingestPath({ operation_id: "op1", country: "MK" }), "/manifests?operation_id=op1&country=MK");
    assert.equal(ingestPath({ operation_id: "", country: "" }), "/manifests");
  });
  await t.test("Checks", () => {
    assert.deepEqual(checkUpload(null), ["check.file"]);
    assert.deepEqual(checkUpload({ size: 0 }), ["check.fileEmpty"]);
    assert.equal(checkUpload({ size: MAX_MANIFEST + 1 })[0], "check.fileLarge");
    assert.equal(checkUpload({ size: 1200 }), null);
  });
  await t.test("QueryErrors", () => {
    // A problem naming a query parameter finds the upload form's field.
    const err = new APIError(422, "validation failed", [{ location: "query.country", message: 'unknown country "ZZ"' }]);
    assert.deepEqual(err.params, { country: 'unknown country "ZZ"' });
    assert.deepEqual(err.other, ['unknown country "ZZ"']);
  });
});
