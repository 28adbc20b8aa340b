// The operation's results: the figures overall and by region, country and
// day, and the reports to download.
import { useMemo, useState } from "preact/hooks";
import { useI18n } from "../i18n.js";
import { hasRole, useSession } from "../session.js";
import { Loading, OperationHeader, Problem, useLoad } from "../components/common.jsx";
import { DayChart } from "../components/daychart.jsx";
import { METRICS } from "../figures.js";

const COLUMNS = ["victims", "migrants", "arrests", "arrests_thb_som", "flights", "checks"];

function FigureTable({ rows, head, name, caption, testid }) {
  const { t, number } = useI18n();
  return (
    <div class="table-wrap" tabindex="0" role="group" aria-label={caption}>
      <table data-testid={testid}>
        <caption class="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{head}</th>
            {COLUMNS.map((c) => (
              <th scope="col" class="num" key={c}>
                {t("metric." + c)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={name(r)}>
              <th scope="row">{name(r)}</th>
              {COLUMNS.map((c) => (
                <td class="num" key={c}>
                  {number(r[c] || 0)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function Results({ id }) {
  const i18n = useI18n();
  const { t, number, country, region, compare, longDay, label } = i18n;
  const { me } = useSession();
  const { data: r, error, reload } = useLoad(`/operations/${id}/results`);
  const [metric, setMetric] = useState("victims");
  const [countrySort, setCountrySort] = useState("name");

  const countries = useMemo(() => {
    if (!r) return [];
    const list = [...(r.by_country || [])];
    if (countrySort === "name") list.sort((a, b) => compare(country(a.country), country(b.country)));
    else list.sort((a, b) => (b[countrySort] || 0) - (a[countrySort] || 0));
    return list;
  }, [r, countrySort, i18n]);

  if (error) return <Problem error={error} onRetry={reload} />;
  if (!r) return <Loading />;
  const op = r.operation;
  const tot = r.totals;
  // The reports are written in the language the page is read in.
  const link = (format) => `/api/v1/operations/${id}/report?format=${format}&lang=${i18n.code}`;
  const mayExport = hasRole(me, "coordinator", "analyst", "observer");
  const regions = [...(r.by_region || [])].sort((a, b) => compare(region(a.region), region(b.region)));

  return (
    <div class="results">
      <OperationHeader op={op} current="results" title={t("results.title")} />
      <section class="panel" aria-labelledby="totals-title">
        <h2 id="totals-title">{t("results.totals")}</h2>
        <table class="totals" data-testid="results-totals">
          <tbody>
            <tr>
              <th scope="row">{t("metric.countries")}</th>
              <td class="num" data-testid="total-countries">{number(r.countries)}</td>
            </tr>
            {COLUMNS.map((c) => (
              <tr key={c}>
                <th scope="row">{t("metric." + c)}</th>
                <td class="num" data-testid={"total-" + c} data-value={tot[c] || 0}>
                  {number(tot[c] || 0)}
                </td>
              </tr>
            ))}
            <tr>
              <th scope="row">{t("metric.hits")}</th>
              <td class="num">{number(tot.hits || 0)}</td>
            </tr>
            <tr>
              <th scope="row">{t("metric.raids")}</th>
              <td class="num">{number(tot.raids || 0)}</td>
            </tr>
            <tr>
              <th scope="row">{t("metric.interceptions")}</th>
              <td class="num">{number(tot.interceptions || 0)}</td>
            </tr>
          </tbody>
        </table>
        <p class="muted">{t("results.computed", { time: i18n.dateTime(r.computed_at) })}</p>
      </section>

      <section class="panel" aria-labelledby="downloads-title">
        <h2 id="downloads-title">{t("results.downloads")}</h2>
        <ul class="downloads">
          <li>
            <a class="button secondary" href={link("html")} target="_blank" rel="noopener" data-testid="download-html">
              {t("results.html")}
            </a>
          </li>
          <li>
            <a class="button secondary" href={link("pdf")} download data-testid="download-pdf">
              {t("results.pdf")}
            </a>
          </li>
          {mayExport && (
            <li>
              <a class="button secondary" href={link("csv")} download data-testid="download-csv">
                {t("results.csv")}
              </a>
            </li>
          )}
        </ul>
        <p class="hint">{mayExport ? t("results.csvHint") : t("results.csvRoles")}</p>
      </section>

      <section class="panel" aria-labelledby="days-title">
        <h2 id="days-title">{t("results.byDay")}</h2>
        <div class="field inline">
          <label for="results-metric">{t("live.metric")}</label>
          <select id="results-metric" value={metric} onChange={(e) => setMetric(e.currentTarget.value)}>
            {METRICS.map((m) => (
              <option key={m} value={m}>
                {t("metric." + m)}
              </option>
            ))}
          </select>
        </div>
        <DayChart days={r.by_day || []} metric={metric} testid="results-chart" />
        <FigureTable rows={r.by_day || []} head={t("results.day")} name={(d) => longDay(d.day)} caption={t("results.byDay")} testid="results-days" />
      </section>

      <section class="panel" aria-labelledby="regions-title">
        <h2 id="regions-title">{t("results.byRegion")}</h2>
        <FigureTable rows={regions} head={t("live.region")} name={(x) => region(x.region)} caption={t("results.byRegion")} testid="results-regions" />
      </section>

      <section class="panel" aria-labelledby="countries-title">
        <h2 id="countries-title">{t("results.byCountry")}</h2>
        <div class="field inline">
          <label for="country-sort">{t("results.sortBy")}</label>
          <select id="country-sort" value={countrySort} onChange={(e) => setCountrySort(e.currentTarget.value)}>
            <option value="name">{t("results.sortName")}</option>
            {COLUMNS.map((c) => (
              <option key={c} value={c}>
                {t("metric." + c)}
              </option>
            ))}
          </select>
        </div>
        <FigureTable rows={countries} head={t("live.country")} name={(c) => country(c.country)} caption={t("results.byCountry")} testid="results-countries" />
      </section>

      {(r.exploitation || []).length > 0 && (
        <section class="panel" aria-labelledby="exploitation-title">
          <h2 id="exploitation-title">{t("results.exploitation")}</h2>
          <p class="hint">{t("results.exploitationHint")}</p>
          <table>
            <tbody>
              {r.exploitation.map((x) => (
                <tr key={x.key}>
                  <th scope="row">{label("exploitation", x.key)}</th>
                  <td class="num">{number(x.n)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </div>
  );
}
