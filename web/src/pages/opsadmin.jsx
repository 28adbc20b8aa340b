// Operations administration, for the coordinators of an operation's lead
// agency: create an operation, invite countries and agencies and follow
// the invitations, plan its regional units and deployments, activate and
// close it. The server decides (policy.CanCreateOperation,
// CanManageOperation); these screens offer only what it would allow.
import { useEffect, useMemo, useState } from "preact/hooks";
import { api, get, post } from "../api.js";
import { useI18n } from "../i18n.js";
import { Link, navigate } from "../router.js";
import { hasRole, useSession } from "../session.js";
import { Form, CountryField, SelectField, TextArea, TextField } from "../components/fields.jsx";
import { Loading, PageTitle, Problem, useErrorText } from "../components/common.jsx";
import { Denied, ErrorSummary, allPages, useAdminForm } from "../components/admin.jsx";

const DEPLOYMENT_KINDS = ["border_point", "airport", "seaport", "hotspot"];

const mayManage = (me) => hasRole(me, "coordinator") && !!(me.agency && me.agency.id);

// leads reports whether the user's agency leads op.
const leads = (me, op) => !!op && !!me.agency && op.lead_agency === me.agency.id;

export function ManageOperations() {
  const { t, longDay } = useI18n();
  const { me } = useSession();
  const [ops, setOps] = useState(null);
  const [error, setError] = useState(null);
  const f = useAdminForm({ name: "", description: "", start: "", end: "" });
  const [busy, setBusy] = useState(false);
  const [invited, setInvited] = useState(0);

  const load = async () => {
    try {
      get("/invitations").then((l) => setInvited((l.items || []).filter((p) => p.kind === "agency").length), () => setInvited(0));
      setOps(await allPages(get, "/operations"));
      setError(null);
    } catch (err) {
      setError(err);
    }
  };
  useEffect(() => {
    if (mayManage(me)) load();
  }, []);
  if (!mayManage(me)) return <Denied title={t("manage.title")} need={t("userRole.coordinator")} />;

  const submit = async (e) => {
    e.preventDefault();
    const v = f.values;
    const errs = {};
    if (!v.name.trim()) errs.name = t("admin.why.required");
    if (!v.start) errs.start = t("admin.why.required");
    if (!v.end) errs.end = t("admin.why.required");
    if (v.start && v.end && v.end < v.start) errs.end = t("admin.why.beforeStart");
    if (Object.keys(errs).length) return f.invalid(errs);
    setBusy(true);
    try {
      const body = { name: v.name.trim(), start: v.start, end: v.end, status: "planned" };
      if (v.description.trim()) body.description = v.description.trim();
      const op = await post("/operations", body);
      navigate("/manage/" + op.id);
    } catch (err) {
      f.fail(err);
    } finally {
      setBusy(false);
    }
  };

  const mine = (ops || []).filter((op) => leads(me, op));
  return (
    <section class="admin" data-testid="manage">
      <PageTitle>{t("manage.title")}</PageTitle>
      <p class="lede">{t("manage.lede")}</p>
      <Problem error={error} onRetry={load} />
      {invited > 0 && (
        <p class="notice" data-testid="manage-invited">
          {t("manage.invited", { n: invited })} <Link href="/invitations">{t("invitations.title")}</Link>
        </p>
      )}
      <Form.Provider value={f.form}>
        <form class="panel" onSubmit={submit} noValidate data-testid="operation-create">
          <h2>{t("manage.create")}</h2>
          <ErrorSummary f={f} title={t("manage.notSaved")} testid="operation-create-errors" />
          <TextField name="name" label={t("manage.name")} required />
          <TextArea name="description" label={t("manage.description")} />
          <div class="row">
            <TextField name="start" type="date" label={t("manage.start")} required class="short" />
            <TextField name="end" type="date" label={t("manage.end")} required class="short" />
          </div>
          <p class="hint">{t("manage.createHint")}</p>
          <button type="submit" class="primary" disabled={busy} data-testid="operation-create-submit">
            {t("manage.createSubmit")}
          </button>
        </form>
      </Form.Provider>
      <h2>{t("manage.mine")}</h2>
      {!ops && !error && <Loading />}
      {ops && mine.length === 0 && <p class="muted">{t("manage.none")}</p>}
      <ul class="cards" data-testid="managed-operations">
        {mine.map((op) => (
          <li key={op.id} class="card" data-testid="managed-operation" data-name={op.name}>
            <h3>
              <Link href={"/manage/" + op.id} data-testid="manage-link">
                {op.name}
              </Link>
            </h3>
            <p class="op-meta">
              <span class={"badge status-" + op.status}>{t("status." + op.status)}</span>{" "}
              {t("operation.period", { start: longDay(op.start), end: longDay(op.end) })}
            </p>
            <p>{t("operation.countries", { n: (op.countries || []).length })}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}

// planOf is the editable part of an operation, in the form's shape: a
// unit's countries are typed as codes separated by commas.
function planOf(op) {
  return {
    name: op.name || "",
    description: op.description || "",
    start: op.start || "",
    end: op.end || "",
    units: (op.units || []).map((u) => ({ name: u.name, countries: (u.countries || []).join(", "), agencies: u.agencies || [] })),
    deployments: (op.deployments || []).map((d) => ({
      ...d,
      lat: d.lat ? String(d.lat) : "",
      lon: d.lon ? String(d.lon) : "",
    })),
  };
}

const codes = (s) =>
  s
    .split(/[\s,;]+/)
    .map((c) => c.trim().toUpperCase())
    .filter(Boolean);

// bodyOf is the operation to send: plan as edited (or the operation's as
// it is when plan is null), status as given; participants are never sent,
// they change by invitation.
function bodyOf(op, plan, status) {
  const p = plan || planOf(op);
  const body = {
    name: p.name.trim(),
    start: p.start,
    end: p.end,
    status,
    version: op.version,
    units: p.units.map((u) => ({ name: u.name.trim(), countries: codes(u.countries), ...(u.agencies.length ? { agencies: u.agencies } : {}) })),
    deployments: p.deployments.map((d) => {
      const out = { name: (d.name || "").trim(), kind: d.kind, country: d.country, start: d.start, end: d.end };
      if (String(d.lat).trim() !== "") out.lat = Number(d.lat);
      if (String(d.lon).trim() !== "") out.lon = Number(d.lon);
      return out;
    }),
  };
  if (p.description.trim()) body.description = p.description.trim();
  return body;
}

export function ManageOperation({ id }) {
  const { t, longDay } = useI18n();
  const { me } = useSession();
  const errorText = useErrorText();
  const [op, setOp] = useState(null);
  const [error, setError] = useState(null);
  const [agencies, setAgencies] = useState([]);
  const f = useAdminForm(null);
  const [saved, setSaved] = useState("");
  const [busy, setBusy] = useState(false);
  const [statusError, setStatusError] = useState("");
  const [confirmClose, setConfirmClose] = useState(false);

  const load = async () => {
    try {
      const o = await get("/operations/" + encodeURIComponent(id));
      setOp(o);
      f.setValues(planOf(o));
      setError(null);
      setAgencies(await allPages(get, "/agencies"));
    } catch (err) {
      setError(err);
    }
  };
  useEffect(() => {
    if (mayManage(me)) load();
  }, [id]);

  const agencyName = useMemo(() => {
    const m = new Map(agencies.map((a) => [a.id, a]));
    return (aid) => (m.get(aid) ? `${m.get(aid).name} (${m.get(aid).country})` : aid);
  }, [agencies]);

  if (!mayManage(me)) return <Denied title={t("manage.title")} need={t("userRole.coordinator")} />;
  if (error && !op) return <Problem error={error} onRetry={load} />;
  if (!op || !f.values) return <Loading />;
  if (!leads(me, op)) {
    return (
      <section data-testid="denied">
        <PageTitle>{op.name}</PageTitle>
        <p class="notice">{t("manage.notLead")}</p>
      </section>
    );
  }

  const save = async (e) => {
    e.preventDefault();
    setSaved("");
    f.clear();
    setBusy(true);
    try {
      const o = await api("PUT", "/operations/" + op.id, bodyOf(op, f.values, op.status));
      setOp(o);
      f.setValues(planOf(o));
      setSaved(t("manage.saved"));
    } catch (err) {
      f.fail(err);
    } finally {
      setBusy(false);
    }
  };

  const move = async (status) => {
    setStatusError("");
    setSaved("");
    try {
      const o = await api("PUT", "/operations/" + op.id, bodyOf(op, null, status));
      setOp(o);
      f.setValues(planOf(o));
      setConfirmClose(false);
    } catch (err) {
      setStatusError(errorText(err));
    }
  };

  const v = f.values;
  const closed = op.status === "closed";
  const addUnit = () => f.setValues({ ...v, units: [...v.units, { name: "", countries: "", agencies: [] }] });
  const addDeployment = () =>
    f.setValues({ ...v, deployments: [...v.deployments, { name: "", kind: "border_point", country: "", lat: "", lon: "", start: v.start, end: v.end }] });
  const drop = (list, i) => f.setValues({ ...v, [list]: v[list].filter((_, j) => j !== i) });

  return (
    <section class="admin" data-testid="manage-operation" data-status={op.status}>
      <p class="crumbs">
        <Link href="/manage">{t("manage.title")}</Link>
        <span aria-hidden="true"> › </span>
        <span>{op.name}</span>
      </p>
      <PageTitle>{op.name}</PageTitle>
      <p class="op-meta">
        <span class={"badge status-" + op.status} data-testid="operation-status">
          {t("status." + op.status)}
        </span>{" "}
        {t("operation.period", { start: longDay(op.start), end: longDay(op.end) })}{" "}
        <Link href={"/operations/" + op.id}>{t("nav.live")}</Link>
      </p>

      <section class="panel" aria-labelledby="op-status-title">
        <h2 id="op-status-title">{t("manage.status")}</h2>
        <p>{t("manage.statusHint." + op.status)}</p>
        <div class="card-actions">
          {op.status === "planned" && (
            <button type="button" class="primary" data-testid="operation-activate" onClick={() => move("active")}>
              {t("manage.activate")}
            </button>
          )}
          {!closed && !confirmClose && (
            <button type="button" class="secondary" data-testid="operation-close" onClick={() => setConfirmClose(true)}>
              {t("manage.close")}
            </button>
          )}
        </div>
        {confirmClose && (
          <div class="notice" role="alert">
            <p>{t("manage.closeWarning")}</p>
            <div class="card-actions">
              <button type="button" class="primary" data-testid="operation-close-confirm" onClick={() => move("closed")}>
                {t("manage.closeConfirm")}
              </button>
              <button type="button" class="secondary" onClick={() => setConfirmClose(false)}>
                {t("manage.cancel")}
              </button>
            </div>
          </div>
        )}
        {statusError && (
          <p class="error" role="alert" data-testid="operation-status-error">
            {statusError}
          </p>
        )}
      </section>

      <Participants op={op} agencies={agencies} agencyName={agencyName} />

      <Form.Provider value={f.form}>
        <form class="panel" onSubmit={save} noValidate data-testid="operation-plan">
          <h2>{t("manage.plan")}</h2>
          <ErrorSummary f={f} title={t("manage.notSaved")} testid="operation-plan-errors" />
          <TextField name="name" label={t("manage.name")} required />
          <TextArea name="description" label={t("manage.description")} />
          <div class="row">
            <TextField name="start" type="date" label={t("manage.start")} required class="short" />
            <TextField name="end" type="date" label={t("manage.end")} required class="short" />
          </div>

          <h3>{t("manage.units")}</h3>
          <p class="hint">{t("manage.unitsHint")}</p>
          {v.units.length === 0 && <p class="muted">{t("manage.noUnits")}</p>}
          {v.units.map((u, i) => (
            <fieldset class="group" key={"u" + i} data-testid="unit">
              <legend>{t("manage.unitN", { n: i + 1 })}</legend>
              <div class="row">
                <TextField name={`units[${i}].name`} label={t("manage.unitName")} required />
                <TextField
                  name={`units[${i}].countries`}
                  label={t("manage.unitCountries")}
                  hint={
                    <>
                      {t("manage.unitCountriesHint")} <bdi dir="ltr">MK, AL, RS</bdi>
                    </>
                  }
                  required
                  dir="ltr"
                  autocapitalize="characters"
                />
              </div>
              <button type="button" class="secondary small" onClick={() => drop("units", i)} data-testid="unit-remove">
                {t("manage.remove")}
              </button>
            </fieldset>
          ))}
          <p>
            <button type="button" class="secondary" onClick={addUnit} data-testid="unit-add">
              {t("manage.addUnit")}
            </button>
          </p>

          <h3>{t("manage.deployments")}</h3>
          <p class="hint">{t("manage.deploymentsHint")}</p>
          {v.deployments.length === 0 && <p class="muted">{t("manage.noDeployments")}</p>}
          {v.deployments.map((d, i) => (
            <fieldset class="group" key={"d" + i} data-testid="deployment">
              <legend>{t("manage.deploymentN", { n: i + 1 })}</legend>
              <div class="row">
                <TextField name={`deployments[${i}].name`} label={t("manage.deploymentName")} required />
                <SelectField
                  name={`deployments[${i}].kind`}
                  label={t("manage.deploymentKind")}
                  required
                  options={DEPLOYMENT_KINDS.map((k) => [k, t("deployment." + k)])}
                />
                <CountryField name={`deployments[${i}].country`} label={t("manage.deploymentCountry")} required participants={op.countries || []} />
              </div>
              <div class="row">
                <TextField name={`deployments[${i}].lat`} label={t("manage.lat")} inputMode="decimal" class="short" />
                <TextField name={`deployments[${i}].lon`} label={t("manage.lon")} inputMode="decimal" class="short" />
                <TextField name={`deployments[${i}].start`} type="date" label={t("manage.start")} required class="short" />
                <TextField name={`deployments[${i}].end`} type="date" label={t("manage.end")} required class="short" />
              </div>
              <button type="button" class="secondary small" onClick={() => drop("deployments", i)} data-testid="deployment-remove">
                {t("manage.remove")}
              </button>
            </fieldset>
          ))}
          <p>
            <button type="button" class="secondary" onClick={addDeployment} data-testid="deployment-add">
              {t("manage.addDeployment")}
            </button>
          </p>
          {saved && (
            <p class="success" role="status" data-testid="operation-saved">
              {saved}
            </p>
          )}
          <button type="submit" class="primary" disabled={busy || closed} data-testid="operation-save">
            {t("manage.save")}
          </button>
        </form>
      </Form.Provider>
    </section>
  );
}

// Participants lists who was invited and what became of it, invites and
// removes.
function Participants({ op, agencies, agencyName }) {
  const { t, country, dateTime, compare } = useI18n();
  const errorText = useErrorText();
  const [list, setList] = useState(null);
  const [error, setError] = useState(null);
  const [kind, setKind] = useState("country");
  const [value, setValue] = useState("");
  const [formError, setFormError] = useState("");
  const [busy, setBusy] = useState(false);
  const { countries } = useSession();

  const load = async () => {
    try {
      setList((await get(`/operations/${op.id}/participants`)).items || []);
      setError(null);
    } catch (err) {
      setError(err);
    }
  };
  useEffect(() => {
    load();
  }, [op.id, op.version]);

  const who = (p) => (p.kind === "country" ? country(p.value) : agencyName(p.value));
  const invite = async (e) => {
    e.preventDefault();
    setFormError("");
    if (!value) return setFormError(t("manage.inviteMissing"));
    setBusy(true);
    try {
      await post(`/operations/${op.id}/participants`, { kind, value });
      setValue("");
      await load();
    } catch (err) {
      setFormError(err.fields && err.fields.value ? err.fields.value : errorText(err));
    } finally {
      setBusy(false);
    }
  };
  const remove = async (p) => {
    try {
      await api("DELETE", `/operations/${op.id}/participants/${p.kind}/${encodeURIComponent(p.value)}`);
      await load();
    } catch (err) {
      setError(err);
    }
  };
  const countryOptions = useMemo(
    () => countries.map((c) => [c.alpha2, country(c.alpha2)]).sort((a, b) => compare(a[1], b[1])),
    [countries, country],
  );
  const closed = op.status === "closed";
  return (
    <section class="panel" aria-labelledby="participants-title" data-testid="participants">
      <h2 id="participants-title">{t("manage.participants")}</h2>
      <p class="hint">{t("manage.participantsHint")}</p>
      <Problem error={error} onRetry={load} />
      {!closed && (
        <form class="filters" onSubmit={invite} noValidate data-testid="invite-form">
          <div class="field">
            <label for="invite-kind">{t("manage.inviteKind")}</label>
            <select
              id="invite-kind"
              data-testid="invite-kind"
              value={kind}
              onChange={(e) => {
                setKind(e.currentTarget.value);
                setValue("");
              }}
            >
              <option value="country">{t("participantKind.country")}</option>
              <option value="agency">{t("participantKind.agency")}</option>
            </select>
          </div>
          <div class={"field" + (formError ? " has-error" : "")}>
            <label for="invite-value">{kind === "country" ? t("participantKind.country") : t("participantKind.agency")}</label>
            <select
              id="invite-value"
              data-testid="invite-value"
              value={value}
              aria-invalid={formError ? "true" : undefined}
              aria-describedby={formError ? "invite-error" : undefined}
              onChange={(e) => setValue(e.currentTarget.value)}
            >
              <option value="">{t("form.choose")}</option>
              {kind === "country"
                ? countryOptions.map(([c, n]) => (
                    <option value={c} key={c}>
                      {n}
                    </option>
                  ))
                : agencies.map((a) => (
                    <option value={a.id} key={a.id}>
                      {a.name} ({a.country})
                    </option>
                  ))}
            </select>
          </div>
          <p class="filters-action">
            <button type="submit" class="primary" disabled={busy} data-testid="invite-submit">
              {t("manage.invite")}
            </button>
          </p>
        </form>
      )}
      {formError && (
        <p class="error" id="invite-error" role="alert" data-testid="invite-error">
          {formError}
        </p>
      )}
      {list && list.length === 0 && <p class="muted">{t("manage.noParticipants")}</p>}
      {list && list.length > 0 && (
        <div class="table-wrap stack-wrap" tabindex="0" role="group" aria-label={t("manage.participants")}>
          <table class="stack" role="table">
            <caption class="visually-hidden">{t("manage.participants")}</caption>
            <thead>
              <tr role="row">
                <th role="columnheader" scope="col">{t("manage.who")}</th>
                <th role="columnheader" scope="col">{t("manage.inviteKind")}</th>
                <th role="columnheader" scope="col">{t("manage.state")}</th>
                <th role="columnheader" scope="col">{t("manage.since")}</th>
                <th role="columnheader" scope="col">
                  <span class="visually-hidden">{t("tokens.actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((p) => (
                <tr role="row" key={p.kind + p.value} data-testid="participant" data-kind={p.kind} data-value={p.value} data-status={p.status}>
                  <td role="cell" data-label={t("manage.who")}>
                    {who(p)}
                    {p.kind === "agency" && p.value === op.lead_agency && <span class="badge"> {t("manage.lead")}</span>}
                  </td>
                  <td role="cell" data-label={t("manage.inviteKind")}>{t("participantKind." + p.kind)}</td>
                  <td role="cell" data-label={t("manage.state")}>
                    <span class="badge">{t("participantStatus." + p.status)}</span>
                  </td>
                  <td role="cell" data-label={t("manage.since")}>
                    {dateTime(p.status === "removed" ? p.removed_at : p.status === "accepted" ? p.accepted_at : p.invited_at)}
                  </td>
                  <td role="cell">
                    {!closed && p.status !== "removed" && !(p.kind === "agency" && p.value === op.lead_agency) && (
                      <button type="button" class="secondary small" data-testid="participant-remove" onClick={() => remove(p)}>
                        {p.status === "invited" ? t("manage.withdraw") : t("manage.removeParticipant")}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
