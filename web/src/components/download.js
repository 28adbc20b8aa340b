// Downloads made in the browser from what a screen shows: a table as CSV,
// a drawn <svg> as SVG or PNG. Nothing is fetched: the figures are those
// already on the screen, suppressed as the server sent them.

// save offers blob for download under name.
export function save(blob, name) {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

// csvCell quotes a value, and defuses one a spreadsheet would read as a
// formula (=, +, -, @ first), as the server's statistics export does.
function csvCell(v) {
  let s = v == null ? "" : String(v);
  if (/^[=+\-@\t\r]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s)) s = "'" + s;
  return /[",\n\r]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
}

// toCSV writes rows (arrays) under header as CSV text.
export function toCSV(header, rows) {
  return [header, ...rows].map((r) => r.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

export function saveCSV(name, header, rows) {
  save(new Blob([toCSV(header, rows)], { type: "text/csv;charset=utf-8" }), name);
}

// svgText serialises an <svg> element with the page's computed fills and
// strokes inlined, so that the file looks as the screen does.
export function svgText(svg) {
  const copy = svg.cloneNode(true);
  const src = svg.querySelectorAll("*");
  const dst = copy.querySelectorAll("*");
  for (let i = 0; i < src.length; i++) {
    const cs = getComputedStyle(src[i]);
    for (const p of ["fill", "stroke", "stroke-width", "opacity"]) dst[i].setAttribute(p, cs.getPropertyValue(p));
  }
  copy.setAttribute("xmlns", "http://www.w3.org/2000/svg");
  return new XMLSerializer().serializeToString(copy);
}

export function saveSVG(svg, name) {
  save(new Blob([svgText(svg)], { type: "image/svg+xml" }), name);
}

// savePNG draws the svg on a canvas twice its size and saves it.
export function savePNG(svg, name) {
  const [, , w, h] = (svg.getAttribute("viewBox") || "0 0 960 500").split(/\s+/).map(Number);
  const scale = Math.max(1, 1600 / w);
  const img = new Image();
  img.onload = () => {
    const c = document.createElement("canvas");
    c.width = Math.round(w * scale);
    c.height = Math.round(h * scale);
    const ctx = c.getContext("2d");
    ctx.fillStyle = "#fff";
    ctx.fillRect(0, 0, c.width, c.height);
    ctx.drawImage(img, 0, 0, c.width, c.height);
    c.toBlob((b) => b && save(b, name), "image/png");
  };
  img.src = "data:image/svg+xml;base64," + btoa(unescape(encodeURIComponent(svgText(svg))));
}
