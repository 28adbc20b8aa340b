// The passenger screens' model, kept apart from the pages so that node's
// test runner checks it: the alert queue's order and filter, the outcome
// form's checks and body (mirroring meridian.AlertOutcome.Validate), and the
// travellers of a manifest counted as the server counts them.

// OUTCOMES are what an officer records of an alert, in the order offered.
// victim_identified sits apart from arrest on purpose: a victim is a person
// to protect, never a suspect.
export const OUTCOMES = ["not_encountered", "secondary_inspection", "refused_entry", "victim_identified", "arrest", "no_action"];

// SEVERITIES from the highest down, as the queue sorts them.
export const SEVERITIES = [3, 2, 1];

// STATUSES the queue filters on; "" is every alert.
export const STATUSES = ["open", "closed", ""];

// CATEGORIES of a watchlist record; PROTECTED ones are people to protect.
export const CATEGORIES = ["wanted", "missing", "victim", "suspect"];
export const PROTECTED = ["missing", "victim"];

export const DOC_TYPES = ["passport", "id_card", "visa", "residence_permit", "travel_document", "driving_licence", "other"];

// MAX_NOTE is the server's bound on a note, in bytes of UTF-8.
export const MAX_NOTE = 2000;

// MAX_MANIFEST is the server's bound on a passenger message (16 MiB).
export const MAX_MANIFEST = 16 << 20;

// MANIFEST_TYPE is the content type a passenger message is sent as.
export const MANIFEST_TYPE = "application/edifact";

const time = (s) => {
  const v = Date.parse(s || "");
  return Number.isNaN(v) ? 0 : v;
};

const onWatchlist = (a) => ((a.reasons || []).some((r) => r.kind === "watchlist") ? 1 : 0);
const index = (a) => (a.traveller ? a.traveller.index : 0);

// sortAlerts orders alerts for the queue: the highest severity first, then
// the newest. Alerts of one message are raised at one time: among them a
// watchlist hit (a record matched) comes before an indicator, then the
// travellers in the message's order. It returns a new array.
export function sortAlerts(alerts) {
  return [...(alerts || [])].sort(
    (a, b) =>
      (b.severity || 0) - (a.severity || 0) ||
      time(b.created_at) - time(a.created_at) ||
      onWatchlist(b) - onWatchlist(a) ||
      index(a) - index(b) ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

// normFlight reduces a flight designator to compare: "tk 1883" is TK1883.
export const normFlight = (s) => String(s || "").toUpperCase().replace(/[^A-Z0-9]/g, "");

// filterAlerts keeps the alerts whose flight contains the text typed.
export function filterAlerts(alerts, flight) {
  const f = normFlight(flight);
  if (!f) return alerts;
  return alerts.filter((a) => normFlight(a.flight).includes(f));
}

// newAlerts returns the ids in next that were not in prev: what the queue
// announces after a refresh.
export function newAlerts(prev, next) {
  const seen = new Set((prev || []).map((a) => a.id));
  return (next || []).filter((a) => !seen.has(a.id)).map((a) => a.id);
}

export const byteLength = (s) => new TextEncoder().encode(s || "").length;

// validateOutcome checks the form before sending; it returns errors by
// field as [message key, vars], like the report forms.
export function validateOutcome(values) {
  const e = {};
  if (!values.outcome) e.outcome = ["check.required"];
  else if (!OUTCOMES.includes(values.outcome)) e.outcome = ["check.outcome"];
  if (byteLength((values.note || "").trim()) > MAX_NOTE) e.note = ["check.noteLong", { max: MAX_NOTE }];
  return e;
}

// outcomeBody is the AlertOutcome sent: the version read, so that an
// alert someone else worked meanwhile is refused (409), not overwritten.
export function outcomeBody(values, alert) {
  const b = { outcome: values.outcome, version: alert.version };
  const note = (values.note || "").trim();
  if (note) b.note = note;
  return b;
}

// allTravellers lists a manifest's travellers as the server counts them
// (Manifest.AllTravellers): the list's, then each booking's in order. An
// alert's traveller.index is a place in this list.
export function allTravellers(m) {
  const out = [];
  for (const t of (m && m.travellers) || []) out.push({ traveller: t, booking: null });
  for (const b of (m && m.bookings) || []) for (const t of b.travellers || []) out.push({ traveller: t, booking: b });
  return out;
}

// alertsByTraveller maps a traveller's index to the alerts about them.
export function alertsByTraveller(alerts) {
  const out = new Map();
  for (const a of alerts || []) {
    const i = a.traveller ? a.traveller.index : -1;
    if (!out.has(i)) out.set(i, []);
    out.get(i).push(a);
  }
  for (const list of out.values()) list.sort((a, b) => (b.severity || 0) - (a.severity || 0));
  return out;
}

export const travellerName = (t) => [t.given, t.family].filter(Boolean).join(" ");

// legDesignator is a leg's flight designator, e.g. TK1883.
export const legDesignator = (l) => (l ? (l.carrier || "") + (l.number || "") : "");

// arrivalLeg is the leg that enters the reporting country (Manifest.Arrival).
export function arrivalLeg(m) {
  const fs = (m && m.flights) || [];
  return fs.find((f) => f.border) || fs[fs.length - 1] || null;
}

// isProtected tells whether a watchlist hit is about someone to protect.
export const isProtected = (hit) => !!hit && PROTECTED.includes(hit.category);

// shortReasons says in short why a traveller is on the queue, one entry per
// reason: the rule's name, or the watchlist record's category (a listed
// document has none: document is set instead); a restricted hit says only
// that there is one (restricted is set).
export function shortReasons(alert) {
  return (alert.reasons || []).map((r) => {
    if (r.kind === "rule") return { kind: "rule", name: (r.rule && r.rule.name) || r.text };
    const h = r.hit || {};
    if (h.restricted || !r.hit) return { kind: "watchlist", category: "", restricted: true };
    if (!h.category) return { kind: "watchlist", category: "", document: true };
    return { kind: "watchlist", category: h.category };
  });
}

// ingestPath is where an upload is sent, with its options.
export function ingestPath({ operation_id, country } = {}) {
  const q = new URLSearchParams();
  if (operation_id) q.set("operation_id", operation_id);
  if (country) q.set("country", country);
  const s = q.toString();
  return "/manifests" + (s ? "?" + s : "");
}

// checkUpload checks the file chosen before it is sent.
export function checkUpload(file) {
  if (!file) return ["check.file"];
  if (file.size === 0) return ["check.fileEmpty"];
  if (file.size > MAX_MANIFEST) return ["check.fileLarge", { max: "16 MiB" }];
  return null;
}
