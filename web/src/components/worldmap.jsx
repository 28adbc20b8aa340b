// The world map of the live picture, drawn in the browser from Natural
// Earth's 1:110m countries (world-atlas), which Vite ships as one of our own
// hashed files: no tile server, nothing fetched from outside.
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { geoEqualEarth, geoPath } from "d3-geo";
import { feature } from "topojson-client";
import atlasURL from "world-atlas/countries-110m.json?url";
import { useI18n } from "../i18n.js";
import { useSession } from "../session.js";

import { HEIGHT, WIDTH, panView, zoomView } from "../map-view.js";

export { HEIGHT, WIDTH };

let shapes = null; // [{numeric, d}], computed once per page load

async function loadShapes() {
  if (shapes) return shapes;
  const res = await fetch(atlasURL, { credentials: "same-origin" });
  if (!res.ok) throw new Error("world map: " + res.status);
  const topo = await res.json();
  const fc = feature(topo, topo.objects.countries);
  // Antarctica takes a fifth of the height and holds no operation.
  fc.features = fc.features.filter((f) => f.id !== "010");
  const projection = geoEqualEarth().fitExtent(
    [
      [4, 4],
      [WIDTH - 4, HEIGHT - 4],
    ],
    fc,
  );
  const path = geoPath(projection).digits(1);
  shapes = fc.features.map((f) => ({ numeric: f.id || "", name: f.properties.name, d: path(f), box: mainBounds(path, f) }));
  return shapes;
}

// mainBounds is the projected box of a country's largest polygon, so that
// zooming to France shows Europe, not French Guiana too.
function mainBounds(path, f) {
  const g = f.geometry;
  if (!g) return null;
  if (g.type !== "MultiPolygon") return path.bounds(f);
  let best = null;
  let bestArea = -1;
  for (const coordinates of g.coordinates) {
    const part = { type: "Feature", geometry: { type: "Polygon", coordinates } };
    const a = path.area(part);
    if (a > bestArea) {
      bestArea = a;
      best = path.bounds(part);
    }
  }
  return best;
}

// centreOf is the centre of a country's main shape on the map, or null.
function centreOf(code, alpha2) {
  if (!shapes) return null;
  for (const s of shapes) {
    if (alpha2.get(s.numeric) === code && s.box) {
      const [[x0, y0], [x1, y1]] = s.box;
      return [(x0 + x1) / 2, (y0 + y1) / 2];
    }
  }
  return null;
}

// viewFor returns the viewBox that frames the boxes, with a margin and the
// map's proportions, or the whole world when there is nothing to frame.
export function viewFor(boxes, minWidth = 160) {
  const bs = boxes.filter((b) => b && isFinite(b[0][0]));
  if (bs.length === 0) return [0, 0, WIDTH, HEIGHT];
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [[a, b], [c, d]] of bs) {
    x0 = Math.min(x0, a);
    y0 = Math.min(y0, b);
    x1 = Math.max(x1, c);
    y1 = Math.max(y1, d);
  }
  let w = Math.max(minWidth, (x1 - x0) * 1.3);
  let h = Math.max((y1 - y0) * 1.3, w * (HEIGHT / WIDTH));
  w = Math.max(w, h * (WIDTH / HEIGHT));
  if (w >= WIDTH || h >= HEIGHT) return [0, 0, WIDTH, HEIGHT];
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  const x = Math.min(Math.max(0, cx - w / 2), WIDTH - w);
  const y = Math.min(Math.max(0, cy - h / 2), HEIGHT - h);
  return [x, y, w, h].map((v) => Math.round(v * 10) / 10);
}

// levelOf buckets a value into 0 (none) .. 5 on a log scale up to max, so
// that a country with a few reports still shows beside one with thousands.
export function levelOf(v, max) {
  if (!v || v <= 0 || !max) return 0;
  return Math.max(1, Math.min(5, Math.ceil((5 * Math.log1p(v)) / Math.log1p(max))));
}

// WorldMap shades each country by value (a Map of alpha2 to number),
// marks participants, the selected country and the selected region, and
// reports clicks with the country's alpha-2 code. overlay, when given, draws
// over the land: it is called with the centre of a country on the map
// (null when not drawn) and the current view.
export function WorldMap({ values, participants, selected, region, regionOf, metricLabel, onSelect, overlay, svgRef: outerRef }) {
  const { t, country, number } = useI18n();
  const { countries } = useSession();
  const [ready, setReady] = useState(!!shapes);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    if (shapes) return;
    loadShapes().then(
      () => setReady(true),
      () => setFailed(true),
    );
  }, []);

  const alpha2 = useMemo(() => new Map(countries.map((c) => [c.numeric, c.alpha2])), [countries]);
  let max = 0;
  for (const v of values.values()) max = Math.max(max, v);

  // Zoom to the region picked, or around the country picked; the user
  // zooms and pans from there (buttons, wheel, drag).
  const auto = useMemo(() => {
    if (!ready || (!selected && !region)) return [0, 0, WIDTH, HEIGHT];
    const boxes = shapes
      .filter((sh) => {
        const code = alpha2.get(sh.numeric);
        return code && (selected ? code === selected : regionOf(code) === region);
      })
      .map((sh) => sh.box);
    return viewFor(boxes, selected ? 240 : 160);
  }, [ready, selected, region, alpha2]);
  const [user, setUser] = useState(null);
  useEffect(() => setUser(null), [auto]);
  const view = user || auto;
  const zoom = (f, cx, cy) => setUser(zoomView(view, f, cx, cy));
  const drag = useRef(null);
  const innerRef = useRef(null);
  const svgRef = outerRef || innerRef;
  const toMap = (e) => {
    const r = svgRef.current.getBoundingClientRect();
    return [view[0] + ((e.clientX - r.left) / r.width) * view[2], view[1] + ((e.clientY - r.top) / r.height) * view[3]];
  };
  const onWheel = (e) => {
    e.preventDefault();
    const [x, y] = toMap(e);
    zoom(e.deltaY < 0 ? 1 / 1.4 : 1.4, x, y);
  };
  const onDown = (e) => {
    if (e.button !== 0) return;
    drag.current = { x: e.clientX, y: e.clientY, view, moved: false };
  };
  const onMove = (e) => {
    const d = drag.current;
    if (!d) return;
    const r = svgRef.current.getBoundingClientRect();
    const dx = ((e.clientX - d.x) / r.width) * d.view[2];
    const dy = ((e.clientY - d.y) / r.height) * d.view[3];
    if (Math.abs(e.clientX - d.x) + Math.abs(e.clientY - d.y) > 4) d.moved = true;
    if (d.moved) setUser(panView(d.view, dx, dy));
  };
  const onUp = () => {
    // A drag is not a click on the country under the pointer.
    const d = drag.current;
    drag.current = null;
    if (d && d.moved) {
      const stop = (ev) => ev.stopPropagation();
      window.addEventListener("click", stop, { capture: true, once: true });
      setTimeout(() => window.removeEventListener("click", stop, { capture: true }), 0);
    }
  };
  useEffect(() => {
    const el = svgRef.current;
    if (!el) return;
    el.addEventListener("wheel", onWheel, { passive: false });
    return () => el.removeEventListener("wheel", onWheel);
  });

  if (failed) return <p class="muted">{t("map.failed")}</p>;
  if (!ready || countries.length === 0) return <div class="map-placeholder" aria-hidden="true" />;

  return (
    <figure class="map" data-testid="map">
      <div class="map-zoom" role="group" aria-label={t("live.map")}>
        <button type="button" class="secondary small" data-testid="map-zoom-in" onClick={() => zoom(1 / 1.6)} aria-label={t("map.zoomIn")}>
          +
        </button>
        <button type="button" class="secondary small" data-testid="map-zoom-out" onClick={() => zoom(1.6)} aria-label={t("map.zoomOut")}>
          −
        </button>
        <button type="button" class="secondary small" data-testid="map-zoom-reset" onClick={() => setUser([0, 0, WIDTH, HEIGHT])}>
          {t("map.zoomReset")}
        </button>
      </div>
      <svg
        ref={svgRef}
        onPointerDown={onDown}
        onPointerMove={onMove}
        onPointerUp={onUp}
        onPointerLeave={onUp}
        viewBox={view.join(" ")}
        data-zoomed={view[2] < WIDTH ? "true" : "false"}
        role="img"
        aria-label={t("map.label", { metric: metricLabel })}
        dir="ltr"
        preserveAspectRatio="xMidYMid meet"
      >
        <rect class="sea" x="0" y="0" width={WIDTH} height={HEIGHT} rx="6" />
        {shapes.map((s, i) => {
          const code = alpha2.get(s.numeric) || "";
          const v = values.get(code) || 0;
          const lvl = levelOf(v, max);
          const cls = ["land", "lvl-" + lvl];
          if (participants.has(code)) cls.push("participant");
          if (code && code === selected) cls.push("selected");
          if (region && code && regionOf(code) !== region) cls.push("dim");
          if (!code) cls.push("nocode");
          return (
            <path
              key={s.numeric || "x" + i}
              d={s.d}
              class={cls.join(" ")}
              data-country={code || undefined}
              data-value={code ? v : undefined}
              data-level={lvl}
              data-testid={code ? "map-" + code : undefined}
              onClick={code ? () => onSelect(code === selected ? "" : code) : undefined}
            >
              <title>{code ? `${country(code)}: ${number(v)} ${metricLabel}` : s.name}</title>
            </path>
          );
        })}
        {overlay && overlay((code) => centreOf(code, alpha2), view)}
        {/* Countries a few pixels wide at this zoom (the Balkans, the
            Gulf, islands) are drawn as points too, so that their figures
            show. */}
        {shapes.map((s, i) => {
          const code = alpha2.get(s.numeric) || "";
          const v = values.get(code) || 0;
          if (!code || !s.box || v <= 0) return null;
          const [[x0, y0], [x1, y1]] = s.box;
          const scale = view[2] / WIDTH;
          if ((x1 - x0) * (y1 - y0) > 60 * scale * scale) return null;
          return (
            <circle
              key={"pt" + (s.numeric || i)}
              cx={(x0 + x1) / 2}
              cy={(y0 + y1) / 2}
              r={Math.max(2.5, 4 * scale)}
              class={"point lvl-" + levelOf(v, max) + (code === selected ? " selected" : "")}
              data-testid={"point-" + code}
              onClick={() => onSelect(code === selected ? "" : code)}
            >
              <title>{`${country(code)}: ${number(v)} ${metricLabel}`}</title>
            </circle>
          );
        })}
      </svg>
      <figcaption class="legend">
        <span class="legend-item">
          <span class="swatch participant" aria-hidden="true" />
          {t("map.participant")}
        </span>
        <span class="legend-item">
          {max > 0 ? (
            <>
              {metricLabel}:
              <span class="legend-scale" aria-hidden="true">
                {[1, 2, 3, 4, 5].map((l) => (
                  <span key={l} class={"swatch lvl-" + l} />
                ))}
              </span>
              {number(1)} – {number(max)}
            </>
          ) : (
            <span data-testid="map-waiting">{t("map.waiting", { metric: metricLabel })}</span>
          )}
        </span>
      </figcaption>
    </figure>
  );
}
