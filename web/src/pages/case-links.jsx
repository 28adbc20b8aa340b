// The links touching a case's records (issue 13): proposals and confirmed
// links, read from GET /links?record_id= for each record of the case the
// reader may read. Listing a link of which the reader reads one end tells
// the other end's owner, so the list is read when asked for, not on every
// visit of the case page.
import { useState } from "preact/hooks";
import { get, query } from "../api.js";
import { useI18n } from "../i18n.js";
import { Link } from "../router.js";
import { Problem } from "../components/common.jsx";

// At most this many records' links are read at once.
const MAX_RECORDS = 30;

export function CaseLinks({ records }) {
  const { t, country } = useI18n();
  const [links, setLinks] = useState(null);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const recs = (records || []).slice(0, MAX_RECORDS);
  const load = async () => {
    setBusy(true);
    setError(null);
    try {
      const pages = await Promise.all(recs.map((r) => get("/links" + query({ record_id: r, limit: 50 }))));
      const seen = new Map();
      for (const p of pages) for (const l of p.items || []) seen.set(l.id || l.ref, l);
      setLinks([...seen.values()]);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const inCase = (end) => (records || []).includes(end.record_id);
  return (
    <section aria-labelledby="case-links" class="section" data-testid="case-links-section">
      <h2 id="case-links">{t("cl.title")}</h2>
      {recs.length === 0 ? (
        <p>{t("case.noRecords")}</p>
      ) : (
        links === null && (
          <>
            <p>{t("cl.hint")}</p>
            <button type="button" onClick={load} disabled={busy} data-testid="cl-load">
              {t("cl.load")}
            </button>
          </>
        )
      )}
      {(records || []).length > MAX_RECORDS && <p>{t("cl.first", { n: MAX_RECORDS })}</p>}
      <Problem error={error} onRetry={load} />
      {links && links.length === 0 && <p data-testid="cl-none">{t("cl.none")}</p>}
      {links && links.length > 0 && (
        <ul class="case-links" data-testid="case-links">
          {links.map((l) =>
            l.restricted ? (
              <li key={l.ref} data-state="restricted" data-testid="case-link">
                {t("cl.restricted", { ref: l.ref })}
              </li>
            ) : (
              <li key={l.id} data-state={l.state} data-testid="case-link">
                <Link href={`/links/${l.id}`}>{t("links.state." + l.state)}</Link>
                {typeof l.score === "number" && <> · {Math.round(l.score * 100)}%</>}
                {" · "}
                {[l.a, l.b].map((end, i) => (
                  <span key={i}>
                    {i > 0 && " ↔ "}
                    {t("links.rk." + end.kind)} ({country(end.owner_country)}){inCase(end) ? "" : " · " + t("cl.outside")}{" "}
                    <Link href={`/records/${end.record_id}/links`}>
                      <bdi dir="ltr">{end.record_id.slice(0, 8)}</bdi>
                    </Link>
                  </span>
                ))}
              </li>
            ),
          )}
        </ul>
      )}
    </section>
  );
}
