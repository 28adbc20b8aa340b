// The field officer's check, phone first: a person (name in any script,
// date of birth, nationality, sex) or a document (number and issuing
// state, or its MRZ typed or pasted, read by the server and shown with its
// check digits). The answer reads at a glance, with why it matched and
// what to do next; the officer's recent checks carry the owners' answers.
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { APIError, get, post, query } from "../api.js";
import { useI18n } from "../i18n.js";
import { useSession } from "../session.js";
import { setAt, fieldId } from "../paths.js";
import { Loading, PageTitle, Problem, useErrorText } from "../components/common.jsx";
import { CountryField, Form, SelectField, TextArea, TextField } from "../components/fields.jsx";
import { Facts, docText } from "../components/passenger.jsx";
import { HitStatus } from "../components/hit.jsx";
import {
  PLACE_KINDS,
  documentBody,
  fromMRZ,
  isProtectedHit,
  nextFor,
  personBody,
  queryText,
  recentChecks,
  validateCheck,
  verdict,
} from "../check-model.js";

// The checks of this tab, in memory only, and where and why the officer
// checks (kept between checks, as it rarely changes within a shift).
const local = [];
let seq = 0;
let where = { place_kind: "border_point", place: "", reason: "" };

// POLL is how often the recent checks ask for the owners' answers while
// the page is shown; each ask is an audited read of the hits listed.
const POLL = 30000;

function useRecent() {
  const { signedOut } = useSession();
  const [state, setState] = useState({ made: null, error: null });
  const [nonce, setNonce] = useState(0);
  useEffect(() => {
    let live = true;
    let timer = 0;
    const load = async () => {
      clearTimeout(timer);
      if (document.visibilityState !== "hidden") {
        try {
          const page = await get("/hits" + query({ made: true, order: "newest", limit: 50 }));
          if (live) setState({ made: page.items || [], error: null });
        } catch (err) {
          if (!live) return;
          if (err instanceof APIError && err.status === 401) signedOut();
          setState((s) => ({ ...s, error: err }));
        }
      }
      if (live) timer = setTimeout(load, POLL);
    };
    const onShow = () => document.visibilityState === "visible" && load();
    load();
    document.addEventListener("visibilitychange", onShow);
    return () => {
      live = false;
      clearTimeout(timer);
      document.removeEventListener("visibilitychange", onShow);
    };
  }, [nonce]);
  return { ...state, reload: () => setNonce((n) => n + 1) };
}

export function Check() {
  const i18n = useI18n();
  const { t, label } = i18n;
  const { signedOut } = useSession();
  const errorText = useErrorText();
  const [mode, setMode] = useState("person");
  const [values, setValues] = useState({ ...where });
  const [errors, setErrors] = useState({});
  const [problem, setProblem] = useState(null);
  const [busy, setBusy] = useState(false);
  const [answer, setAnswer] = useState(null); // {kind, query, result}
  const [mrz, setMRZ] = useState(null);
  const [count, setCount] = useState(local.length);
  const recent = useRecent();
  const answerRef = useRef(null);
  const summaryRef = useRef(null);
  const set = (path, v) => {
    setValues((vals) => setAt(vals, path, v));
    if (path === "place_kind" || path === "place" || path === "reason") where = { ...where, [path]: v };
  };
  const form = useMemo(() => ({ values, errors, set }), [values, errors]);

  useEffect(() => {
    if (answer && answerRef.current) answerRef.current.focus();
  }, [answer]);

  const fail = (errs, prob) => {
    setErrors(errs);
    setProblem(prob);
    requestAnimationFrame(() => summaryRef.current && summaryRef.current.focus());
  };

  // run sends one check and shows its answer.
  const run = async (kind, v) => {
    const found = validateCheck(kind, v);
    if (Object.keys(found).length) {
      const errs = {};
      for (const [k, [key, vars]] of Object.entries(found)) errs[k] = t(key, vars);
      return fail(errs, null);
    }
    setBusy(true);
    setAnswer(null);
    try {
      const body = kind === "person" ? personBody(v, values) : documentBody(v, values);
      const out = await post(kind === "person" ? "/checks/persons" : "/checks/documents", body);
      const result = out.results[0];
      const q = queryText(kind, v);
      local.unshift({
        id: ++seq,
        at: new Date().toISOString(),
        query: q,
        verdict: verdict(result),
        refs: result.hits.map((h) => ({ ref: h.ref, owner: h.owner_agency_name || h.owner_agency })),
      });
      setCount(local.length);
      setErrors({});
      setProblem(null);
      setAnswer({ kind, query: q, result });
      if (result.hit) recent.reload();
    } catch (err) {
      if (err instanceof APIError && err.status === 401) return signedOut();
      fail(err instanceof APIError ? { ...err.fields } : {}, err);
    } finally {
      setBusy(false);
    }
  };

  const readMRZ = async () => {
    setBusy(true);
    setMRZ(null);
    setAnswer(null);
    try {
      const m = await post("/mrz", { text: values.mrz || "" });
      setErrors({});
      setProblem(null);
      setMRZ(m);
    } catch (err) {
      if (err instanceof APIError && err.status === 401) return signedOut();
      const errs = {};
      if (err instanceof APIError) errs.mrz = err.message;
      fail(errs, err);
    } finally {
      setBusy(false);
    }
  };

  const submit = (e) => {
    e.preventDefault();
    if (mode === "mrz") return readMRZ();
    return run(mode, values);
  };

  const errorList = Object.entries(errors);
  const modes = ["person", "document", "mrz"];
  return (
    <section class="check" aria-labelledby="check-title" data-testid="check">
      <PageTitle id="check-title">{t("check.title")}</PageTitle>
      <Form.Provider value={form}>
        <form class="check-form" onSubmit={submit} noValidate data-testid="check-form">
          {(errorList.length > 0 || problem) && (
            <div class="error-summary" role="alert" tabindex="-1" ref={summaryRef} data-testid="check-errors">
              <h2>{errorList.length ? t("form.errors", { n: errorList.length }) : t("check.notSent")}</h2>
              {problem && errorList.length === 0 && <p>{errorText(problem)}</p>}
              <ul>
                {errorList.map(([k, m]) => (
                  <li key={k}>
                    <a href={"#" + fieldId(k)}>{m}</a>
                  </li>
                ))}
                {problem instanceof APIError && problem.other.map((m, i) => <li key={"o" + i}>{m}</li>)}
              </ul>
            </div>
          )}
          <fieldset class="field choices modes" data-testid="check-mode">
            <legend>{t("check.what")}</legend>
            <div class="choice-list">
              {modes.map((m) => (
                <label class="choice" key={m}>
                  <input
                    type="radio"
                    name="check-mode"
                    value={m}
                    checked={mode === m}
                    onChange={() => {
                      setMode(m);
                      setErrors({});
                      setProblem(null);
                    }}
                    data-testid={"check-mode-" + m}
                  />
                  <span>{t("check.mode." + m)}</span>
                </label>
              ))}
            </div>
          </fieldset>

          {mode === "person" && (
            <div class="check-fields">
              <TextField name="name" label={t("check.name")} hint={t("check.nameHint")} required autocomplete="off" spellcheck={false} />
              <TextField name="birth_date" label={t("check.birthDate")} hint={t("check.birthDateHint")} inputMode="numeric" autocomplete="off" />
              <CountryField name="nationality" label={t("field.nationality")} />
              <SelectField
                name="sex"
                label={t("field.sex")}
                placeholder={t("form.choose")}
                options={["F", "M", "X"].map((s) => [s, label("sex", s)])}
              />
            </div>
          )}
          {mode === "document" && (
            <div class="check-fields">
              <TextField name="number" label={t("check.number")} required autocapitalize="characters" autocomplete="off" spellcheck={false} />
              <CountryField name="issuing_state" label={t("check.issuingState")} />
            </div>
          )}
          {mode === "mrz" && (
            <div class="check-fields">
              <TextArea name="mrz" label={t("check.mrz")} hint={t("check.mrzHint")} rows={3} required />
            </div>
          )}

          <fieldset class="check-where">
            <legend>{t("check.where")}</legend>
            <SelectField name="place_kind" label={t("check.placeKind")} options={PLACE_KINDS.map((k) => [k, label("place", k)])} />
            <TextField name="place" label={t("check.place")} hint={t("check.placeHint")} />
            <TextField name="reason" label={t("check.reason")} hint={t("check.reasonHint")} />
          </fieldset>

          <button type="submit" class="primary big" disabled={busy} data-testid="check-submit">
            {busy ? t("check.sending") : mode === "mrz" ? t("check.readMRZ") : t("check.submit")}
          </button>
        </form>
      </Form.Provider>

      {mode === "mrz" && mrz && <MRZView m={mrz} busy={busy} onCheck={(kind) => run(kind, fromMRZ(mrz)[kind === "person" ? "person" : "doc"])} />}

      {answer && (
        <div class="answer-wrap" tabindex="-1" ref={answerRef}>
          <Answer answer={answer} />
        </div>
      )}

      <RecentChecks recent={recent} count={count} />
    </section>
  );
}

// MRZView shows what the server read of an MRZ: the fields, and each check
// digit as printed and as computed, before anything is checked.
function MRZView({ m, busy, onCheck }) {
  const i18n = useI18n();
  const { t, partialDay, label } = i18n;
  const c = (x) => (x ? (x.alpha2 ? i18n.country(x.alpha2) + " (" + x.code + ")" : x.name ? x.name + " (" + x.code + ")" : x.code) : "");
  return (
    <section class="panel mrz" aria-labelledby="mrz-title" data-testid="mrz-parsed" data-valid={String(!!m.valid)}>
      <h2 id="mrz-title">{t("mrz.title")}</h2>
      <p class={m.valid ? "success-text" : "notice"} data-testid="mrz-valid">
        {m.valid ? t("mrz.valid") : t("mrz.invalid")}
      </p>
      <Facts
        testid="mrz-fields"
        rows={[
          [t("mrz.format"), m.format],
          [t("check.number"), m.document_number],
          [t("check.issuingState"), c(m.issuing_state)],
          [t("check.name"), [m.name && m.name.primary, m.name && m.name.secondary].filter(Boolean).join(", ")],
          [t("field.nationality"), c(m.nationality)],
          [t("check.birthDate"), partialDay(m.birth_date && m.birth_date.date) || (m.birth_date && m.birth_date.raw)],
          [t("field.sex"), m.sex && label("sex", m.sex)],
          [t("mrz.expiry"), (partialDay(m.expiry_date && m.expiry_date.date) || "") + (m.expired ? " · " + t("mrz.expired") : "")],
          [t("mrz.optional"), (m.optional_data || "").replace(/<+$/, "")],
        ]}
      />
      <div class="table-wrap" tabindex="0" role="group" aria-label={t("mrz.checks")}>
        <table class="mrz-checks">
          <caption>{t("mrz.checks")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("mrz.field")}</th>
              <th scope="col">{t("mrz.printed")}</th>
              <th scope="col">{t("mrz.computed")}</th>
              <th scope="col">{t("mrz.result")}</th>
            </tr>
          </thead>
          <tbody>
            {(m.checks || []).map((k) => (
              <tr key={k.field} data-testid="mrz-check" data-field={k.field} data-valid={String(k.valid)}>
                <th scope="row">{label("mrzField", k.field)}</th>
                <td class="code-cell">{k.digit}</td>
                <td class="code-cell">{k.want}</td>
                <td>{k.valid ? t("mrz.ok") : t("mrz.wrong")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {(m.confusions || []).length > 0 && (
        <ul class="warnings">
          {m.confusions.map((x, i) => (
            <li key={i}>{t("mrz.confusion", { field: label("mrzField", x.field), found: x.found, likely: x.likely })}</li>
          ))}
        </ul>
      )}
      {(m.warnings || []).length > 0 && (
        <ul class="warnings">
          {m.warnings.map((x, i) => (
            <li key={"w" + i}>{x.message}</li>
          ))}
        </ul>
      )}
      <p class="card-actions">
        <button type="button" class="primary" disabled={busy || !m.document_number} onClick={() => onCheck("document")} data-testid="mrz-check-document">
          {t("mrz.checkDocument")}
        </button>
        <button type="button" class="secondary" disabled={busy} onClick={() => onCheck("person")} data-testid="mrz-check-holder">
          {t("mrz.checkHolder")}
        </button>
      </p>
    </section>
  );
}

// Answer is one check's answer at a glance, then each hit: why it matched
// and what to do next, exactly as far as the API tells.
function Answer({ answer }) {
  const { t } = useI18n();
  const r = answer.result;
  const v = verdict(r);
  return (
    <section class={"answer answer-" + v} aria-labelledby="answer-title" data-testid="check-answer" data-verdict={v} data-query={answer.query}>
      <h2 id="answer-title" class="verdict" data-testid="check-verdict">
        <span class="verdict-mark" aria-hidden="true">
          {v === "none" ? "✓" : "!"}
        </span>
        {v === "none" ? t("check.noHit") : t("check.hits", { n: r.hits.length })}
      </h2>
      <p class="muted">{t("check.youChecked", { query: answer.query })}</p>
      {v === "none" && <p data-testid="check-next">{t("check.next.none")}</p>}
      <ul class="hits">
        {r.hits.map((h) => (
          <HitAnswer h={h} key={h.ref} />
        ))}
      </ul>
    </section>
  );
}

function HitAnswer({ h }) {
  const i18n = useI18n();
  const { t, label, number, partialDay, country } = i18n;
  const owner = h.owner_agency_name || h.owner_agency;
  const next = nextFor(h);
  if (h.restricted) {
    return (
      <li class="hit restricted" data-testid="check-hit" data-restricted="true" data-ref={h.ref}>
        <p class="hit-head" data-testid="hit-contact">
          <strong>{t("check.restricted", { owner, ref: h.ref })}</strong>
        </p>
        <p class="muted">{t("check.restrictedWhy")}</p>
        <h3>{t("check.nextTitle")}</h3>
        <p data-testid="check-next">{t("check.next.restricted", { owner, ref: h.ref })}</p>
      </li>
    );
  }
  const p = h.person;
  const d = h.document;
  const e = h.explanation;
  const protect = isProtectedHit(h);
  return (
    <li class={"hit" + (protect ? " protect" : "")} data-testid="check-hit" data-restricted="false" data-ref={h.ref} data-category={h.category || ""}>
      <p class="hit-head">
        <strong>
          {h.category ? t("check.hitOn", { category: label("category", h.category), owner }) : t("check.hitOnDocument", { owner })}
        </strong>
      </p>
      {protect && <p class="notice protect-notice">{t("check.protect")}</p>}
      <Facts
        rows={[
          [t("reason.ref"), h.ref],
          p && [t("reason.names"), (p.names || []).map((n) => n.full).join(" · ")],
          p && p.birth_date && [t("traveller.birthDate"), partialDay(p.birth_date)],
          p && (p.nationalities || []).length > 0 && [t("field.nationality"), i18n.list(p.nationalities.map(country))],
          p && (p.documents || []).length > 0 && [t("traveller.documents"), p.documents.map((x) => docText(x, i18n)).join("; ")],
          d && [t("reason.document"), docText(d, i18n)],
          d && d.status && [t("reason.docStatus"), label("docStatus", d.status)],
          h.score > 0 && [t("reason.score"), number(Math.round(h.score * 100) / 100)],
        ].filter(Boolean)}
      />
      {e && <Explanation e={e} />}
      <h3>{t("check.nextTitle")}</h3>
      <p data-testid="check-next" data-next={next}>
        {t("check.next." + next, { owner, ref: h.ref, status: d && d.status ? label("docStatus", d.status) : "" })}
      </p>
    </li>
  );
}

// Explanation says in the reader's language how the name's parts matched
// and whether date of birth, sex and nationality agree.
function Explanation({ e }) {
  const { t, label, number } = useI18n();
  return (
    <div class="explanation" data-testid="check-explanation">
      <h3>{t("check.why")}</h3>
      {e.name && <p>{t("check.matchedName", { name: e.name })}</p>}
      {(e.parts || []).length > 0 && (
        <div class="table-wrap" tabindex="0" role="group" aria-label={t("check.parts")}>
          <table>
            <caption class="visually-hidden">{t("check.parts")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("check.partAsked")}</th>
                <th scope="col">{t("check.partRecord")}</th>
                <th scope="col">{t("check.partHow")}</th>
              </tr>
            </thead>
            <tbody>
              {e.parts.map((x, i) => (
                <tr key={i}>
                  <td>{x.query || "—"}</td>
                  <td>{x.entry || "—"}</td>
                  <td>
                    {label("how", x.how)}
                    {x.score > 0 && x.score < 1 ? ` (${number(Math.round(x.score * 100) / 100)})` : ""}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ul class="agree">
        {e.birth_date && <li>{t("check.agreeBirth", { how: label("dob", e.birth_date) })}</li>}
        {e.sex && <li>{t("check.agreeSex", { how: label("agree", e.sex) })}</li>}
        {e.nationality && <li>{t("check.agreeNationality", { how: label("agree", e.nationality) })}</li>}
        {e.document && <li>{t("check.agreeDocument", { how: label("docMatch", e.document) })}</li>}
      </ul>
    </div>
  );
}

// RecentChecks lists the officer's checks: this tab's, and every check of
// theirs that hit, with the owner's answer when there is one.
function RecentChecks({ recent, count }) {
  const { t, dateTime, label } = useI18n();
  const items = useMemo(() => recentChecks(local, recent.made), [recent.made, count]);
  return (
    <section class="panel recent" aria-labelledby="recent-title" data-testid="recent-checks">
      <h2 id="recent-title">{t("recent.title")}</h2>
      <p class="muted small">
        {t("recent.lede")}{" "}
        <button type="button" class="secondary small" onClick={recent.reload} data-testid="recent-refresh">
          {t("alerts.refresh")}
        </button>
      </p>
      <Problem error={recent.error} onRetry={recent.reload} />
      {!recent.made && !recent.error && <Loading />}
      {recent.made && items.length === 0 && <p>{t("recent.none")}</p>}
      <ol class="recent-list">
        {items.map((c) => (
          <li key={c.key} class={"recent-check verdict-" + c.verdict} data-testid="recent-check" data-verdict={c.verdict}>
            <p>
              <strong>{c.query}</strong> <span class="muted small">{dateTime(c.at)}</span>
            </p>
            {c.verdict === "none" ? (
              <p>{t("check.noHit")}</p>
            ) : (
              <ul class="plain">
                {c.hits.map((h, i) => (
                  <li key={h.id} data-testid="recent-hit" data-ref={h.id} data-status={h.status}>
                    <p>
                      {c.refs[i] && c.refs[i].owner ? t("recent.hitOwner", { owner: c.refs[i].owner, ref: h.id }) : t("recent.hit", { ref: h.id })}
                    </p>
                    <p>
                      <HitStatus status={h.status} />{" "}
                      {h.responded_at && <span class="muted small">{dateTime(h.responded_at)}</span>}
                    </p>
                    {h.response && (
                      <p class="pre hit-response" data-testid="hit-response">
                        {h.response}
                      </p>
                    )}
                    {h.status === "new" && <p class="muted small">{t("recent.waiting")}</p>}
                    {h.context && h.context.place && <p class="muted small">{label("place", h.context.place_kind) + " · " + h.context.place}</p>}
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
