// The live operational picture: counters, map, feed and chart of an
// operation, kept current by the server's event stream, for the whole
// operation or a country or region picked on the map or in the lists.
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { APIError, get, query } from "../api.js";
import { useI18n } from "../i18n.js";
import { useSession } from "../session.js";
import { Loading, OperationHeader, Problem, useLoad } from "../components/common.jsx";
import { Counters } from "../components/counters.jsx";
import { WorldMap } from "../components/worldmap.jsx";
import { Feed } from "../components/feed.jsx";
import { DayChart } from "../components/daychart.jsx";
import { EMPTY, METRICS, feedItem, mergeFeed, regionName, sumFigures } from "../figures.js";
import { REPORT_TYPES } from "../report-model.js";

// useLive follows the operation's stream: the latest results and the
// reports that arrive. EventSource reconnects by itself after a network
// error; when the server refuses the stream outright it is retried here.
function useLive(id, onReport) {
  const { signedOut } = useSession();
  const [results, setResults] = useState(null);
  const [conn, setConn] = useState("connecting");
  const [error, setError] = useState(null);
  const report = useRef(onReport);
  report.current = onReport;

  useEffect(() => {
    let es = null;
    let timer = 0;
    let closed = false;
    let delay = 2000;
    const fetchResults = () =>
      get(`/operations/${id}/results`).then(
        (r) => !closed && (setResults(r), setError(null)),
        (err) => {
          if (closed) return;
          if (err instanceof APIError && err.status === 401) signedOut();
          else setError(err);
        },
      );
    const connect = () => {
      setConn((c) => (c === "live" ? "reconnecting" : c));
      es = new EventSource(`/api/v1/operations/${id}/stream`);
      es.addEventListener("open", () => {
        delay = 2000;
        setConn("live");
      });
      es.addEventListener("results", (e) => {
        try {
          setResults(JSON.parse(e.data));
          setError(null);
        } catch {
          /* a torn message: the next one replaces it */
        }
      });
      es.addEventListener("report", (e) => {
        try {
          report.current(JSON.parse(e.data));
        } catch {
          /* ignore a malformed item */
        }
      });
      es.addEventListener("error", () => {
        if (closed) return;
        if (es.readyState === EventSource.CLOSED) {
          // Refused (signed out, not found, server down): ask why, show the
          // latest figures meanwhile, and try again later.
          setConn("offline");
          es.close();
          fetchResults();
          timer = setTimeout(connect, delay);
          delay = Math.min(delay * 2, 30000);
        } else {
          setConn("reconnecting");
        }
      });
    };
    fetchResults();
    connect();
    return () => {
      closed = true;
      clearTimeout(timer);
      if (es) es.close();
    };
  }, [id]);
  return { results, conn, error };
}

export function Live({ id }) {
  const i18n = useI18n();
  const { t, country, region: regionLabel, compare } = i18n;
  const { byCode } = useSession();
  const opLoad = useLoad(`/operations/${id}`);
  const op = opLoad.data;
  const [feed, setFeed] = useState([]);
  const [feedError, setFeedError] = useState(null);
  // The selection lives in the address (?country=MK, ?region=...), so that
  // a drill-down can be bookmarked, shared and reloaded.
  const [sel, setSelState] = useState(() => {
    const q = new URLSearchParams(location.search);
    return { country: (q.get("country") || "").toUpperCase(), region: q.get("region") || "" };
  });
  const setSel = (next) => {
    setSelState(next);
    const q = query({ country: next.country, region: next.region });
    history.replaceState(null, "", location.pathname + q);
  };
  const [metric, setMetric] = useState("victims");
  const [feedType, setFeedType] = useState("");
  const { results, conn, error } = useLive(id, (it) => setFeed((f) => mergeFeed(f, [it])));
  const shownConn = op && op.status === "closed" ? "final" : conn;
  // A sensible first figure: while no victim is reported yet (the first
  // minutes of an operation), the map opens on the first figure that
  // has values (checks, flights ...), once, never against the user's pick.
  const autoMetric = useRef(false);
  useEffect(() => {
    if (autoMetric.current || !results || !results.totals) return;
    autoMetric.current = true;
    if ((results.totals.victims || 0) > 0) return;
    const m = METRICS.find((x) => (results.totals[x] || 0) > 0);
    if (m) setMetric(m);
  }, [results]);

  const regionOf = (code) => regionName(byCode.get(code));

  // The newest reports for the feed, again for the country picked, so that
  // a quiet country still shows its own.
  useEffect(() => {
    let live = true;
    const q = query({ operation_id: id, order: "newest", limit: sel.region ? 200 : 50, country: sel.country, type: feedType });
    get("/events" + q).then(
      (page) => live && (setFeed((f) => mergeFeed(f, (page.items || []).map(feedItem))), setFeedError(null)),
      (err) => live && setFeedError(err),
    );
    return () => {
      live = false;
    };
  }, [id, sel.country, sel.region, feedType]);

  const byCountry = useMemo(() => new Map(((results && results.by_country) || []).map((c) => [c.country, c])), [results]);
  const participants = useMemo(() => new Set((op && op.countries) || []), [op]);
  const regions = useMemo(
    () => ((results && results.by_region) || []).map((r) => r.region).sort((a, b) => compare(regionLabel(a), regionLabel(b))),
    [results, i18n],
  );
  const countryList = useMemo(() => {
    const codes = [...byCountry.keys()].filter((c) => !sel.region || regionOf(c) === sel.region);
    return codes.sort((a, b) => compare(country(a), country(b)));
  }, [byCountry, sel.region, i18n]);

  // A region or country in the address that the results do not know (a
  // stale or mistyped link) is dropped, not shown as an empty picture.
  useEffect(() => {
    if (!results) return;
    const badRegion = sel.region && !regions.includes(sel.region);
    const badCountry = sel.country && !byCountry.has(sel.country);
    if (badRegion || badCountry) setSel({ region: badRegion ? "" : sel.region, country: badCountry ? "" : sel.country });
  }, [results, sel.region, sel.country]);

  if (opLoad.error) return <Problem error={opLoad.error} onRetry={opLoad.reload} />;
  if (!op) return <Loading />;

  const totals = (results && results.totals) || EMPTY;
  let figures = totals;
  let scopeLabel = op.name;
  if (sel.country) {
    figures = byCountry.get(sel.country) || EMPTY;
    scopeLabel = country(sel.country);
  } else if (sel.region) {
    figures = ((results && results.by_region) || []).find((r) => r.region === sel.region) || EMPTY;
    scopeLabel = regionLabel(sel.region);
  }
  const values = new Map([...byCountry].map(([k, v]) => [k, v[metric] || 0]));
  const shown = feed.filter(
    (it) =>
      (!sel.country || it.country === sel.country) &&
      (!sel.region || regionOf(it.country) === sel.region) &&
      (!feedType || it.type === feedType),
  );
  const ranked = [...byCountry.values()]
    .filter((c) => !sel.region || regionOf(c.country) === sel.region)
    .filter((c) => (c[metric] || 0) > 0)
    .sort((a, b) => (b[metric] || 0) - (a[metric] || 0))
    .slice(0, 12);

  const pickCountry = (code) => setSel({ country: code, region: code ? sel.region && regionOf(code) === sel.region ? sel.region : "" : sel.region });
  const pickRegion = (r) => setSel({ country: "", region: r });

  return (
    <div class="live">
      <OperationHeader op={op} current="live" title={t("live.title")} />
      {/* A closed operation takes no more reports: its figures are final,
          whatever the stream's state (no green "Live" beside "Closed"). */}
      <p class={"conn conn-" + shownConn} data-testid="conn" data-state={shownConn}>
        <span class="dot" aria-hidden="true" />
        {/* Only the connection's state is announced, not every new time. */}
        <span role="status">{t("conn." + shownConn)}</span>
        {results && results.computed_at && (
          <span class="muted"> · {t("live.updated", { time: i18n.time(results.computed_at) })}</span>
        )}
      </p>
      <Problem error={error} />

      <form class="drill" onSubmit={(e) => e.preventDefault()} aria-label={t("live.filter")}>
        <div class="field">
          <label for="pick-region">{t("live.region")}</label>
          <select id="pick-region" data-testid="pick-region" value={sel.region} onChange={(e) => pickRegion(e.currentTarget.value)}>
            <option value="">{t("live.allRegions")}</option>
            {regions.map((r) => (
              <option value={r} key={r}>
                {regionLabel(r)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="pick-country">{t("live.country")}</label>
          <select id="pick-country" data-testid="pick-country" value={sel.country} onChange={(e) => pickCountry(e.currentTarget.value)}>
            <option value="">{sel.region ? t("live.allInRegion") : t("live.allCountries")}</option>
            {countryList.map((c) => (
              <option value={c} key={c}>
                {country(c)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="pick-metric">{t("live.metric")}</label>
          <select id="pick-metric" data-testid="pick-metric" value={metric} onChange={(e) => ((autoMetric.current = true), setMetric(e.currentTarget.value))}>
            {METRICS.map((m) => (
              <option value={m} key={m}>
                {t("metric." + m)}
              </option>
            ))}
          </select>
        </div>
        {(sel.country || sel.region) && (
          <button type="button" class="secondary" data-testid="clear-filter" onClick={() => setSel({ country: "", region: "" })}>
            {t("live.showAll")}
          </button>
        )}
      </form>

      <h2 class="scope" data-testid="scope">
        {scopeLabel}
      </h2>
      <Counters figures={figures} countries={sel.country ? undefined : sel.region ? figures.countries : results ? results.countries : 0} scopeLabel={scopeLabel} />

      <div class="live-grid">
        <section class="panel panel-map" aria-labelledby="map-title">
          <h2 id="map-title">{t("live.map")}</h2>
          <WorldMap
            values={values}
            participants={participants}
            selected={sel.country}
            region={sel.region}
            regionOf={regionOf}
            metricLabel={t("metric." + metric)}
            onSelect={pickCountry}
          />
          <h3 id="top-title">{t("live.topCountries", { metric: t("metric." + metric) })}</h3>
          {ranked.length === 0 ? (
            <p class="muted">{t("live.noFigures")}</p>
          ) : (
            <ol class="top-list" aria-labelledby="top-title" data-testid="top-countries">
              {ranked.map((c) => (
                <li key={c.country}>
                  <button
                    type="button"
                    class="link-button"
                    aria-pressed={sel.country === c.country}
                    data-testid={"top-" + c.country}
                    onClick={() => pickCountry(sel.country === c.country ? "" : c.country)}
                  >
                    <span>{country(c.country)}</span>
                    <span class="num">{i18n.number(c[metric] || 0)}</span>
                  </button>
                </li>
              ))}
            </ol>
          )}
        </section>
        <section class="panel panel-feed" aria-labelledby="feed-title">
          <h2 id="feed-title">{t("live.feed")}</h2>
          <div class="field">
            <label for="feed-type">{t("live.feedType")}</label>
            <select id="feed-type" data-testid="feed-type" value={feedType} onChange={(e) => setFeedType(e.currentTarget.value)}>
              <option value="">{t("live.allTypes")}</option>
              {REPORT_TYPES.map((x) => (
                <option value={x} key={x}>
                  {t("type." + x)}
                </option>
              ))}
            </select>
          </div>
          <Problem error={feedError} />
          <Feed items={shown.slice(0, 50)} operationID={id} emptyText={t("live.noReports")} />
        </section>
      </div>
      <section class="panel" aria-labelledby="chart-title">
        <h2 id="chart-title">{t("live.byDay", { metric: t("metric." + metric) })}</h2>
        <ScopedDays id={id} results={results} sel={sel} figures={figures} metric={metric} />
      </section>
    </div>
  );
}

// ScopedDays charts the figures by day of what is selected. The results of
// a country or region come from the results endpoint scoped to it; they
// are used only when their totals agree with the selection's, so a server
// that cannot scope them shows the whole operation, said so.
function ScopedDays({ id, results, sel, figures, metric }) {
  const { t } = useI18n();
  const [scoped, setScoped] = useState(null);
  const last = useRef({ key: "", at: 0 });
  const key = sel.country ? "country=" + sel.country : sel.region ? "region=" + encodeURIComponent(sel.region) : "";
  const version = results ? results.computed_at : "";
  useEffect(() => {
    if (!key) {
      setScoped(null);
      return;
    }
    // A new selection is fetched at once; the same one again at most every
    // five seconds, however often the figures move.
    const now = Date.now();
    if (last.current.key === key && now - last.current.at < 5000) return;
    last.current = { key, at: now };
    let live = true;
    get(`/operations/${id}/results?${key}`).then(
      (r) => live && setScoped({ key, r }),
      () => live && setScoped({ key, r: null }),
    );
    return () => {
      live = false;
    };
  }, [id, key, version]);
  if (!results) return null;
  let days = results.by_day || [];
  let whole = false;
  if (key) {
    const r = scoped && scoped.key === key ? scoped.r : null;
    const agrees = r && METRICS.every((m) => (r.totals[m] || 0) === (figures[m] || 0)) && sumFigures(r.by_day || [])[metric] === (figures[metric] || 0);
    if (agrees) days = r.by_day;
    else whole = true;
  }
  return (
    <>
      {whole && <p class="muted">{t("live.byDayWhole")}</p>}
      <DayChart days={days} metric={metric} />
    </>
  );
}
