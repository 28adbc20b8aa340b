// The administrators' screen of agencies: list, create, rename or change
// the kind. An agency's country never changes (the server refuses it): it
// decides what the agency's staff read of what is released to a country.
import { useEffect, useMemo, useState } from "preact/hooks";
import { api, get, post } from "../api.js";
import { useI18n } from "../i18n.js";
import { hasRole, useSession } from "../session.js";
import { Form, CountryField, SelectField, TextField } from "../components/fields.jsx";
import { PageTitle, Problem } from "../components/common.jsx";
import { Denied, ErrorSummary, allPages, useAdminForm } from "../components/admin.jsx";

export const AGENCY_KINDS = ["police", "ncb", "border", "prosecution", "international", "ngo"];

function CreateAgency({ onCreated }) {
  const { t } = useI18n();
  const f = useAdminForm({ country: "", kind: "", name: "" });
  const [busy, setBusy] = useState(false);
  const submit = async (e) => {
    e.preventDefault();
    const v = f.values;
    const errs = {};
    if (!v.country) errs.country = t("admin.why.required");
    if (!v.kind) errs.kind = t("admin.why.required");
    if (!v.name.trim()) errs.name = t("admin.why.required");
    if (Object.keys(errs).length) return f.invalid(errs);
    setBusy(true);
    try {
      const a = await post("/agencies", { country: v.country, kind: v.kind, name: v.name.trim() });
      f.setValues({ country: "", kind: "", name: "" });
      f.clear();
      onCreated(a);
    } catch (err) {
      f.fail(err);
    } finally {
      setBusy(false);
    }
  };
  const kinds = AGENCY_KINDS.map((k) => [k, t("agencyKind." + k)]);
  return (
    <Form.Provider value={f.form}>
      <form class="panel" onSubmit={submit} noValidate data-testid="agency-create">
        <h2>{t("agencies.create")}</h2>
        <ErrorSummary f={f} title={t("manage.notSaved")} testid="agency-create-errors" />
        <div class="row">
          <CountryField name="country" label={t("agencies.country")} required />
          <SelectField name="kind" label={t("agencies.kind")} required options={kinds} placeholder={t("form.choose")} />
        </div>
        <TextField name="name" label={t("agencies.name")} required />
        <button type="submit" class="primary" disabled={busy} data-testid="agency-create-submit">
          {t("agencies.createSubmit")}
        </button>
      </form>
    </Form.Provider>
  );
}

function EditAgency({ a, onSaved, onCancel }) {
  const { t, country } = useI18n();
  const f = useAdminForm({ edit: { kind: a.kind, name: a.name } }, "edit.");
  const [busy, setBusy] = useState(false);
  const submit = async (e) => {
    e.preventDefault();
    const v = f.values.edit;
    if (!v.name.trim()) return f.invalid({ "edit.name": t("admin.why.required") });
    setBusy(true);
    try {
      onSaved(await api("PUT", "/agencies/" + a.id, { kind: v.kind, name: v.name.trim() }));
    } catch (err) {
      f.fail(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form.Provider value={f.form}>
      <form onSubmit={submit} noValidate data-testid="agency-edit" class="agency-edit">
        <ErrorSummary f={f} title={t("manage.notSaved")} testid="agency-edit-errors" />
        <p class="hint">{t("agencies.countryFixed", { country: country(a.country) })}</p>
        <TextField name="edit.name" label={t("agencies.name")} required />
        <SelectField name="edit.kind" label={t("agencies.kind")} required options={AGENCY_KINDS.map((k) => [k, t("agencyKind." + k)])} />
        <div class="card-actions">
          <button type="submit" class="primary" disabled={busy} data-testid="agency-save">
            {t("manage.save")}
          </button>
          <button type="button" class="secondary" onClick={onCancel}>
            {t("manage.cancel")}
          </button>
        </div>
      </form>
    </Form.Provider>
  );
}

export function Agencies() {
  const { t, country, compare, dateTime } = useI18n();
  const { me } = useSession();
  const [list, setList] = useState(null);
  const [error, setError] = useState(null);
  const [editing, setEditing] = useState("");
  const [filter, setFilter] = useState("");
  const [notice, setNotice] = useState("");
  const load = async () => {
    try {
      setList(await allPages(get, "/agencies"));
      setError(null);
    } catch (err) {
      setError(err);
    }
  };
  useEffect(() => {
    if (hasRole(me, "admin")) load();
  }, []);
  const shown = useMemo(() => {
    const q = filter.trim().toLowerCase();
    return (list || [])
      .filter((a) => !q || a.name.toLowerCase().includes(q) || a.country.toLowerCase() === q || country(a.country).toLowerCase().includes(q))
      .sort((a, b) => compare(country(a.country), country(b.country)) || compare(a.name, b.name));
  }, [list, filter, country]);
  if (!hasRole(me, "admin")) return <Denied title={t("agencies.title")} need={t("userRole.admin")} />;
  return (
    <section class="admin" data-testid="agencies">
      <PageTitle>{t("agencies.title")}</PageTitle>
      <p class="lede">{t("agencies.lede")}</p>
      <Problem error={error} onRetry={load} />
      <CreateAgency
        onCreated={(a) => {
          setNotice(t("agencies.created", { name: a.name }));
          load();
        }}
      />
      {notice && (
        <p class="success" role="status" data-testid="agency-notice">
          {notice}
        </p>
      )}
      <section class="panel" aria-labelledby="agency-list-title">
        <h2 id="agency-list-title">{t("agencies.list")}</h2>
        <div class="field">
          <label for="agency-filter">{t("agencies.filter")}</label>
          <input id="agency-filter" type="search" data-testid="agency-filter" value={filter} onInput={(e) => setFilter(e.currentTarget.value)} />
        </div>
        {list && shown.length === 0 && <p class="muted">{t("agencies.none")}</p>}
        <ul class="user-list">
          {shown.map((a) => (
            <li class="user" key={a.id} data-testid="agency-row" data-id={a.id} data-name={a.name}>
              <h3>{a.name}</h3>
              <p class="muted">
                {country(a.country)} · {t("agencyKind." + a.kind)} · {t("agencies.since", { time: dateTime(a.created_at) })}
              </p>
              {editing === a.id ? (
                <EditAgency
                  a={a}
                  onCancel={() => setEditing("")}
                  onSaved={(na) => {
                    setList(list.map((x) => (x.id === na.id ? na : x)));
                    setEditing("");
                    setNotice(t("agencies.saved", { name: na.name }));
                  }}
                />
              ) : (
                <button type="button" class="secondary small" data-testid="agency-edit-open" onClick={() => setEditing(a.id)}>
                  {t("agencies.edit")}
                </button>
              )}
            </li>
          ))}
        </ul>
      </section>
    </section>
  );
}
