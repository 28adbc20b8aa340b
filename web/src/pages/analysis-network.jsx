// The network of linked records an analyst may read: communities,
// brokers between countries, shared identifiers, the shortest path between
// two records, and exports. A link of which the analyst reads one end
// shows its other end as "a record of <owner>" only, as the server sent it.
// Above 400 records the server sends a summary too: communities drawn as
// one node each, opened one at a time, so that 5,000 records and 20,000
// links stay usable on a phone.
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import cytoscape from "cytoscape";
import { useI18n } from "../i18n.js";
import { query } from "../api.js";
import { Loading, PageTitle, Problem, useLoad } from "../components/common.jsx";
import { save, saveCSV } from "../components/download.js";
import { colourOf } from "./casegraph.jsx";
import { AnalysisNav } from "./analysis.jsx";

const FORCE_MAX = 300;

function elementsOf(n, open, t) {
  if (n.summary && open === null) {
    const max = Math.max(1, ...n.summary.nodes.map((s) => s.size));
    return {
      summary: true,
      els: [
        ...n.summary.nodes.map((s) => ({
          data: { id: s.id, label: `${s.label} (${s.size})`, size: 14 + 46 * Math.sqrt(s.size / max), community: s.community, kind: "community" },
        })),
        ...n.summary.edges.map((e, i) => ({ data: { id: "s" + i, source: e.source, target: e.target, weight: e.weight } })),
      ],
    };
  }
  const nodes = open === null ? n.nodes : n.nodes.filter((x) => (open === -1 ? x.community >= 200 : x.community === open));
  const keep = new Set(nodes.map((x) => x.id));
  const path = new Set(n.path || []);
  return {
    summary: false,
    els: [
      ...nodes.map((x) => ({
        data: { id: x.id, label: x.restricted ? t("network.recordOf", { owner: x.owner }) : x.label, country: x.country || "", kind: x.kind, size: 16, onPath: path.has(x.id) ? "yes" : "no" },
      })),
      ...n.edges
        .filter((e) => keep.has(e.source) && keep.has(e.target))
        .map((e) => ({
          data: {
            id: "l" + e.id,
            source: e.source,
            target: e.target,
            state: e.state || "restricted",
            onPath: path.has(e.source) && path.has(e.target) ? "yes" : "no",
          },
        })),
    ],
  };
}

export function Network() {
  const { t, country, number } = useI18n();
  const params = new URLSearchParams(location.search);
  const [f, setF] = useState({
    operation_id: params.get("operation") || "",
    case_id: params.get("case") || "",
    country: "",
    role: "",
    handling: "",
    from: "",
    to: "",
  });
  const [path, setPath] = useState({ from: "", to: "" });
  const [open, setOpen] = useState(null); // the community opened from the summary
  const set = (k) => (v) => setF({ ...f, [k]: v });
  const ops = useLoad("/operations?limit=100");
  const ready = f.operation_id || f.case_id;
  const q = { ...f, path_from: path.from && path.to ? path.from : "", path_to: path.from && path.to ? path.to : "" };
  const r = useLoad(ready ? "/analysis/network" + query(q) : null);
  const n = r.data;
  const box = useRef(null);
  const cyRef = useRef(null);
  useEffect(() => setOpen(null), [n && n.nodes.length]);
  const colours = useMemo(() => colourOf(new Set(n ? n.nodes.map((x) => x.country).filter(Boolean) : [])), [n]);
  useEffect(() => {
    if (!n || !box.current) return;
    const { els, summary } = elementsOf(n, open, t);
    const big = els.length > FORCE_MAX * 3;
    const cy = cytoscape({
      container: box.current,
      elements: els.map((e) => (e.data.country !== undefined ? { data: { ...e.data, colour: colours.get(e.data.country) || "#6e7781" } } : e)),
      style: [
        {
          selector: "node",
          style: {
            "background-color": "data(colour)",
            width: "data(size)",
            height: "data(size)",
            label: big ? "" : "data(label)",
            "font-size": 9,
          },
        },
        { selector: 'node[kind = "community"]', style: { "background-color": "#1d4e89", "text-valign": "center", color: "#1b1f24" } },
        { selector: 'node[kind = "restricted"]', style: { "background-color": "#fff", "border-width": 2, "border-color": "#6e7781", "border-style": "dashed" } },
        { selector: 'node[kind = "event"]', style: { shape: "diamond" } },
        { selector: 'node[kind = "document"]', style: { shape: "round-rectangle" } },
        { selector: 'node[onPath = "yes"]', style: { "border-width": 4, "border-color": "#d1242f" } },
        { selector: "edge", style: { width: 1.2, "line-color": "#8c959f" } },
        { selector: "edge[weight]", style: { width: "mapData(weight, 1, 50, 1, 8)" } },
        { selector: 'edge[state = "proposed"], edge[state = "unsure"], edge[state = "restricted"]', style: { "line-style": "dashed" } },
        { selector: 'edge[onPath = "yes"]', style: { width: 4, "line-color": "#d1242f" } },
      ],
      // The summary in rings, largest communities in the middle: a
      // force layout of its hundreds of weighted links took ten times as
      // long (TestBrowserNetworkScale).
      layout:
        summary
          ? { name: "concentric", animate: false, minNodeSpacing: 10, concentric: (nd) => nd.data("size"), levelWidth: (nds) => Math.max(1, nds.max((nd) => nd.data("size")).value / 4) }
          : els.length > FORCE_MAX * 2
            ? { name: "concentric", animate: false, minNodeSpacing: 4 }
            : { name: "cose", animate: false, padding: 30, numIter: 600 },
      maxZoom: 3,
      minZoom: 0.02,
      textureOnViewport: big,
      hideEdgesOnViewport: big,
      pixelRatio: big ? 1 : "auto",
    });
    cy.on("tap", "node", (ev) => {
      const d = ev.target.data();
      if (d.kind === "community") {
        setOpen(d.community);
        return;
      }
      if (d.kind === "restricted") return;
      setPath((p) => (!p.from || (p.from && p.to) ? { from: d.id, to: "" } : { ...p, to: d.id }));
    });
    box.current.cy = cy;
    cyRef.current = cy;
    const ro = typeof ResizeObserver !== "undefined" ? new ResizeObserver(() => cy.resize()) : null;
    if (ro) ro.observe(box.current);
    return () => {
      if (ro) ro.disconnect();
      cy.destroy();
    };
  }, [n, open]);
  const labelOf = (id) => (n && (n.nodes.find((x) => x.id === id) || {}).label) || id;
  const readable = n ? n.nodes.filter((x) => !x.restricted).slice(0, 2000) : [];
  const exportURL = (format) => "/api/v1/analysis/network/export" + query({ ...f, format });
  return (
    <section aria-labelledby="network-title" data-testid="network">
      <AnalysisNav current="network" />
      <PageTitle id="network-title">{t("network.title")}</PageTitle>
      <p class="hint">{t("network.intro")}</p>
      <form class="filters" onSubmit={(e) => e.preventDefault()} aria-label={t("routes.filters")}>
        <div class="field">
          <label for="network-operation">{t("routes.operation")}</label>
          <select id="network-operation" value={f.operation_id} onChange={(e) => set("operation_id")(e.currentTarget.value)} data-testid="network-operation">
            <option value="">—</option>
            {((ops.data && ops.data.items) || []).map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="network-case">{t("network.case")}</label>
          <input id="network-case" value={f.case_id} onChange={(e) => set("case_id")(e.currentTarget.value.trim())} data-testid="network-case" />
        </div>
        <div class="field">
          <label for="network-country">{t("network.country")}</label>
          <input
            id="network-country"
            value={f.country}
            maxLength={2}
            size={3}
            onChange={(e) => set("country")(e.currentTarget.value.trim().toUpperCase())}
            data-testid="network-country"
          />
        </div>
        <div class="field">
          <label for="network-role">{t("network.role")}</label>
          <select id="network-role" value={f.role} onChange={(e) => set("role")(e.currentTarget.value)} data-testid="network-role">
            <option value="">{t("routes.all")}</option>
            {["suspect", "victim", "witness", "irregular_migrant"].map((x) => (
              <option key={x} value={x}>
                {t("network.role." + x)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="network-handling">{t("network.handling")}</label>
          <select id="network-handling" value={f.handling} onChange={(e) => set("handling")(e.currentTarget.value)} data-testid="network-handling">
            <option value="">{t("routes.all")}</option>
            {["H0", "H1", "H2", "H3"].map((x) => (
              <option key={x} value={x}>
                {x}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="network-from">{t("routes.from")}</label>
          <input id="network-from" type="date" value={f.from} onChange={(e) => set("from")(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="network-to">{t("routes.to")}</label>
          <input id="network-to" type="date" value={f.to} onChange={(e) => set("to")(e.currentTarget.value)} />
        </div>
      </form>
      {!ready && <p data-testid="network-choose">{t("network.choose")}</p>}
      <Problem error={r.error} onRetry={r.reload} />
      {ready && r.loading && !n && <Loading />}
      {n && (
        <>
          <p data-testid="network-size" data-nodes={n.nodes.length} data-edges={n.edges.length}>
            {t("network.size", { n: n.nodes.length, e: n.edges.length, c: n.communities.length })}
          </p>
          {n.summary && (
            <p class="hint" data-testid="network-summary">
              {open === null ? t("network.summaryNote") : t("network.opened", { c: open === -1 ? "…" : number(open + 1) })}{" "}
              {open !== null && (
                <button type="button" class="secondary small" onClick={() => setOpen(null)} data-testid="network-back">
                  {t("network.back")}
                </button>
              )}
            </p>
          )}
          <div class="graph-box" ref={box} data-testid="network-graph" role="img" aria-label={t("network.alt", { n: n.nodes.length })} />
          <fieldset class="path-finder">
            <legend>{t("network.path")}</legend>
            <p class="hint">{t("network.pathHint")}</p>
            {["from", "to"].map((k) => (
              <div class="field" key={k}>
                <label for={"path-" + k}>{t("network.path." + k)}</label>
                <select id={"path-" + k} value={path[k]} onChange={(e) => setPath({ ...path, [k]: e.currentTarget.value })} data-testid={"path-" + k}>
                  <option value="">—</option>
                  {readable.map((x) => (
                    <option key={x.id} value={x.id}>
                      {x.label || x.id}
                    </option>
                  ))}
                </select>
              </div>
            ))}
            {n.path && (
              <p data-testid="network-path" data-length={n.path.length}>
                {n.path.length === 0 ? t("network.noPath") : n.path.map(labelOf).join(" → ")}
              </p>
            )}
          </fieldset>
          <p class="downloads">
            <a href={exportURL("graphml")} download data-testid="network-graphml">
              {t("network.graphml")}
            </a>{" "}
            ·{" "}
            <a href={exportURL("ftm")} download data-testid="network-ftm">
              {t("network.ftm")}
            </a>{" "}
            ·{" "}
            <button
              type="button"
              class="secondary small"
              data-testid="network-png"
              onClick={() => cyRef.current && save(cyRef.current.png({ output: "blob", full: true, bg: "#ffffff" }), "network.png")}
            >
              {t("routes.downloadPNG")}
            </button>{" "}
            <button
              type="button"
              class="secondary small"
              data-testid="network-csv"
              onClick={() =>
                saveCSV(
                  "network-records.csv",
                  ["id", "kind", "country", "label", "community", "betweenness", "degree"],
                  n.nodes.map((x) => [x.id, x.kind, x.country, x.label, x.community + 1, x.betweenness.toFixed(4), x.degree]),
                )
              }
            >
              {t("routes.downloadCSV")}
            </button>
          </p>
          <h2>{t("network.communities")}</h2>
          <div class="table-wrap" tabindex="0" role="group" aria-label={t("network.communities")}>
            <table data-testid="network-communities">
              <thead>
                <tr>
                  <th scope="col">{t("network.community")}</th>
                  <th scope="col" class="num">
                    {t("network.records")}
                  </th>
                  <th scope="col">{t("network.countries")}</th>
                  <th scope="col">{t("network.central")}</th>
                </tr>
              </thead>
              <tbody>
                {n.communities.slice(0, 100).map((c) => (
                  <tr key={c.id}>
                    <td>
                      <button type="button" class="link" onClick={() => setOpen(c.id < 200 ? c.id : -1)}>
                        {number(c.id + 1)}
                      </button>
                    </td>
                    <td class="num">{number(c.size)}</td>
                    <td>{c.countries.map((x) => country(x)).join(", ")}</td>
                    <td>{c.label}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <h2>{t("network.brokers")}</h2>
          <p class="hint">{t("network.brokersHint")}</p>
          {n.betweenness_sources > 0 && (
            <p class="hint" data-testid="network-betweenness-sampled">
              {t("network.betweennessSampled", { n: number(n.betweenness_sources), total: number(n.nodes.length) })}
            </p>
          )}
          {n.brokers.length === 0 ? (
            <p>{t("network.noBrokers")}</p>
          ) : (
            <div class="table-wrap" tabindex="0" role="group" aria-label={t("network.brokers")}>
              <table data-testid="network-brokers">
                <thead>
                  <tr>
                    <th scope="col">{t("network.record")}</th>
                    <th scope="col">{t("network.country")}</th>
                    <th scope="col">{t("network.countries")}</th>
                    <th scope="col" class="num">
                      {t("network.betweenness")}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {n.brokers.map((b) => (
                    <tr key={b.id}>
                      <td>{b.label}</td>
                      <td>{country(b.country)}</td>
                      <td>{b.countries.map((x) => country(x)).join(", ")}</td>
                      <td class="num">{b.betweenness.toFixed(3)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <h2>{t("network.hubs")}</h2>
          {n.hubs.length === 0 ? (
            <p>{t("network.noHubs")}</p>
          ) : (
            <div class="table-wrap" tabindex="0" role="group" aria-label={t("network.hubs")}>
              <table data-testid="network-hubs">
                <thead>
                  <tr>
                    <th scope="col">{t("network.identifier")}</th>
                    <th scope="col">{t("network.value")}</th>
                    <th scope="col" class="num">
                      {t("network.records")}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {n.hubs.slice(0, 100).map((h) => (
                    <tr key={h.type + h.value}>
                      <td>{h.type}</td>
                      <td>
                        <bdi dir="ltr">{h.value}</bdi>
                      </td>
                      <td class="num">{number(h.records.length)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <details>
            <summary>{t("network.table")}</summary>
            <ul class="plain" data-testid="network-records">
              {n.nodes.slice(0, 500).map((x) => (
                <li key={x.id} data-restricted={x.restricted ? "true" : undefined}>
                  {x.country ? country(x.country) + " · " : ""}
                  {x.restricted ? t("network.recordOf", { owner: x.owner }) : x.label}
                  {x.restricted && (
                    <>
                      {" "}
                      · {t("network.quote")} <bdi dir="ltr">{x.ref}</bdi>
                    </>
                  )}
                </li>
              ))}
            </ul>
          </details>
        </>
      )}
    </section>
  );
}
