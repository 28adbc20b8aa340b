// Every language has every message of the English reference, with the same
// placeholders, and plural messages cover the categories the language uses.
import { test } from "node:test";
import assert from "node:assert/strict";
import en from "../src/locales/en.js";
import fr from "../src/locales/fr.js";
import es from "../src/locales/es.js";
import ar from "../src/locales/ar.js";

const placeholders = (m) =>
  [...new Set((typeof m === "string" ? m : Object.values(m).join(" ")).match(/\{\w+\}/g) || [])].sort();

for (const [code, dict] of Object.entries({ fr, es, ar })) {
  test(`locale ${code}`, async (t) => {
    await t.test("SameKeys", () => {
      const missing = Object.keys(en).filter((k) => !(k in dict));
      const extra = Object.keys(dict).filter((k) => !(k in en));
      assert.deepEqual(missing, [], "missing");
      assert.deepEqual(extra, [], "extra");
    });
    await t.test("SamePlaceholders", () => {
      for (const k of Object.keys(en)) {
        if (!(k in dict)) continue;
        // A plural form may leave out {n} ("one victim"), never add another.
        const want = placeholders(en[k]).filter((p) => typeof en[k] === "string" || p !== "{n}");
        const got = placeholders(dict[k]).filter((p) => typeof dict[k] === "string" || p !== "{n}");
        assert.deepEqual(got, want, k);
      }
    });
    await t.test("PluralCategories", () => {
      // Every category the counts 0 to 1,000 fall in; fr and es have "many"
      // only for millions, which fall back to "other".
      const rules = new Intl.PluralRules(code);
      const cats = new Set(Array.from({ length: 1001 }, (_, n) => rules.select(n)));
      const valid = new Set(rules.resolvedOptions().pluralCategories);
      for (const [k, m] of Object.entries(dict)) {
        if (typeof m !== "object") continue;
        assert.equal(typeof en[k], "object", `${k} is plural only in ${code}`);
        for (const c of cats) assert.ok(c in m, `${k} lacks plural category ${c}`);
        for (const c of Object.keys(m)) assert.ok(valid.has(c) || c === "zero", `${k} has unknown category ${c}`);
      }
    });
    await t.test("NotEnglish", () => {
      // A language that repeats English in most messages was not translated.
      const same = Object.keys(en).filter((k) => typeof en[k] === "string" && dict[k] === en[k] && en[k].length > 12);
      assert.ok(same.length < 10, `${same.length} messages identical to English: ${same.slice(0, 5).join(", ")}`);
    });
  });
}
