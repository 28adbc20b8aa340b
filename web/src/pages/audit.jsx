// The overseer's view of the audit log, for administrators (who read all
// of it, policy.ReadAudit): who read or changed a record, and why, found
// by record, user, agency, period and action; and whether the log
// verifies against its signed head, its checkpoints and the witness file.
import { useEffect, useMemo, useState } from "preact/hooks";
import { get, post, query } from "../api.js";
import { useI18n } from "../i18n.js";
import { hasRole, useSession } from "../session.js";
import { Loading, PageTitle, Problem, useErrorText } from "../components/common.jsx";
import { Denied, allPages } from "../components/admin.jsx";

// ACTIONS are the actions an overseer filters by most; the log holds
// others (each shown as written).
const ACTIONS = [
  "read",
  "list",
  "create",
  "update",
  "delete",
  "check",
  "check_hit",
  "login",
  "login_failed",
  "password_reset",
  "user_disable",
  "user_enable",
  "participant_invite",
  "participant_accept",
  "participant_remove",
  "dry_run",
  "audit_verify",
];

// KINDS are the record kinds the log names; a participation names the
// country or agency after a colon ("operation_country:MK").
const KINDS = ["person", "document", "event", "case", "watch_person", "watch_document", "operation", "user", "rule", "agency", "alert", "manifest", "hit", "audit_log", "parked_work"];

// dayStart is the start of a day (YYYY-MM-DD) in UTC, as the server takes it.
const dayStart = (d) => (d ? new Date(d + "T00:00:00Z").toISOString() : "");
const nextDay = (d) => (d ? new Date(new Date(d + "T00:00:00Z").getTime() + 86400000).toISOString() : "");

function Verification() {
  const { t, dateTime, number } = useI18n();
  const errorText = useErrorText();
  const [v, setV] = useState(null);
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setError("");
    setBusy(true);
    try {
      setV(await post("/audit/verify", {}));
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="panel" aria-labelledby="verify-title" data-testid="audit-verification">
      <h2 id="verify-title">{t("audit.verifyTitle")}</h2>
      <p class="hint">{t("audit.verifyHint")}</p>
      <button type="button" class="primary" disabled={busy} data-testid="audit-verify" onClick={run}>
        {busy ? t("audit.verifying") : t("audit.verify")}
      </button>
      {error && (
        <p class="error" role="alert" data-testid="audit-verify-error">
          {error}
        </p>
      )}
      {v && (
        <div data-testid="audit-verify-result" data-ok={String(v.ok)} role="status">
          <p class={v.ok ? "success" : "error"}>
            <strong>{v.ok ? t("audit.verified") : t("audit.notVerified", { n: v.problems.length + (v.omitted || 0) })}</strong>
          </p>
          <dl class="facts">
            <div>
              <dt>{t("audit.treeSize")}</dt>
              <dd data-testid="audit-tree-size">{number(v.tree_size)}</dd>
            </div>
            <div>
              <dt>{t("audit.entries")}</dt>
              <dd>{number(v.entries)}</dd>
            </div>
            <div>
              <dt>{t("audit.signedAt")}</dt>
              <dd>{dateTime(v.signed_at)}</dd>
            </div>
            <div>
              <dt>{t("audit.root")}</dt>
              <dd>
                <bdi class="code-cell">{v.root}</bdi>
              </dd>
            </div>
            <div>
              <dt>{t("audit.checkpoints")}</dt>
              <dd>{t("audit.checkpointsN", { n: v.checkpoints, w: number(v.witnessed) })}</dd>
            </div>
            <div>
              <dt>{t("audit.checkedAt")}</dt>
              <dd>{dateTime(v.checked_at)}</dd>
            </div>
          </dl>
          {v.problems.length > 0 && (
            <ul data-testid="audit-problems">
              {v.problems.map((p, i) => (
                <li key={i}>
                  {t("audit.problem", { seq: p.seq, kind: t("auditProblem." + p.kind) })}{" "}
                  <bdi class="muted" lang="en">
                    {p.message}
                  </bdi>
                </li>
              ))}
            </ul>
          )}
          {v.note && (
            <details>
              <summary>{t("audit.note")}</summary>
              <p class="hint">{t("audit.noteHint")}</p>
              <pre class="code" dir="ltr" data-testid="audit-note">
                {v.note}
              </pre>
              {v.verifier_key && (
                <p>
                  {t("audit.verifierKey")} <bdi class="code-cell">{v.verifier_key}</bdi>
                </p>
              )}
            </details>
          )}
        </div>
      )}
    </section>
  );
}

export function AuditLog() {
  const { t, dateTime, has, country } = useI18n();
  const { me } = useSession();
  const initial = new URLSearchParams(location.search);
  const [filters, setFilters] = useState({
    record_id: initial.get("record_id") || "",
    user_id: "",
    agency_id: "",
    action: "",
    from: "",
    to: "",
  });
  const [users, setUsers] = useState([]);
  const [agencies, setAgencies] = useState([]);
  const [entries, setEntries] = useState(null);
  const [next, setNext] = useState("");
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const admin = hasRole(me, "admin");

  const search = async (more = false) => {
    setBusy(true);
    try {
      const q = query({
        record_id: filters.record_id.trim(),
        user_id: filters.user_id,
        agency_id: filters.agency_id,
        action: filters.action,
        from: dayStart(filters.from),
        to: nextDay(filters.to),
        order: "newest",
        limit: 50,
        cursor: more ? next : "",
      });
      const page = await get("/audit" + q);
      setEntries(more ? [...(entries || []), ...(page.items || [])] : page.items || []);
      setNext(page.next_cursor || "");
      setError(null);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  useEffect(() => {
    if (!admin) return;
    allPages(get, "/users").then(setUsers, setError);
    allPages(get, "/agencies").then(setAgencies, setError);
    search();
  }, []);
  const agencyName = useMemo(() => {
    const m = new Map(agencies.map((a) => [a.id, a.name]));
    return (id) => m.get(id) || id;
  }, [agencies]);
  if (!admin) return <Denied title={t("audit.title")} need={t("userRole.admin")} />;

  const set = (k) => (e) => setFilters({ ...filters, [k]: e.currentTarget.value });
  const submit = (e) => {
    e.preventDefault();
    search();
  };
  const actionLabel = (a) => (has("auditAction." + a) ? t("auditAction." + a) : a);
  const kindLabel = (k) => {
    const [kind, value] = k.split(/:(.*)/s);
    if (kind === "operation_country") return t("auditKind.operation_country", { value: country(value) });
    if (kind === "operation_agency") return t("auditKind.operation_agency", { value: agencyName(value) });
    return KINDS.includes(kind) ? t("auditKind." + kind) : k;
  };
  const rid = filters.record_id.trim();
  return (
    <section class="admin" data-testid="audit">
      <PageTitle>{t("audit.title")}</PageTitle>
      <p class="lede">{t("audit.lede")}</p>
      <Verification />
      <section class="panel" aria-labelledby="audit-search-title">
        <h2 id="audit-search-title">{t("audit.search")}</h2>
        <form class="filters" onSubmit={submit} noValidate data-testid="audit-filters">
          <div class="field">
            <label for="audit-record">{t("audit.record")}</label>
            <input id="audit-record" data-testid="audit-record" dir="ltr" autocapitalize="none" spellcheck={false} value={filters.record_id} onInput={set("record_id")} />
          </div>
          <div class="field">
            <label for="audit-user">{t("audit.user")}</label>
            <select id="audit-user" data-testid="audit-user" value={filters.user_id} onChange={set("user_id")}>
              <option value="">{t("audit.anyone")}</option>
              {users.map((u) => (
                <option value={u.id} key={u.id}>
                  {u.name} ({u.username})
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="audit-agency">{t("audit.agency")}</label>
            <select id="audit-agency" data-testid="audit-agency" value={filters.agency_id} onChange={set("agency_id")}>
              <option value="">{t("audit.anyAgency")}</option>
              {agencies.map((a) => (
                <option value={a.id} key={a.id}>
                  {a.name} ({a.country})
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="audit-action">{t("audit.action")}</label>
            <select id="audit-action" data-testid="audit-action" value={filters.action} onChange={set("action")}>
              <option value="">{t("audit.anyAction")}</option>
              {ACTIONS.map((a) => (
                <option value={a} key={a}>
                  {actionLabel(a)}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="audit-from">{t("audit.from")}</label>
            <input id="audit-from" type="date" data-testid="audit-from" value={filters.from} onInput={set("from")} />
          </div>
          <div class="field">
            <label for="audit-to">{t("audit.to")}</label>
            <input id="audit-to" type="date" data-testid="audit-to" value={filters.to} onInput={set("to")} />
          </div>
          <p class="filters-action">
            <button type="submit" class="primary" disabled={busy} data-testid="audit-search">
              {t("audit.find")}
            </button>
          </p>
        </form>
        <Problem error={error} onRetry={() => search()} />
        {!entries && !error && <Loading />}
        {entries && entries.length === 0 && (
          <p class="muted" data-testid="audit-none">
            {t("audit.none")}
          </p>
        )}
        {entries && entries.length > 0 && (
          <div class="table-wrap stack-wrap" tabindex="0" role="group" aria-label={t("audit.entriesTitle")}>
            <table class="stack" role="table" data-testid="audit-entries">
              <caption class="visually-hidden">{t("audit.entriesTitle")}</caption>
              <thead>
                <tr role="row">
                  <th role="columnheader" scope="col">{t("audit.when")}</th>
                  <th role="columnheader" scope="col">{t("audit.who")}</th>
                  <th role="columnheader" scope="col">{t("audit.action")}</th>
                  <th role="columnheader" scope="col">{t("audit.what")}</th>
                  <th role="columnheader" scope="col">{t("audit.why")}</th>
                  <th role="columnheader" scope="col">{t("audit.whereFrom")}</th>
                </tr>
              </thead>
              <tbody>
                {entries.map((e) => (
                  <tr role="row" key={e.seq} data-testid="audit-entry" data-seq={e.seq} data-action={e.action} data-username={e.username}>
                    <td role="cell" data-label={t("audit.when")}>
                      {dateTime(e.at)} <span class="muted small">#{e.seq}</span>
                    </td>
                    <td role="cell" data-label={t("audit.who")}>
                      <bdi>{e.username}</bdi>
                      {e.agency_id && <span class="muted"> · {agencyName(e.agency_id)}</span>}
                    </td>
                    <td role="cell" data-label={t("audit.action")}>
                      {actionLabel(e.action)}
                    </td>
                    <td role="cell" data-label={t("audit.what")}>
                      {e.record_kind && <span>{kindLabel(e.record_kind)} </span>}
                      {e.record_id && <bdi class="code-cell">{e.record_id}</bdi>}
                      {(e.records || []).length > 0 && (
                        <span>
                          {t("audit.listOf", { n: e.records.length })}
                          {rid && e.records.some((r) => r.id === rid) ? " " + t("audit.including") : ""}
                        </span>
                      )}
                      {e.record_owner && <span class="muted"> · {t("audit.owner", { owner: agencyName(e.record_owner) })}</span>}
                    </td>
                    <td role="cell" data-label={t("audit.why")} data-testid="audit-purpose">
                      {e.purpose}
                    </td>
                    <td role="cell" data-label={t("audit.whereFrom")}>
                      <bdi>{e.addr}</bdi>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {next && (
          <button type="button" class="secondary" disabled={busy} data-testid="audit-more" onClick={() => search(true)}>
            {t("audit.more")}
          </button>
        )}
      </section>
    </section>
  );
}
