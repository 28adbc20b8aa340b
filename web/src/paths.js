// Field paths as the server names them in its errors: "victims[0].age",
// "migrants[1].route[0].country". Form state is a plain object edited by
// these paths, so a server error finds its field by the same name.

export function parsePath(path) {
  const parts = [];
  for (const seg of path.split(".")) {
    const m = seg.match(/^([^[\]]+)((?:\[\d+\])*)$/);
    if (!m) {
      parts.push(seg);
      continue;
    }
    parts.push(m[1]);
    for (const idx of m[2].matchAll(/\[(\d+)\]/g)) parts.push(Number(idx[1]));
  }
  return parts;
}

export function getAt(obj, path) {
  let v = obj;
  for (const p of parsePath(path)) {
    if (v == null) return undefined;
    v = v[p];
  }
  return v;
}

// setAt returns a copy of obj with path set to value; the objects and
// arrays along the path are copied, the rest shared.
export function setAt(obj, path, value) {
  const parts = parsePath(path);
  const rec = (o, i) => {
    if (i === parts.length) return value;
    const p = parts[i];
    const copy = Array.isArray(o) ? [...o] : o == null && typeof p === "number" ? [] : { ...(o || {}) };
    copy[p] = rec(o == null ? undefined : o[p], i + 1);
    return copy;
  };
  return rec(obj, 0);
}

// fieldId is an element id for a path.
export const fieldId = (path) => "f-" + path.replace(/[[\].]+/g, "-").replace(/-$/, "");

// errorFor returns the message for path: its own, or that of one of its
// items (exploitation[2] is shown on the exploitation fieldset).
export function errorFor(errors, path) {
  if (errors[path]) return errors[path];
  const item = new RegExp("^" + path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") + "\\[\\d+\\]$");
  for (const k of Object.keys(errors)) if (item.test(k)) return errors[k];
  return "";
}
