// The operation's figures as the API returns them (meridian.Results) and
// the feed items of the live picture (meridian.FeedItem).

// METRICS are the figures the picture counts, shades and charts.
export const METRICS = ["victims", "migrants", "arrests", "arrests_thb_som", "flights", "checks"];

export const EMPTY = {
  victims: 0,
  migrants: 0,
  arrests: 0,
  arrests_thb_som: 0,
  flights: 0,
  checks: 0,
  hits: 0,
  raids: 0,
  interceptions: 0,
};

// regionName is the region results group a country under: its UN
// sub-region, else its region, as the server does.
export function regionName(c) {
  if (!c) return "Other";
  return c.sub_region || c.region || "Other";
}

// feedItem turns an event as the events API returns it into the shape the
// live stream sends.
export function feedItem(e) {
  const sum = (xs) => (xs || []).reduce((n, x) => n + (x.count || 0), 0);
  return {
    id: e.id,
    operation_id: e.operation_id,
    type: e.type,
    occurred_at: e.occurred_at,
    country: (e.place && e.place.country) || "",
    place: (e.place && e.place.name) || "",
    owner_agency: e.owner_agency,
    victims: sum(e.victims),
    migrants: sum(e.migrants),
    charges: (e.charges || []).map((c) => c.code),
    premises: e.premises || "",
    flight: e.flight ? e.flight.carrier + e.flight.number : "",
    deployment: e.deployment || "",
    phase: e.phase || "",
  };
}

// mergeFeed adds items to a feed, newest first, without duplicates, keeping
// at most limit.
export function mergeFeed(feed, items, limit = 200) {
  const seen = new Set();
  const all = [...items, ...feed].filter((it) => (seen.has(it.id) ? false : (seen.add(it.id), true)));
  all.sort((a, b) => (a.occurred_at < b.occurred_at ? 1 : a.occurred_at > b.occurred_at ? -1 : 0));
  return all.slice(0, limit);
}

// sumFigures adds up figures.
export function sumFigures(list) {
  const f = { ...EMPTY };
  for (const x of list) for (const k of Object.keys(EMPTY)) f[k] += x[k] || 0;
  return f;
}
