// Server problems become messages keyed by the form's field paths.
import { test } from "node:test";
import assert from "node:assert/strict";
import { APIError, fieldKey, query } from "../src/api.js";

test("APIError", async (t) => {
  await t.test("FieldsFromProblem", () => {
    const err = new APIError(422, "validation failed", [
      { location: "body.victims[0].age", message: "300 is not a possible age (0 to 120)" },
      { location: "body.place.country", message: 'unknown ISO 3166-1 alpha-2 country code "ZZ"' },
      { location: "query.limit", message: "too big" },
    ]);
    assert.deepEqual(err.fields, {
      "victims[0].age": "300 is not a possible age (0 to 120)",
      "place.country": 'unknown ISO 3166-1 alpha-2 country code "ZZ"',
    });
    assert.deepEqual(err.other, ["too big"]);
    assert.equal(err.status, 422);
    assert.equal(err.message, "validation failed");
  });
  await t.test("NoErrors", () => {
    const err = new APIError(403, "forbidden");
    assert.deepEqual(err.fields, {});
  });
});

test("fieldKey", () => {
  assert.equal(fieldKey("body.flight.carrier"), "flight.carrier");
  assert.equal(fieldKey("body"), "");
  assert.equal(fieldKey(""), "");
});

test("query", () => {
  assert.equal(query({ operation_id: "x", order: "newest", limit: 50, country: "" }), "?operation_id=x&order=newest&limit=50");
  assert.equal(query({}), "");
});
