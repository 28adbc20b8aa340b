// The records screens: their vocabularies in every language, the form's
// body in the API's shape, scripts, who can read, and the server's
// messages told in the user's language.
import { test } from "node:test";
import assert from "node:assert/strict";
import en from "../src/locales/en.js";
import fr from "../src/locales/fr.js";
import es from "../src/locales/es.js";
import ar from "../src/locales/ar.js";
import {
  CATEGORIES,
  DOC_STATUSES,
  HANDLING,
  ID_KINDS,
  KEY_TYPES,
  KINDS,
  MESSAGES,
  NAME_KINDS,
  ROLES,
  SCOPES,
  SCRIPTS,
  audience,
  bodyOf,
  byLine,
  emptyValues,
  importBody,
  scriptsOf,
  serverText,
  validateRecord,
  valuesOf,
} from "../src/records-model.js";

const VOCABULARIES = {
  "records.kind": [...KINDS, "keys"],
  "records.kindOne": KINDS,
  "records.new": KINDS,
  "records.backTo": KINDS,
  "records.role": ROLES,
  category: CATEGORIES,
  "records.docStatus": DOC_STATUSES,
  "records.handling": HANDLING,
  "records.idKind": ID_KINDS,
  "records.key": KEY_TYPES,
  "records.keyHint": KEY_TYPES,
  "records.nameKind": NAME_KINDS,
  "records.scope": SCOPES,
  "records.scopeHint": SCOPES,
  "records.scriptName": SCRIPTS,
};

test("every word of the vocabularies in every language", () => {
  for (const [code, dict] of Object.entries({ en, fr, es, ar })) {
    for (const [vocab, words] of Object.entries(VOCABULARIES)) {
      for (const w of words) assert.ok(`${vocab}.${w}` in dict, `${code}: ${vocab}.${w}`);
    }
    for (const [, key] of MESSAGES) assert.ok(key in dict, `${code}: ${key}`);
  }
});

test("scriptsOf", () => {
  assert.deepEqual(scriptsOf("Dragan Petrović"), ["Latin"]);
  assert.deepEqual(scriptsOf("Драган Петровић"), ["Cyrillic"]);
  assert.deepEqual(scriptsOf("دراغان بيتروفيتش"), ["Arabic"]);
  assert.deepEqual(scriptsOf("Ana / Ана"), ["Latin", "Cyrillic"]);
  assert.deepEqual(scriptsOf("12-34"), []);
});

test("bodyOf keeps the form's order and leaves out what is empty", () => {
  const v = emptyValues("persons");
  v.role = "witness";
  v.names = [{ full: " Ana ", kind: "" }, { full: "Ана", kind: "alias" }];
  v.release = { scope: "listed", countries: ["AL"], agencies: [] };
  const b = bodyOf("persons", v);
  assert.deepEqual(b.names, [{ full: "Ana" }, { full: "Ана", kind: "alias" }]);
  assert.deepEqual(b.release, { scope: "listed", countries: ["AL"], agencies: [] });
  assert.equal(b.birth_date, undefined);
  assert.equal(b.tlp, "AMBER");
  assert.equal(b.version, undefined);
  // Owner-only and all carry no lists, which the server refuses.
  v.release = { scope: "owner", countries: ["AL"], agencies: [] };
  assert.deepEqual(bodyOf("persons", v).release, { scope: "owner" });
});

test("valuesOf then bodyOf keeps a record and its version", () => {
  const r = { id: "x", version: 3, role: "suspect", names: [{ full: "A", kind: "primary" }], tlp: "GREEN", handling: "H2",
    release: { scope: "all" }, operation_id: "op", nationalities: ["MK"], identifiers: [{ kind: "phone", value: "+38970123456" }] };
  const b = bodyOf("persons", valuesOf("persons", r));
  assert.equal(b.version, 3);
  assert.deepEqual(b.release, { scope: "all" });
  assert.equal(b.operation_id, "op");
  assert.deepEqual(b.identifiers, [{ kind: "phone", value: "+38970123456" }]);
  const w = valuesOf("watch-persons", { category: "wanted", names: [{ full: "A" }], sanctions: [{ program: "P" }], release: {} });
  assert.deepEqual(bodyOf("watch-persons", w).sanctions, [{ program: "P" }]);
});

test("validateRecord", () => {
  const v = emptyValues("persons");
  assert.deepEqual(Object.keys(validateRecord("persons", v)).sort(), ["names[0].full", "role"]);
  v.role = "victim";
  v.names = [{ full: "A" }];
  v.tlp = "RED";
  v.release = { scope: "listed", countries: ["AL"], agencies: [] };
  assert.deepEqual(validateRecord("persons", v).release[0], "records.error.strictTLP");
  v.release = { scope: "all", countries: [], agencies: [] };
  v.tlp = "AMBER";
  assert.ok(validateRecord("persons", v).operation_id);
  v.handling = "H3";
  assert.ok(validateRecord("persons", v).handling_note);
});

test("audience", () => {
  assert.deepEqual(audience({ release: { scope: "owner" } }, null), { scope: "owner" });
  const op = { name: "L2", countries: ["MK", "AL"], agencies: ["a"] };
  const a = audience({ operation_id: "op", release: { scope: "all" } }, op);
  assert.equal(a.operation, "L2");
  assert.equal(a.countries.length, 2);
  assert.ok(a.known);
  assert.equal(audience({ operation_id: "op", release: { scope: "all" } }, { name: "L2", summary: true }).known, false);
});

test("serverText translates and keeps the server's words beside", () => {
  const t = (k, v) => `${k}|${(v && v.value) || ""}`;
  assert.equal(serverText('unknown ISO 3166-1 alpha-2 country code "XX"', t, "en"), "records.server.country|XX");
  assert.equal(serverText("must be YYYY, YYYY-MM or YYYY-MM-DD, got \"1990-13-45\"", t, "fr"),
    'records.server.partialDate| (must be YYYY, YYYY-MM or YYYY-MM-DD, got "1990-13-45")');
  assert.equal(serverText("something new", t, "ar"), "something new");
});

test("import body and report", () => {
  const v = { ...emptyValues("watch-documents"), format: "ftm", category: "missing" };
  const b = importBody(v, "{}", true);
  assert.deepEqual(Object.keys(b).sort(), ["category", "content", "dry_run", "format", "handling", "release", "tlp"]);
  assert.deepEqual(byLine([{ line: 2, field: "a" }, { line: 2, field: "b" }, { line: 5 }]).map((l) => [l.line, l.errors.length]), [[2, 2], [5, 1]]);
});
