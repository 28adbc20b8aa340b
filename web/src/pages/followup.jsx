// Follow-up over months (issue 13, point 5): on the case page, the case's
// stage (changed by those who act in it) and its outcomes (listed, added);
// and the /followup page, the follow-up figures of an operation's cases
// the user reads, small figures suppressed by the server.
import { useMemo, useState } from "preact/hooks";
import { APIError, api, query } from "../api.js";
import { useI18n } from "../i18n.js";
import { setAt } from "../paths.js";
import { serverText } from "../server-text.js";
import { PageTitle, Problem, useErrorText, useLoad } from "../components/common.jsx";
import { Form, NumberField, SelectField, TextField } from "../components/fields.jsx";

export const STAGES = ["investigation", "prosecution", "trial", "judgment", "appeal"];
export const OUTCOMES = ["charge", "indictment", "conviction", "acquittal", "victims_assisted", "assets_seized"];

// The fields each outcome kind takes, besides kind and date.
const FIELDS = {
  charge: ["person_id", "legal_basis"],
  indictment: ["person_id", "legal_basis"],
  conviction: ["person_id", "sentence_months", "fine", "currency"],
  acquittal: ["person_id"],
  victims_assisted: ["service", "count"],
  assets_seized: ["asset_kind", "value", "currency"],
};
const NUMBERS = ["sentence_months", "fine", "count", "value"];

const today = () => new Date().toISOString().slice(0, 10);

// useSubmit posts body to path and shows the server's refusals at the field.
function useSubmit(t) {
  const errorText = useErrorText();
  const [errors, setErrors] = useState({});
  const [problem, setProblem] = useState(null);
  const submit = async (path, body, done) => {
    setProblem(null);
    try {
      await api("POST", path, body);
      setErrors({});
      done();
    } catch (err) {
      const errs = {};
      if (err instanceof APIError) for (const [k, m] of Object.entries(err.fields || {})) errs[k] = serverText(t, m);
      setErrors(errs);
      if (!Object.keys(errs).length) setProblem(err);
    }
  };
  return { errors, problem, submit, errorText };
}

export function CaseFollowup({ id, acts, records }) {
  const { t } = useI18n();
  const stages = useLoad(`/cases/${id}/stages`);
  const outcomes = useLoad(`/cases/${id}/outcomes`);
  const list = stages.data || [];
  const current = list.length ? list[list.length - 1] : null;
  return (
    <section aria-labelledby="case-followup" class="section" data-testid="case-followup">
      <h2 id="case-followup">{t("fu.title")}</h2>
      <Problem error={stages.error} onRetry={stages.reload} />
      <p data-testid="case-stage" data-stage={current ? current.stage : "investigation"}>
        {t("fu.stage")}: <strong>{t("fu.stage." + (current ? current.stage : "investigation"))}</strong>
        {current && <span> · {t("fu.since", { date: current.date })}</span>}
      </p>
      {list.length > 1 && (
        <ol class="compact" data-testid="case-stage-history">
          {list.map((s, i) => (
            <li key={i}>
              {t("fu.stage." + s.stage)} · {s.date}
            </li>
          ))}
        </ol>
      )}
      {acts && <StageForm id={id} current={current ? current.stage : "investigation"} onDone={stages.reload} />}

      <h3>{t("fu.outcomes")}</h3>
      <Problem error={outcomes.error} onRetry={outcomes.reload} />
      {outcomes.data && outcomes.data.length === 0 && <p>{t("fu.noOutcomes")}</p>}
      <ul data-testid="case-outcomes">
        {(outcomes.data || []).map((o) => (
          <li key={o.id} data-testid="outcome" data-kind={o.kind}>
            {o.date} · <strong>{t("fu.kind." + o.kind)}</strong>
            {o.person_id && (
              <>
                {" "}
                · <bdi>{o.person_id}</bdi>
              </>
            )}
            {o.person_hidden && <> · {t("fu.personHidden")}</>}
            {o.legal_basis && <> · {o.legal_basis}</>}
            {o.sentence_months > 0 && <> · {t("fu.months", { n: o.sentence_months })}</>}
            {o.fine > 0 && (
              <>
                {" "}
                · {t("fu.fine")} <bdi>{o.fine} {o.currency}</bdi>
              </>
            )}
            {o.service && (
              <>
                {" "}
                · {o.service} ({o.count})
              </>
            )}
            {o.asset_kind && (
              <>
                {" "}
                · {o.asset_kind} <bdi>{o.value} {o.currency}</bdi>
              </>
            )}
          </li>
        ))}
      </ul>
      {acts && <OutcomeForm id={id} records={records} onDone={outcomes.reload} />}
    </section>
  );
}

function StageForm({ id, current, onDone }) {
  const { t } = useI18n();
  const [values, setValues] = useState({ stage: STAGES[Math.min(STAGES.indexOf(current) + 1, STAGES.length - 1)], date: today() });
  const { errors, problem, submit, errorText } = useSubmit(t);
  const form = useMemo(() => ({ values, errors, set: (k, v) => setValues((s) => setAt(s, k, v)) }), [values, errors]);
  const send = (e) => {
    e.preventDefault();
    submit(`/cases/${id}/stages`, values, onDone);
  };
  return (
    <Form.Provider value={form}>
      <form onSubmit={send} noValidate class="inline-form" data-testid="stage-form">
        <SelectField name="stage" label={t("fu.newStage")} required options={STAGES.map((s) => [s, t("fu.stage." + s)])} />
        <TextField name="date" type="date" label={t("fu.date")} required />
        <button type="submit" data-testid="stage-save">
          {t("fu.changeStage")}
        </button>
      </form>
      {problem && (
        <p role="alert" class="problem">
          {errorText(problem)}
        </p>
      )}
    </Form.Provider>
  );
}

function OutcomeForm({ id, records, onDone }) {
  const { t } = useI18n();
  const blank = { kind: "charge", date: today() };
  const [values, setValues] = useState(blank);
  const { errors, problem, submit, errorText } = useSubmit(t);
  const form = useMemo(() => ({ values, errors, set: (k, v) => setValues((s) => setAt(s, k, v)) }), [values, errors]);
  const fields = FIELDS[values.kind] || [];
  const send = (e) => {
    e.preventDefault();
    const body = { kind: values.kind, date: values.date };
    for (const f of fields) {
      const v = values[f];
      if (v === undefined || v === "") continue;
      body[f] = NUMBERS.includes(f) ? Number(v) : v;
    }
    submit(`/cases/${id}/outcomes`, body, () => {
      setValues(blank);
      onDone();
    });
  };
  return (
    <Form.Provider value={form}>
      <form onSubmit={send} noValidate class="stack-form" data-testid="outcome-form">
        <h4>{t("fu.addOutcome")}</h4>
        <SelectField name="kind" label={t("fu.kind")} required options={OUTCOMES.map((k) => [k, t("fu.kind." + k)])} />
        <TextField name="date" type="date" label={t("fu.date")} required />
        {fields.includes("person_id") && (
          <SelectField
            name="person_id"
            label={t("fu.f.person_id")}
            hint={t("fu.suspectHint")}
            required
            placeholder={t("form.choose")}
            options={(records || []).map((r) => [r, r])}
          />
        )}
        {fields
          .filter((f) => f !== "person_id")
          .map((f) =>
            NUMBERS.includes(f) ? (
              <NumberField key={f} name={f} label={t("fu.f." + f)} required={f === "count" || f === "value"} min="0" />
            ) : (
              <TextField key={f} name={f} label={t("fu.f." + f)} required={f !== "currency" || values.kind === "assets_seized"} />
            ),
          )}
        <button type="submit" data-testid="outcome-save">
          {t("fu.record")}
        </button>
      </form>
      {problem && (
        <p role="alert" class="problem">
          {errorText(problem)}
        </p>
      )}
    </Form.Provider>
  );
}

const MEASURES = [
  ["cases", "cases"],
  ["prosecuted", "prosecuted"],
  ["convicted", "convicted"],
  ["requests_sent", "requests_sent"],
  ["requests_answered", "requests_answered"],
  ["requests_refused", "requests_refused"],
  ["requests_overdue", "requests_overdue"],
];

// Followup is the /followup page: choose an operation, see its figures.
export function Followup() {
  const { t, country, region } = useI18n();
  const ops = useLoad("/operations?limit=200");
  const initial = new URLSearchParams(location.search).get("operation_id") || "";
  const [op, setOp] = useState(initial);
  const fu = useLoad(op ? `/followup${query({ operation_id: op })}` : null);
  const form = useMemo(() => ({ values: { operation_id: op }, errors: {}, set: (_, v) => setOp(v) }), [op]);
  const f = fu.data;
  const cell = (r, k) => (r.hidden && r.hidden.includes(k) ? <span title={t("fu.suppressed")}>–</span> : r[k]);
  return (
    <section aria-labelledby="fu-title" data-testid="followup-page">
      <PageTitle id="fu-title">{t("fu.pageTitle")}</PageTitle>
      <Problem error={ops.error} onRetry={ops.reload} />
      <Form.Provider value={form}>
        <SelectField
          name="operation_id"
          label={t("fu.operation")}
          placeholder={t("form.choose")}
          options={((ops.data && ops.data.items) || []).map((o) => [o.id, o.name])}
        />
      </Form.Provider>
      <Problem error={fu.error} onRetry={fu.reload} />
      {f && (
        <>
          {f.suppressed && <p data-testid="fu-suppressed">{t("fu.suppressedNote")}</p>}
          {f.by_country.length === 0 && <p data-testid="fu-none">{t("fu.none")}</p>}
          <h2>{t("fu.byStage")}</h2>
          <div class="table-wrap" tabindex="0" role="group" aria-label={t("fu.byStage")}>
            <table data-testid="fu-stages">
              <thead>
                <tr>
                  <th scope="col">{t("fu.stage")}</th>
                  <th scope="col">{t("fu.m.cases")}</th>
                </tr>
              </thead>
              <tbody>
                {f.by_stage.map((s) => (
                  <tr key={s.stage}>
                    <th scope="row">{t("fu.stage." + s.stage)}</th>
                    <td>{s.suppressed ? <span title={t("fu.suppressed")}>–</span> : s.cases}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <h2>{t("fu.byCountry")}</h2>
          <div class="table-wrap" tabindex="0" role="group" aria-label={t("fu.byCountry")}>
            <table data-testid="fu-countries">
              <thead>
                <tr>
                  <th scope="col">{t("fu.country")}</th>
                  {MEASURES.map(([k]) => (
                    <th scope="col" key={k}>
                      {t("fu.m." + k)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {[...f.by_country, { ...f.total, country: "" }].map((r) => (
                  <tr key={r.country || "total"} data-country={r.country || "total"}>
                    <th scope="row">{r.country ? <>{country(r.country)} <bdi dir="ltr">({r.country})</bdi></> : t("fu.total")}</th>
                    {MEASURES.map(([k, field]) => (
                      <td key={k}>{cell(r, field)}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {(f.by_region || []).length > 0 && (
            <>
              <h2 id="fu-regions-title">{t("fur.byRegion")}</h2>
              <div class="table-wrap" tabindex="0" role="group" aria-labelledby="fu-regions-title">
                <table data-testid="fu-regions">
                  <thead>
                    <tr>
                      <th scope="col">{t("fur.region")}</th>
                      {MEASURES.map(([k]) => (
                        <th scope="col" key={k}>
                          {t("fu.m." + k)}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {[...f.by_region, { ...f.total, region: "" }].map((r) => (
                      <tr key={r.region || "total"} data-region={r.region || "total"}>
                        <th scope="row">{r.region ? region(r.region) : t("fu.total")}</th>
                        {MEASURES.map(([k, field]) => (
                          <td key={k}>{cell(r, field)}</td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          )}
        </>
      )}
    </section>
  );
}
