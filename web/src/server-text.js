// serverText says in the reader's language a message the server wrote in
// English, when the UI knows its shape; any other message is shown as
// the server wrote it (the fallback, never lost). Values the message
// carries (dates, names, references) are passed on as they are.
const SHAPES = [
  [/^validation failed$/, "srv.validation", []],
  [/^(\d{4}-\d{2}-\d{2}) is outside the operation \((\d{4}-\d{2}-\d{2}) to (\d{4}-\d{2}-\d{2})\)$/, "srv.outside", ["day", "start", "end"]],
  [/^operation (.+) is (\w+): it takes reports only while active$/, "srv.notActive", ["name", "status"]],
  [/^the interchange holds no PAXLST or PNRGOV message$/, "srv.noMessage", []],
  [/^message (\d+) \((.*)\) names no flight$/, "srv.noFlight", ["n", "ref"]],
  [/^hit: contact (.+) quoting reference (\S+)$/, "srv.contact", ["owner", "ref"]],
  [/^hit on a record of (.+)$/, "srv.hitOn", ["owner"]],
  [/^unknown ISO 3166-1 alpha-2 country code "(.*)"$/, "srv.country", ["code"]],
  [/^malformed id "(.*)"$/, "srv.id", ["id"]],
  [/^(\S+) is not a plausible time$/, "srv.implausible", ["time"]],
  [/^internal error$/, "srv.internal", []],
  [/^request cancelled$/, "srv.cancelled", []],
  [/^not signed in$/, "srv.signedOut", []],
  [/^required$/, "srv.required", []],
];

export function serverText(t, msg) {
  if (!msg) return "";
  const s = String(msg).trim();
  for (const [re, key, names] of SHAPES) {
    const m = re.exec(s);
    if (!m) continue;
    const params = {};
    names.forEach((n, i) => (params[n] = m[i + 1]));
    const out = t(key, params);
    // A locale without the key gives the key back: keep the English.
    return out && out !== key ? out : s;
  }
  return s;
}
