// The figures by day as bars, in SVG: a few dozen elements, no charting
// library. Days run in the reading direction, so right to left in Arabic.
import { useEffect, useRef, useState } from "preact/hooks";
import { useI18n } from "../i18n.js";

const H = 220;
const PAD = { top: 12, bottom: 30, side: 44 };

function niceMax(v) {
  if (v <= 5) return 5;
  const p = Math.pow(10, Math.floor(Math.log10(v)));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

// useWidth follows an element's width, so that the chart is drawn at the
// size it is shown and its labels keep their size on a phone.
function useWidth(initial) {
  const ref = useRef(null);
  const [width, setWidth] = useState(initial);
  useEffect(() => {
    if (!ref.current || typeof ResizeObserver === "undefined") return;
    const ro = new ResizeObserver(([e]) => setWidth(Math.round(e.contentRect.width) || initial));
    ro.observe(ref.current);
    return () => ro.disconnect();
  }, []);
  return [ref, width];
}

export function DayChart({ days, metric, title, testid = "day-chart" }) {
  const i18n = useI18n();
  const [ref, measured] = useWidth(640);
  const W = Math.max(280, Math.min(960, measured));
  const { t, number, compact, day, longDay, dir } = i18n;
  const values = days.map((d) => d[metric] || 0);
  const max = niceMax(Math.max(0, ...values));
  const n = days.length || 1;
  const plotW = W - 2 * PAD.side;
  const plotH = H - PAD.top - PAD.bottom;
  const slot = plotW / n;
  const barW = Math.max(2, Math.min(48, slot * 0.7));
  const rtl = dir === "rtl";
  const xOf = (i) => (rtl ? PAD.side + plotW - (i + 0.5) * slot : PAD.side + (i + 0.5) * slot);
  const yOf = (v) => PAD.top + plotH - (v / max) * plotH;
  const ticks = [0, max / 2, max];
  const axisX = rtl ? W - PAD.side + 6 : PAD.side - 6;
  const label = t("chart.label", { metric: t("metric." + metric) });
  // Label every day when they fit, else as many as fit.
  const every = Math.ceil(n / Math.max(2, Math.floor(plotW / 64)));
  return (
    <figure class="chart" data-testid={testid} ref={ref}>
      {title && <figcaption class="chart-title">{title}</figcaption>}
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label} dir="ltr">
        {ticks.map((v) => (
          <g key={v}>
            <line class="grid" x1={PAD.side} x2={W - PAD.side} y1={yOf(v)} y2={yOf(v)} />
            <text class="tick" x={axisX} y={yOf(v) + 4} text-anchor={rtl ? "start" : "end"}>
              {compact(v)}
            </text>
          </g>
        ))}
        {days.map((d, i) => (
          <g key={d.day}>
            <rect
              class="bar"
              x={xOf(i) - barW / 2}
              y={yOf(values[i])}
              width={barW}
              height={Math.max(0, PAD.top + plotH - yOf(values[i]))}
              data-day={d.day}
              data-value={values[i]}
            >
              <title>{`${longDay(d.day)}: ${number(values[i])}`}</title>
            </rect>
            {i % every === 0 && (
              <text class="tick" x={xOf(i)} y={H - 10} text-anchor="middle">
                {day(d.day)}
              </text>
            )}
          </g>
        ))}
      </svg>
      <details class="chart-table">
        <summary>{t("chart.asTable")}</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">{t("results.day")}</th>
              <th scope="col">{t("metric." + metric)}</th>
            </tr>
          </thead>
          <tbody>
            {days.map((d, i) => (
              <tr key={d.day}>
                <th scope="row">{longDay(d.day)}</th>
                <td class="num">{number(values[i])}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
