// Every message the screens ask for exists in every language: the literal
// keys in the sources, and the vocabularies the passenger screens look up
// by value (outcomes, severities, categories, document types ...). A key
// missing everywhere would show the key itself, which locales.test.js,
// comparing languages with English, cannot see.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import en from "../src/locales/en.js";
import fr from "../src/locales/fr.js";
import es from "../src/locales/es.js";
import ar from "../src/locales/ar.js";
import { CATEGORIES, DOC_TYPES, OUTCOMES, SEVERITIES, STATUSES } from "../src/passenger-model.js";

const LOCALES = { en, fr, es, ar };
const SRC = new URL("../src/", import.meta.url).pathname;

function sources(dir) {
  const out = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory() && e.name !== "locales") out.push(...sources(p));
    else if (/\.(js|jsx)$/.test(e.name)) out.push(p);
  }
  return out;
}

// literalKeys finds t("key") and t("key", ...) in a source; a key ending in
// a dot is a prefix completed at run time, checked by vocabulary below.
function literalKeys(text) {
  const keys = new Set();
  for (const m of text.matchAll(/\bt\("([a-zA-Z0-9_.]+)"/g)) if (!m[1].endsWith(".")) keys.add(m[1]);
  return keys;
}

const VOCABULARIES = {
  outcome: OUTCOMES,
  "outcome.hint": OUTCOMES,
  "outcome.field": ["outcome", "note"],
  severity: SEVERITIES.map(String),
  category: CATEGORIES,
  doc: DOC_TYPES,
  "alerts.status": STATUSES.map((s) => s || "all"),
  docStatus: ["stolen", "lost", "revoked", "invalidated"],
  kind: ["paxlst", "pnrgov"],
  travellerRole: ["passenger", "crew"],
  payment: ["cash", "credit_card", "check", "invoice", "government", "exchange", "miscellaneous", "other"],
  contact: ["phone", "email"],
  contactUse: ["home", "mobile", "business", "agency", "emergency", "fax"],
  listType: ["passengers", "crew"],
  agencyType: ["travel_agent", "airline"],
};

test("messages the sources use", async (t) => {
  const files = sources(SRC);
  assert.ok(files.some((f) => f.endsWith("alerts.jsx")), "the passenger pages are scanned");
  const used = new Set();
  for (const f of files) for (const k of literalKeys(readFileSync(f, "utf8"))) used.add(k);
  for (const [code, dict] of Object.entries(LOCALES)) {
    await t.test(code, () => {
      const missing = [...used].filter((k) => !(k in dict));
      assert.deepEqual(missing, [], `keys used but missing in ${code}`);
    });
  }
});

test("vocabularies of the passenger screens", async (t) => {
  for (const [code, dict] of Object.entries(LOCALES)) {
    await t.test(code, () => {
      const missing = [];
      for (const [prefix, values] of Object.entries(VOCABULARIES)) for (const v of values) if (!(prefix + "." + v in dict)) missing.push(prefix + "." + v);
      assert.deepEqual(missing, []);
    });
  }
});

test("a victim identified reads as protection", async (t) => {
  for (const [code, dict] of Object.entries(LOCALES)) {
    await t.test(code, () => {
      const victim = (dict["outcome.victim_identified"] + " " + dict["outcome.hint.victim_identified"]).toLowerCase();
      const arrest = dict["outcome.arrest"].toLowerCase();
      // Never the word for arrest, and a notice on choosing it.
      assert.ok(!victim.includes(arrest), `${code}: "${victim}" mentions "${arrest}"`);
      assert.notEqual(dict["outcome.victimNotice"], undefined);
      assert.notEqual(dict["outcome.victim_identified"], dict["outcome.arrest"]);
    });
  }
});
