// Meridian's browser UI: sign in, pick an operation, follow it live,
// report from the field and read the results.
import { render } from "preact";
import { App } from "./app.jsx";
import { initialLang, loadMessages } from "./i18n.js";
import "./app.css";

// The chosen language is loaded before the first paint, so that the page
// does not flash in English.
const lang = initialLang();
loadMessages(lang)
  .catch(() => {}) // offline or a stale build: English it is
  .finally(() => render(<App initialLang={lang} />, document.getElementById("app")));
