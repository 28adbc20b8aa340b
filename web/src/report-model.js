// The field report forms' model: defaults, the client-side checks (the
// server's, repeated so that a phone user learns of a mistake before
// sending) and the EventInput body. Pure functions, tested with node.

export const REPORT_TYPES = ["raid", "arrest", "rescue", "migrants", "interception", "flight", "deployment"];
export const PREMISES = ["house", "business", "nightclub", "farm", "vessel", "other"];
export const CHARGES = [
  "trafficking_in_human_beings",
  "migrant_smuggling",
  "drug_trafficking",
  "money_laundering",
  "document_fraud",
  "weapons",
  "other",
];
export const SEXES = ["F", "M", "X", "U"];
export const AGE_BANDS = ["0-11", "12-17", "18-24", "25-34", "35-44", "45-59", "60+"];
export const EXPLOITATION = [
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
  "scam_compound",
  "drug_mule",
];
// HTCDS methods of recruitment and of control (meridian's methods.go,
// from the Human Trafficking Case Data Standard by IOM, CC BY 4.0).
export const RECRUITMENT = [
  "abduction", "educational_facility", "familial", "internet", "international_marriage_broker", "intimate_partner", "job_offer",
  "posing_as_benefactor", "public_area", "offer_of_accommodation", "shelter", "smuggling_ransom", "work", "other", "unknown",
];
export const CONTROL = [
  "debt_bondage", "takes_earnings", "restricts_financial_access", "threats", "psychological_abuse", "physical_abuse", "sexual_abuse",
  "false_promises", "psychoactive_substances", "restricts_movement", "restricts_medical_care", "excessive_working_hours", "uses_children",
  "threat_of_law_enforcement", "withholds_necessities", "withholds_documents", "other",
];
export const REFERRALS = ["shelter", "medical", "psychosocial", "legal", "ngo", "repatriation", "child_protection", "declined", "none"];
export const MEANS = ["vehicle", "vessel", "on_foot", "train", "aircraft", "other"];
export const TLPS = ["RED", "AMBER+STRICT", "AMBER", "GREEN", "CLEAR"];
export const SCOPES = ["owner", "listed", "all"];
export const ROUTE_ROLES = ["origin", "transit", "destination"];

export function ageBand(age) {
  if (age < 12) return "0-11";
  if (age < 18) return "12-17";
  if (age < 25) return "18-24";
  if (age < 35) return "25-34";
  if (age < 45) return "35-44";
  if (age < 60) return "45-59";
  return "60+";
}

const pad = (n) => String(n).padStart(2, "0");

// localInput formats a time for a datetime-local input, in local time.
export function localInput(d) {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

// period returns the first and last instants an operation takes reports
// for: the server compares the report's UTC day with the operation's days.
export function period(op) {
  return { min: new Date(op.start + "T00:00:00Z"), max: new Date(op.end + "T23:59:00Z") };
}

// present is the operation's present moment, what a new report is dated:
// now while the operation runs; once its period is over (a replayed
// operation, a report filed late), the newest report's time (the replay's
// clock), within the period. latest is that report's occurred_at, or
// empty.
export function present(op, latest, now = new Date()) {
  const { min, max } = period(op);
  let at = now;
  if (now > max && latest) {
    const l = new Date(latest);
    if (!isNaN(l)) at = l;
  }
  return at < min ? min : at > max ? max : at;
}

export const emptyVictims = () => ({ count: "1", sex: "", age: "", age_band: "", nationality: "", exploitation: [], recruitment: [], means_of_control: [], recruited_in: "", exploited_in: "", referral: "" });
export const emptyMigrants = () => ({ count: "1", nationality: "", minors: "", route: [] });
export const emptyRoutePoint = (role = "origin") => ({ country: "", role, name: "" });

// defaults are a new report's values: now (within the operation's period),
// the user's country when it takes part, amber, owner only.
export function defaults(type, op, me, now = new Date()) {
  const { min, max } = period(op);
  const at = now < min ? min : now > max ? max : now;
  const countries = op.countries || [];
  const mine = me && me.user ? me.user.country : "";
  const country = countries.includes(mine) || countries.length === 0 ? mine : countries[0];
  const v = {
    type,
    occurred_at: localInput(at),
    place: { country, name: "", lat: "", lon: "" },
    tlp: "AMBER",
    release: { scope: "owner", countries: [] },
    summary: "",
  };
  switch (type) {
    case "raid":
      return { ...v, premises: "", outcome: "" };
    case "arrest":
      return { ...v, charges: [], legal: {} };
    case "rescue":
      return { ...v, victims: [emptyVictims()] };
    case "migrants":
      return { ...v, migrants: [emptyMigrants()] };
    case "interception":
      return { ...v, means: "", outcome: "" };
    case "flight":
      return { ...v, flight: { carrier: "", number: "", from: "", to: "", from_country: country, departure: "", passengers: "" } };
    case "deployment":
      return { ...v, deployment: (op.deployments || []).length === 1 ? op.deployments[0].name : "", phase: "started" };
  }
  return v;
}

const isInt = (s) => /^-?\d+$/.test(String(s).trim());
const blank = (s) => s === undefined || s === null || String(s).trim() === "";

// validate returns the problems of a report by field path, each as a
// message key and its values, for the form to translate.
export function validate(v, op, codes, now = new Date()) {
  const e = {};
  const add = (path, key, vars) => {
    if (!e[path]) e[path] = [key, vars || {}];
  };
  const country = (path, c, required) => {
    if (blank(c)) {
      if (required) add(path, "check.required");
    } else if (!codes.has(c)) add(path, "check.country");
  };
  const int = (path, s, lo, hi, required) => {
    if (blank(s)) {
      if (required) add(path, "check.required");
      return null;
    }
    if (!isInt(s)) return add(path, "check.whole"), null;
    const n = Number(s);
    if (n < lo || n > hi) return add(path, "check.range", { min: lo, max: hi }), null;
    return n;
  };
  const text = (path, s, max) => {
    if (!blank(s) && new TextEncoder().encode(s).length > max) add(path, "check.long", { max });
  };

  if (blank(v.occurred_at)) add("occurred_at", "check.required");
  else {
    const at = new Date(v.occurred_at);
    const { min, max } = period(op);
    if (isNaN(at)) add("occurred_at", "check.date");
    else if (at < min || at > max) add("occurred_at", "check.outside");
    else if (at.getTime() > now.getTime() + 24 * 3600 * 1000) add("occurred_at", "check.future");
  }
  country("place.country", v.place.country, true);
  text("place.name", v.place.name, 300);
  if (!blank(v.place.lat) || !blank(v.place.lon)) {
    const lat = Number(v.place.lat);
    const lon = Number(v.place.lon);
    if (blank(v.place.lat) || isNaN(lat) || lat < -90 || lat > 90) add("place.lat", "check.range", { min: -90, max: 90 });
    if (blank(v.place.lon) || isNaN(lon) || lon < -180 || lon > 180) add("place.lon", "check.range", { min: -180, max: 180 });
  }
  if (v.release.scope === "listed" && v.release.countries.length === 0) add("release.countries", "check.listed");
  text("summary", v.summary, 10000);

  switch (v.type) {
    case "raid":
    case "interception":
      text("outcome", v.outcome, 2000);
      break;
    case "arrest":
      if (v.charges.length === 0) add("charges", "check.charges");
      v.charges.forEach((c) => text(`legal.${c}`, (v.legal || {})[c], 300));
      break;
    case "rescue":
      if (v.victims.length === 0) add("victims", "check.victims");
      v.victims.forEach((g, i) => {
        const p = `victims[${i}]`;
        int(p + ".count", g.count, 1, 1000, true);
        const age = int(p + ".age", g.age, 0, 120, false);
        if (age !== null && age > 0 && g.age_band && ageBand(age) !== g.age_band) add(p + ".age_band", "check.band", { band: g.age_band, age });
        country(p + ".nationality", g.nationality, false);
        country(p + ".recruited_in", g.recruited_in, false);
        country(p + ".exploited_in", g.exploited_in, false);
      });
      break;
    case "migrants":
      if (v.migrants.length === 0) add("migrants", "check.migrants");
      v.migrants.forEach((g, i) => {
        const p = `migrants[${i}]`;
        const n = int(p + ".count", g.count, 1, 10000, true);
        const minors = int(p + ".minors", g.minors, 0, 10000, false);
        if (n !== null && minors !== null && minors > n) add(p + ".minors", "check.minors", { n });
        country(p + ".nationality", g.nationality, true);
        if (g.route.length > 20) add(p + ".route", "check.routeLong");
        g.route.forEach((r, j) => {
          country(`${p}.route[${j}].country`, r.country, true);
          text(`${p}.route[${j}].name`, r.name, 200);
        });
      });
      break;
    case "flight": {
      const f = v.flight;
      if (!/^[A-Z0-9]{2,3}$/.test(f.carrier.trim().toUpperCase())) add("flight.carrier", "check.carrier");
      if (!/^[0-9]{1,4}[A-Z]?$/.test(f.number.trim().toUpperCase())) add("flight.number", "check.flightNumber");
      if (!/^[A-Z]{3}$/.test(f.from.trim().toUpperCase())) add("flight.from", "check.airport");
      if (!/^[A-Z]{3}$/.test(f.to.trim().toUpperCase())) add("flight.to", "check.airport");
      country("flight.from_country", f.from_country, true);
      int("flight.passengers", f.passengers, 0, 1000, false);
      if (!blank(f.departure) && isNaN(new Date(f.departure))) add("flight.departure", "check.date");
      break;
    }
    case "deployment":
      if (blank(v.deployment)) add("deployment", "check.required");
      else if (!(op.deployments || []).some((d) => d.name === v.deployment)) add("deployment", "check.deployment");
      if (v.phase !== "started" && v.phase !== "ended") add("phase", "check.required");
      break;
  }
  return e;
}

const num = (s) => (blank(s) ? undefined : Number(s));
const str = (s) => (blank(s) ? undefined : String(s).trim());

// body is the EventInput the server takes for the values.
export function body(v, op) {
  const b = {
    type: v.type,
    occurred_at: new Date(v.occurred_at).toISOString(),
    place: { country: v.place.country, name: str(v.place.name), lat: num(v.place.lat), lon: num(v.place.lon) },
    operation_id: op.id,
    tlp: v.tlp,
    release: v.release.scope === "listed" ? { scope: "listed", countries: v.release.countries } : { scope: v.release.scope },
    summary: str(v.summary),
  };
  switch (v.type) {
    case "raid":
      b.premises = str(v.premises);
      b.outcome = str(v.outcome);
      break;
    case "interception":
      b.means = str(v.means);
      b.outcome = str(v.outcome);
      break;
    case "arrest":
      b.charges = v.charges.map((code) => ({ code, legal_basis: str((v.legal || {})[code]) }));
      break;
    case "rescue":
      b.victims = v.victims.map((g) => ({
        count: Number(g.count),
        sex: str(g.sex),
        age: num(g.age),
        age_band: str(g.age_band),
        nationality: str(g.nationality),
        exploitation: g.exploitation.length ? g.exploitation : undefined,
        recruitment: g.recruitment && g.recruitment.length ? g.recruitment : undefined,
        means_of_control: g.means_of_control && g.means_of_control.length ? g.means_of_control : undefined,
        recruited_in: str(g.recruited_in),
        exploited_in: str(g.exploited_in),
        referral: str(g.referral),
      }));
      break;
    case "migrants":
      b.migrants = v.migrants.map((g) => ({
        count: Number(g.count),
        nationality: g.nationality,
        minors: num(g.minors),
        route: g.route.length ? g.route.map((r) => ({ country: r.country, role: r.role, name: str(r.name) })) : undefined,
      }));
      break;
    case "flight": {
      const f = v.flight;
      b.flight = {
        carrier: f.carrier.trim().toUpperCase(),
        number: f.number.trim().toUpperCase(),
        from: f.from.trim().toUpperCase(),
        to: f.to.trim().toUpperCase(),
        from_country: f.from_country,
        departure: blank(f.departure) ? undefined : new Date(f.departure).toISOString(),
        passengers: num(f.passengers),
      };
      break;
    }
    case "deployment":
      b.deployment = v.deployment;
      b.phase = v.phase;
      break;
  }
  return JSON.parse(JSON.stringify(b)); // drop the undefined
}

// serverPath maps a server error's field to the form's: an arrest's
// charges are a checkbox list in the form, keyed by code.
export function serverPath(path, v) {
  const m = path.match(/^charges\[(\d+)\]\.(code|legal_basis)$/);
  if (m && v.type === "arrest") {
    const code = v.charges[Number(m[1])];
    return m[2] === "code" ? "charges" : `legal.${code}`;
  }
  return path;
}
