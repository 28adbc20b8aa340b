// The check and hits screens: their vocabularies in every language, a
// person to protect never advised as a suspect, and the model's logic.
import { test } from "node:test";
import assert from "node:assert/strict";
import en from "../src/locales/en.js";
import fr from "../src/locales/fr.js";
import es from "../src/locales/es.js";
import ar from "../src/locales/ar.js";
import { AGREE, DOB, DOC_MATCH, HOW, NEXT, PLACE_KINDS, STATUSES, HIT_STATUSES, fromMRZ, nextFor, personBody, recentChecks, validateCheck, verdict } from "../src/check-model.js";

const LOCALES = { en, fr, es, ar };
const VOCABULARIES = {
  place: PLACE_KINDS,
  hitStatus: STATUSES,
  "hitStatus.hint": HIT_STATUSES,
  how: HOW,
  dob: DOB,
  agree: AGREE,
  docMatch: DOC_MATCH,
  "check.next": NEXT,
  mrzField: ["document_number", "birth_date", "expiry_date", "optional_data", "composite"],
  recordKind: ["watch_person", "watch_document"],
};

test("vocabularies of the check and hits screens", async (t) => {
  for (const [code, dict] of Object.entries(LOCALES)) {
    await t.test(code, () => {
      const missing = [];
      for (const [prefix, values] of Object.entries(VOCABULARIES)) for (const v of values) if (!(prefix + "." + v in dict)) missing.push(prefix + "." + v);
      assert.deepEqual(missing, []);
    });
  }
});

test("a person to protect is never advised as a suspect", async (t) => {
  for (const [code, dict] of Object.entries(LOCALES)) {
    await t.test(code, () => {
      const word = dict["check.suspectWord"].toLowerCase();
      assert.ok(word.length >= 4);
      // The suspect advice does use the word's language; the protection
      // advice never does, nor speaks of arrest.
      const arrest = dict["outcome.arrest"].toLowerCase();
      for (const k of ["check.next.missing", "check.next.victim"]) {
        const text = dict[k].toLowerCase();
        assert.ok(!text.includes(word), `${code} ${k}: "${text}" says "${word}"`);
        assert.ok(!text.includes(arrest), `${code} ${k}: "${text}" says "${arrest}"`);
        assert.ok(text.includes("{owner}") && text.includes("{ref}"), `${code} ${k} names whom to contact`);
      }
      assert.ok(dict["check.protect"]);
    });
  }
});

test("restricted hits are the owner to contact", () => {
  assert.equal(verdict({ hit: false, hits: [] }), "none");
  assert.equal(verdict({ hit: true, hits: [{ restricted: true }] }), "restricted");
  assert.equal(verdict({ hit: true, hits: [{ restricted: true }, { restricted: false, category: "victim" }] }), "hit");
  assert.equal(nextFor({ restricted: true, category: "victim" }), "restricted");
  assert.equal(nextFor({ restricted: false, category: "missing", person: {} }), "missing");
  assert.equal(nextFor({ restricted: false, document: { status: "stolen" } }), "document");
});

test("bodies and checks", () => {
  assert.deepEqual(personBody({ name: " Олена ", birth_date: "1990" }, { place_kind: "airport", place: "SKP", reason: "" }), {
    place_kind: "airport",
    place: "SKP",
    name: "Олена",
    birth_date: "1990",
  });
  assert.deepEqual(Object.keys(validateCheck("person", { name: "", birth_date: "14/02/1975" })).sort(), ["birth_date", "name"]);
  assert.deepEqual(validateCheck("document", { number: "X1" }), {});
  const { doc, person } = fromMRZ({
    document_number: "L898902C3",
    document_type: "passport",
    issuing_state: { code: "UTO", kind: "specimen" },
    nationality: { code: "DEU", alpha2: "DE" },
    name: { primary: "ERIKSSON", secondary: "ANNA MARIA" },
    birth_date: { raw: "740812", date: "1974-08-12" },
    sex: "F",
  });
  assert.deepEqual(doc, { number: "L898902C3", issuing_state: "", type: "passport" });
  assert.deepEqual(person, { name: "ANNA MARIA ERIKSSON", birth_date: "1974-08-12", sex: "F", nationality: "DE" });
});

test("recent checks: this tab's and the server's, newest first, once each", () => {
  const local = [
    { id: 2, at: "2026-01-02T10:00:00Z", query: "B", verdict: "restricted", refs: [{ ref: "r2", owner: "MoI" }] },
    { id: 1, at: "2026-01-02T09:00:00Z", query: "A", verdict: "none", refs: [] },
  ];
  const made = [
    { id: "r2", at: "2026-01-02T10:00:00Z", query: "B", restricted: true, status: "confirmed", response: "call us" },
    { id: "r0", at: "2026-01-01T10:00:00Z", query: "Z", restricted: false, status: "new" },
  ];
  const out = recentChecks(local, made);
  assert.deepEqual(
    out.map((c) => [c.query, c.hits.map((h) => h.status).join()]),
    [
      ["B", "confirmed"],
      ["A", ""],
      ["Z", "new"],
    ],
  );
});
