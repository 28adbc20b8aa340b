// The risk rules, for analysts and coordinators (policy.CanManageRules):
// the rules with their versions, a rule's editor whose compile errors are
// shown at the field, and a dry run of the draft over past manifests
// listing the travellers it would have flagged. Nothing is stored by a
// dry run but the audit of the manifests it shows.
import { useEffect, useState } from "preact/hooks";
import { api, get, post } from "../api.js";
import { useI18n } from "../i18n.js";
import { Link, navigate } from "../router.js";
import { hasRole, useSession } from "../session.js";
import { Form, SelectField, TextArea, TextField } from "../components/fields.jsx";
import { Loading, PageTitle, Problem } from "../components/common.jsx";
import { Denied, ErrorSummary, allPages, useAdminForm } from "../components/admin.jsx";

export const mayManageRules = (me) => hasRole(me, "coordinator", "analyst");

function Severity({ n }) {
  const { t } = useI18n();
  return <span class={"badge sev sev-" + n}>{t("severity." + n)}</span>;
}

export function Rules() {
  const { t, dateTime } = useI18n();
  const { me } = useSession();
  const [list, setList] = useState(null);
  const [error, setError] = useState(null);
  const load = async () => {
    try {
      setList(await allPages(get, "/rules"));
      setError(null);
    } catch (err) {
      setError(err);
    }
  };
  useEffect(() => {
    if (mayManageRules(me)) load();
  }, []);
  if (!mayManageRules(me)) return <Denied title={t("rules.title")} need={t("rules.roles")} />;
  return (
    <section class="admin" data-testid="rules">
      <PageTitle>{t("rules.title")}</PageTitle>
      <p class="lede">{t("rules.lede")}</p>
      <p>
        <Link href="/rules/new" class="button primary" data-testid="rule-new">
          {t("rules.new")}
        </Link>
      </p>
      <Problem error={error} onRetry={load} />
      {!list && !error && <Loading />}
      {list && list.length === 0 && <p class="muted">{t("rules.none")}</p>}
      <ul class="cards">
        {(list || []).map((r) => (
          <li class="card" key={r.id} data-testid="rule-row" data-name={r.name} data-version={r.version}>
            <h2>
              <Link href={"/rules/" + r.id} data-testid="rule-link">
                {r.name}
              </Link>
            </h2>
            <p class="op-meta">
              <Severity n={r.severity} /> <span class="badge">{r.enabled ? t("rules.enabled") : t("rules.disabled")}</span>{" "}
              {t("rules.versionOf", { n: r.version, time: dateTime(r.updated_at) })}
            </p>
            {r.description && <p class="muted">{r.description}</p>}
          </li>
        ))}
      </ul>
    </section>
  );
}

const blank = { name: "", description: "", expression: "", reason: "", severity: "2", enabled: true, note: "" };

const formOf = (r) => ({
  name: r.name,
  description: r.description || "",
  expression: r.expression,
  reason: r.reason || "",
  severity: String(r.severity),
  enabled: r.enabled,
  note: "",
});

export function RuleEdit({ ruleId }) {
  const { t, dateTime, number, wallTime, partialDay, country } = useI18n();
  const { me } = useSession();
  const isNew = !ruleId;
  const [rule, setRule] = useState(null);
  const [versions, setVersions] = useState([]);
  const [error, setError] = useState(null);
  const f = useAdminForm(blank);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState("");
  const [dry, setDry] = useState({ manifests: "100", from: "", to: "" });
  const [result, setResult] = useState(null);
  const [dryBusy, setDryBusy] = useState(false);

  const load = async () => {
    if (isNew) return;
    try {
      const r = await get("/rules/" + encodeURIComponent(ruleId));
      setRule(r);
      f.setValues(formOf(r));
      setVersions((await get(`/rules/${r.id}/versions`)).items || []);
      setError(null);
    } catch (err) {
      setError(err);
    }
  };
  useEffect(() => {
    if (mayManageRules(me)) load();
  }, [ruleId]);
  if (!mayManageRules(me)) return <Denied title={t("rules.title")} need={t("rules.roles")} />;
  if (error && !rule) return <Problem error={error} onRetry={load} />;
  if (!isNew && !rule) return <Loading />;

  const v = f.values;
  const check = () => {
    const errs = {};
    if (!v.name.trim()) errs.name = t("admin.why.required");
    if (!v.expression.trim()) errs.expression = t("admin.why.required");
    return errs;
  };
  const save = async (e) => {
    e.preventDefault();
    setSaved("");
    const errs = check();
    if (Object.keys(errs).length) return f.invalid(errs);
    setBusy(true);
    try {
      const body = {
        name: v.name.trim(),
        description: v.description,
        expression: v.expression,
        reason: v.reason,
        severity: Number(v.severity),
        enabled: !!v.enabled,
        note: v.note,
      };
      if (isNew) {
        const r = await post("/rules", body);
        navigate("/rules/" + r.id, { replace: true });
        return;
      }
      const r = await api("PUT", "/rules/" + rule.id, { ...body, version: rule.version });
      setRule(r);
      f.setValues(formOf(r));
      f.clear();
      setVersions((await get(`/rules/${r.id}/versions`)).items || []);
      setSaved(t("rules.saved", { n: r.version }));
    } catch (err) {
      f.fail(err);
    } finally {
      setBusy(false);
    }
  };

  // dryRun runs the draft as it stands, or the stored version given.
  const dryRun = async (version) => {
    setResult(null);
    setSaved("");
    if (!version && !v.expression.trim()) return f.invalid({ expression: t("admin.why.required") });
    setDryBusy(true);
    try {
      const body = version
        ? { rule_id: rule.id, version, manifests: Number(dry.manifests) || 100 }
        : { expression: v.expression, manifests: Number(dry.manifests) || 100 };
      if (!version && v.reason.trim()) body.reason = v.reason;
      if (dry.from) body.from = new Date(dry.from + "T00:00:00Z").toISOString();
      if (dry.to) body.to = new Date(new Date(dry.to + "T00:00:00Z").getTime() + 86400000).toISOString();
      const r = await post("/rules/dry-run", body);
      f.clear();
      setResult(r);
    } catch (err) {
      f.fail(err);
    } finally {
      setDryBusy(false);
    }
  };

  const severities = [1, 2, 3].map((n) => [String(n), t("severity." + n)]);
  return (
    <section class="admin" data-testid="rule-edit">
      <p class="crumbs">
        <Link href="/rules">{t("rules.title")}</Link>
        <span aria-hidden="true"> › </span>
        <span>{isNew ? t("rules.new") : rule.name}</span>
      </p>
      <PageTitle>{isNew ? t("rules.new") : rule.name}</PageTitle>
      {rule && (
        <p class="op-meta">
          <Severity n={rule.severity} /> {t("rules.versionOf", { n: rule.version, time: dateTime(rule.updated_at) })}
        </p>
      )}
      <Form.Provider value={f.form}>
        <form class="panel" onSubmit={save} noValidate data-testid="rule-form">
          <h2>{isNew ? t("rules.write") : t("rules.change")}</h2>
          <ErrorSummary f={f} title={t("manage.notSaved")} testid="rule-errors" />
          <TextField name="name" label={t("rules.name")} hint={t("rules.nameHint")} required />
          <TextArea name="description" label={t("rules.description")} rows={3} />
          <div class="rule-code">
            <TextArea
              name="expression"
              label={t("rules.expression")}
              rows={5}
              required
              hint={
                <>
                  {t("rules.expressionHint")} <code dir="ltr">booking.days_before_departure &lt;= 1 &amp;&amp; booking.one_way</code>
                </>
              }
            />
          </div>
          <div class="rule-code">
            <TextArea name="reason" label={t("rules.reason")} rows={2} hint={t("rules.reasonHint")} />
          </div>
          <div class="row">
            <SelectField name="severity" label={t("rules.severity")} required options={severities} class="short" />
            <div class="field short check-field">
              <label class="choice">
                <input type="checkbox" data-testid="field-enabled" checked={!!v.enabled} onChange={(e) => f.form.set("enabled", e.currentTarget.checked)} />
                <span>{t("rules.enabledLabel")}</span>
              </label>
            </div>
          </div>
          <TextField name="note" label={t("rules.note")} hint={t("rules.noteHint")} />
          {saved && (
            <p class="success" role="status" data-testid="rule-saved">
              {saved}
            </p>
          )}
          <div class="card-actions">
            <button type="submit" class="primary" disabled={busy} data-testid="rule-save">
              {isNew ? t("rules.create") : t("rules.saveVersion")}
            </button>
          </div>
        </form>
      </Form.Provider>

      <section class="panel" aria-labelledby="dry-title" data-testid="rule-dry">
        <h2 id="dry-title">{t("rules.dryTitle")}</h2>
        <p class="hint">{t("rules.dryHint")}</p>
        <div class="filters">
          <div class="field">
            <label for="dry-manifests">{t("rules.dryManifests")}</label>
            <input id="dry-manifests" type="number" min="1" max="1000" inputmode="numeric" data-testid="dry-manifests" value={dry.manifests} onInput={(e) => setDry({ ...dry, manifests: e.currentTarget.value })} />
          </div>
          <div class="field">
            <label for="dry-from">{t("audit.from")}</label>
            <input id="dry-from" type="date" data-testid="dry-from" value={dry.from} onInput={(e) => setDry({ ...dry, from: e.currentTarget.value })} />
          </div>
          <div class="field">
            <label for="dry-to">{t("audit.to")}</label>
            <input id="dry-to" type="date" data-testid="dry-to" value={dry.to} onInput={(e) => setDry({ ...dry, to: e.currentTarget.value })} />
          </div>
          <p class="filters-action">
            <button type="button" class="primary" disabled={dryBusy} data-testid="dry-run" onClick={() => dryRun(0)}>
              {dryBusy ? t("rules.dryRunning") : t("rules.dryRun")}
            </button>
          </p>
        </div>
        {result && (
          <div data-testid="dry-result" data-flagged={result.flagged} data-version={result.rule && result.rule.id ? result.rule.version : ""} role="status">
            {result.rule && result.rule.id && <p class="hint">{t("rules.dryOfVersion", { n: result.rule.version })}</p>}
            <p>
              <strong>
                {t("rules.dryTotals", {
                  n: result.flagged,
                  travellers: number(result.travellers),
                  manifests: number(result.manifests),
                })}
              </strong>
            </p>
            {result.more && <p class="hint">{t("rules.dryMore")}</p>}
            {result.errors > 0 && <p class="error">{t("rules.dryErrors", { n: result.errors })}</p>}
            {(result.warnings || []).length > 0 && (
              <ul class="warnings">
                {result.warnings.map((w, i) => (
                  <li key={i}>
                    <bdi lang="en">{w}</bdi>
                  </li>
                ))}
              </ul>
            )}
            {result.flags.length > 0 && (
              <div class="table-wrap stack-wrap" tabindex="0" role="group" aria-label={t("rules.dryFlags")}>
                <table class="stack" role="table" data-testid="dry-flags">
                  <caption class="visually-hidden">{t("rules.dryFlags")}</caption>
                  <thead>
                    <tr role="row">
                      <th role="columnheader" scope="col">{t("rules.traveller")}</th>
                      <th role="columnheader" scope="col">{t("rules.flight")}</th>
                      <th role="columnheader" scope="col">{t("rules.arrival")}</th>
                      <th role="columnheader" scope="col">{t("rules.why")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {result.flags.map((fl, i) => (
                      <tr role="row" key={fl.manifest_id + "-" + fl.traveller.index + "-" + i} data-testid="dry-flag" data-name={fl.traveller.name}>
                        <td role="cell" data-label={t("rules.traveller")}>
                          <bdi>{fl.traveller.name}</bdi>
                          {fl.traveller.birth_date && <span class="muted"> · {partialDay(fl.traveller.birth_date)}</span>}
                          {fl.traveller.nationality && <span class="muted"> · {country(fl.traveller.nationality)}</span>}
                        </td>
                        <td role="cell" data-label={t("rules.flight")}>
                          <Link href={"/flights/" + fl.manifest_id}>
                            <bdi>{fl.flight}</bdi>
                          </Link>{" "}
                          <span class="muted">{wallTime(fl.flight_date)}</span>
                        </td>
                        <td role="cell" data-label={t("rules.arrival")}>
                          {country(fl.country)}
                        </td>
                        <td role="cell" data-label={t("rules.why")}>
                          <bdi lang="en">{fl.reason}</bdi>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </div>
        )}
      </section>

      {versions.length > 0 && (
        <section class="panel" aria-labelledby="versions-title" data-testid="rule-versions">
          <h2 id="versions-title">{t("rules.versions")}</h2>
          <ol class="plain">
            {versions.map((r) => (
              <li key={r.version} data-testid="rule-version" data-version={r.version}>
                <strong>{t("rules.versionN", { n: r.version })}</strong> · {dateTime(r.updated_at)} · <Severity n={r.severity} />{" "}
                {r.enabled ? t("rules.enabled") : t("rules.disabled")}
                {r.note && <p class="muted">{r.note}</p>}
                {" "}
                <button
                  type="button"
                  class="secondary small"
                  disabled={dryBusy}
                  data-testid="version-dry-run"
                  onClick={() => {
                    dryRun(r.version);
                    document.getElementById("dry-title").scrollIntoView();
                  }}
                >
                  {t("rules.dryVersion", { n: r.version })}
                </button>
                <details>
                  <summary>{t("rules.expression")}</summary>
                  <pre class="code" dir="ltr">
                    {r.expression}
                  </pre>
                </details>
              </li>
            ))}
          </ol>
        </section>
      )}
    </section>
  );
}
