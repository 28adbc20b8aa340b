// The destination's alert queue: travellers flagged before they land, the
// highest severity first, kept current while open; and one alert with all
// its reasons, the traveller's documents and the form on which an officer
// records what came of it.
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { APIError, get, post, query } from "../api.js";
import { useI18n } from "../i18n.js";
import { Link } from "../router.js";
import { mayWork, useSession } from "../session.js";
import { setAt, fieldId } from "../paths.js";
import { Loading, PageTitle, Problem, useErrorText, useLoad } from "../components/common.jsx";
import { DescribedChoices, Form, TextArea } from "../components/fields.jsx";
import { Facts, Outcome, Severity, TravellerDocs, docText } from "../components/passenger.jsx";
import {
  OUTCOMES,
  STATUSES,
  allTravellers,
  filterAlerts,
  isProtected,
  newAlerts,
  outcomeBody,
  shortReasons,
  sortAlerts,
  validateOutcome,
} from "../passenger-model.js";
import { Ltr } from "../components/ltr.jsx";
import { explainText } from "../explain.js";

// POLL is how often an open queue asks for new alerts. Alerts are raised
// as messages arrive, well before the flight lands: seconds do not matter,
// a stale queue for minutes would. Each ask is an audited read of every
// alert listed, so it is not made more often than this, nor while the page
// is hidden (it is made at once when the page is shown again).
const POLL = 30000;

// LIMIT bounds one ask; the queue says when more exist.
const LIMIT = 500;

// readFilter reads the queue's filter from the address: open alerts unless
// it says otherwise.
function readFilter() {
  const q = new URLSearchParams(location.search);
  const s = q.get("status");
  return { status: s === "closed" ? "closed" : s === "all" ? "" : "open", flight: q.get("flight") || "", manifest: q.get("manifest") || "" };
}

function writeFilter(f) {
  const q = query({ status: f.status === "open" ? "" : f.status || "all", flight: f.flight, manifest: f.manifest });
  history.replaceState(null, "", location.pathname + q);
}

// useQueue loads the alerts of a filter and asks again every POLL while
// the page is shown, remembering which arrived since it opened.
function useQueue(status, manifest) {
  const { signedOut } = useSession();
  const [state, setState] = useState({ items: null, error: null, more: false, fresh: [], arrived: 0, at: null });
  const [nonce, setNonce] = useState(0);
  useEffect(() => {
    let live = true;
    let timer = 0;
    let first = true;
    const load = async () => {
      clearTimeout(timer);
      if (document.visibilityState !== "hidden" || first) {
        try {
          const page = await get("/alerts" + query({ status, manifest_id: manifest, limit: LIMIT }));
          if (!live) return;
          const items = page.items || [];
          const wasFirst = first;
          first = false;
          setState((s) => {
            const fresh = wasFirst ? [] : newAlerts(s.items, items);
            return {
              items,
              error: null,
              more: !!page.next_cursor,
              fresh: [...s.fresh, ...fresh],
              arrived: fresh.length,
              at: new Date(),
            };
          });
        } catch (err) {
          if (!live) return;
          if (err instanceof APIError && err.status === 401) signedOut();
          setState((s) => ({ ...s, error: err }));
        }
      }
      if (live) timer = setTimeout(load, POLL);
    };
    const onShow = () => document.visibilityState === "visible" && load();
    setState({ items: null, error: null, more: false, fresh: [], arrived: 0, at: null });
    load();
    document.addEventListener("visibilitychange", onShow);
    return () => {
      live = false;
      clearTimeout(timer);
      document.removeEventListener("visibilitychange", onShow);
    };
  }, [status, manifest, nonce]);
  return { ...state, reload: () => setNonce((n) => n + 1) };
}

export function AlertQueue() {
  const i18n = useI18n();
  const { t, time } = i18n;
  const [filter, setFilterState] = useState(readFilter);
  const setFilter = (next) => {
    setFilterState(next);
    writeFilter(next);
  };
  const q = useQueue(filter.status, filter.manifest);
  const shown = useMemo(() => filterAlerts(sortAlerts(q.items || []), filter.flight), [q.items, filter.flight]);
  const fresh = new Set(q.fresh);

  return (
    <section aria-labelledby="alerts-title" class="alerts">
      <PageTitle id="alerts-title">{t("alerts.title")}</PageTitle>
      <p class="lede">{t("alerts.lede")}</p>
      <form class="filters" role="search" aria-label={t("alerts.filter")} onSubmit={(e) => e.preventDefault()}>
        <div class="field">
          <label for="alerts-status">{t("alerts.status")}</label>
          <select
            id="alerts-status"
            data-testid="alerts-status"
            value={filter.status}
            onChange={(e) => setFilter({ ...filter, status: e.currentTarget.value })}
          >
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t("alerts.status." + (s || "all"))}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="alerts-flight">{t("alerts.flight")}</label>
          <input
            id="alerts-flight"
            type="search"
            data-testid="alerts-flight"
            value={filter.flight}
            autocapitalize="characters"
            spellcheck={false}
            aria-describedby="alerts-flight-hint"
            onInput={(e) => setFilter({ ...filter, flight: e.currentTarget.value })}
          />
          <p class="hint" id="alerts-flight-hint">
            {t("alerts.flightHint")}
          </p>
        </div>
      </form>
      {filter.manifest && (
        <p class="notice">
          {t("alerts.oneFlight")}{" "}
          <button type="button" class="secondary" onClick={() => setFilter({ ...filter, manifest: "" })}>
            {t("alerts.allFlights")}
          </button>
        </p>
      )}
      <div class="queue-status">
        {/* A screen reader hears when new alerts arrive, not every refresh. */}
        <p role="status" aria-live="polite" class="arrived" data-testid="alerts-arrived">
          {q.arrived > 0 ? t("alerts.arrived", { n: q.arrived, time: time(q.at) }) : ""}
        </p>
        {q.at && (
          <p class="muted">
            {t("alerts.updated", { time: time(q.at) })}{" "}
            <button type="button" class="secondary small" onClick={q.reload}>
              {t("alerts.refresh")}
            </button>
          </p>
        )}
      </div>
      <Problem error={q.error} onRetry={q.reload} />
      {!q.items && !q.error && <Loading />}
      {q.items && (
        <p class="count" data-testid="alerts-count" data-value={shown.length}>
          {t("alerts.count", { n: shown.length })}
        </p>
      )}
      {q.items && shown.length === 0 && <p>{filter.status === "open" ? t("alerts.noneOpen") : t("alerts.none")}</p>}
      <ol class="alert-list" data-testid="alert-queue">
        {shown.map((a) => (
          <AlertRow key={a.id} a={a} fresh={fresh.has(a.id)} />
        ))}
      </ol>
      {q.more && <p class="muted">{t("alerts.more", { n: LIMIT })}</p>}
    </section>
  );
}

function AlertRow({ a, fresh }) {
  const i18n = useI18n();
  const { t, longDay, dateTime, country, partialDay, label, join } = i18n;
  const tr = a.traveller || {};
  return (
    <li
      class={"alert-row sev-row-" + a.severity + (a.status === "closed" ? " closed" : "")}
      data-testid="alert-row"
      data-id={a.id}
      data-severity={a.severity}
      data-status={a.status}
    >
      <p class="alert-head">
        <Severity n={a.severity} />
        {fresh && <span class="badge new">{t("alerts.newBadge")}</span>}
        {a.status === "closed" && <Outcome outcome={a.outcome} />}
      </p>
      <h2 class="alert-who">
        <Link href={`/alerts/${a.id}`} data-testid="alert-link">
          {tr.name}
        </Link>
      </h2>
      <p class="alert-person">
        {join([tr.birth_date && t("traveller.born", { date: partialDay(tr.birth_date) }), tr.nationality && country(tr.nationality), tr.role === "crew" && label("travellerRole", "crew")])}
      </p>
      <p class="alert-flight">
        <strong>
          <Ltr>{a.flight}</Ltr>
        </strong>{" "}
        · {longDay(a.flight_date)}
        {a.arrival && <> · {t("alerts.arrivingAt", { airport: a.arrival, country: country(a.country) })}</>}
      </p>
      <ul class="alert-why">
        {shortReasons(a).map((r, i) => (
          <li key={i}>
            {r.kind === "rule"
              ? t("reason.ruleShort", { name: r.name })
              : r.category
                ? t("reason.watchShort", { category: label("category", r.category) })
                : r.document
                  ? t("reason.watchDoc")
                  : t("reason.watchRestrictedShort")}
          </li>
        ))}
      </ul>
      <p class="muted small">{t("alerts.raised", { time: dateTime(a.created_at) })}</p>
    </li>
  );
}

export function AlertDetail({ alertId }) {
  const i18n = useI18n();
  const { t, longDay, country, dateTime, partialDay, label } = i18n;
  const { me } = useSession();
  const { data, error, reload } = useLoad(`/alerts/${alertId}`);
  // The alert as the outcome form returned it, until the next load.
  const [worked, setWorked] = useState(null);
  const [conflict, setConflict] = useState(false);
  const doneRef = useRef(null);
  const conflictRef = useRef(null);
  const a = worked || data;
  // The manifest holds the traveller whole: every document with its dates,
  // seats, bags, booking. Reading it is audited like the alert.
  const man = useLoad(a ? `/manifests/${a.manifest_id}` : null);

  useEffect(() => {
    if (worked && doneRef.current) doneRef.current.focus();
  }, [worked]);
  useEffect(() => {
    if (conflict && conflictRef.current) conflictRef.current.focus();
  }, [conflict]);

  const back = (
    <p class="crumbs">
      <Link href="/alerts">{t("alerts.back")}</Link>
    </p>
  );
  if (error && !a)
    return (
      <div>
        {back}
        <Problem error={error} onRetry={reload} />
      </div>
    );
  if (!a) return <Loading />;

  const tr = a.traveller || {};
  const entry = man.data ? allTravellers(man.data.manifest)[tr.index] : null;
  const full = entry && entry.traveller;
  const docs = full ? full.documents : tr.document ? [{ number: tr.document, issuing_state: tr.issuing_state }] : [];
  const onConflict = () => {
    setWorked(null);
    setConflict(true);
    reload();
  };
  const onDone = (updated) => {
    setConflict(false);
    setWorked(updated);
  };

  return (
    <article class="alert-detail" data-testid="alert-detail" data-status={a.status} data-version={a.version}>
      {back}
      <PageTitle>{tr.name}</PageTitle>
      <p class="alert-head">
        <Severity n={a.severity} />
        <span class={"badge alert-status-" + a.status} data-testid="alert-status">
          {t("alerts.status." + a.status)}
        </span>
      </p>

      {conflict && (
        <div class="problem conflict" role="alert" tabindex="-1" ref={conflictRef} data-testid="outcome-conflict">
          <p>{t("outcome.conflict")}</p>
        </div>
      )}
      {worked && (
        <div class="success" role="status" tabindex="-1" ref={doneRef} data-testid="outcome-done">
          <h2>{t("outcome.recorded")}</h2>
          <p>
            <Outcome outcome={worked.outcome} />
          </p>
          <p class="card-actions">
            <Link class="button primary" href="/alerts">
              {t("alerts.back")}
            </Link>
          </p>
        </div>
      )}

      <section class="panel" aria-labelledby="alert-reasons-title">
        <h2 id="alert-reasons-title">{t("alert.reasons", { n: (a.reasons || []).length })}</h2>
        <ul class="reasons" data-testid="alert-reasons">
          {(a.reasons || []).map((r, i) => (
            <Reason r={r} key={i} />
          ))}
        </ul>
      </section>

      <section class="panel" aria-labelledby="alert-traveller-title">
        <h2 id="alert-traveller-title">{t("alert.traveller")}</h2>
        <Facts
          testid="alert-traveller"
          rows={[
            [t("traveller.name"), tr.name],
            [t("traveller.birthDate"), partialDay(tr.birth_date)],
            [t("field.sex"), tr.sex && label("sex", tr.sex)],
            [t("field.nationality"), tr.nationality && country(tr.nationality)],
            [t("traveller.role"), label("travellerRole", tr.role)],
            [t("traveller.booking"), tr.booking_ref],
            [t("traveller.seat"), tr.seat],
            full && full.residence && [t("traveller.residence"), country(full.residence)],
            full && full.embarkation && [t("traveller.journey"), `${full.embarkation} → ${full.debarkation || "?"}`],
          ]}
        />
        <h3>{t("traveller.documents")}</h3>
        <TravellerDocs docs={docs} />
        {man.error && <p class="muted">{t("alert.manifestUnavailable")}</p>}
      </section>

      <section class="panel" aria-labelledby="alert-flight-title">
        <h2 id="alert-flight-title">{t("alert.flightTitle")}</h2>
        <Facts
          rows={[
            [t("alert.flight"), <Link href={`/flights/${a.manifest_id}`}><Ltr>{a.flight}</Ltr></Link>],
            [t("alert.flightDate"), longDay(a.flight_date)],
            [t("alert.arrival"), a.arrival && `${a.arrival} (${country(a.country)})`],
            [t("alert.raised"), dateTime(a.created_at)],
          ]}
        />
      </section>

      <section class="panel" aria-labelledby="alert-outcome-title">
        <h2 id="alert-outcome-title">{t("outcome.title")}</h2>
        {a.status === "closed" ? (
          <WorkedOutcome a={a} />
        ) : mayWork(me) ? (
          <OutcomeForm alert={a} onDone={onDone} onConflict={onConflict} />
        ) : (
          <p class="notice">{t("outcome.notAllowed")}</p>
        )}
      </section>
    </article>
  );
}

// Reason shows one reason as the API gives it, never more: a restricted
// watchlist hit is the owner to contact and the reference to quote.
function Reason({ r }) {
  const i18n = useI18n();
  const { t, label, country, partialDay, number } = i18n;
  if (r.kind === "rule") {
    return (
      <li class="reason reason-rule" data-testid="reason" data-kind="rule">
        <p class="reason-head">
          <Severity n={r.severity} /> <strong>{t("reason.rule", { name: (r.rule && r.rule.name) || "" })}</strong>
        </p>
        <p>{r.text}</p>
        {r.rule && <RuleAbout rule={r.rule} />}
      </li>
    );
  }
  const h = r.hit || {};
  const owner = h.owner_agency_name || h.owner_agency;
  if (h.restricted) {
    return (
      <li class="reason reason-watch restricted" data-testid="reason" data-kind="watchlist" data-restricted="true">
        <p class="reason-head">
          <Severity n={r.severity} /> <strong>{t("reason.watchRestricted")}</strong>
        </p>
        <p data-testid="reason-contact">{t("reason.contact", { owner, ref: h.ref })}</p>
      </li>
    );
  }
  const p = h.person;
  const d = h.document;
  const protect = isProtected(h);
  return (
    <li class={"reason reason-watch" + (protect ? " protect" : "")} data-testid="reason" data-kind="watchlist" data-category={h.category}>
      <p class="reason-head">
        <Severity n={r.severity} />{" "}
        <strong>{h.category ? t("reason.watch", { category: label("category", h.category) }) : t("reason.watchDoc")}</strong>
      </p>
      {protect && <p class="notice protect-notice">{t("reason.protect", { owner })}</p>}
      <Facts
        rows={[
          [t("reason.owner"), owner],
          [t("reason.ref"), <Ltr data-testid="reason-ref">{h.ref}</Ltr>],
          h.explanation && [t("reason.match"), explainText(h.explanation, t, label)],
          h.score && [t("reason.score"), number(Math.round(h.score * 100) / 100)],
          p && [t("reason.names"), (p.names || []).map((n) => n.full).join(" · ")],
          p && p.birth_date && [t("traveller.birthDate"), partialDay(p.birth_date)],
          p && (p.nationalities || []).length > 0 && [t("field.nationality"), i18n.list(p.nationalities.map(country))],
          p && (p.documents || []).length > 0 && [t("traveller.documents"), p.documents.map((x) => docText(x, i18n)).join("; ")],
          p && p.notes && [t("reason.notes"), p.notes],
          d && [t("reason.document"), docText(d, i18n)],
          d && d.status && [t("reason.docStatus"), label("docStatus", d.status)],
        ].filter(Boolean)}
      />
    </li>
  );
}

// RuleAbout tells an officer what the rule that fired looks for and why,
// at the version that fired, loaded when they open it.
function RuleAbout({ rule }) {
  const { t, label } = useI18n();
  const [open, setOpen] = useState(false);
  const { data, error, reload } = useLoad(open ? `/rules/${rule.id}/versions` : null);
  const versions = (data && data.items) || [];
  const v = versions.find((x) => x.version === rule.version) || versions[0];
  const latest = versions[0];
  return (
    <details class="rule-about" onToggle={(e) => setOpen(e.currentTarget.open)} data-testid="rule-about">
      <summary>{t("rule.about", { name: rule.name })}</summary>
      {open && !data && !error && <Loading />}
      <Problem error={error} onRetry={reload} />
      {v && (
        <div class="rule-body">
          <p>
            <strong>{v.name}</strong> · {t("rule.version", { version: v.version })} · {label("severity", v.severity)}
          </p>
          {v.description ? <p class="pre">{v.description}</p> : <p class="muted">{t("rule.noDescription")}</p>}
          {latest && latest.version > v.version && <p class="notice">{t("rule.changed", { version: latest.version })}</p>}
          {latest && !latest.enabled && <p class="notice">{t("rule.disabled")}</p>}
          <details>
            <summary>{t("rule.expression")}</summary>
            <pre class="code">{v.expression}</pre>
          </details>
        </div>
      )}
    </details>
  );
}

function WorkedOutcome({ a }) {
  const { t, dateTime } = useI18n();
  return (
    <div class="worked" data-testid="alert-worked">
      <p>
        <Outcome outcome={a.outcome} />
      </p>
      {a.outcome === "victim_identified" && <p class="notice protect-notice">{t("outcome.victimRecorded")}</p>}
      {a.note && <p class="pre">{a.note}</p>}
      <p class="muted">{t("outcome.workedBy", { who: a.worked_by || "", time: dateTime(a.worked_at) })}</p>
    </div>
  );
}

// OutcomeForm records what came of an alert. It sends the version read,
// so that when another officer worked the alert first the server refuses
// and the page shows what they recorded instead.
function OutcomeForm({ alert, onDone, onConflict }) {
  const { t, has } = useI18n();
  const { signedOut } = useSession();
  const errorText = useErrorText();
  const [values, setValues] = useState({ outcome: "", note: "" });
  const [errors, setErrors] = useState({});
  const [problem, setProblem] = useState(null);
  const [busy, setBusy] = useState(false);
  const summaryRef = useRef(null);
  const set = (path, v) => setValues((vals) => setAt(vals, path, v));
  const form = useMemo(() => ({ values, errors, set }), [values, errors]);

  const fail = (errs, prob) => {
    setErrors(errs);
    setProblem(prob);
    requestAnimationFrame(() => summaryRef.current && summaryRef.current.focus());
  };

  const submit = async (e) => {
    e.preventDefault();
    const found = validateOutcome(values);
    if (Object.keys(found).length) {
      const errs = {};
      for (const [k, [key, vars]] of Object.entries(found)) errs[k] = t(key, vars);
      fail(errs, null);
      return;
    }
    setBusy(true);
    try {
      const updated = await post(`/alerts/${alert.id}/outcome`, outcomeBody(values, alert));
      setErrors({});
      setProblem(null);
      onDone(updated);
    } catch (err) {
      if (err instanceof APIError && err.status === 401) return signedOut();
      if (err instanceof APIError && err.status === 409) {
        setErrors({});
        setProblem(null);
        return onConflict();
      }
      fail(err instanceof APIError ? { ...err.fields } : {}, err);
    } finally {
      setBusy(false);
    }
  };

  const errorList = Object.entries(errors);
  const oid = fieldId("outcome");
  const outErr = errors.outcome;
  return (
    <Form.Provider value={form}>
      <form class="outcome-form" onSubmit={submit} noValidate data-testid="outcome-form">
        {(errorList.length > 0 || problem) && (
          <div class="error-summary" role="alert" tabindex="-1" ref={summaryRef} data-testid="outcome-errors">
            <h3>{errorList.length ? t("form.errors", { n: errorList.length }) : t("outcome.notSent")}</h3>
            {problem && errorList.length === 0 && <p>{errorText(problem)}</p>}
            <ul>
              {errorList.map(([k, m]) => (
                <li key={k}>
                  <a href={"#" + fieldId(k)}>
                    {has("outcome.field." + k) ? t("outcome.field." + k) : k}: {m}
                  </a>
                </li>
              ))}
              {problem instanceof APIError && problem.other.map((m, i) => <li key={"o" + i}>{m}</li>)}
            </ul>
          </div>
        )}
        <fieldset
          class={"field choices" + (outErr ? " has-error" : "")}
          id={oid}
          data-testid="field-outcome"
          aria-describedby={outErr ? oid + "-error" : undefined}
        >
          <legend>{t("outcome.field.outcome")}</legend>
          {outErr && (
            <p class="field-error" id={oid + "-error"} data-testid="error-outcome">
              <span class="visually-hidden">{t("form.errorPrefix")} </span>
              {outErr}
            </p>
          )}
          <DescribedChoices
            id={oid}
            options={OUTCOMES}
            value={values.outcome}
            onChoose={(o) => set("outcome", o)}
            label={(o) => t("outcome." + o)}
            hint={(o) => t("outcome.hint." + o)}
            testid="field-outcome"
            choiceClass={(o) => (o === "victim_identified" ? " protect" : "")}
          />
        </fieldset>
        {values.outcome === "victim_identified" && (
          <p class="notice protect-notice" data-testid="victim-notice">
            {t("outcome.victimNotice")}
          </p>
        )}
        <TextArea name="note" label={t("outcome.field.note")} hint={t("outcome.noteHint")} rows={4} />
        <button type="submit" class="primary big" disabled={busy} data-testid="outcome-submit">
          {busy ? t("outcome.sending") : t("outcome.submit")}
        </button>
      </form>
    </Form.Provider>
  );
}
