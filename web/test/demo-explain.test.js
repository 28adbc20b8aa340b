// The explanation of an alert's match in the reader's language (demo
// helper): built from its parts, not the server's English summary.
import { test } from "node:test";
import assert from "node:assert/strict";
import { explainText } from "../src/explain.js";
import { loadMessages, makeI18n } from "../src/i18n-core.js";

const e = {
  name: "Arben Hoxha",
  parts: [
    { query: "arben", entry: "arben", how: "exact" },
    { query: "hoxha", entry: "hoxha", how: "exact" },
  ],
  birth_date: "month",
  sex: "match",
  nationality: "unknown",
  summary: 'Name "Arben Hoxha" matched on 2 of 2 query parts (arben: exact, hoxha: exact); date of birth month, sex match, nationality unknown.',
};

test("explainText", async () => {
  await loadMessages("fr");
  const { t, label } = makeI18n("fr");
  const got = explainText(e, t, label);
  assert.ok(got.includes("Arben Hoxha") && got.includes("2 parties sur 2") && got.includes("date de naissance"), got);
  assert.ok(!got.includes("matched on"), got);
  assert.equal(explainText({ summary: "x" }, t, label), "x");
});
