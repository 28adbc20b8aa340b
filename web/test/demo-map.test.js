// The map's zoom and pan (demo helper): a zoom keeps the point under the
// pointer where it was and the view within the map; a pan moves it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { HEIGHT, WIDTH, panView, zoomView } from "../src/map-view.js";

test("zoomView", async (t) => {
  await t.test("InAroundPoint", () => {
    const v = zoomView([0, 0, WIDTH, HEIGHT], 0.5, 540, 120);
    assert.equal(v[2], WIDTH / 2);
    // The Balkans (540, 120) stay under the pointer.
    assert.ok(Math.abs(v[0] + ((540 - 0) / WIDTH) * v[2] - 540) < 0.2, String(v));
  });
  await t.test("OutStopsAtWorld", () => {
    assert.deepEqual(zoomView([100, 50, 200, 98], 100), [0, 0, WIDTH, HEIGHT]);
  });
  await t.test("InStopsAtDetail", () => {
    assert.ok(zoomView([0, 0, WIDTH, HEIGHT], 0.0001)[2] >= 40);
  });
  await t.test("Pan", () => {
    assert.deepEqual(panView([100, 100, 200, 98], 50, 20), [50, 80, 200, 98]);
    assert.deepEqual(panView([10, 10, 200, 98], 500, 500), [0, 0, 200, 98]);
  });
});
