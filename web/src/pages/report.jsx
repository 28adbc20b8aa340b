// Field report forms, one per kind of report, made for a phone: one
// column, native inputs, large targets, sensible defaults, the server's
// checks repeated before sending and its errors shown at their fields.
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { APIError, get, post } from "../api.js";
import { useI18n } from "../i18n.js";
import { Link } from "../router.js";
import { mayReport, useSession } from "../session.js";
import { setAt, fieldId } from "../paths.js";
import { dropDraft, loadDraft, saveDraft } from "../drafts.js";
import { Loading, OperationHeader, Problem, useErrorText, useLoad } from "../components/common.jsx";
import { CheckboxGroup, CountryField, Form, NumberField, RadioGroup, SelectField, TextArea, TextField } from "../components/fields.jsx";
import {
  AGE_BANDS,
  CHARGES,
  EXPLOITATION,
  RECRUITMENT,
  CONTROL,
  MEANS,
  PREMISES,
  REFERRALS,
  REPORT_TYPES,
  ROUTE_ROLES,
  SCOPES,
  SEXES,
  TLPS,
  body,
  defaults,
  emptyMigrants,
  emptyRoutePoint,
  emptyVictims,
  localInput,
  period,
  present,
  serverPath,
  validate,
} from "../report-model.js";

export function ReportTypes({ id }) {
  const { t } = useI18n();
  const { me } = useSession();
  const { data: op, error, reload } = useLoad(`/operations/${id}`);
  if (error) return <Problem error={error} onRetry={reload} />;
  if (!op) return <Loading />;
  return (
    <div>
      <OperationHeader op={op} current="report" title={t("report.title")} />
      {op.status !== "active" && <p class="notice">{t("report.inactive", { status: t("status." + op.status) })}</p>}
      {!mayReport(me) && <p class="notice">{t("report.notAllowed")}</p>}
      <ul class="type-list" data-testid="report-types">
        {REPORT_TYPES.map((type) => (
          <li key={type}>
            <Link href={`/operations/${id}/report/${type}`} class="type-card" data-testid={"report-type-" + type}>
              <strong>{t("type." + type)}</strong>
              <span>{t("report.about." + type)}</span>
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function ReportForm({ id, type }) {
  const { t } = useI18n();
  const { me } = useSession();
  const { data: op, error, reload } = useLoad(`/operations/${id}`);
  if (error) return <Problem error={error} onRetry={reload} />;
  if (!op) return <Loading />;
  if (!REPORT_TYPES.includes(type)) {
    return (
      <div>
        <OperationHeader op={op} current="report" title={t("report.title")} />
        <p class="notice">{t("report.unknownType")}</p>
      </div>
    );
  }
  if (!mayReport(me)) {
    return (
      <div>
        <OperationHeader op={op} current="report" title={t("report.title")} />
        <p class="notice">{t("report.notAllowed")}</p>
      </div>
    );
  }
  return <ReportEditor op={op} type={type} />;
}

function ReportEditor({ op, type }) {
  const i18n = useI18n();
  const { t, label } = i18n;
  const { me, byCode, signedOut } = useSession();
  const errorText = useErrorText();
  const draftKey = `${op.id}.${type}.${me.user.id}`;
  const [values, setValues] = useState(() => {
    const d = loadDraft(draftKey);
    return d && d.type === type ? d : defaults(type, op, me);
  });
  const [restored, setRestored] = useState(() => !!loadDraft(draftKey));
  const touched = useRef(false);
  // After the operation's period (a replayed demo), a new report is dated
  // at the newest report's time, not the period's last minute.
  const [latest, setLatest] = useState("");
  useEffect(() => {
    if (new Date() <= period(op).max) return;
    let live = true;
    get(`/events?operation_id=${encodeURIComponent(op.id)}&order=newest&limit=1`).then(
      (r) => {
        const at = r.items && r.items[0] ? r.items[0].occurred_at : "";
        if (!live || !at) return;
        setLatest(at);
        if (!touched.current && !loadDraft(draftKey)) setValues(defaults(type, op, me, present(op, at)));
      },
      () => {},
    );
    return () => {
      live = false;
    };
  }, [op.id, type]);
  const fresh = () => defaults(type, op, me, present(op, latest));
  useEffect(() => {
    if (touched.current) saveDraft(draftKey, values);
  }, [values]);
  const [errors, setErrors] = useState({});
  const [problem, setProblem] = useState(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(null);
  const summaryRef = useRef(null);
  const doneRef = useRef(null);
  const participants = op.countries || [];

  const set = (path, v) => {
    touched.current = true;
    setValues((vals) => setAt(vals, path, v));
  };
  const form = useMemo(() => ({ values, errors, set }), [values, errors]);
  const { min, max } = period(op);
  const opts = (vocab, list) => list.map((v) => [v, label(vocab, v)]);

  const showErrors = (errs, prob) => {
    setErrors(errs);
    setProblem(prob);
    requestAnimationFrame(() => summaryRef.current && summaryRef.current.focus());
  };

  const submit = async (e) => {
    e.preventDefault();
    const found = validate(values, op, byCode);
    if (Object.keys(found).length) {
      const errs = {};
      for (const [k, [key, vars]] of Object.entries(found)) errs[k] = t(key, vars);
      showErrors(errs, null);
      return;
    }
    setBusy(true);
    try {
      const ev = await post("/events", body(values, op));
      dropDraft(draftKey);
      setRestored(false);
      setErrors({});
      setProblem(null);
      setDone(ev);
      requestAnimationFrame(() => doneRef.current && doneRef.current.focus());
    } catch (err) {
      if (err instanceof APIError && err.status === 401) {
        signedOut();
        return;
      }
      const errs = {};
      if (err instanceof APIError) for (const [k, m] of Object.entries(err.fields)) errs[serverPath(k, values)] = m;
      showErrors(errs, err);
    } finally {
      setBusy(false);
    }
  };

  const again = () => {
    touched.current = false;
    setValues(fresh());
    setDone(null);
  };
  const discard = () => {
    touched.current = false;
    dropDraft(draftKey);
    setRestored(false);
    setValues(fresh());
    setErrors({});
    setProblem(null);
  };

  if (done) {
    return (
      <div>
        <OperationHeader op={op} current="report" title={t("report.formTitle", { type: t("type." + type) })} />
        <div class="success" role="status" tabindex="-1" ref={doneRef} data-testid="report-success" data-event-id={done.id}>
          <h2>{t("report.sent")}</h2>
          <p>{t("report.sentText")}</p>
          <p class="card-actions">
            <button type="button" class="primary" onClick={again} data-testid="report-again">
              {t("report.another", { type: t("type." + type) })}
            </button>
            <Link class="button secondary" href={`/operations/${op.id}/events/${done.id}`}>
              {t("report.view")}
            </Link>
            <Link class="button secondary" href={`/operations/${op.id}`}>
              {t("nav.live")}
            </Link>
          </p>
        </div>
      </div>
    );
  }

  const errorList = Object.entries(errors);
  return (
    <div class="report">
      <OperationHeader op={op} current="report" title={t("report.formTitle", { type: t("type." + type) })} />
      <p class="crumbs">
        <Link href={`/operations/${op.id}/report`}>{t("report.otherType")}</Link>
      </p>
      {(errorList.length > 0 || problem) && (
        <div class="error-summary" role="alert" tabindex="-1" ref={summaryRef} aria-labelledby="error-summary-title" data-testid="error-summary">
          <h2 id="error-summary-title">{errorList.length ? t("form.errors", { n: errorList.length }) : t("form.notSent")}</h2>
          {problem && <p>{errorText(problem)}</p>}
          <ul>
            {errorList.map(([k, m]) => (
              <li key={k}>
                <a href={"#" + fieldId(k)} onClick={(e) => focusField(e, k)}>
                  {fieldLabel(k, t)}: {m}
                </a>
              </li>
            ))}
            {problem && problem instanceof APIError && problem.other.map((m, i) => <li key={"other" + i}>{m}</li>)}
          </ul>
        </div>
      )}
      {restored && (
        <p class="notice" data-testid="draft-restored">
          {t("report.draftRestored")}{" "}
          <button type="button" class="secondary" onClick={discard}>
            {t("report.discard")}
          </button>
        </p>
      )}
      <Form.Provider value={form}>
        <form class="report-form" onSubmit={submit} noValidate data-testid="report-form" data-type={type}>
          <fieldset class="section">
            <legend>{t("report.whenWhere")}</legend>
            <TextField
              name="occurred_at"
              type="datetime-local"
              label={t("field.occurred_at")}
              hint={t("hint.occurred_at")}
              required
              min={localInput(min)}
              max={localInput(max)}
            />
            <CountryField name="place.country" label={t("field.country")} required participants={participants} />
            <TextField name="place.name" label={t("field.place")} hint={t("hint.place")} autocomplete="address-level2" />
            <Coordinates set={set} />
          </fieldset>

          {type === "raid" && (
            <fieldset class="section">
              <legend>{t("type.raid")}</legend>
              <SelectField name="premises" label={t("field.premises")} options={opts("premises", PREMISES)} placeholder={t("form.choose")} />
              <TextArea name="outcome" label={t("field.outcome")} hint={t("hint.outcome")} />
            </fieldset>
          )}

          {type === "arrest" && (
            <fieldset class="section">
              <legend>{t("type.arrest")}</legend>
              <CheckboxGroup name="charges" legend={t("field.charges")} hint={t("hint.charges")} required options={opts("charge", CHARGES)} />
              {values.charges.map((c) => (
                <TextField key={c} name={"legal." + c} label={t("field.legalBasis", { charge: label("charge", c) })} hint={t("hint.legalBasis")} />
              ))}
            </fieldset>
          )}

          {type === "rescue" && (
            <VictimGroups values={values} set={set} participants={participants} opts={opts} />
          )}

          {type === "migrants" && <MigrantGroups values={values} set={set} participants={participants} />}

          {type === "interception" && (
            <fieldset class="section">
              <legend>{t("type.interception")}</legend>
              <SelectField name="means" label={t("field.means")} options={opts("means", MEANS)} placeholder={t("form.choose")} />
              <TextArea name="outcome" label={t("field.outcome")} hint={t("hint.outcome")} />
            </fieldset>
          )}

          {type === "flight" && (
            <fieldset class="section">
              <legend>{t("type.flight")}</legend>
              <div class="row">
                <TextField name="flight.carrier" label={t("field.carrier")} hint={t("hint.carrier")} required autocapitalize="characters" maxLength={3} class="short" />
                <TextField name="flight.number" label={t("field.number")} hint={t("hint.flightNumber")} required autocapitalize="characters" maxLength={5} class="short" />
              </div>
              <div class="row">
                <TextField name="flight.from" label={t("field.from")} hint={t("hint.airport")} required autocapitalize="characters" maxLength={3} class="short" />
                <TextField name="flight.to" label={t("field.to")} hint={t("hint.airport")} required autocapitalize="characters" maxLength={3} class="short" />
              </div>
              <CountryField name="flight.from_country" label={t("field.from_country")} required participants={participants} />
              <TextField name="flight.departure" type="datetime-local" label={t("field.departure")} />
              <NumberField name="flight.passengers" label={t("field.passengers")} hint={t("hint.passengers")} min="0" max="1000" />
            </fieldset>
          )}

          {type === "deployment" && (
            <fieldset class="section">
              <legend>{t("type.deployment")}</legend>
              {(op.deployments || []).length === 0 ? (
                <p class="notice">{t("report.noDeployments")}</p>
              ) : (
                <SelectField
                  name="deployment"
                  label={t("field.deployment")}
                  required
                  placeholder={t("form.choose")}
                  options={op.deployments.map((d) => [d.name, `${d.name} (${label("deploymentKind", d.kind)}, ${i18n.country(d.country)})`])}
                />
              )}
              <RadioGroup name="phase" legend={t("field.phase")} required options={opts("phase", ["started", "ended"])} />
            </fieldset>
          )}

          <fieldset class="section">
            <legend>{t("report.handling")}</legend>
            <SelectField name="tlp" label={t("field.tlp")} hint={t("hint.tlp")} required options={TLPS.map((l) => [l, `TLP:${l} – ${t("tlp." + l)}`])} />
            <RadioGroup name="release.scope" legend={t("field.release")} hint={t("hint.release")} required options={opts("scope", SCOPES)} />
            {values.release.scope === "listed" && (
              <CheckboxGroup
                name="release.countries"
                legend={t("field.releaseCountries")}
                required
                options={participants.map((c) => [c, i18n.country(c)]).sort((a, b) => i18n.compare(a[1], b[1]))}
              />
            )}
            <TextArea name="summary" label={t("field.summary")} hint={t("hint.summary")} rows={4} />
          </fieldset>

          <div class="actions">
            <button type="submit" class="primary big" disabled={busy} data-testid="report-submit">
              {busy ? t("report.sending") : t("report.send")}
            </button>
          </div>
        </form>
      </Form.Provider>
    </div>
  );
}

function focusField(e, path) {
  const el = document.getElementById(fieldId(path));
  if (!el) return;
  e.preventDefault();
  const target = el.matches("fieldset") ? el.querySelector("input, select, textarea") || el : el;
  target.focus();
  el.scrollIntoView({ block: "center" });
}

// fieldLabel names a field in the error summary: "Victims, group 2: age".
function fieldLabel(path, t) {
  const parts = [];
  const re = /([a-z_]+)(?:\[(\d+)\])?/g;
  let m;
  const segs = [];
  while ((m = re.exec(path))) segs.push([m[1], m[2]]);
  for (let i = 0; i < segs.length; i++) {
    const [name, idx] = segs[i];
    if (name === "legal") {
      parts.push(t("field.legal_basis"));
      break;
    }
    if (name === "place" || name === "flight" || name === "release") continue;
    if (idx !== undefined && (name === "victims" || name === "migrants" || name === "route")) parts.push(t("group." + name, { n: Number(idx) + 1 }));
    else parts.push(t("field." + name));
  }
  return parts.join(t("common.comma")) || t("form.report");
}

// Coordinates are optional; on a phone the device can fill them in.
function Coordinates({ set }) {
  const { t } = useI18n();
  const [state, setState] = useState("");
  const locate = () => {
    if (!navigator.geolocation) {
      setState("unavailable");
      return;
    }
    setState("locating");
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        set("place.lat", pos.coords.latitude.toFixed(5));
        set("place.lon", pos.coords.longitude.toFixed(5));
        setState("done");
      },
      () => setState("unavailable"),
      { timeout: 15000, maximumAge: 60000 },
    );
  };
  return (
    <details class="coords">
      <summary>{t("report.coordinates")}</summary>
      <div class="row">
        <TextField name="place.lat" label={t("field.lat")} inputMode="decimal" class="short" />
        <TextField name="place.lon" label={t("field.lon")} inputMode="decimal" class="short" />
      </div>
      <button type="button" class="secondary" onClick={locate} disabled={state === "locating"}>
        {t("report.useLocation")}
      </button>
      {state && state !== "done" && (
        <p class="hint" role="status">
          {t("report.location." + state)}
        </p>
      )}
    </details>
  );
}

function VictimGroups({ values, set, participants, opts }) {
  const { t } = useI18n();
  const groups = values.victims;
  return (
    <fieldset class="section" id={fieldId("victims")}>
      <legend>{t("report.victims")}</legend>
      <p class="hint">{t("hint.victims")}</p>
      {groups.map((g, i) => {
        const p = `victims[${i}]`;
        return (
          <fieldset class="group" key={i} data-testid={"victims-group-" + i}>
            <legend>{t("group.victims", { n: i + 1 })}</legend>
            <NumberField name={p + ".count"} label={t("field.count")} hint={t("hint.victimCount")} required min="1" max="1000" />
            <RadioGroup name={p + ".sex"} legend={t("field.sex")} options={opts("sex", SEXES)} />
            <div class="row">
              <NumberField name={p + ".age"} label={t("field.age")} min="0" max="120" class="short" />
              <SelectField name={p + ".age_band"} label={t("field.age_band")} hint={t("hint.ageBand")} options={AGE_BANDS.map((b) => [b, b])} placeholder={t("form.choose")} />
            </div>
            <CountryField name={p + ".nationality"} label={t("field.nationality")} participants={participants} />
            <CheckboxGroup name={p + ".exploitation"} legend={t("field.exploitation")} options={opts("exploitation", EXPLOITATION)} />
            <CheckboxGroup name={p + ".recruitment"} legend={t("field.recruitment")} options={opts("recruitment", RECRUITMENT)} />
            <CheckboxGroup name={p + ".means_of_control"} legend={t("field.means_of_control")} options={opts("control", CONTROL)} />
            <CountryField name={p + ".recruited_in"} label={t("field.recruited_in")} participants={participants} />
            <CountryField name={p + ".exploited_in"} label={t("field.exploited_in")} participants={participants} />
            <SelectField name={p + ".referral"} label={t("field.referral")} options={opts("referral", REFERRALS)} placeholder={t("form.choose")} />
            {groups.length > 1 && (
              <button type="button" class="secondary" onClick={() => set("victims", groups.filter((_, j) => j !== i))}>
                {t("report.removeGroup", { n: i + 1 })}
              </button>
            )}
          </fieldset>
        );
      })}
      <button type="button" class="secondary" data-testid="add-victims" onClick={() => set("victims", [...groups, emptyVictims()])}>
        {t("report.addGroup")}
      </button>
    </fieldset>
  );
}

function MigrantGroups({ values, set, participants }) {
  const { t, label } = useI18n();
  const groups = values.migrants;
  return (
    <fieldset class="section" id={fieldId("migrants")}>
      <legend>{t("report.migrants")}</legend>
      <p class="hint">{t("hint.migrants")}</p>
      {groups.map((g, i) => {
        const p = `migrants[${i}]`;
        return (
          <fieldset class="group" key={i} data-testid={"migrants-group-" + i}>
            <legend>{t("group.migrants", { n: i + 1 })}</legend>
            <NumberField name={p + ".count"} label={t("field.count")} required min="1" max="10000" />
            <CountryField name={p + ".nationality"} label={t("field.nationality")} required participants={participants} />
            <NumberField name={p + ".minors"} label={t("field.minors")} hint={t("hint.minors")} min="0" />
            <fieldset class="group route" id={fieldId(p + ".route")}>
              <legend>{t("field.route")}</legend>
              <p class="hint">{t("hint.route")}</p>
              {g.route.map((r, j) => (
                <div class="route-point" key={j}>
                  <CountryField name={`${p}.route[${j}].country`} label={t("field.routeCountry", { n: j + 1 })} required participants={participants} />
                  <SelectField name={`${p}.route[${j}].role`} label={t("field.role")} required options={ROUTE_ROLES.map((x) => [x, label("role", x)])} />
                  <TextField name={`${p}.route[${j}].name`} label={t("field.routePlace")} />
                  <button type="button" class="secondary" onClick={() => set(p + ".route", g.route.filter((_, k) => k !== j))}>
                    {t("report.removePoint", { n: j + 1 })}
                  </button>
                </div>
              ))}
              <button
                type="button"
                class="secondary"
                onClick={() => set(p + ".route", [...g.route, emptyRoutePoint(g.route.length === 0 ? "origin" : "transit")])}
              >
                {t("report.addPoint")}
              </button>
            </fieldset>
            {groups.length > 1 && (
              <button type="button" class="secondary" onClick={() => set("migrants", groups.filter((_, j) => j !== i))}>
                {t("report.removeGroup", { n: i + 1 })}
              </button>
            )}
          </fieldset>
        );
      })}
      <button type="button" class="secondary" onClick={() => set("migrants", [...groups, emptyMigrants()])}>
        {t("report.addGroup")}
      </button>
    </fieldset>
  );
}
