// Languages, messages and locale formatting, without the UI framework,
// so that node's tests import it as it is. Every string a user reads goes
// through t(); numbers, dates and country names go through Intl, so that
// each language formats them its own way.

import en from "./locales/en.js";

export const LANGS = [
  { code: "en", name: "English", dir: "ltr" },
  { code: "fr", name: "Français", dir: "ltr" },
  { code: "es", name: "Español", dir: "ltr" },
  { code: "ar", name: "العربية", dir: "rtl" },
];

// MESSAGES holds the languages loaded so far. English is built in (and
// the fallback of a missing message); the others are chunks of their own,
// fetched when chosen, so that no one downloads four languages.
export const MESSAGES = { en };

const loaders = {
  fr: () => import("./locales/fr.js"),
  es: () => import("./locales/es.js"),
  ar: () => import("./locales/ar.js"),
};

// loadMessages makes a language's messages available.
export async function loadMessages(code) {
  if (MESSAGES[code]) return;
  if (!loaders[code]) throw new Error("unknown language " + code);
  MESSAGES[code] = (await loaders[code]()).default;
}

const known = (code) => LANGS.some((l) => l.code === code);

const STORAGE_KEY = "meridian.lang";

// initialLang is the language chosen before, else the browser's first
// language Meridian speaks, else English.
export function initialLang() {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved && known(saved)) return saved;
  } catch {
    /* storage may be disabled */
  }
  for (const l of navigator.languages || [navigator.language || ""]) {
    const code = String(l).slice(0, 2).toLowerCase();
    if (known(code)) return code;
  }
  return "en";
}

export function saveLang(code) {
  try {
    localStorage.setItem(STORAGE_KEY, code);
  } catch {
    /* storage may be disabled: the choice lasts this visit only */
  }
}

// applyLang sets the document's language and direction, which the CSS
// (logical properties) follows to mirror the layout.
export function applyLang(code) {
  const lang = LANGS.find((l) => l.code === code) || LANGS[0];
  document.documentElement.lang = lang.code;
  document.documentElement.dir = lang.dir;
}

// makeI18n returns the translator and formatters of one language.
export function makeI18n(code, serverCountries = new Map()) {
  const rtl = (LANGS.find((l) => l.code === code) || {}).dir === "rtl";
  const dict = MESSAGES[code] || en;
  const plural = new Intl.PluralRules(code);
  const numberFmt = new Intl.NumberFormat(code);
  const compactFmt = new Intl.NumberFormat(code, { notation: "compact", maximumFractionDigits: 1 });
  const dateTimeFmt = new Intl.DateTimeFormat(code, { dateStyle: "medium", timeStyle: "short" });
  const timeFmt = new Intl.DateTimeFormat(code, { hour: "numeric", minute: "2-digit" });
  const dayFmt = new Intl.DateTimeFormat(code, { day: "numeric", month: "short", timeZone: "UTC" });
  const longDayFmt = new Intl.DateTimeFormat(code, { dateStyle: "medium", timeZone: "UTC" });
  // Airline messages give wall clocks without a zone ("2024-10-01T08:10",
  // local to the airport): shown as written, never shifted to the reader's.
  const wallFmt = new Intl.DateTimeFormat(code, { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
  let regionNames = null;
  try {
    regionNames = new Intl.DisplayNames([code], { type: "region", fallback: "none" });
  } catch {
    /* old browsers: fall back to the server's English names */
  }
  const collator = new Intl.Collator(code);
  const listFmt = new Intl.ListFormat(code, { type: "conjunction" });

  function lookup(key) {
    let m = dict[key];
    if (m === undefined) m = en[key];
    return m;
  }

  // t returns the message key names in this language with {name}
  // placeholders filled from vars; a message that varies with a count is
  // an object keyed by plural category.
  function t(key, vars) {
    let m = lookup(key);
    if (m === undefined) return key;
    if (typeof m === "object") {
      const n = vars && typeof vars.n === "number" ? vars.n : 0;
      m = m[plural.select(n)] ?? m.other ?? (en[key] && en[key].other) ?? key;
    }
    if (vars) {
      m = m.replace(/\{(\w+)\}/g, (all, name, at) => {
        if (!(name in vars)) return all;
        const v = vars[name];
        if (typeof v === "number") return numberFmt.format(v);
        // In a right-to-left language a value with left-to-right text
        // (a reference, a code, a flight, a Latin name) is isolated from
        // the bidirectional algorithm (FSI ... PDI), so that it is not
        // scrambled by the Arabic around it.
        const sv = String(v);
        return rtl && /[A-Za-z0-9]/.test(sv) && m[at - 1] !== "\u2068" ? "\u2068" + sv + "\u2069" : sv;
      });
    }
    return m;
  }

  // has reports whether a message exists, for optional labels.
  const has = (key) => lookup(key) !== undefined;

  function country(code) {
    if (!code) return "";
    const name = regionNames && code.length === 2 ? regionNames.of(code) : undefined;
    if (name) return name;
    const c = serverCountries.get(code);
    return c ? c.name : code;
  }

  function region(name) {
    if (!name) return "";
    const key = "region." + name;
    return has(key) ? t(key) : name;
  }

  const parseDay = (d) => new Date(d + "T00:00:00Z");

  // wallTime formats a zoneless time of a passenger message; a bare date
  // is a day, anything else is shown as sent.
  function wallTime(s) {
    if (!s) return "";
    if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(s)) return wallFmt.format(new Date(s + ":00Z"));
    if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return longDayFmt.format(parseDay(s));
    return s;
  }

  // partialDay formats a date that may be partial (a birth date known by
  // its year): a whole date as a day, a partial one as written.
  const partialDay = (d) => (/^\d{4}-\d{2}-\d{2}$/.test(d || "") ? longDayFmt.format(parseDay(d)) : d || "");

  // money formats an amount in its currency, or plainly when the currency
  // is missing or not one Intl knows.
  function money(a) {
    if (!a) return "";
    try {
      if (a.currency) return new Intl.NumberFormat(code, { style: "currency", currency: a.currency }).format(a.value);
    } catch {
      /* not an ISO 4217 code: fall through */
    }
    return numberFmt.format(a.value) + (a.currency ? " " + a.currency : "");
  }

  return {
    code,
    dir: (LANGS.find((l) => l.code === code) || LANGS[0]).dir,
    t,
    has,
    number: (n) => numberFmt.format(n ?? 0),
    compact: (n) => compactFmt.format(n ?? 0),
    dateTime: (d) => (d ? dateTimeFmt.format(new Date(d)) : ""),
    time: (d) => (d ? timeFmt.format(new Date(d)) : ""),
    day: (d) => (d ? dayFmt.format(parseDay(d)) : ""),
    longDay: (d) => (d ? longDayFmt.format(parseDay(d)) : ""),
    wallTime,
    partialDay,
    money,
    country,
    region,
    compare: collator.compare,
    // list joins words as the language does: "a, b and c".
    list: (xs) => listFmt.format(xs),
    // join runs parts together with the language's comma.
    join: (xs) => xs.filter(Boolean).join(dict["common.comma"] ?? en["common.comma"]),
    // label returns the translated name of a code in a vocabulary
    // (charge, premises, exploitation ...), or the code itself.
    label: (vocab, value) => {
      const key = vocab + "." + value;
      return has(key) ? t(key) : value;
    },
  };
}

