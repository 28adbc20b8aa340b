// The national central bureau's inbox of hits on its agency's records:
// newest first, who checked, where and why; a new hit appears as it
// happens (the stream says only that there is one; the list is read
// again through the audited API). One hit, and the answer the owner sends
// the checker: the status and a note, nothing else of the record.
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { APIError, get, post, query } from "../api.js";
import { useI18n } from "../i18n.js";
import { Link } from "../router.js";
import { hasRole, mayWork, useSession } from "../session.js";
import { setAt, fieldId } from "../paths.js";
import { Loading, PageTitle, Problem, useErrorText, useLoad } from "../components/common.jsx";
import { DescribedChoices, Form, TextArea } from "../components/fields.jsx";
import { Facts } from "../components/passenger.jsx";
import { HitStatus } from "../components/hit.jsx";
import { HIT_STATUSES } from "../check-model.js";
import { KEY_FOR_KIND } from "../records-model.js";
import { Ltr } from "../components/ltr.jsx";

const LIMIT = 100;

// useInbox loads the inbox and, for an NCB, follows the hit stream: each
// notice reads the list again. Without the stream (other readers, or a
// broken connection) the list is read again when the page is shown.
function useInbox(follow) {
  const { signedOut } = useSession();
  const [state, setState] = useState({ items: null, error: null, more: false, fresh: [], arrived: 0, conn: "connecting" });
  const [nonce, setNonce] = useState(0);
  useEffect(() => {
    let live = true;
    let first = true;
    const load = async () => {
      try {
        const page = await get("/hits" + query({ order: "newest", limit: LIMIT }));
        if (!live) return;
        const items = page.items || [];
        const wasFirst = first;
        first = false;
        setState((s) => {
          const known = new Set((s.items || []).map((h) => h.id));
          const fresh = wasFirst ? [] : items.filter((h) => !known.has(h.id)).map((h) => h.id);
          return { ...s, items, error: null, more: !!page.next_cursor, fresh: [...s.fresh, ...fresh], arrived: fresh.length };
        });
      } catch (err) {
        if (!live) return;
        if (err instanceof APIError && err.status === 401) signedOut();
        setState((s) => ({ ...s, error: err }));
      }
    };
    load();
    let es = null;
    let soon = 0;
    let opened = false;
    // A burst of notices reads the list once.
    const loadSoon = () => {
      clearTimeout(soon);
      soon = setTimeout(() => live && load(), 200);
    };
    if (follow && typeof EventSource !== "undefined") {
      es = new EventSource("/api/v1/hits/stream");
      es.addEventListener("open", () => {
        if (!live) return;
        // Back after a break: hits may have come meanwhile.
        if (opened) loadSoon();
        opened = true;
        setState((s) => ({ ...s, conn: "live" }));
      });
      es.addEventListener("error", () => live && setState((s) => ({ ...s, conn: "offline" })));
      es.addEventListener("hit", loadSoon);
    }
    const onShow = () => document.visibilityState === "visible" && load();
    document.addEventListener("visibilitychange", onShow);
    return () => {
      live = false;
      clearTimeout(soon);
      if (es) es.close();
      document.removeEventListener("visibilitychange", onShow);
    };
  }, [follow, nonce]);
  return { ...state, reload: () => setNonce((n) => n + 1) };
}

// where says where a check was made: kind of place, place, country.
function whereText(c, i18n) {
  const { label, country, join } = i18n;
  if (!c) return "";
  return join([c.place_kind && label("place", c.place_kind), c.place, c.country && country(c.country)]);
}

export function HitsInbox() {
  const i18n = useI18n();
  const { t } = i18n;
  const { me } = useSession();
  const follow = hasRole(me, "ncb");
  const q = useInbox(follow);
  const fresh = new Set(q.fresh);
  return (
    <section class="hits-inbox" aria-labelledby="hits-title" data-testid="hits-inbox">
      <PageTitle id="hits-title">{t("hits.title")}</PageTitle>
      <p class="lede">{t("hits.lede")}</p>
      <div class="queue-status">
        <p role="status" aria-live="polite" class="arrived" data-testid="hits-arrived">
          {q.arrived > 0 ? t("hits.arrived", { n: q.arrived }) : ""}
        </p>
        {follow ? (
          <p class={"conn conn-" + (q.conn === "live" ? "live" : "offline")} data-testid="hits-conn" data-state={q.conn}>
            {t("hits.conn." + q.conn)}
          </p>
        ) : (
          <p class="muted">
            <button type="button" class="secondary small" onClick={q.reload}>
              {t("alerts.refresh")}
            </button>
          </p>
        )}
      </div>
      <Problem error={q.error} onRetry={q.reload} />
      {!q.items && !q.error && <Loading />}
      {q.items && q.items.length === 0 && <p>{t("hits.none")}</p>}
      <ol class="hit-list" data-testid="hit-list">
        {(q.items || []).map((h) => (
          <li key={h.id} class={"hit-row" + (h.status === "new" ? " unanswered" : "")} data-testid="hit-row" data-id={h.id} data-status={h.status}>
            <p class="alert-head">
              <HitStatus status={h.status} />
              {fresh.has(h.id) && <span class="badge new">{t("alerts.newBadge")}</span>}
              {h.restricted && <span class="badge">{t("hits.restrictedBadge")}</span>}
            </p>
            <h2 class="alert-who">
              <Link href={`/hits/${h.id}`} data-testid="hit-link">
                {h.query}
              </Link>
            </h2>
            <p>{t("hits.checkedBy", { who: h.checker_name, country: i18n.country(h.checker_country), time: i18n.dateTime(h.at) })}</p>
            <p class="muted">{whereText(h.context, i18n)}</p>
            {h.context && h.context.reason && <p class="muted">{t("hits.why", { reason: h.context.reason })}</p>}
          </li>
        ))}
      </ol>
      {q.more && <p class="muted">{t("alerts.more", { n: LIMIT })}</p>}
    </section>
  );
}

export function HitDetail({ hitId }) {
  const i18n = useI18n();
  const { t, dateTime, label, number, country } = i18n;
  const { me } = useSession();
  const { data, error, reload } = useLoad(`/hits/${hitId}`);
  const [answered, setAnswered] = useState(null);
  const h = answered || data;
  const back = (
    <p class="crumbs">
      <Link href="/hits">{t("hits.back")}</Link>
    </p>
  );
  if (error && !h)
    return (
      <div>
        {back}
        <Problem error={error} onRetry={reload} />
      </div>
    );
  if (!h) return <Loading />;
  const c = h.context || {};
  const owner = me && me.agency && me.agency.id === h.owner_agency;
  return (
    <article class="hit-detail" data-testid="hit-detail" data-status={h.status}>
      {back}
      <PageTitle>{h.query}</PageTitle>
      <p class="alert-head">
        <HitStatus status={h.status} />
        {h.restricted && <span class="badge">{t("hits.restrictedBadge")}</span>}
      </p>
      {h.restricted && owner && <p class="notice">{t("hits.restrictedNote")}</p>}
      <section class="panel" aria-labelledby="hit-check-title">
        <h2 id="hit-check-title">{t("hits.theCheck")}</h2>
        <Facts
          testid="hit-facts"
          rows={[
            [t("hits.asked"), h.query],
            [t("hits.when"), dateTime(h.at)],
            [t("hits.who"), h.checker_name + (h.checker_country ? " · " + country(h.checker_country) : "")],
            [t("hits.where"), whereText(c, i18n)],
            [t("check.reason"), c.reason],
            owner && [
              t("hits.record"),
              h.record_id &&
                (KEY_FOR_KIND[h.record_kind] ? (
                  <Link href={`/records/${KEY_FOR_KIND[h.record_kind]}/${h.record_id}`} data-testid="hit-record">
                    {label("recordKind", h.record_kind)} <bdi dir="ltr">{h.record_id}</bdi>
                  </Link>
                ) : (
                  label("recordKind", h.record_kind) + " " + h.record_id
                )),
            ],
            owner && [t("reason.score"), h.score > 0 && number(Math.round(h.score * 100) / 100)],
            [t("reason.ref"), <Ltr>{h.id}</Ltr>],
          ]}
        />
      </section>
      <section class="panel" aria-labelledby="hit-answer-title">
        <h2 id="hit-answer-title">{t("hits.answer")}</h2>
        {h.status !== "new" && (
          <div class="worked" data-testid="hit-answered">
            <p>
              <HitStatus status={h.status} /> <span class="muted small">{dateTime(h.responded_at)}</span>
            </p>
            {h.response && <p class="pre">{h.response}</p>}
          </div>
        )}
        {owner && mayWork(me) ? (
          <ResponseForm hit={h} onDone={setAnswered} />
        ) : (
          h.status === "new" && <p class="muted">{t("recent.waiting")}</p>
        )}
      </section>
    </article>
  );
}

// ResponseForm records the owner's answer; the checker sees the status
// and the note, nothing else of the record.
function ResponseForm({ hit, onDone }) {
  const { t } = useI18n();
  const { signedOut } = useSession();
  const errorText = useErrorText();
  const [values, setValues] = useState({ status: "", response: "" });
  const [errors, setErrors] = useState({});
  const [problem, setProblem] = useState(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const summaryRef = useRef(null);
  const doneRef = useRef(null);
  const set = (path, v) => setValues((vals) => setAt(vals, path, v));
  const form = useMemo(() => ({ values, errors, set }), [values, errors]);
  useEffect(() => {
    if (done && doneRef.current) doneRef.current.focus();
  }, [done]);

  const submit = async (e) => {
    e.preventDefault();
    if (!values.status) {
      setErrors({ status: t("hits.error.status") });
      requestAnimationFrame(() => summaryRef.current && summaryRef.current.focus());
      return;
    }
    setBusy(true);
    try {
      const body = { status: values.status };
      if (values.response.trim()) body.response = values.response.trim();
      const updated = await post(`/hits/${hit.id}/response`, body);
      setErrors({});
      setProblem(null);
      setDone(true);
      onDone(updated);
    } catch (err) {
      if (err instanceof APIError && err.status === 401) return signedOut();
      setErrors(err instanceof APIError ? { ...err.fields } : {});
      setProblem(err);
      requestAnimationFrame(() => summaryRef.current && summaryRef.current.focus());
    } finally {
      setBusy(false);
    }
  };
  const sid = fieldId("status");
  const errorList = Object.entries(errors);
  return (
    <Form.Provider value={form}>
      {done && (
        <p class="success" role="status" tabindex="-1" ref={doneRef} data-testid="response-done">
          {t("hits.sent")}
        </p>
      )}
      <form class="outcome-form" onSubmit={submit} noValidate data-testid="response-form">
        {(errorList.length > 0 || problem) && (
          <div class="error-summary" role="alert" tabindex="-1" ref={summaryRef} data-testid="response-errors">
            <h3>{errorList.length ? t("form.errors", { n: errorList.length }) : t("hits.notSent")}</h3>
            {problem && errorList.length === 0 && <p>{errorText(problem)}</p>}
            <ul>
              {errorList.map(([k, m]) => (
                <li key={k}>
                  <a href={"#" + fieldId(k)}>{m}</a>
                </li>
              ))}
            </ul>
          </div>
        )}
        <fieldset class={"field choices" + (errors.status ? " has-error" : "")} id={sid} data-testid="field-status">
          <legend>{t("hits.status")}</legend>
          <DescribedChoices
            id={sid}
            options={HIT_STATUSES}
            value={values.status}
            onChoose={(s) => set("status", s)}
            label={(s) => t("hitStatus." + s)}
            hint={(s) => t("hitStatus.hint." + s)}
            testid="field-status"
          />
        </fieldset>
        <TextArea name="response" label={t("hits.note")} hint={t("hits.noteHint")} rows={4} />
        <button type="submit" class="primary big" disabled={busy} data-testid="response-submit">
          {busy ? t("check.sending") : t("hits.send")}
        </button>
      </form>
    </Form.Provider>
  );
}
