// The check and hits screens' vocabularies and the pieces of logic they
// share, kept apart from the JSX so that node's test runner checks them:
// what an answer is at a glance, what to do next for each kind of hit,
// the request bodies, and the officer's recent checks.

export const PLACE_KINDS = ["border_point", "airport", "seaport", "flight", "raid", "hotspot", "patrol", "office", "other"];

// HIT_STATUSES are the answers an owner gives (sqldb.HitStatuses);
// "rejected" reads "not the person".
export const HIT_STATUSES = ["confirmed", "rejected", "action_taken", "acknowledged"];

// STATUSES are every status a hit may have.
export const STATUSES = ["new", ...HIT_STATUSES];

// HOW, DOB and AGREE are the words of a match explanation (screen.Explanation).
export const HOW = ["exact", "transliteration", "phonetic", "typo", "initial", "joined", "split", "missing", "extra", "equivalent"];
export const DOB = ["exact", "year", "month", "swapped", "one_year_off", "mismatch", "unknown"];
export const AGREE = ["match", "mismatch", "unknown"];
export const DOC_MATCH = ["exact", "one_edit"];

// NEXT names the advice for each kind of hit; a person to protect
// (missing, victim) is never advised as a suspect.
export const NEXT = ["restricted", "wanted", "suspect", "missing", "victim", "document", "other"];

export const PROTECTED = ["missing", "victim"];

// verdict is what one check's answer is at a glance: "none", "hit" (a
// record the officer may read) or "restricted" (only whom to contact).
export function verdict(result) {
  const hits = (result && result.hits) || [];
  if (!hits.length) return "none";
  return hits.some((h) => !h.restricted) ? "hit" : "restricted";
}

// nextFor says which advice a hit calls for.
export function nextFor(hit) {
  if (hit.restricted) return "restricted";
  if (hit.document && !hit.person) return "document";
  return NEXT.includes(hit.category) ? hit.category : "other";
}

export const isProtectedHit = (hit) => !!hit && !hit.restricted && PROTECTED.includes(hit.category);

// context is the where and why of the checks, as the API takes it.
function context(ctx) {
  const c = { place_kind: ctx.place_kind || "other" };
  if (ctx.place) c.place = ctx.place.trim();
  if (ctx.reason) c.reason = ctx.reason.trim();
  return c;
}

// personBody is the body of POST /checks/persons for one person.
export function personBody(p, ctx) {
  const b = { ...context(ctx), name: (p.name || "").trim() };
  if (p.birth_date) b.birth_date = p.birth_date.trim();
  if (p.sex) b.sex = p.sex;
  if (p.nationality) b.nationality = p.nationality;
  return b;
}

// documentBody is the body of POST /checks/documents for one document.
export function documentBody(d, ctx) {
  const b = { ...context(ctx), number: (d.number || "").trim() };
  if (d.issuing_state) b.issuing_state = d.issuing_state;
  if (d.type) b.type = d.type;
  return b;
}

// validateCheck finds what the server would refuse before asking it:
// a name or a number to check, a date of birth as YYYY, YYYY-MM or
// YYYY-MM-DD. Keys map to [message key, vars].
export function validateCheck(mode, v) {
  const errs = {};
  if (mode === "person") {
    if (!(v.name || "").trim()) errs.name = ["check.error.name"];
    if (v.birth_date && !/^\d{4}(-\d{2}(-\d{2})?)?$/.test(v.birth_date.trim())) errs.birth_date = ["check.error.birthDate"];
  } else if (mode === "document" && !(v.number || "").trim()) {
    errs.number = ["check.error.number"];
  }
  return errs;
}

// fromMRZ turns what the server read of an MRZ into a document check and
// a person check (a country without an ISO code is left out).
export function fromMRZ(m) {
  const doc = { number: m.document_number || "", issuing_state: (m.issuing_state && m.issuing_state.alpha2) || "", type: m.document_type || "" };
  const name = [m.name && m.name.secondary, m.name && m.name.primary].filter(Boolean).join(" ");
  const person = {
    name,
    birth_date: (m.birth_date && m.birth_date.date) || "",
    sex: m.sex && m.sex !== "<" ? m.sex : "",
    nationality: (m.nationality && m.nationality.alpha2) || "",
  };
  return { doc, person };
}

// queryText is a check as the officer entered it, for the recent list.
export function queryText(mode, v) {
  if (mode === "person") return [v.name, v.birth_date].filter(Boolean).join(" / ");
  return [v.number, v.issuing_state].filter(Boolean).join(" / ");
}

// recentChecks merges this tab's checks (held in memory only: a check
// with no hit leaves no personal data on the server, nor on the device)
// with the server's record of the officer's hits, which carries the
// owner's answer; newest first.
export function recentChecks(local, made) {
  const byRef = new Map((made || []).map((h) => [h.id, h]));
  const seen = new Set();
  const out = [];
  for (const c of local || []) {
    const hits = (c.refs || []).map((r) => byRef.get(r.ref) || { id: r.ref, status: "new", owner: r.owner });
    for (const r of c.refs || []) seen.add(r.ref);
    out.push({ key: "l" + c.id, at: c.at, query: c.query, verdict: c.verdict, refs: c.refs || [], hits });
  }
  for (const h of made || []) {
    if (seen.has(h.id)) continue;
    out.push({ key: h.id, at: h.at, query: h.query, verdict: h.restricted ? "restricted" : "hit", refs: [{ ref: h.id }], hits: [h] });
  }
  return out.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
}
