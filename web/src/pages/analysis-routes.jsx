// Routes: flows of victims, migrants, interceptions and alerted
// travellers, as the server computed them from the records the analyst
// may read (flows of few people of other agencies arrive suppressed), on
// the offline world map and as a table, with downloads.
import { useMemo, useRef, useState } from "preact/hooks";
import { useI18n } from "../i18n.js";
import { useSession } from "../session.js";
import { query } from "../api.js";
import { Loading, PageTitle, Problem, useLoad } from "../components/common.jsx";
import { WIDTH, WorldMap } from "../components/worldmap.jsx";
import { saveCSV, savePNG, saveSVG } from "../components/download.js";
import { regionName } from "../figures.js";
import { AnalysisNav } from "./analysis.jsx";

const KINDS = ["victims", "migrants", "interceptions", "alerts"];
const EXPLOITATION = [
  "sexual_exploitation",
  "forced_labour",
  "forced_criminality",
  "online_fraud",
  "forced_begging",
  "domestic_servitude",
  "forced_marriage",
  "organ_removal",
  "child_labour",
  "other",
];
const BANDS = ["0-11", "12-17", "18-24", "25-34", "35-44", "45-59", "60+"];

// stopsOf lists a flow's countries in order, unknown ones left out.
export function stopsOf(f) {
  const out = [];
  const add = (c) => c && c !== "unknown" && out.push(c);
  add(f.origin);
  (f.transit || "").split(">").forEach(add);
  add(f.destination);
  return out;
}

function Select({ id, label, value, onChange, options }) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.currentTarget.value)} data-testid={id}>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}

export function Routes() {
  const { t, country, number } = useI18n();
  const { countries, byCode } = useSession();
  const params = new URLSearchParams(location.search);
  const [f, setF] = useState({
    operation_id: params.get("operation") || "",
    kind: "",
    from: "",
    to: "",
    region: "",
    exploitation: "",
    sex: "",
    age_band: "",
  });
  const set = (k) => (v) => setF({ ...f, [k]: v });
  const ops = useLoad("/operations?limit=100");
  const r = useLoad("/analysis/routes" + query(f));
  const svgRef = useRef(null);
  const regions = useMemo(() => [...new Set(countries.map((c) => regionName(c)).filter(Boolean))].sort(), [countries]);
  const regionOf = (code) => regionName(byCode.get(code));
  const data = r.data;
  const values = useMemo(() => {
    const m = new Map();
    for (const l of data ? data.legs : []) {
      m.set(l.to, (m.get(l.to) || 0) + l.n);
    }
    return m;
  }, [data]);
  const maxLeg = data ? Math.max(1, ...data.legs.map((l) => l.n)) : 1;
  const route = (fl) =>
    stopsOf(fl)
      .map((c) => country(c))
      .join(" → ");
  const rows = data
    ? data.flows.map((fl) => [
        t("routes.kind." + fl.kind),
        route(fl),
        fl.nationality && fl.nationality !== "unknown" ? country(fl.nationality) : "—",
        fl.suppressed ? t("routes.suppressed") : fl.n,
      ])
    : [];
  const overlay = (centre, view) => {
    const w = view[2] / WIDTH;
    return (
      <g class="flows" data-testid="flow-lines">
        {data.legs.map((l, i) => {
          const a = centre(l.from);
          const z = centre(l.to);
          if (!a || !z) return null;
          const width = (0.8 + (5 * l.n) / maxLeg) * w;
          const label = `${country(l.from)} → ${country(l.to)}: ${number(l.n)}`;
          if (l.from === l.to)
            return (
              <circle key={i} class={"flow f-" + l.kind} cx={a[0]} cy={a[1]} r={2 * w + width} data-testid="flow-point">
                <title>{label}</title>
              </circle>
            );
          const [mx, my] = [(a[0] + z[0]) / 2, (a[1] + z[1]) / 2];
          const [dx, dy] = [z[0] - a[0], z[1] - a[1]];
          return (
            <path
              key={i}
              class={"flow f-" + l.kind}
              d={`M${a[0]} ${a[1]} Q${mx - dy * 0.2} ${my + dx * 0.2} ${z[0]} ${z[1]}`}
              stroke-width={width}
              fill="none"
              data-testid="flow-line"
            >
              <title>{label}</title>
            </path>
          );
        })}
      </g>
    );
  };
  return (
    <section aria-labelledby="routes-title" data-testid="routes">
      <AnalysisNav current="routes" />
      <PageTitle id="routes-title">{t("routes.title")}</PageTitle>
      <p class="hint">{t("routes.intro")}</p>
      <form class="filters" onSubmit={(e) => e.preventDefault()} aria-label={t("routes.filters")}>
        <Select
          id="routes-operation"
          label={t("routes.operation")}
          value={f.operation_id}
          onChange={set("operation_id")}
          options={[["", t("routes.allOperations")], ...((ops.data && ops.data.items) || []).map((o) => [o.id, o.name])]}
        />
        <Select
          id="routes-kind"
          label={t("routes.kind")}
          value={f.kind}
          onChange={set("kind")}
          options={[["", t("routes.all")], ...KINDS.map((k) => [k, t("routes.kind." + k)])]}
        />
        <div class="field">
          <label for="routes-from">{t("routes.from")}</label>
          <input id="routes-from" type="date" value={f.from} onChange={(e) => set("from")(e.currentTarget.value)} data-testid="routes-from" />
        </div>
        <div class="field">
          <label for="routes-to">{t("routes.to")}</label>
          <input id="routes-to" type="date" value={f.to} onChange={(e) => set("to")(e.currentTarget.value)} data-testid="routes-to" />
        </div>
        <Select
          id="routes-region"
          label={t("routes.region")}
          value={f.region}
          onChange={set("region")}
          options={[["", t("routes.all")], ...regions.map((x) => [x, t("region." + x)])]}
        />
        <Select
          id="routes-exploitation"
          label={t("routes.exploitation")}
          value={f.exploitation}
          onChange={set("exploitation")}
          options={[["", t("routes.all")], ...EXPLOITATION.map((x) => [x, t("exploitation." + x)])]}
        />
        <Select
          id="routes-sex"
          label={t("routes.sex")}
          value={f.sex}
          onChange={set("sex")}
          options={[["", t("routes.all")], ...["F", "M", "X", "U"].map((x) => [x, t("sex." + x)])]}
        />
        <Select
          id="routes-band"
          label={t("routes.ageBand")}
          value={f.age_band}
          onChange={set("age_band")}
          options={[["", t("routes.all")], ...BANDS.map((x) => [x, x])]}
        />
      </form>
      <Problem error={r.error} onRetry={r.reload} />
      {r.loading && !data && <Loading />}
      {data && (
        <>
          <ul class="totals-list" data-testid="routes-totals">
            {KINDS.map((k) => (
              <li key={k} data-kind={k}>
                <b>{number(data.totals[k] || 0)}</b> {t("routes.kind." + k)}
              </li>
            ))}
            <li data-testid="routes-suppressed" data-n={data.suppressed}>
              <b>{number(data.suppressed)}</b> {t("routes.suppressedFlows")}
            </li>
          </ul>
          <p class="hint">{t("routes.suppressedNote")}</p>
          <WorldMap
            values={values}
            participants={new Set()}
            selected=""
            region={f.region}
            regionOf={regionOf}
            metricLabel={t("routes.people")}
            onSelect={() => {}}
            overlay={overlay}
            svgRef={svgRef}
          />
          <p class="downloads">
            <button type="button" class="secondary small" data-testid="routes-svg" onClick={() => saveSVG(svgRef.current, "routes.svg")}>
              {t("routes.downloadSVG")}
            </button>{" "}
            <button type="button" class="secondary small" data-testid="routes-png" onClick={() => savePNG(svgRef.current, "routes.png")}>
              {t("routes.downloadPNG")}
            </button>{" "}
            <button
              type="button"
              class="secondary small"
              data-testid="routes-csv"
              onClick={() =>
                saveCSV(
                  "routes.csv",
                  ["kind", "nationality", "origin", "transit", "destination", "n"],
                  data.flows.map((fl) => [fl.kind, fl.nationality, fl.origin, fl.transit, fl.destination, fl.suppressed ? "suppressed" : fl.n]),
                )
              }
            >
              {t("routes.downloadCSV")}
            </button>
          </p>
          {rows.length === 0 ? (
            <p data-testid="routes-empty">{t("routes.none")}</p>
          ) : (
            <div class="table-wrap" tabindex="0" role="group" aria-label={t("routes.table")}>
              <table data-testid="routes-table">
                <caption class="visually-hidden">{t("routes.table")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("routes.kind")}</th>
                    <th scope="col">{t("routes.route")}</th>
                    <th scope="col">{t("routes.nationality")}</th>
                    <th scope="col" class="num">
                      {t("routes.people")}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {rows.slice(0, 500).map((row, i) => (
                    <tr key={i} data-suppressed={data.flows[i].suppressed ? "true" : undefined}>
                      <td>{row[0]}</td>
                      <td>{row[1]}</td>
                      <td>{row[2]}</td>
                      <td class="num">{typeof row[3] === "number" ? number(row[3]) : row[3]}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}
