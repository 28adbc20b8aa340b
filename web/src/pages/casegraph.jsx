// A case's network: the records its reader may read as nodes, coloured by
// the owner's country, links and the identifiers they share as edges.
// cytoscape.js comes with this chunk only. Records the reader may not read
// are not in the graph the server sends; a table lists what the canvas
// draws for those who do not see it.
import { useEffect, useRef, useState } from "preact/hooks";
import cytoscape from "cytoscape";
import { get } from "../api.js";
import { useI18n } from "../i18n.js";
import { Link } from "../router.js";
import { Loading, PageTitle, Problem } from "../components/common.jsx";

// Above this many nodes the force layout is too slow for a phone; the
// concentric layout is linear.
const FORCE_MAX = 300;
const PALETTE = ["#1f6feb", "#d1242f", "#1a7f37", "#9a6700", "#8250df", "#bf3989", "#0a7d8c", "#6e7781", "#953800", "#116329"];

export function colourOf(countries) {
  const m = new Map();
  [...countries].sort().forEach((c, i) => m.set(c, PALETTE[i % PALETTE.length]));
  return m;
}

export function CaseGraph({ id }) {
  const { t, country } = useI18n();
  const [g, setG] = useState(null);
  const [error, setError] = useState(null);
  const box = useRef(null);
  useEffect(() => {
    get(`/cases/${id}/graph`).then(setG, setError);
  }, [id]);
  const colours = g ? colourOf(new Set(g.nodes.map((n) => n.country))) : new Map();
  useEffect(() => {
    if (!g || !box.current) return;
    const big = g.nodes.length > FORCE_MAX;
    const cy = cytoscape({
      container: box.current,
      elements: [
        ...g.nodes.map((n) => ({ data: { id: n.id, label: n.label, colour: colours.get(n.country) || "#6e7781", kind: n.kind } })),
        ...g.edges.map((e) => ({
          data: { id: "l" + e.id, source: e.source, target: e.target, state: e.state, label: (e.shared || []).join(", ") },
        })),
      ],
      style: [
        {
          selector: "node",
          style: { "background-color": "data(colour)", label: big ? "" : "data(label)", "font-size": 10, width: 18, height: 18 },
        },
        { selector: 'node[kind = "event"]', style: { shape: "diamond" } },
        { selector: 'node[kind = "document"]', style: { shape: "round-rectangle" } },
        { selector: "edge", style: { width: 1.5, "line-color": "#8c959f", label: big ? "" : "data(label)", "font-size": 8 } },
        { selector: 'edge[state = "proposed"], edge[state = "unsure"]', style: { "line-style": "dashed" } },
      ],
      layout: big ? { name: "concentric", animate: false, minNodeSpacing: 4 } : { name: "cose", animate: false, padding: 40 },
      maxZoom: 2,
      minZoom: 0.02,
      textureOnViewport: big,
      hideEdgesOnViewport: big,
      pixelRatio: big ? 1 : "auto",
    });
    // The browser test counts the nodes through cytoscape's API.
    box.current.cy = cy;
    // A phone turned, a window resized: the canvas follows its box.
    const ro = typeof ResizeObserver !== "undefined" ? new ResizeObserver(() => cy.resize()) : null;
    if (ro) ro.observe(box.current);
    return () => {
      if (ro) ro.disconnect();
      cy.destroy();
    };
  }, [g]);
  return (
    <section aria-labelledby="graph-title" data-testid="case-graph">
      <PageTitle id="graph-title">{t("links.graph.title")}</PageTitle>
      <p>
        <a href={`/api/v1/cases/${id}/export`} download data-testid="graph-export">
          {t("links.export")}
        </a>
      </p>
      <Problem error={error} />
      {!g && !error && <Loading />}
      {g && (
        <>
          <p data-testid="graph-size">{t("links.graph.size", { n: g.nodes.length, e: g.edges.length })}</p>
          {g.hidden > 0 && (
            <p class="link-notice" data-testid="graph-hidden" data-hidden={g.hidden}>
              {t("links.graph.hidden", { n: g.hidden })}
            </p>
          )}
          <ul class="legend" aria-label={t("links.graph.legend")}>
            {[...colours].map(([c, col]) => (
              <li key={c}>
                <span class="swatch" style={{ background: col }} aria-hidden="true" /> {country(c)}
              </li>
            ))}
          </ul>
          <div class="graph-box" ref={box} data-testid="graph" role="img" aria-label={t("links.graph.alt", { n: g.nodes.length })} />
          <details>
            <summary>{t("links.graph.table")}</summary>
            <ul class="plain" data-testid="graph-records">
              {g.nodes.slice(0, 500).map((n) => (
                <li key={n.id}>
                  {country(n.country)} · {n.label} ·{" "}
                  <Link href={`/records/${n.id}/links`}>
                    <bdi dir="ltr">{n.id}</bdi>
                  </Link>
                </li>
              ))}
            </ul>
          </details>
        </>
      )}
    </section>
  );
}
