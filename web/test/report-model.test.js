// The report forms' model: defaults, the checks that mirror the server's,
// and the body sent.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ageBand, body, defaults, period, serverPath, validate } from "../src/report-model.js";
import { errorFor, fieldId, getAt, parsePath, setAt } from "../src/paths.js";
import { feedItem, mergeFeed } from "../src/figures.js";

const op = {
  id: "op1",
  start: "2024-09-29",
  end: "2024-10-04",
  countries: ["MK", "AL", "RS"],
  deployments: [{ name: "Tabanovce border crossing", kind: "border_point", country: "MK" }],
};
const me = { user: { country: "AL" } };
const codes = new Map(["MK", "AL", "RS", "UA", "CO", "FR"].map((c) => [c, {}]));
const during = new Date("2024-10-01T10:00:00Z");

function rescue() {
  const v = defaults("rescue", op, me, during);
  v.victims[0] = { ...v.victims[0], count: "3", sex: "F", age: "17", nationality: "UA", exploitation: ["sexual_exploitation"] };
  return v;
}

test("defaults", async (t) => {
  await t.test("OK", () => {
    const v = defaults("rescue", op, me, during);
    assert.equal(v.place.country, "AL");
    assert.equal(v.tlp, "AMBER");
    assert.equal(v.release.scope, "owner");
    assert.equal(v.victims.length, 1);
    assert.equal(new Date(v.occurred_at).getTime(), new Date("2024-10-01T10:00:00Z").getTime());
  });
  await t.test("ClampedToPeriod", () => {
    const v = defaults("raid", op, me, new Date("2026-01-01T00:00:00Z"));
    assert.ok(new Date(v.occurred_at) <= period(op).max);
    assert.deepEqual(validate(v, op, codes, new Date("2026-01-01T00:00:00Z")), {});
  });
  await t.test("NonParticipantUser", () => {
    const v = defaults("raid", op, { user: { country: "FR" } }, during);
    assert.equal(v.place.country, "MK");
  });
});

test("validate", async (t) => {
  await t.test("OK", () => {
    assert.deepEqual(validate(rescue(), op, codes, during), {});
  });
  const cases = [
    ["ErrAge", (v) => (v.victims[0].age = "300"), "victims[0].age", "check.range"],
    ["ErrCount", (v) => (v.victims[0].count = "0"), "victims[0].count", "check.range"],
    ["ErrCountNotWhole", (v) => (v.victims[0].count = "2.5"), "victims[0].count", "check.whole"],
    ["ErrBand", (v) => (v.victims[0].age_band = "25-34"), "victims[0].age_band", "check.band"],
    ["ErrUnknownCountry", (v) => (v.victims[0].nationality = "ZZ"), "victims[0].nationality", "check.country"],
    ["ErrNoCountry", (v) => (v.place.country = ""), "place.country", "check.required"],
    ["ErrOutside", (v) => (v.occurred_at = "2024-11-01T10:00"), "occurred_at", "check.outside"],
    ["ErrNoVictims", (v) => (v.victims = []), "victims", "check.victims"],
    ["ErrLat", (v) => (v.place.lat = "95"), "place.lat", "check.range"],
    ["ErrListedNone", (v) => (v.release.scope = "listed"), "release.countries", "check.listed"],
  ];
  for (const [name, mutate, path, key] of cases) {
    await t.test(name, () => {
      const v = rescue();
      mutate(v);
      const e = validate(v, op, codes, during);
      assert.ok(e[path], `no error on ${path}: ${JSON.stringify(e)}`);
      assert.equal(e[path][0], key);
    });
  }
  await t.test("ErrMinors", () => {
    const v = defaults("migrants", op, me, during);
    v.migrants[0] = { count: "2", nationality: "AF", minors: "3", route: [{ country: "XX", role: "origin", name: "" }] };
    const e = validate(v, op, new Map([...codes, ["AF", {}]]), during);
    assert.equal(e["migrants[0].minors"][0], "check.minors");
    assert.equal(e["migrants[0].route[0].country"][0], "check.country");
  });
  await t.test("ErrFlight", () => {
    const v = defaults("flight", op, me, during);
    Object.assign(v.flight, { carrier: "turkish", number: "18833", from: "IS", to: "SKP", passengers: "1001" });
    const e = validate(v, op, codes, during);
    for (const p of ["flight.carrier", "flight.number", "flight.from", "flight.passengers"]) assert.ok(e[p], p);
    assert.ok(!e["flight.to"]);
  });
  await t.test("ErrArrestWithoutCharge", () => {
    const v = defaults("arrest", op, me, during);
    assert.equal(validate(v, op, codes, during).charges[0], "check.charges");
  });
  await t.test("ErrDeployment", () => {
    const v = defaults("deployment", op, me, during);
    assert.equal(v.deployment, "Tabanovce border crossing");
    v.deployment = "Nowhere";
    assert.equal(validate(v, op, codes, during).deployment[0], "check.deployment");
  });
});

test("body", async (t) => {
  await t.test("Rescue", () => {
    const b = body(rescue(), op);
    assert.equal(b.type, "rescue");
    assert.equal(b.operation_id, "op1");
    assert.equal(b.occurred_at, new Date(rescue().occurred_at).toISOString());
    assert.deepEqual(b.place, { country: "AL" });
    assert.deepEqual(b.release, { scope: "owner" });
    assert.deepEqual(b.victims, [{ count: 3, sex: "F", age: 17, nationality: "UA", exploitation: ["sexual_exploitation"] }]);
  });
  await t.test("Arrest", () => {
    const v = defaults("arrest", op, me, during);
    v.charges = ["trafficking_in_human_beings", "money_laundering"];
    v.legal = { trafficking_in_human_beings: " art. 418-a " };
    const b = body(v, op);
    assert.deepEqual(b.charges, [{ code: "trafficking_in_human_beings", legal_basis: "art. 418-a" }, { code: "money_laundering" }]);
    assert.equal(serverPath("charges[0].legal_basis", v), "legal.trafficking_in_human_beings");
    assert.equal(serverPath("charges[1].code", v), "charges");
  });
  await t.test("Flight", () => {
    const v = defaults("flight", op, me, during);
    Object.assign(v.flight, { carrier: "tk", number: "1883", from: "ist", to: "skp", passengers: "180" });
    assert.deepEqual(body(v, op).flight, { carrier: "TK", number: "1883", from: "IST", to: "SKP", from_country: "AL", passengers: 180 });
  });
  await t.test("Listed", () => {
    const v = rescue();
    v.release = { scope: "listed", countries: ["MK"] };
    assert.deepEqual(body(v, op).release, { scope: "listed", countries: ["MK"] });
  });
});

test("ageBand", () => {
  assert.deepEqual([0, 11, 12, 17, 18, 25, 44, 59, 60, 120].map(ageBand), ["0-11", "0-11", "12-17", "12-17", "18-24", "25-34", "35-44", "45-59", "60+", "60+"]);
});

test("paths", async (t) => {
  await t.test("Parse", () => assert.deepEqual(parsePath("migrants[1].route[0].country"), ["migrants", 1, "route", 0, "country"]));
  await t.test("SetGet", () => {
    const o = setAt({ a: 1 }, "victims[0].age", "5");
    assert.deepEqual(o, { a: 1, victims: [{ age: "5" }] });
    assert.equal(getAt(o, "victims[0].age"), "5");
  });
  await t.test("SetCopies", () => {
    const a = { victims: [{ age: "1" }, { age: "2" }] };
    const b = setAt(a, "victims[1].age", "3");
    assert.equal(a.victims[1].age, "2");
    assert.equal(b.victims[0], a.victims[0]);
  });
  await t.test("FieldID", () => assert.equal(fieldId("victims[0].age"), "f-victims-0-age"));
  await t.test("ErrorFor", () => {
    const e = { "victims[0].exploitation[1]": "bad", "place.country": "unknown" };
    assert.equal(errorFor(e, "victims[0].exploitation"), "bad");
    assert.equal(errorFor(e, "place.country"), "unknown");
    assert.equal(errorFor(e, "victims[0]"), "");
  });
});

test("feed", async (t) => {
  await t.test("FeedItem", () => {
    const it = feedItem({ id: "e1", type: "rescue", occurred_at: "2024-10-01T05:00:00Z", place: { country: "MK", name: "Skopje" }, victims: [{ count: 2 }, { count: 3 }] });
    assert.equal(it.victims, 5);
    assert.equal(it.country, "MK");
  });
  await t.test("MergeNewestFirstNoDuplicates", () => {
    const a = { id: "a", occurred_at: "2024-10-01T01:00:00Z" };
    const b = { id: "b", occurred_at: "2024-10-01T02:00:00Z" };
    assert.deepEqual(mergeFeed([a], [b, a]).map((x) => x.id), ["b", "a"]);
  });
});
