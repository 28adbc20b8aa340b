// A small client-side router over the History API. The server answers
// every non-API path with index.html, so any of these paths can be loaded
// or reloaded directly.

import { h } from "preact";
import { useEffect, useState } from "preact/hooks";

const EVENT = "meridian:navigate";

export function navigate(path, { replace = false } = {}) {
  if (path === location.pathname + location.search) return;
  history[replace ? "replaceState" : "pushState"](null, "", path);
  dispatchEvent(new Event(EVENT));
}

// useLocation returns the current path and query, re-rendering on change.
export function useLocation() {
  const read = () => ({ path: location.pathname, search: location.search });
  const [loc, setLoc] = useState(read);
  useEffect(() => {
    const on = () => setLoc(read());
    addEventListener("popstate", on);
    addEventListener(EVENT, on);
    return () => {
      removeEventListener("popstate", on);
      removeEventListener(EVENT, on);
    };
  }, []);
  return loc;
}

// match returns the parameters of pattern ("/operations/:id") in path, or
// null when it does not match.
export function match(pattern, path) {
  const p = pattern.split("/").filter(Boolean);
  const s = path.split("/").filter(Boolean);
  if (p.length !== s.length) return null;
  const params = {};
  for (let i = 0; i < p.length; i++) {
    if (p[i].startsWith(":")) params[p[i].slice(1)] = decodeURIComponent(s[i]);
    else if (p[i] !== s[i]) return null;
  }
  return params;
}

// Link is an ordinary link that the router follows without a page load;
// modified clicks (new tab, download) keep the browser's behaviour.
export function Link({ href, onClick, ...props }) {
  const click = (e) => {
    if (onClick) onClick(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(href);
  };
  return h("a", { href, onClick: click, ...props });
}
