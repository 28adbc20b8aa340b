// Create and edit a person, document or watchlist entry. The form's values
// have the API body's shape, so the server's refusal of "names[1].full" or
// "release.countries[0]" is shown at that field, in the user's language;
// the releasability editor says as the user chooses who will see it.
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { APIError, api, post } from "../api.js";
import { useI18n } from "../i18n.js";
import { Link, navigate } from "../router.js";
import { mayWork, useSession } from "../session.js";
import { fieldId, setAt } from "../paths.js";
import { Loading, PageTitle, Problem, useErrorText, useLoad } from "../components/common.jsx";
import { CountryField, Form, SelectField, TextArea, TextField } from "../components/fields.jsx";
import { MarkingFields, PickList, Scripts, useCountryOptions } from "../components/marking.jsx";
import {
  API_PATH,
  CATEGORIES,
  DOC_STATUSES,
  DOC_TYPES,
  ID_KINDS,
  KINDS,
  NAME_KINDS,
  ROLES,
  SEXES,
  WATCH_DOC_STATUSES,
  bodyOf,
  emptyValues,
  localErrors,
  serverText,
  validateRecord,
  valuesOf,
} from "../records-model.js";

export function RecordNew({ kind }) {
  const { t } = useI18n();
  const { me } = useSession();
  if (!KINDS.includes(kind) || !mayWork(me)) return <p>{t("records.notAllowed")}</p>;
  const initial = emptyValues(kind);
  // A document added from its holder's page names the holder.
  const holder = new URLSearchParams(location.search).get("person_id");
  if (kind === "documents" && holder) initial.person_id = holder;
  return <RecordForm kind={kind} initial={initial} />;
}

export function RecordEdit({ kind, id }) {
  const { t } = useI18n();
  const { me } = useSession();
  const ok = KINDS.includes(kind);
  const { data, error, reload } = useLoad(ok ? `${API_PATH[kind]}/${encodeURIComponent(id)}` : null);
  if (!ok || (error instanceof APIError && error.status === 404)) {
    return (
      <section data-testid="record-not-found">
        <PageTitle>{t("records.notShared")}</PageTitle>
      </section>
    );
  }
  if (error) return <Problem error={error} onRetry={reload} />;
  if (!data) return <Loading />;
  if (!me.agency || data.owner_agency !== me.agency.id || !mayWork(me)) return <p>{t("records.onlyOwner")}</p>;
  return <RecordForm kind={kind} initial={valuesOf(kind, data)} id={id} owner={data.owner_agency} key={data.version} />;
}

// summaryTarget is the element an error in the summary leads to: the
// field, or the list that holds an item ("release.countries[1]").
function summaryTarget(path) {
  if (document.getElementById(fieldId(path))) return fieldId(path);
  return fieldId(path.replace(/\[\d+\]$/, ""));
}

function RecordForm({ kind, initial, id, owner }) {
  const i18n = useI18n();
  const { t, label, code } = i18n;
  const { signedOut } = useSession();
  const errorText = useErrorText();
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState({});
  const [problem, setProblem] = useState(null);
  const [busy, setBusy] = useState(false);
  const summaryRef = useRef(null);
  const set = (path, v) => setValues((vals) => setAt(vals, path, v));
  const form = useMemo(() => ({ values, errors, set }), [values, errors]);
  const countryOptions = useCountryOptions();

  const fail = (errs, prob) => {
    setErrors(errs);
    setProblem(prob);
    requestAnimationFrame(() => summaryRef.current && summaryRef.current.focus());
  };

  const submit = async (e) => {
    e.preventDefault();
    const found = validateRecord(kind, values);
    if (Object.keys(found).length) return fail(localErrors(found, t), null);
    setBusy(true);
    try {
      const body = bodyOf(kind, values);
      const saved = id ? await api("PUT", `${API_PATH[kind]}/${encodeURIComponent(id)}`, body) : await post(API_PATH[kind], body);
      navigate(`/records/${kind}/${saved.id}`);
    } catch (err) {
      if (err instanceof APIError && err.status === 401) return signedOut();
      const errs = {};
      if (err instanceof APIError) for (const [k, m] of Object.entries(err.fields)) errs[k] = serverText(m, t, code);
      fail(errs, err);
    } finally {
      setBusy(false);
    }
  };

  const list = (name) => values[name] || [];
  const addTo = (name, item) => set(name, [...list(name), item]);
  const removeFrom = (name, i) => set(name, list(name).filter((_, j) => j !== i));
  const errorList = Object.entries(errors);
  const person = kind === "persons" || kind === "watch-persons";
  const conflict = problem instanceof APIError && problem.status === 409;

  return (
    <section class="record-form" data-testid="record-form" data-kind={kind}>
      <p class="crumbs">
        <Link href={id ? `/records/${kind}/${id}` : "/records?kind=" + kind}>{id ? t("records.backToRecord") : t("records.backTo." + kind)}</Link>
      </p>
      <PageTitle>{id ? t("records.editTitle." + kind) : t("records.new." + kind)}</PageTitle>
      <Form.Provider value={form}>
        <form onSubmit={submit} noValidate data-testid="record-form-form">
          {(errorList.length > 0 || problem) && (
            <div class="error-summary" role="alert" tabindex="-1" ref={summaryRef} data-testid="record-errors">
              <h2>{errorList.length ? t("form.errors", { n: errorList.length }) : t("records.notSaved")}</h2>
              {conflict && (
                <p>
                  {t("records.conflict")}{" "}
                  <a href={`/records/${kind}/${id}/edit`} onClick={(e) => (e.preventDefault(), location.reload())}>
                    {t("records.reload")}
                  </a>
                </p>
              )}
              {problem && !conflict && errorList.length === 0 && <p>{errorText(problem)}</p>}
              <ul>
                {errorList.map(([k, m]) => (
                  <li key={k}>
                    <a href={"#" + summaryTarget(k)}>{m}</a>
                  </li>
                ))}
                {problem instanceof APIError && problem.other.map((m, i) => <li key={"o" + i}>{serverText(m, t, code)}</li>)}
              </ul>
            </div>
          )}

          <fieldset class="section">
            <legend>{t("records.kindOne." + kind)}</legend>
            {kind === "persons" && (
              <SelectField name="role" label={t("records.field.role")} required placeholder={t("form.choose")} options={ROLES.map((r) => [r, label("records.role", r)])} />
            )}
            {kind === "watch-persons" && (
              <SelectField name="category" label={t("records.field.category")} required placeholder={t("form.choose")} options={CATEGORIES.map((c) => [c, label("category", c)])} />
            )}
            {(kind === "watch-persons" || kind === "watch-documents") && <TextField name="ref" label={t("records.field.ref")} hint={t("records.hint.ref")} dir="ltr" />}

            {person && (
              <fieldset class="field names-edit" id={fieldId("names")}>
                <legend>{t("records.names")}</legend>
                <p class="hint">{t("records.hint.names")}</p>
                {errors.names && <p class="field-error">{errors.names}</p>}
                {list("names").map((n, i) => (
                  <div class="repeat" key={i} data-testid="name-row">
                    <TextField
                      name={`names[${i}].full`}
                      label={t("records.nameN", { n: i + 1 })}
                      required={i === 0}
                      dir="auto"
                      autocomplete="off"
                      spellcheck={false}
                    />
                    <Scripts text={n.full} />
                    <SelectField
                      name={`names[${i}].kind`}
                      label={t("records.field.nameKind")}
                      placeholder={t("records.nameKind.default")}
                      options={NAME_KINDS.map((k) => [k, label("records.nameKind", k)])}
                    />
                    {i > 0 && (
                      <button type="button" class="secondary small" onClick={() => removeFrom("names", i)} data-testid={"name-remove-" + i}>
                        {t("records.removeName", { n: i + 1 })}
                      </button>
                    )}
                  </div>
                ))}
                <button type="button" class="secondary" onClick={() => addTo("names", { full: "", kind: "alias" })} data-testid="name-add">
                  {t("records.addName")}
                </button>
              </fieldset>
            )}
            {person && (
              <div class="filters">
                <TextField name="birth_date" label={t("records.field.birthDate")} hint={t("check.birthDateHint")} inputMode="numeric" dir="ltr" />
                <SelectField name="sex" label={t("field.sex")} placeholder={t("form.choose")} options={SEXES.map((s) => [s, label("sex", s)])} />
              </div>
            )}
            {person && <PickList name="nationalities" legend={t("records.field.nationalities")} options={countryOptions} testid="nationalities" />}

            {kind === "persons" && (
              <fieldset class="field" id={fieldId("identifiers")}>
                <legend>{t("records.identifiers")}</legend>
                <p class="hint">{t("records.hint.identifiers")}</p>
                {list("identifiers").map((x, i) => (
                  <div class="repeat filters" key={i} data-testid="identifier-row">
                    <SelectField name={`identifiers[${i}].kind`} label={t("records.field.idKind")} options={ID_KINDS.map((k) => [k, label("records.idKind", k)])} />
                    <TextField name={`identifiers[${i}].value`} label={t("records.field.idValue")} dir={x.kind === "address" ? "auto" : "ltr"} autocomplete="off" />
                    {["address", "vehicle", "bank_account"].includes(x.kind) && <CountryField name={`identifiers[${i}].country`} label={t("field.country")} />}
                    {x.kind === "online_account" && <TextField name={`identifiers[${i}].platform`} label={t("records.field.platform")} dir="ltr" />}
                    <p class="filters-action">
                      <button type="button" class="secondary small" onClick={() => removeFrom("identifiers", i)}>
                        {t("records.removeIdentifier", { n: i + 1 })}
                      </button>
                    </p>
                  </div>
                ))}
                <button type="button" class="secondary" onClick={() => addTo("identifiers", { kind: "phone", value: "" })} data-testid="identifier-add">
                  {t("records.addIdentifier")}
                </button>
              </fieldset>
            )}

            {kind === "watch-persons" && (
              <fieldset class="field" id={fieldId("documents")}>
                <legend>{t("records.field.documents")}</legend>
                {list("documents").map((d, i) => (
                  <div class="repeat filters" key={i}>
                    <TextField name={`documents[${i}].number`} label={t("records.field.number")} dir="ltr" autocomplete="off" />
                    <CountryField name={`documents[${i}].issuing_state`} label={t("records.field.issuingState")} />
                    <SelectField name={`documents[${i}].type`} label={t("records.field.type")} placeholder={t("form.choose")} options={DOC_TYPES.map((x) => [x, label("doc", x)])} />
                    <p class="filters-action">
                      <button type="button" class="secondary small" onClick={() => removeFrom("documents", i)}>
                        {t("records.removeDocument", { n: i + 1 })}
                      </button>
                    </p>
                  </div>
                ))}
                <button type="button" class="secondary" onClick={() => addTo("documents", { number: "", issuing_state: "", type: "passport" })}>
                  {t("records.addDocument")}
                </button>
              </fieldset>
            )}

            {!person && (
              <div class="filters">
                <SelectField name="type" label={t("records.field.type")} options={DOC_TYPES.map((x) => [x, label("doc", x)])} />
                <TextField name="number" label={t("records.field.number")} required dir="ltr" autocapitalize="characters" autocomplete="off" spellcheck={false} />
                <CountryField name="issuing_state" label={t("records.field.issuingState")} required />
                <SelectField
                  name="status"
                  label={t("records.field.status")}
                  required={kind === "watch-documents"}
                  placeholder={kind === "watch-documents" ? t("form.choose") : undefined}
                  options={(kind === "documents" ? DOC_STATUSES : WATCH_DOC_STATUSES).map((s) => [s, label("records.docStatus", s)])}
                />
              </div>
            )}
            {kind === "documents" && (
              <div class="filters">
                <TextField name="issued_on" type="date" label={t("records.field.issuedOn")} />
                <TextField name="expires_on" type="date" label={t("records.field.expiresOn")} />
                <TextField name="person_id" label={t("records.field.holderId")} hint={t("records.hint.holderId")} dir="ltr" autocomplete="off" />
              </div>
            )}
            {person && <TextArea name="notes" label={t("records.field.notes")} hint={t("records.hint.notes")} rows={3} />}
          </fieldset>

          <MarkingFields values={values} owner={owner} />

          <div class="actions">
            <button type="submit" class="primary big" disabled={busy} data-testid="record-submit">
              {busy ? t("check.sending") : id ? t("records.save") : t("records.create")}
            </button>
          </div>
        </form>
      </Form.Provider>
    </section>
  );
}
