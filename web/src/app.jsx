import { useCallback, useEffect, useMemo, useRef, useState } from "preact/hooks";
import { api, get, APIError } from "./api.js";
import { I18n, LANGS, MESSAGES, applyLang, loadMessages, makeI18n, saveLang } from "./i18n.js";
import { Link, match, navigate, useLocation } from "./router.js";
import { Session } from "./session.js";
import { clearDrafts } from "./drafts.js";
import { Login } from "./pages/login.jsx";
import { Operations } from "./pages/operations.jsx";
import { Live } from "./pages/live.jsx";
import { ReportForm, ReportTypes } from "./pages/report.jsx";
import { Results } from "./pages/results.jsx";
import { EventDetail } from "./pages/event.jsx";
import { NotFound, Problem } from "./components/common.jsx";

const ROUTES = [
  ["/", Operations],
  ["/operations/:id", Live],
  ["/operations/:id/report", ReportTypes],
  ["/operations/:id/report/:type", ReportForm],
  ["/operations/:id/results", Results],
  ["/operations/:id/events/:eventId", EventDetail],
];

export function App({ initialLang = "en" }) {
  const [lang, setLang] = useState(() => (MESSAGES[initialLang] ? initialLang : "en"));
  const [me, setMe] = useState(undefined); // undefined: not known yet; null: signed out
  const [countries, setCountries] = useState([]);
  const [startError, setStartError] = useState(null);
  const { path } = useLocation();

  useEffect(() => applyLang(lang), [lang]);

  const byCode = useMemo(() => new Map(countries.map((c) => [c.alpha2, c])), [countries]);
  const i18n = useMemo(() => makeI18n(lang, byCode), [lang, byCode]);


  const loadSession = useCallback(async () => {
    try {
      const m = await get("/me");
      setMe(m);
      setStartError(null);
      const cs = await get("/countries");
      setCountries(cs.items || []);
    } catch (err) {
      if (err instanceof APIError && err.status === 401) setMe(null);
      else setStartError(err);
    }
  }, []);

  useEffect(() => {
    loadSession();
  }, [loadSession]);

  // A session that ended (expired, logged out elsewhere) sends the user to
  // the login form, which brings them back here afterwards.
  const signedOut = useCallback(() => setMe(null), []);

  const session = useMemo(
    () => ({ me, countries, byCode, signedOut, reload: loadSession }),
    [me, countries, byCode, signedOut, loadSession],
  );

  // The language switches once its messages are here.
  const changeLang = async (code) => {
    saveLang(code);
    try {
      await loadMessages(code);
      setLang(code);
    } catch (err) {
      setStartError(err);
    }
  };

  const logout = async () => {
    try {
      await api("POST", "/logout");
    } catch (err) {
      if (!(err instanceof APIError && err.status === 401)) {
        setStartError(err);
        return;
      }
    }
    clearDrafts();
    setMe(null);
    navigate("/", { replace: true });
  };

  let page;
  if (startError && me === undefined) {
    page = <Problem error={startError} onRetry={loadSession} />;
  } else if (me === undefined) {
    page = <p class="status" role="status">{i18n.t("common.loading")}</p>;
  } else if (me === null) {
    page = <Login onLogin={loadSession} />;
  } else {
    page = <NotFound />;
    for (const [pattern, Page] of ROUTES) {
      const params = match(pattern, path);
      if (params) {
        page = <Page key={pattern + JSON.stringify(params)} {...params} />;
        break;
      }
    }
  }

  return (
    <I18n.Provider value={i18n}>
      <Session.Provider value={session}>
        <a class="skip" href="#main">
          {i18n.t("app.skip")}
        </a>
        <header class="bar">
          <Link href="/" class="brand" data-testid="brand">
            <span class="brand-mark" aria-hidden="true">
              ◎
            </span>
            {i18n.t("app.name")}
          </Link>
          <div class="bar-end">
            <label class="lang">
              <span class="visually-hidden">{i18n.t("app.language")}</span>
              <select
                id="lang"
                data-testid="lang"
                value={lang}
                onChange={(e) => changeLang(e.currentTarget.value)}
              >
                {LANGS.map((l) => (
                  <option value={l.code} lang={l.code} key={l.code}>
                    {l.name}
                  </option>
                ))}
              </select>
            </label>
            {me && (
              <div class="session" data-testid="session">
                <span class="who">
                  {me.user.name}
                  {me.agency ? ` · ${me.agency.name}` : ""}
                </span>
                <button type="button" class="secondary" data-testid="logout" onClick={logout}>
                  {i18n.t("app.logout")}
                </button>
              </div>
            )}
          </div>
        </header>
        <main id="main" tabindex="-1">
          {page}
        </main>
      </Session.Provider>
    </I18n.Provider>
  );
}
