// The explanation of a watchlist match in the reader's language (demo
// helper); the server's summary is English.

// explainText says in the reader's language why a listed person matched,
// from the explanation's parts (the server's summary is English): how
// many parts of the name matched, and whether date of birth, sex and
// nationality agree.
export function explainText(e, t, label) {
  if (!e) return "";
  const parts = e.parts || [];
  const matched = parts.filter((p) => p.query && p.entry).length;
  const asked = parts.filter((p) => p.query).length;
  const out = [];
  if (e.name) out.push(t("explain.name", { name: e.name, matched, parts: asked }));
  if (e.birth_date) out.push(t("explain.birth", { how: label("dob", e.birth_date) }));
  if (e.sex) out.push(t("explain.sex", { how: label("agree", e.sex) }));
  if (e.nationality) out.push(t("explain.nationality", { how: label("agree", e.nationality) }));
  return out.length ? out.join("; ") : e.summary || "";
}
