import { useI18n } from "../i18n.js";
import { Link } from "../router.js";
import { Loading, PageTitle, Problem, useLoad } from "../components/common.jsx";
import { mayReport, useSession } from "../session.js";

export function Operations() {
  const { t, longDay } = useI18n();
  const { me } = useSession();
  const { data, error, loading, reload } = useLoad("/operations?limit=100");
  const items = (data && data.items) || [];
  // Active operations first: they are the ones people report to.
  const order = { active: 0, planned: 1, closed: 2 };
  const sorted = [...items].sort((a, b) => (order[a.status] ?? 3) - (order[b.status] ?? 3) || (a.start < b.start ? 1 : -1));
  return (
    <section aria-labelledby="operations-title">
      <PageTitle id="operations-title">{t("operations.title")}</PageTitle>
      {loading && !data && <Loading />}
      <Problem error={error} onRetry={reload} />
      {data && items.length === 0 && <p>{t("operations.none")}</p>}
      <ul class="cards" data-testid="operations">
        {sorted.map((op) => (
          <li key={op.id} class="card" data-testid="operation">
            <h2>
              <Link href={`/operations/${op.id}`} data-testid="operation-link">
                {op.name}
              </Link>
            </h2>
            <p class="op-meta">
              <span class={"badge status-" + op.status}>{t("status." + op.status)}</span>{" "}
              {t("operation.period", { start: longDay(op.start), end: longDay(op.end) })}
            </p>
            <p>{t("operation.countries", { n: (op.countries || []).length })}</p>
            {op.description && <p class="muted">{op.description}</p>}
            <p class="card-actions">
              <Link href={`/operations/${op.id}`} class="button secondary">
                {t("nav.live")}
              </Link>
              {op.status === "active" && mayReport(me) && (
                <Link href={`/operations/${op.id}/report`} class="button secondary">
                  {t("nav.report")}
                </Link>
              )}
              <Link href={`/operations/${op.id}/results`} class="button secondary">
                {t("nav.results")}
              </Link>
            </p>
          </li>
        ))}
      </ul>
      {data && data.next_cursor && <p class="muted">{t("operations.more")}</p>}
    </section>
  );
}
