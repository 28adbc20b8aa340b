// The records screens' vocabularies and logic, apart from the JSX so that
// node's test runner checks them: the four kinds of record and their API
// paths, the form's values (shaped as the API's body, so that a server
// error names the form's field by the same path), the scripts a name is
// written in, who a releasability lets read a record, and the server's
// validation messages told in the user's language.

// KINDS are the records this screen lists, reads and writes.
export const KINDS = ["persons", "documents", "watch-persons", "watch-documents"];

export const API_PATH = {
  persons: "/persons",
  documents: "/documents",
  "watch-persons": "/watchlist/persons",
  "watch-documents": "/watchlist/documents",
};

// FILTERS are the query parameters each list takes (the API's filters).
export const FILTERS = {
  persons: ["operation_id", "role", "owner_agency"],
  documents: ["operation_id", "number", "issuing_state", "person_id"],
  "watch-persons": ["operation_id", "category"],
  "watch-documents": ["operation_id"],
};

export const ROLES = ["suspect", "victim", "witness", "irregular_migrant"];
export const CATEGORIES = ["wanted", "missing", "victim", "suspect"];
export const DOC_TYPES = ["passport", "id_card", "visa", "residence_permit", "travel_document", "driving_licence", "other"];
export const DOC_STATUSES = ["valid", "stolen", "lost", "revoked", "invalidated", "fraudulent", "unknown"];
export const WATCH_DOC_STATUSES = ["stolen", "lost", "revoked", "invalidated"];
export const ID_KINDS = ["phone", "email", "address", "vehicle", "bank_account", "iban", "online_account"];
export const KEY_TYPES = ["document", "phone", "email", "iban", "bank_account", "plate", "online_account", "address"];
export const NAME_KINDS = ["primary", "alias", "birth"];
export const SEXES = ["F", "M", "X", "U"];
export const TLPS = ["RED", "AMBER+STRICT", "AMBER", "GREEN", "CLEAR"];
export const HANDLING = ["H0", "H1", "H2", "H3"];
export const SCOPES = ["owner", "listed", "all"];
export const SOURCE_GRADES = ["A", "B", "C", "X"];
export const INFO_GRADES = ["1", "2", "3", "4"];
export const FORMATS = ["csv", "ftm"];

// KEY_FOR_KIND maps a record kind of a key search (person, document) to
// the screen's kind.
export const KEY_FOR_KIND = { person: "persons", document: "documents", watch_person: "watch-persons", watch_document: "watch-documents" };

// SCRIPTS are the writing systems a name is marked with, in the order
// they are looked for.
export const SCRIPTS = [
  "Latin",
  "Cyrillic",
  "Arabic",
  "Greek",
  "Hebrew",
  "Armenian",
  "Georgian",
  "Devanagari",
  "Bengali",
  "Thai",
  "Ethiopic",
  "Han",
  "Hiragana",
  "Katakana",
  "Hangul",
];
const scriptRes = SCRIPTS.map((s) => [s, new RegExp(`\\p{Script=${s}}`, "u")]);

// scriptsOf lists the scripts a text is written in, in the order above.
export function scriptsOf(text) {
  const found = [];
  for (const [name, re] of scriptRes) if (re.test(text || "")) found.push(name);
  return found;
}

// RTL_SCRIPTS run right to left.
export const RTL_SCRIPTS = ["Arabic", "Hebrew"];

const blankName = () => ({ full: "", kind: "" });

// emptyMarking is a new record's marking: amber, H0, the owner only.
export function emptyMarking() {
  return {
    operation_id: "",
    tlp: "AMBER",
    handling: "H0",
    handling_note: "",
    release: { scope: "owner", countries: [], agencies: [] },
    source_grade: "",
    info_grade: "",
    retention_review: "",
  };
}

// emptyValues are a new record's form values.
export function emptyValues(kind) {
  const m = emptyMarking();
  switch (kind) {
    case "persons":
      return { ...m, role: "", names: [blankName()], birth_date: "", sex: "", nationalities: [], identifiers: [], notes: "" };
    case "documents":
      return { ...m, type: "passport", number: "", issuing_state: "", status: "valid", person_id: "", issued_on: "", expires_on: "" };
    case "watch-persons":
      return { ...m, category: "", ref: "", names: [blankName()], birth_date: "", sex: "", nationalities: [], documents: [], notes: "" };
    case "watch-documents":
      return { ...m, ref: "", type: "passport", number: "", issuing_state: "", status: "" };
  }
  return m;
}

// valuesOf turns a stored record into form values.
export function valuesOf(kind, r) {
  const v = emptyValues(kind);
  for (const k of Object.keys(v)) {
    if (k === "release") continue;
    if (r[k] !== undefined && r[k] !== null) v[k] = Array.isArray(r[k]) ? r[k].map((x) => (typeof x === "object" ? { ...x } : x)) : r[k];
  }
  const rel = r.release || {};
  v.release = { scope: rel.scope || "owner", countries: [...(rel.countries || [])], agencies: [...(rel.agencies || [])] };
  v.version = r.version;
  // Sanctions and addresses come from an imported list; the API keeps them
  // only if sent again, so they travel back untouched.
  if (kind === "watch-persons") {
    if (r.sanctions) v.sanctions = r.sanctions;
    if (r.addresses) v.addresses = r.addresses;
  }
  return v;
}

const trim = (s) => (typeof s === "string" ? s.trim() : s);

// markingBody is the marking part of a body: handling, releasability,
// grading and retention, as every record and an import take it.
export function markingBody(v) {
  const b = {};
  for (const k of ["operation_id", "tlp", "handling", "handling_note", "source_grade", "info_grade", "retention_review"]) {
    const x = trim(v[k]);
    if (x) b[k] = x;
  }
  const rel = v.release || { scope: "owner" };
  b.release = rel.scope === "listed" ? { scope: "listed", countries: rel.countries || [], agencies: rel.agencies || [] } : { scope: rel.scope || "owner" };
  return b;
}

// bodyOf is the API body of the form values: empty optional fields left
// out, lists in the order the user sees them (so that "names[1].full" in
// an error is the second name on the form).
export function bodyOf(kind, v) {
  const b = markingBody(v);
  const put = (k, x) => {
    x = trim(x);
    if (x !== "" && x !== undefined && x !== null) b[k] = x;
  };
  const names = () =>
    (v.names || []).map((n) => {
      const o = { full: trim(n.full) || "" };
      if (n.kind) o.kind = n.kind;
      return o;
    });
  switch (kind) {
    case "persons":
      put("role", v.role);
      b.names = names();
      put("birth_date", v.birth_date);
      put("sex", v.sex);
      b.nationalities = v.nationalities || [];
      b.identifiers = (v.identifiers || []).map((x) => {
        const o = { kind: x.kind, value: trim(x.value) || "" };
        if (x.country) o.country = x.country;
        if (trim(x.platform)) o.platform = trim(x.platform);
        return o;
      });
      put("notes", v.notes);
      if (v.victim) b.victim = v.victim;
      if (v.suspect) b.suspect = v.suspect;
      break;
    case "documents":
      for (const k of ["type", "number", "issuing_state", "status", "person_id", "issued_on", "expires_on"]) put(k, v[k]);
      break;
    case "watch-persons":
      put("category", v.category);
      put("ref", v.ref);
      b.names = names();
      put("birth_date", v.birth_date);
      put("sex", v.sex);
      b.nationalities = v.nationalities || [];
      b.documents = (v.documents || []).map((d) => {
        const o = { number: trim(d.number) || "" };
        if (d.issuing_state) o.issuing_state = d.issuing_state;
        if (d.type) o.type = d.type;
        return o;
      });
      put("notes", v.notes);
      if (v.sanctions) b.sanctions = v.sanctions;
      if (v.addresses) b.addresses = v.addresses;
      break;
    case "watch-documents":
      for (const k of ["ref", "type", "number", "issuing_state", "status"]) put(k, v[k]);
      break;
  }
  if (v.version) b.version = v.version;
  return b;
}

// validateRecord finds what the server would refuse before asking it, as
// [message key, vars] by field path; the server has the last word.
export function validateRecord(kind, v) {
  const errs = {};
  if (kind === "persons" && !v.role) errs.role = ["records.error.choose"];
  if (kind === "watch-persons" && !v.category) errs.category = ["records.error.choose"];
  if (kind === "watch-documents" && !v.status) errs.status = ["records.error.choose"];
  if (kind === "persons" || kind === "watch-persons") {
    if (!(v.names || []).some((n) => (n.full || "").trim())) errs["names[0].full"] = ["records.error.name"];
    if (v.birth_date && !/^\d{4}(-\d{2}(-\d{2})?)?$/.test(v.birth_date.trim())) errs.birth_date = ["records.error.partialDate"];
  }
  if ((kind === "documents" || kind === "watch-documents") && !(v.number || "").trim()) errs.number = ["records.error.number"];
  if ((kind === "documents" || kind === "watch-documents") && !v.issuing_state) errs.issuing_state = ["records.error.choose"];
  const rel = v.release || {};
  if (rel.scope === "listed" && !(rel.countries || []).length && !(rel.agencies || []).length) errs.release = ["records.error.listed"];
  if (rel.scope === "all" && !v.operation_id) errs.operation_id = ["records.error.allNeedsOperation"];
  if ((v.tlp === "RED" || v.tlp === "AMBER+STRICT") && (rel.scope === "all" || (rel.scope === "listed" && (rel.countries || []).length)))
    errs.release = ["records.error.strictTLP", { tlp: v.tlp }];
  if (v.handling === "H3" && !(v.handling_note || "").trim()) errs.handling_note = ["records.error.h3Note"];
  return errs;
}

// audience says who may read a record with this marking: the owner
// agency, and whom its releasability names. op is the record's operation
// (or null); it is "all" only with an operation.
export function audience(marking, op) {
  const rel = marking.release || {};
  switch (rel.scope) {
    case "listed":
      return { scope: "listed", countries: rel.countries || [], agencies: rel.agencies || [] };
    case "all":
      return {
        scope: "all",
        operation: op ? op.name : marking.operation_id || "",
        countries: (op && op.countries) || [],
        agencies: (op && op.agencies) || [],
        known: !!(op && !op.summary),
      };
  }
  return { scope: "owner" };
}

// MESSAGES maps the server's validation messages (meridian's and huma's,
// in English) to message keys, so that a refusal is told in the user's
// language; a message not here is shown as the server worded it. The
// first group captured, if any, fills {value}.
export const MESSAGES = [
  [/^at least one name is required/, "records.server.name"],
  [/^unknown ISO 3166-1 alpha-2 country code "?([^"]*)"?/, "records.server.country"],
  [/^must be YYYY, YYYY-MM or YYYY-MM-DD/, "records.server.partialDate"],
  [/^must be (a date )?YYYY-MM-DD|^must be a real full date/, "records.server.date"],
  [/^year \d+ out of range/, "records.server.year"],
  [/^scope "all" needs an operation_id/, "records.server.allNeedsOperation"],
  [/^scope "listed" needs at least one country or agency/, "records.server.listed"],
  [/^countries and agencies may only be listed with scope/, "records.server.listOnlyListed"],
  [/^TLP:(\S+) may be released to listed agencies only/, "records.server.strictTLP"],
  [/^handling code H3 needs a note/, "records.server.h3Note"],
  [/^must hold 1 to 50 letters or digits/, "records.server.number"],
  [/^unknown operation/, "records.server.operation"],
  [/^unknown agency|^malformed agency id/, "records.server.agency"],
  [/^malformed id/, "records.server.id"],
  [/^unknown (role|category|sex|document type|status|name kind|TLP label|handling code|scope|kind) /, "records.server.choice"],
  [/^expected value to be one of/, "records.server.choice"],
  [/^expected string length >= 1|^expected required property|is required$/, "records.server.required"],
  [/^want an ISO 639 code/, "records.server.language"],
  [/^must be an? E\.164|phone/, "records.server.phone"],
  [/^longer than|^expected string length <=|more than \d+/, "records.server.tooLong"],
  [/^not valid UTF-8|not valid text/, "records.server.text"],
  [/^has (\d+) fields/, "records.server.fieldCount"],
  [/unknown column|missing: the first line must name the columns/, "records.server.header"],
  [/^applies to kind \w+ only/, "records.server.notForKind"],
  [/^invalid JSON|^must be a JSON object/, "records.server.json"],
];

// serverText is a server message in the user's language, keeping the
// server's own words beside a translation (they name the exact value).
export function serverText(message, t, lang) {
  const m = message || "";
  for (const [re, key] of MESSAGES) {
    const hit = m.match(re);
    if (hit) {
      const text = t(key, { value: hit[1] || "" });
      return lang === "en" ? text : `${text} (${m})`;
    }
  }
  return m;
}

// localErrors turns validateRecord's findings into messages.
export function localErrors(found, t) {
  const out = {};
  for (const [k, [key, vars]] of Object.entries(found)) out[k] = t(key, vars);
  return out;
}

// IMPORT_LIMIT is the largest file the browser sends (the API's request
// limit is 1 MiB of JSON, the file's text escaped in it).
export const IMPORT_LIMIT = 900 * 1024;

// decodeFile reads a file's bytes as UTF-8, refusing what is not.
export function decodeFile(buf) {
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(buf) };
  } catch {
    return { error: "notUTF8" };
  }
}

// importBody is the body of POST /watchlist/imports.
export function importBody(v, content, dryRun) {
  const b = markingBody(v);
  b.format = v.format;
  if (v.category) b.category = v.category;
  b.content = content;
  if (dryRun) b.dry_run = true;
  return b;
}

// byLine groups an import's line errors by line, in the file's order.
export function byLine(errors) {
  const out = [];
  for (const e of errors || []) {
    const last = out[out.length - 1];
    if (last && last.line === e.line) last.errors.push(e);
    else out.push({ line: e.line, errors: [e] });
  }
  return out;
}

// primaryName is what a person record is called: its first name.
export const primaryName = (r) => ((r && r.names && r.names[0] && r.names[0].full) || "");

// titleOf is what a record is called on its page and in lists.
export function titleOf(kind, r) {
  if (!r) return "";
  if (kind === "persons" || kind === "watch-persons") return primaryName(r);
  return r.number || "";
}
