// The world map's view box, as the user zooms and pans it (demo helper):
// kept apart from the component so that it is tested without a browser.
export const WIDTH = 960;
export const HEIGHT = 470;

// zoomView scales a viewBox by f around (cx, cy) (its centre by
// default), kept within the map; f < 1 zooms in.
export function zoomView(v, f, cx, cy) {
  const [x, y, w, h] = v;
  const nw = Math.min(WIDTH, Math.max(40, w * f));
  const nh = nw * (HEIGHT / WIDTH);
  const px = cx === undefined ? x + w / 2 : cx;
  const py = cy === undefined ? y + h / 2 : cy;
  const nx = px - ((px - x) / w) * nw;
  const ny = py - ((py - y) / h) * nh;
  return clampView([nx, ny, nw, nh]);
}

// panView moves a viewBox by (dx, dy) map units the way a drag does.
export function panView(v, dx, dy) {
  return clampView([v[0] - dx, v[1] - dy, v[2], v[3]]);
}

function clampView([x, y, w, h]) {
  const cx = Math.min(Math.max(0, x), WIDTH - w);
  const cy = Math.min(Math.max(0, y), HEIGHT - h);
  return [cx, cy, w, h].map((n) => Math.round(n * 10) / 10);
}
