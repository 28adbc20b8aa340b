import { useCallback, useEffect, useMemo, useRef, useState } from "preact/hooks";
import { api, get, APIError } from "./api.js";
import { I18n, LANGS, MESSAGES, applyLang, loadMessages, makeI18n, saveLang } from "./i18n.js";
import { Link, match, navigate, useLocation } from "./router.js";
import { Session, hasRole, mayRead, mayReport, mayWork } from "./session.js";
import { clearDrafts } from "./drafts.js";
import { Login } from "./pages/login.jsx";
import { Operations } from "./pages/operations.jsx";
import { Live } from "./pages/live.jsx";
import { ReportForm, ReportTypes } from "./pages/report.jsx";
import { Results } from "./pages/results.jsx";
import { EventDetail } from "./pages/event.jsx";
import { NotFound, Problem } from "./components/common.jsx";
import { lazyPage } from "./components/lazy.jsx";
import { Account, ForcedChange } from "./pages/account.jsx";
import { Users } from "./pages/users.jsx";
import { Check } from "./pages/check.jsx";
import { HitDetail, HitsInbox } from "./pages/hits.jsx";
import { RecordPage, Records } from "./pages/records.jsx";
import { RecordEdit, RecordNew } from "./pages/record-form.jsx";
import { WatchlistImport } from "./pages/watch-import.jsx";

// The passenger screens are one chunk, loaded when first opened.
const passengers = () => import("./pages/passengers.js");
const AlertQueue = lazyPage(passengers, "AlertQueue");
const AlertDetail = lazyPage(passengers, "AlertDetail");
const Flights = lazyPage(passengers, "Flights");
const FlightDetail = lazyPage(passengers, "FlightDetail");
const Upload = lazyPage(passengers, "Upload");
// The linking screens, and the case graph with cytoscape, load when opened.
const links = () => import("./pages/links.jsx");
const LinkQueue = lazyPage(links, "LinkQueue");
const LinkDetail = lazyPage(links, "LinkDetail");
const RecordLinks = lazyPage(links, "RecordLinks");
const Notifications = lazyPage(links, "Notifications");
const CaseGraph = lazyPage(() => import("./pages/casegraph.jsx"), "CaseGraph");
const AnalysisHome = lazyPage(() => import("./pages/analysis.jsx"), "AnalysisHome");
const RoutesPage = lazyPage(() => import("./pages/analysis-routes.jsx"), "Routes");
const NetworkPage = lazyPage(() => import("./pages/analysis-network.jsx"), "Network");
const Trends = lazyPage(() => import("./pages/trends.jsx"), "Trends");
// Cases and requests for assistance (issue 13).
const cases = () => import("./pages/cases.jsx");
const Cases = lazyPage(cases, "Cases");
const CasePage = lazyPage(cases, "CasePage");
const Requests = lazyPage(cases, "Requests");
const RequestNew = lazyPage(cases, "RequestNew");
const RequestEdit = lazyPage(cases, "RequestEdit");
const RequestPage = lazyPage(cases, "RequestPage");
// A case's messages, files and evidence packages (issue 13).
const CaseMessages = lazyPage(() => import("./pages/case-messages.jsx"), "CaseMessages");
const CaseFiles = lazyPage(() => import("./pages/case-files.jsx"), "CaseFiles");
const CaseEvidence = lazyPage(() => import("./pages/case-evidence.jsx"), "CaseEvidence");
const Followup = lazyPage(() => import("./pages/followup.jsx"), "Followup");

// The administration screens, likewise.
const admin = () => import("./pages/admin.js");
const ManageOperations = lazyPage(admin, "ManageOperations");
const ManageOperation = lazyPage(admin, "ManageOperation");
const Invitations = lazyPage(admin, "Invitations");
const Agencies = lazyPage(admin, "Agencies");
const AuditLog = lazyPage(admin, "AuditLog");
const Rules = lazyPage(admin, "Rules");
const RuleEdit = lazyPage(admin, "RuleEdit");

const ROUTES = [
  ["/", Operations],
  ["/operations/:id", Live],
  ["/operations/:id/report", ReportTypes],
  ["/operations/:id/report/:type", ReportForm],
  ["/operations/:id/results", Results],
  ["/operations/:id/events/:eventId", EventDetail],
  ["/alerts", AlertQueue],
  ["/alerts/:alertId", AlertDetail],
  ["/flights", Flights],
  ["/flights/upload", Upload],
  ["/flights/:manifestId", FlightDetail],
  ["/account", Account],
  ["/check", Check],
  ["/hits", HitsInbox],
  ["/hits/:hitId", HitDetail],
  ["/users", Users],
  ["/links", LinkQueue],
  ["/links/:linkId", LinkDetail],
  ["/records/:id/links", RecordLinks],
  ["/cases/:id/graph", CaseGraph],
  ["/analysis", AnalysisHome],
  ["/analysis/routes", RoutesPage],
  ["/analysis/network", NetworkPage],
  ["/cases", Cases],
  ["/cases/:id", CasePage],
  ["/cases/:id/requests/new", RequestNew],
  ["/requests", Requests],
  ["/requests/:requestId", RequestPage],
  ["/requests/:requestId/edit", RequestEdit],
  ["/cases/:id/messages", CaseMessages],
  ["/cases/:id/files", CaseFiles],
  ["/cases/:id/evidence", CaseEvidence],
  ["/followup", Followup],
  ["/notifications", Notifications],
  ["/records", Records],
  ["/records/import", WatchlistImport],
  ["/records/new/:kind", RecordNew],
  ["/records/:kind/:id", RecordPage],
  ["/records/:kind/:id/edit", RecordEdit],
  ["/manage", ManageOperations],
  ["/manage/:id", ManageOperation],
  ["/invitations", Invitations],
  ["/agencies", Agencies],
  ["/audit", AuditLog],
  ["/rules", Rules],
  ["/rules/new", RuleEdit],
  ["/rules/:ruleId", RuleEdit],
  ["/analysis/trends", Trends],
];

// section names the part of the application a path is in, for the main
// navigation's current entry.
function section(path) {
  if (path.startsWith("/account")) return "account";
  if (path.startsWith("/users")) return "users";
  for (const s of ["manage", "invitations", "agencies", "audit", "rules"]) if (path.startsWith("/" + s)) return s;
  if (path.startsWith("/alerts")) return "alerts";
  if (path.startsWith("/check")) return "check";
  if (path.startsWith("/hits")) return "hits";
  if (path.startsWith("/links") || /^\/(records|cases)\/[^/]+\/(links|graph)$/.test(path)) return "links";
  if (path.startsWith("/cases") || path.startsWith("/requests") || path === "/followup") return "cases";
  if (path.startsWith("/notifications")) return "notifications";
  if (path.startsWith("/analysis")) return "analysis";
  if (path.startsWith("/records")) return "records";
  if (path === "/flights/upload") return "upload";
  if (path.startsWith("/flights")) return "flights";
  return "operations";
}

// MainNav links the parts of the application the user's roles open.
function MainNav({ me, path, t }) {
  const items = [
    ["operations", "/", t("nav.operations")],
    mayRead(me) && ["check", "/check", t("nav.check")],
    // The inbox is the NCB's work; other readers of the agency may open
    // /hits, but it does not take a place in their navigation.
    hasRole(me, "ncb") && ["hits", "/hits", t("nav.hits")],
    mayRead(me) && ["records", "/records", t("nav.records")],
    // Passenger screening is the work of officers, NCBs, analysts and
    // coordinators; an observer has no alert to work (demo).
    mayReport(me) && ["alerts", "/alerts", t("nav.alerts")],
    mayReport(me) && ["flights", "/flights", t("nav.flights")],
    mayWork(me) && ["upload", "/flights/upload", t("nav.upload")],
    hasRole(me, "coordinator") && ["manage", "/manage", t("nav.manage")],
    // Coordinators find their agency's invitations on /manage.
    hasRole(me, "ncb") && ["invitations", "/invitations", t("nav.invitations")],
    hasRole(me, "coordinator", "analyst") && ["rules", "/rules", t("nav.rules")],
    hasRole(me, "admin") && ["users", "/users", t("nav.users")],
    hasRole(me, "admin") && ["agencies", "/agencies", t("nav.agencies")],
    hasRole(me, "admin") && ["audit", "/audit", t("nav.audit")],
    hasRole(me, "analyst", "prosecutor") && ["links", "/links", t("nav.links")],
    // Analysis: routes, networks (analysts and those who work cases) and
    // trends (every reader, on the figures they may read).
    mayRead(me) && ["analysis", hasRole(me, "analyst", "coordinator", "observer", "prosecutor") ? "/analysis" : "/analysis/trends", t("nav.analysis")],
    mayRead(me) && ["cases", "/cases", t("nav.cases")],
    mayRead(me) && ["notifications", "/notifications", t("nav.notifications")],
    ["account", "/account", t("nav.account")],
  ].filter(Boolean);
  const current = section(path);
  return (
    <nav class="main-nav" aria-label={t("nav.main")}>
      <ul>
        {items.map(([key, href, label]) => (
          <li key={key}>
            <Link href={href} aria-current={current === key ? "page" : undefined} data-testid={"nav-main-" + key}>
              {label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

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

  const session = useMemo(
    () => ({ me, countries, byCode, signedOut, reload: loadSession, changeLang }),
    [me, countries, byCode, signedOut, loadSession],
  );


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
  } else if (me.user && me.user.must_change_password) {
    page = <ForcedChange onDone={loadSession} />;
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
        {me && !(me.user && me.user.must_change_password) && <MainNav me={me} path={path} t={i18n.t} />}
        <main id="main" tabindex="-1">
          {page}
        </main>
      </Session.Provider>
    </I18n.Provider>
  );
}
