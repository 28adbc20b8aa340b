// The analyst's trends: daily and weekly series of the records the viewer
// may read, by country, route, form of exploitation and method, with the
// rises the change-point detector flags and why. Every chart is also a
// table, and downloads as SVG or PNG; the series download as CSV.
import { useMemo, useRef, useState } from "preact/hooks";
import { useI18n } from "../i18n.js";
import { navigate, useLocation } from "../router.js";
import { Loading, Problem, useLoad } from "../components/common.jsx";

const METRICS = ["victims", "migrants", "arrests", "arrests_thb_som", "raids", "interceptions", "flights"];
const DIMENSIONS = ["all", "country", "route", "exploitation", "recruitment", "control"];
const MAX_CHARTS = 6;
const W = 640;
const H = 200;
const PAD = { top: 12, bottom: 28, side: 40 };

function params(search) {
  const q = new URLSearchParams(search);
  return {
    operation: q.get("operation") || "",
    from: q.get("from") || "",
    to: q.get("to") || "",
    metric: METRICS.includes(q.get("metric")) ? q.get("metric") : "victims",
    dimension: DIMENSIONS.includes(q.get("dimension")) ? q.get("dimension") : "exploitation",
    interval: q.get("interval") === "week" ? "week" : "day",
  };
}

function query(p, keys) {
  const q = new URLSearchParams();
  for (const k of keys) if (p[k]) q.set(k, p[k]);
  return q.toString();
}

// useKeyName names a series' key in the viewer's language.
function useKeyName() {
  const { t, country, label } = useI18n();
  return (dim, key) => {
    if (dim === "all") return t("trends.all");
    if (dim === "country") return country(key);
    if (dim === "route") {
      const [a, b] = key.split(">");
      const c = (x) => (x === "?" ? t("trends.unknownCountry") : country(x));
      return t("trends.route", { from: c(a), to: c(b) });
    }
    if (key === "unknown") return t("trends.unknown");
    return label(dim === "exploitation" ? "exploitation" : dim, key);
  };
}

function niceMax(v) {
  if (v <= 5) return 5;
  const p = Math.pow(10, Math.floor(Math.log10(v)));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

// SeriesChart draws one series as a line, suppressed points left out (a
// gap), the flagged change marked; the table beside it holds the same.
function SeriesChart({ title, at, values, flag, testid, fileName }) {
  const i18n = useI18n();
  const { t, number, compact, day, longDay, dir } = i18n;
  const svgRef = useRef(null);
  const rtl = dir === "rtl";
  const max = niceMax(Math.max(0, ...values.filter((v) => v != null)));
  const n = Math.max(1, values.length);
  const plotW = W - 2 * PAD.side;
  const plotH = H - PAD.top - PAD.bottom;
  const xOf = (i) => (rtl ? PAD.side + plotW - ((i + 0.5) * plotW) / n : PAD.side + ((i + 0.5) * plotW) / n);
  const yOf = (v) => PAD.top + plotH - (v / max) * plotH;
  let path = "";
  values.forEach((v, i) => {
    if (v == null) return;
    path += (i === 0 || values[i - 1] == null ? "M" : "L") + xOf(i).toFixed(1) + "," + yOf(v).toFixed(1);
  });
  const every = Math.ceil(n / 6);
  const download = (kind) => {
    const svg = new XMLSerializer().serializeToString(svgRef.current);
    const svgBlob = new Blob([svg], { type: "image/svg+xml" });
    const save = (blob, ext) => {
      const a = document.createElement("a");
      a.href = URL.createObjectURL(blob);
      a.download = fileName + "." + ext;
      a.click();
      setTimeout(() => URL.revokeObjectURL(a.href), 1000);
    };
    if (kind === "svg") return save(svgBlob, "svg");
    const img = new Image();
    img.onload = () => {
      const c = document.createElement("canvas");
      c.width = W * 2;
      c.height = H * 2;
      const g = c.getContext("2d");
      g.fillStyle = "#fff";
      g.fillRect(0, 0, c.width, c.height);
      g.drawImage(img, 0, 0, c.width, c.height);
      c.toBlob((b) => b && save(b, "png"), "image/png");
    };
    img.src = URL.createObjectURL(svgBlob);
  };
  return (
    <figure class="chart" data-testid={testid}>
      <figcaption class="chart-title">{title}</figcaption>
      <svg ref={svgRef} xmlns="http://www.w3.org/2000/svg" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={title} dir="ltr">
        <rect x="0" y="0" width={W} height={H} fill="#fff" />
        {[0, max / 2, max].map((v) => (
          <g key={v}>
            <line x1={PAD.side} x2={W - PAD.side} y1={yOf(v)} y2={yOf(v)} stroke="#ddd" />
            <text x={rtl ? W - PAD.side + 6 : PAD.side - 6} y={yOf(v) + 4} text-anchor={rtl ? "start" : "end"} font-size="11" fill="#444">
              {compact(v)}
            </text>
          </g>
        ))}
        {flag && <rect x={xOf(Math.min(flag.index, n - 1)) - 1.5} y={PAD.top} width="3" height={plotH} fill="#c0392b" opacity="0.6" data-testid="flag-mark" />}
        <path d={path} fill="none" stroke="#1f5f8b" stroke-width="2" />
        {values.map((v, i) =>
          v == null ? null : (
            <circle key={i} cx={xOf(i)} cy={yOf(v)} r="2.5" fill="#1f5f8b">
              <title>{`${longDay(at[i])}: ${number(v)}`}</title>
            </circle>
          ),
        )}
        {at.map((d, i) =>
          i % every === 0 ? (
            <text key={d} x={xOf(i)} y={H - 8} text-anchor="middle" font-size="11" fill="#444">
              {day(d)}
            </text>
          ) : null,
        )}
      </svg>
      <p class="chart-downloads">
        <button type="button" class="secondary" onClick={() => download("svg")} data-testid={testid + "-svg"}>
          {t("trends.downloadSVG")}
        </button>{" "}
        <button type="button" class="secondary" onClick={() => download("png")} data-testid={testid + "-png"}>
          {t("trends.downloadPNG")}
        </button>
      </p>
      <details>
        <summary>{t("trends.asTable")}</summary>
        <div class="table-wrap" tabindex="0" role="group" aria-label={title}>
          <table data-testid={testid + "-table"}>
            <caption class="visually-hidden">{title}</caption>
            <thead>
              <tr>
                <th scope="col">{t("trends.when")}</th>
                <th scope="col" class="num">
                  {t("trends.value")}
                </th>
              </tr>
            </thead>
            <tbody>
              {values.map((v, i) => (
                <tr key={at[i]}>
                  <th scope="row">{longDay(at[i])}</th>
                  <td class="num">{v == null ? t("trends.suppressed") : number(v)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}

export function Trends() {
  const i18n = useI18n();
  const { t, number, longDay } = i18n;
  const { search } = useLocation();
  const p = params(search);
  const keyName = useKeyName();
  const [from, setFrom] = useState(p.from);
  const [to, setTo] = useState(p.to);
  const apiQuery = query(p, ["operation", "from", "to"]);
  const { data, error, loading, reload } = useLoad("/analysis/trends" + (apiQuery ? "?" + apiQuery : ""));
  const set = (k, v) => navigate("/analysis/trends?" + query({ ...p, [k]: v }, ["operation", "from", "to", "metric", "dimension", "interval"]));

  const shown = useMemo(() => {
    if (!data) return [];
    const sum = (s) => (p.interval === "day" ? s.daily : s.weekly).reduce((a, v) => a + (v || 0), 0);
    return data.series
      .filter((s) => s.metric === p.metric && s.dimension === p.dimension)
      .map((s) => ({ s, total: sum(s) }))
      .sort((a, b) => b.total - a.total)
      .slice(0, MAX_CHARTS);
  }, [data, p.metric, p.dimension, p.interval]);

  const flags = data ? data.flags.slice(0, 12) : [];
  const flagFor = (s) => data.flags.find((f) => f.metric === s.metric && f.dimension === s.dimension && f.key === s.key && f.interval === p.interval);
  const describe = (f) =>
    t(f.ratio ? "trends.flag" : "trends.flagNew", {
      metric: t("metric." + f.metric),
      key: keyName(f.dimension, f.key),
      since: longDay(f.since),
      before: number(f.before),
      after: number(f.after),
      ratio: number(f.ratio || 0),
      interval: t("trends.per." + f.interval),
    });

  return (
    <div class="trends">
      <h1>{t("trends.title")}</h1>
      <p class="hint">{t("trends.hint", { k: number(11) })}</p>
      <form
        class="filters"
        onSubmit={(e) => {
          e.preventDefault();
          navigate("/analysis/trends?" + query({ ...p, from, to }, ["operation", "from", "to", "metric", "dimension", "interval"]));
        }}
      >
        <label>
          {t("trends.metric")}
          <select value={p.metric} onChange={(e) => set("metric", e.currentTarget.value)} data-testid="trends-metric">
            {METRICS.map((m) => (
              <option value={m} key={m}>
                {t("metric." + m)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("trends.dimension")}
          <select value={p.dimension} onChange={(e) => set("dimension", e.currentTarget.value)} data-testid="trends-dimension">
            {DIMENSIONS.map((d) => (
              <option value={d} key={d}>
                {t("trends.dim." + d)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("trends.interval")}
          <select value={p.interval} onChange={(e) => set("interval", e.currentTarget.value)} data-testid="trends-interval">
            <option value="day">{t("trends.daily")}</option>
            <option value="week">{t("trends.weekly")}</option>
          </select>
        </label>
        <label>
          {t("trends.from")}
          <input type="date" value={from} onInput={(e) => setFrom(e.currentTarget.value)} />
        </label>
        <label>
          {t("trends.to")}
          <input type="date" value={to} onInput={(e) => setTo(e.currentTarget.value)} />
        </label>
        <button type="submit">{t("trends.apply")}</button>
      </form>
      {loading && !data && <Loading />}
      {error && <Problem error={error} onRetry={reload} />}
      {data && (
        <>
          <p class="hint" data-testid="trends-period">
            {t("trends.period", { from: longDay(data.from), to: longDay(data.to), k: number(data.suppression) })}
          </p>
          <section class="panel" aria-labelledby="flags-title">
            <h2 id="flags-title">{t("trends.flags")}</h2>
            {flags.length === 0 ? (
              <p>{t("trends.noFlags")}</p>
            ) : (
              <ul class="flags" data-testid="trends-flags">
                {flags.map((f) => (
                  <li key={f.metric + f.dimension + f.key + f.interval} data-key={f.key} data-dimension={f.dimension}>
                    <a
                      href={"/analysis/trends?" + query({ ...p, metric: f.metric, dimension: f.dimension, interval: f.interval }, ["operation", "from", "to", "metric", "dimension", "interval"])}
                      onClick={(e) => {
                        e.preventDefault();
                        navigate("/analysis/trends?" + query({ ...p, metric: f.metric, dimension: f.dimension, interval: f.interval }, ["operation", "from", "to", "metric", "dimension", "interval"]));
                      }}
                    >
                      {describe(f)}
                    </a>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section class="panel" aria-labelledby="series-title">
            <h2 id="series-title">{t("trends.series", { metric: t("metric." + p.metric), dimension: t("trends.dim." + p.dimension) })}</h2>
            {data.withheld > 0 && <p class="hint">{t("trends.withheld", { n: data.withheld })}</p>}
            {shown.length === 0 && <p>{t("trends.empty")}</p>}
            {shown.map(({ s }, i) => {
              const f = flagFor(s);
              return (
                <SeriesChart
                  key={s.metric + s.dimension + s.key}
                  testid={"series-" + i}
                  fileName={`trends-${s.metric}-${s.dimension}-${s.key || "all"}-${p.interval}`.replace(/[^A-Za-z0-9_.-]/g, "_")}
                  title={t("trends.chartTitle", { metric: t("metric." + s.metric), key: keyName(s.dimension, s.key) })}
                  at={p.interval === "day" ? data.days : data.weeks}
                  values={p.interval === "day" ? s.daily : s.weekly}
                  flag={f}
                />
              );
            })}
          </section>
          <section class="panel" aria-labelledby="trends-downloads">
            <h2 id="trends-downloads">{t("trends.downloads")}</h2>
            <a class="button secondary" href={"/api/v1/analysis/trends/table" + (apiQuery ? "?" + apiQuery : "")} download data-testid="trends-csv">
              {t("trends.downloadCSV")}
            </a>
          </section>
        </>
      )}
    </div>
  );
}
