// Cross-border cases and requests for assistance (issue 13): the case list,
// the case page (participants, records, requests, the places of messages,
// files and evidence), the request form per type with the missing-field
// check at the field, requests in and out with their deadlines and the
// overdue list, and a request's page with its steps and signed receipts.
// The server decides everything; these screens offer what it allows and
// show its refusals at the field, in the user's language.
import { Fragment } from "preact";
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { APIError, api, get, post, query } from "../api.js";
import { useI18n } from "../i18n.js";
import { Link, navigate } from "../router.js";
import { mayWork, useSession } from "../session.js";
import { fieldId, setAt } from "../paths.js";
import { serverText } from "../server-text.js";
import { Loading, PageTitle, Problem, useErrorText, useLoad } from "../components/common.jsx";
import { Form, SelectField, TextArea, TextField } from "../components/fields.jsx";
import { CaseFollowup } from "./followup.jsx";
import { CaseRecent, CaseTimeline } from "./case-timeline.jsx";
import { CaseLinks } from "./case-links.jsx";

// The state machine, as the server has it (meridian.Transitions): the
// states each action leaves, and whether the requesting side takes it.
export const MACHINE = {
  send: [["draft"], true],
  withdraw: [["draft", "sent", "acknowledged", "accepted", "partially_executed"], true],
  acknowledge: [["sent"], false],
  accept: [["acknowledged"], false],
  refuse: [["acknowledged"], false],
  execute_partially: [["acknowledged", "accepted"], false],
  execute: [["accepted", "partially_executed"], false],
};

export const CASE_ROLES = ["investigating", "prosecuting", "supporting", "observer"];

// actionsFor lists the steps the agency may take on r now.
export function actionsFor(r, agency) {
  return Object.entries(MACHINE)
    .filter(([, [from, requesting]]) => from.includes(r.state) && (requesting ? r.from.agency_id : r.to.agency_id) === agency)
    .map(([a]) => a);
}

const myAgency = (me) => (me && me.user && me.user.agency_id) || "";

function nextDeadline(r) {
  const open = (r.deadlines || []).filter((d) => !d.met);
  open.sort((a, b) => (a.due < b.due ? -1 : 1));
  return open[0];
}

function Deadline({ r }) {
  const { t, dateTime } = useI18n();
  const d = nextDeadline(r);
  if (!d) return <span>–</span>;
  return (
    <span class={d.late ? "late" : ""} data-testid="req-deadline" data-late={d.late ? "true" : "false"}>
      {t("req.dl." + d.kind)}: {dateTime(d.due)}
      {d.late && <strong> {t("req.overdue")}</strong>}
    </span>
  );
}

function RequestTable({ items, me }) {
  const { t } = useI18n();
  const agency = myAgency(me);
  if (!items.length) return <p>{t("req.none")}</p>;
  return (
    <div class="table-scroll">
      <table class="list" data-testid="req-table">
        <thead>
          <tr>
            <th scope="col">{t("req.title")}</th>
            <th scope="col">{t("req.type")}</th>
            <th scope="col">{t("req.parties")}</th>
            <th scope="col">{t("req.state")}</th>
            <th scope="col">{t("req.next")}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((r) => (
            <tr key={r.id} data-testid="req-row" data-id={r.id} data-state={r.state} class={r.overdue ? "overdue" : ""}>
              <td>
                <Link href={`/requests/${r.id}`}>{r.title}</Link>
                {r.urgent && <strong class="badge"> {t("req.urgent")}</strong>}
              </td>
              <td>{t("req.type." + r.type)}</td>
              <td>
                <bdi>{r.from.agency_name || r.from.country}</bdi> → <bdi>{r.to.agency_name || r.to.country}</bdi>
                {r.to.agency_id === agency && <span class="badge"> {t("req.in")}</span>}
              </td>
              <td>{t("req.state." + r.state)}</td>
              <td>
                <Deadline r={r} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function Cases() {
  const { t } = useI18n();
  const { data, error, loading, reload } = useLoad("/cases?limit=100");
  const items = (data && data.items) || [];
  return (
    <section aria-labelledby="cases-title" data-testid="cases">
      <PageTitle id="cases-title">{t("case.list")}</PageTitle>
      <p>
        <Link href="/requests">{t("req.list")}</Link> · <Link href="/followup">{t("fu.link")}</Link>
      </p>
      <Problem error={error} onRetry={reload} />
      {loading && !data && <Loading />}
      {data && !items.length && <p>{t("case.none")}</p>}
      {items.length > 0 && (
        <ul class="cards" data-testid="case-list">
          {items.map((c) => (
            <li key={c.id} data-testid="case-item">
              <Link href={`/cases/${c.id}`}>{c.title}</Link> · {t("case.status." + c.status)}
              {c.countries && c.countries.length > 0 && <span> · {c.countries.join(", ")}</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function CasePage({ id }) {
  const { t } = useI18n();
  const { me } = useSession();
  const kase = useLoad(`/cases/${id}`);
  const access = useLoad(`/cases/${id}/access`);
  const parts = useLoad(`/cases/${id}/participants`);
  const assigned = useLoad(`/cases/${id}/assignments`);
  const reqs = useLoad(`/requests${query({ case_id: id, limit: 100 })}`);
  const c = kase.data;
  const acc = access.data;
  const acts = acc && mayWork(me) && (acc.lead || (acc.role && acc.role !== "observer"));
  if (kase.error) return <Problem error={kase.error} />;
  if (!c) return <Loading />;
  return (
    <section aria-labelledby="case-title" data-testid="case-page" data-case={id}>
      <p class="crumbs">
        <Link href="/cases">{t("case.list")}</Link>
      </p>
      <PageTitle id="case-title">{c.title}</PageTitle>
      <p data-testid="case-status">
        {t("case.status." + c.status)}
        {acc && <span> · {acc.lead ? t("case.youLead") : acc.role ? t("case.youAre", { role: t("case.role." + acc.role) }) : t("case.youRead")}</span>}
      </p>
      {c.summary && <p>{c.summary}</p>}
      {c.countries && c.countries.length > 0 && (
        <dl class="facts">
          <dt>{t("case.countries")}</dt>
          <dd>{c.countries.join(", ")}</dd>
        </dl>
      )}

      <Participants id={id} parts={parts} assigned={assigned} acc={acc} acts={acts} />

      <CaseFollowup id={id} acts={acts} records={c.records} />

      <section aria-labelledby="case-records" class="section">
        <h2 id="case-records">{t("case.records")}</h2>
        {(c.records || []).length === 0 && <p>{t("case.noRecords")}</p>}
        <ul data-testid="case-records">
          {(c.records || []).map((r) => (
            <li key={r}>
              <Link href={`/records/${r}/links`}>
                <bdi>{r}</bdi>
              </Link>
            </li>
          ))}
        </ul>
        {c.hidden > 0 && <p data-testid="case-hidden">{t("case.hidden", { n: c.hidden })}</p>}
        <p>
          <Link href={`/cases/${id}/graph`} data-testid="case-graph-link">
            {t("case.graph")}
          </Link>
        </p>
      </section>

      <CaseLinks records={c.records} />

      <section aria-labelledby="case-requests" class="section">
        <h2 id="case-requests">{t("req.list")}</h2>
        {acts && (
          <p>
            <Link href={`/cases/${id}/requests/new`} class="button" data-testid="req-new">
              {t("req.new")}
            </Link>
          </p>
        )}
        <Problem error={reqs.error} onRetry={reqs.reload} />
        {reqs.data && <RequestTable items={reqs.data.items || []} me={me} />}
      </section>

      {/* The case's messages, files and evidence packages are built by the
          evidence work (issue 13 points 3 and 4): these are their places. */}
      <section aria-labelledby="case-exchange" class="section" data-testid="case-exchange">
        <h2 id="case-exchange">{t("case.exchange")}</h2>
        <ul>
          <li data-testid="case-slot-messages">
            <Link href={`/cases/${id}/messages`}>{t("case.messages")}</Link>
          </li>
          <li data-testid="case-slot-files">
            <Link href={`/cases/${id}/files`}>{t("case.files")}</Link>
          </li>
          <li data-testid="case-slot-evidence">
            <Link href={`/cases/${id}/evidence`}>{t("case.evidence")}</Link>
          </li>
        </ul>
        <div class="case-recent">
          <CaseRecent id={id} kind="message" href={`/cases/${id}/messages`} label={t("case.messages")} />
          <CaseRecent id={id} kind="file" href={`/cases/${id}/files`} label={t("case.files")} />
        </div>
      </section>

      <CaseTimeline id={id} />
    </section>
  );
}

function Participants({ id, parts, assigned, acc, acts }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const [agencies, setAgencies] = useState([]);
  const [values, setValues] = useState({ agency_id: "", role: "supporting" });
  const [errors, setErrors] = useState({});
  const [problem, setProblem] = useState(null);
  const lead = acc && acc.lead;
  useEffect(() => {
    if (lead) get("/agencies?limit=500").then((p) => setAgencies(p.items || []), setProblem);
  }, [lead]);
  const form = useMemo(() => ({ values, errors, set: (k, v) => setValues((s) => setAt(s, k, v)) }), [values, errors]);
  const taken = new Set((parts.data || []).map((p) => p.agency_id));
  const add = async (e) => {
    e.preventDefault();
    setProblem(null);
    if (!values.agency_id) return setErrors({ agency_id: t("srv.required") });
    try {
      await api("PUT", `/cases/${id}/participants/${values.agency_id}`, { role: values.role });
      setErrors({});
      setValues({ agency_id: "", role: "supporting" });
      parts.reload();
    } catch (err) {
      setProblem(err);
    }
  };
  const remove = async (p) => {
    setProblem(null);
    try {
      await api("DELETE", `/cases/${id}/participants/${p.agency_id}`);
      parts.reload();
      assigned.reload();
    } catch (err) {
      setProblem(err);
    }
  };
  return (
    <section aria-labelledby="case-parts" class="section">
      <h2 id="case-parts">{t("case.participants")}</h2>
      <Problem error={parts.error} onRetry={parts.reload} />
      <ul data-testid="case-participants">
        {(parts.data || []).map((p) => (
          <li key={p.agency_id} data-testid="participant" data-agency={p.agency_id} data-role={p.role}>
            <bdi>{p.agency_name}</bdi> ({p.country}) · {p.lead ? t("case.lead") : t("case.role." + p.role)}
            {lead && !p.lead && (
              <>
                {" "}
                <button type="button" class="secondary small" onClick={() => remove(p)} data-testid="participant-remove">
                  {t("case.remove")}
                </button>
              </>
            )}
          </li>
        ))}
      </ul>
      {lead && (
        <Form.Provider value={form}>
          <form onSubmit={add} noValidate class="inline-form" data-testid="participant-form">
            <SelectField
              name="agency_id"
              label={t("case.addAgency")}
              required
              placeholder={t("form.choose")}
              options={agencies.filter((a) => !taken.has(a.id)).map((a) => [a.id, `${a.name} (${a.country})`])}
            />
            <SelectField name="role" label={t("case.roleLabel")} required options={CASE_ROLES.map((r) => [r, t("case.role." + r)])} />
            <button type="submit" data-testid="participant-add">
              {t("case.add")}
            </button>
          </form>
        </Form.Provider>
      )}
      {problem && <p role="alert" class="problem">{errorText(problem)}</p>}
      <h3>{t("case.assigned")}</h3>
      {assigned.data && assigned.data.length === 0 && <p>{t("case.noneAssigned")}</p>}
      <ul data-testid="case-assignments">
        {(assigned.data || []).map((a) => (
          <li key={a.user_id + a.role}>
            <bdi>{a.username}</bdi> · {t("case.assign." + a.role)}
          </li>
        ))}
      </ul>
      {acts && <Assign id={id} assigned={assigned} />}
    </section>
  );
}

// Assign names one of the caller's agency's users in the case (the lead
// names other agencies' users through the API).
function Assign({ id, assigned }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const [users, setUsers] = useState([]);
  const [values, setValues] = useState({ user_id: "", role: "prosecutor" });
  const [errors, setErrors] = useState({});
  const [problem, setProblem] = useState(null);
  useEffect(() => {
    get("/users?limit=200").then((p) => setUsers(p.items || []), setProblem);
  }, []);
  const form = useMemo(() => ({ values, errors, set: (k, v) => setValues((s) => setAt(s, k, v)) }), [values, errors]);
  const submit = async (e) => {
    e.preventDefault();
    setProblem(null);
    if (!values.user_id) return setErrors({ user_id: t("srv.required") });
    try {
      await api("PUT", `/cases/${id}/assignments/${values.user_id}`, { role: values.role });
      setErrors({});
      assigned.reload();
    } catch (err) {
      setProblem(err);
    }
  };
  return (
    <Form.Provider value={form}>
      <form onSubmit={submit} noValidate class="inline-form" data-testid="assign-form">
        <SelectField
          name="user_id"
          label={t("case.assignUser")}
          required
          placeholder={t("form.choose")}
          options={users.filter((u) => !u.disabled).map((u) => [u.id, u.name && u.name !== u.username ? `${u.name} (${u.username})` : u.username])}
        />
        <SelectField name="role" label={t("case.roleLabel")} required options={["prosecutor", "case_officer"].map((r) => [r, t("case.assign." + r)])} />
        <button type="submit" data-testid="assign-add">
          {t("case.assignAdd")}
        </button>
        {problem && <p role="alert" class="problem">{errorText(problem)}</p>}
      </form>
    </Form.Provider>
  );
}

// Requests is the agency's requests in and out, and the overdue list.
export function Requests() {
  const { t } = useI18n();
  const { me } = useSession();
  const [tab, setTab] = useState(() => new URLSearchParams(location.search).get("view") || "in");
  const q = tab === "overdue" ? { overdue: "true" } : { direction: tab };
  const { data, error, loading, reload } = useLoad("/requests" + query({ ...q, limit: 100 }));
  const choose = (v) => {
    setTab(v);
    history.replaceState(null, "", "/requests?view=" + v);
  };
  return (
    <section aria-labelledby="reqs-title" data-testid="requests">
      <PageTitle id="reqs-title">{t("req.list")}</PageTitle>
      <div class="tabs" role="group" aria-label={t("req.list")}>
        {["in", "out", "overdue"].map((v) => (
          <button type="button" key={v} class={tab === v ? "" : "secondary"} aria-pressed={tab === v ? "true" : "false"} onClick={() => choose(v)} data-testid={"req-tab-" + v}>
            {t("req.view." + v)}
          </button>
        ))}
      </div>
      <Problem error={error} onRetry={reload} />
      {loading && !data && <Loading />}
      {data && <RequestTable items={data.items || []} me={me} />}
    </section>
  );
}

function useTypes() {
  const [types, setTypes] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    get("/request-types").then(setTypes, setError);
  }, []);
  return { types, error };
}

export function RequestNew({ id }) {
  return <RequestForm caseId={id} />;
}

export function RequestEdit({ requestId }) {
  const { data, error } = useLoad(`/requests/${requestId}`);
  if (error) return <Problem error={error} />;
  if (!data) return <Loading />;
  return <RequestForm caseId={data.case_id} existing={data} />;
}

// missing names the mandatory fields of type left empty in values.
export function missing(type, values) {
  const out = {};
  if (!type) return out;
  for (const f of type.fields) {
    if (f.required && !String((values.fields || {})[f.name] || "").trim()) out["fields." + f.name] = true;
  }
  return out;
}

function RequestForm({ caseId, existing }) {
  const { t } = useI18n();
  const { me, signedOut } = useSession();
  const errorText = useErrorText();
  const { types, error: typesError } = useTypes();
  const parts = useLoad(`/cases/${caseId}/participants`);
  const [values, setValues] = useState(() =>
    existing
      ? { type: existing.type, title: existing.title, to_agency_id: existing.to.agency_id, urgent: !!existing.urgent, urgent_hours: existing.urgent_hours || "", fields: existing.fields || {} }
      : { type: "", title: "", to_agency_id: "", urgent: false, urgent_hours: "", fields: {} },
  );
  const [saved, setSaved] = useState(existing || null);
  const [errors, setErrors] = useState({});
  const [problem, setProblem] = useState(null);
  const [busy, setBusy] = useState(false);
  const summary = useRef(null);
  const form = useMemo(() => ({ values, errors, set: (k, v) => setValues((s) => setAt(s, k, v)) }), [values, errors]);
  const type = types && types.find((x) => x.type === values.type);
  const agency = myAgency(me);
  const targets = (parts.data || []).filter((p) => p.agency_id !== agency && (p.lead || p.role !== "observer"));

  const body = () => ({
    case_id: caseId,
    type: values.type,
    title: values.title,
    to_agency_id: values.to_agency_id,
    urgent: !!values.urgent,
    urgent_hours: values.urgent ? Number(values.urgent_hours) || 0 : 0,
    fields: Object.fromEntries(Object.entries(values.fields || {}).filter(([, v]) => v !== "")),
  });
  const fail = (errs, err) => {
    setErrors(errs);
    setProblem(err);
    requestAnimationFrame(() => summary.current && summary.current.focus());
  };
  const save = async () => {
    const r = saved ? await api("PUT", `/requests/${saved.id}`, { ...body(), version: saved.version }) : await post("/requests", body());
    setSaved(r);
    return r;
  };
  const submit = (send) => async (e) => {
    e.preventDefault();
    const local = {};
    if (!values.type) local.type = t("srv.required");
    if (!values.title.trim()) local.title = t("srv.required");
    if (!values.to_agency_id) local.to_agency_id = t("srv.required");
    if (send) for (const k of Object.keys(missing(type, values))) local[k] = t("srv.required");
    if (Object.keys(local).length) return fail(local, null);
    setBusy(true);
    try {
      let r = await save();
      if (send) r = (await post(`/requests/${r.id}/transitions`, { action: "send", version: r.version })).request;
      navigate(`/requests/${r.id}`);
    } catch (err) {
      if (err instanceof APIError && err.status === 401) return signedOut();
      const errs = {};
      if (err instanceof APIError)
        for (const [k, m] of Object.entries(err.fields)) errs[k === "to.agency_id" ? "to_agency_id" : k] = serverText(t, m);
      fail(errs, err);
    } finally {
      setBusy(false);
    }
  };
  const errorList = Object.entries(errors);
  const label = (k) => (k.startsWith("fields.") ? t("req.f." + k.slice(7)) : t("req.field." + k));
  if (typesError) return <Problem error={typesError} />;
  if (!types || !parts.data) return parts.error ? <Problem error={parts.error} /> : <Loading />;
  const sections = [];
  if (type) for (const f of type.fields) if (!sections.includes(f.section)) sections.push(f.section);
  return (
    <section class="record-form" data-testid="req-form">
      <p class="crumbs">
        <Link href={`/cases/${caseId}`}>{t("case.back")}</Link>
      </p>
      <PageTitle>{existing ? t("req.edit") : t("req.new")}</PageTitle>
      <Form.Provider value={form}>
        <form onSubmit={submit(false)} noValidate data-testid="req-form-form">
          {(errorList.length > 0 || problem) && (
            <div class="error-summary" role="alert" tabindex="-1" ref={summary} data-testid="req-errors">
              <h2>{errorList.length ? t("form.errors", { n: errorList.length }) : t("req.notSaved")}</h2>
              {problem && errorList.length === 0 && <p>{errorText(problem)}</p>}
              <ul>
                {errorList.map(([k, m]) => (
                  <li key={k}>
                    <a href={"#" + fieldId(k)}>
                      {label(k)}: {m}
                    </a>
                  </li>
                ))}
              </ul>
            </div>
          )}
          <fieldset class="section">
            <legend>{t("req.about")}</legend>
            <SelectField
              name="type"
              label={t("req.field.type")}
              required
              placeholder={t("form.choose")}
              options={types.map((x) => [x.type, t("req.type." + x.type)])}
            />
            {type && (
              <p class="hint" data-testid="req-basis">
                {t("req.basis")}: {type.basis} · {t("req.limits", { a: type.deadline.acknowledge_hours, d: type.deadline.decide_hours, e: type.deadline.execute_hours })}
              </p>
            )}
            <TextField name="title" label={t("req.field.title")} required />
            <SelectField
              name="to_agency_id"
              label={t("req.field.to_agency_id")}
              required
              placeholder={t("form.choose")}
              options={targets.map((p) => [p.agency_id, `${p.agency_name} (${p.country})`])}
            />
            <div class="field">
              <label class="check">
                <input type="checkbox" checked={!!values.urgent} onChange={(e) => form.set("urgent", e.currentTarget.checked)} data-testid="field-urgent" />{" "}
                {t("req.field.urgent")}
              </label>
            </div>
            {values.urgent && <TextField name="urgent_hours" type="number" inputMode="numeric" label={t("req.field.urgent_hours")} required />}
          </fieldset>
          {type &&
            sections.map((s) => (
              <fieldset class="section" key={s} data-testid={"req-section-" + s}>
                <legend>{s.length === 1 ? t("req.sectionLetter", { s: s.toUpperCase() }) : t("req.sec." + s)}</legend>
                {type.fields
                  .filter((f) => f.section === s)
                  .map((f) =>
                    f.long ? (
                      <TextArea key={f.name} name={"fields." + f.name} label={t("req.f." + f.name)} required={f.required} />
                    ) : (
                      <TextField key={f.name} name={"fields." + f.name} label={t("req.f." + f.name)} required={f.required} />
                    ),
                  )}
              </fieldset>
            ))}
          <div class="actions">
            <button type="submit" class="secondary" disabled={busy} data-testid="req-save">
              {t("req.saveDraft")}
            </button>{" "}
            <button type="button" disabled={busy} onClick={submit(true)} data-testid="req-send">
              {t("req.send")}
            </button>
          </div>
        </form>
      </Form.Provider>
    </section>
  );
}

export function RequestPage({ requestId }) {
  const { t, dateTime } = useI18n();
  const { me } = useSession();
  const errorText = useErrorText();
  const req = useLoad(`/requests/${requestId}`);
  const rcs = useLoad(`/requests/${requestId}/receipts`);
  const types = useTypes();
  const [reason, setReason] = useState("");
  const [problem, setProblem] = useState(null);
  const [busy, setBusy] = useState(false);
  const r = req.data;
  if (req.error) return <Problem error={req.error} />;
  if (!r) return <Loading />;
  const agency = myAgency(me);
  const acts = mayWork(me) ? actionsFor(r, agency) : [];
  const type = types.types && types.types.find((x) => x.type === r.type);
  const take = async (action) => {
    setBusy(true);
    setProblem(null);
    try {
      await post(`/requests/${r.id}/transitions`, { action, reason, version: r.version });
      setReason("");
      req.reload();
      rcs.reload();
    } catch (err) {
      setProblem(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="req-title" data-testid="req-page" data-state={r.state}>
      <p class="crumbs">
        <Link href={`/cases/${r.case_id}`}>{t("case.back")}</Link> · <Link href="/requests">{t("req.list")}</Link>
      </p>
      <PageTitle id="req-title">{r.title}</PageTitle>
      <dl class="facts">
        <dt>{t("req.type")}</dt>
        <dd>{t("req.type." + r.type)}</dd>
        <dt>{t("req.parties")}</dt>
        <dd>
          <bdi>{r.from.agency_name}</bdi> ({r.from.country}) → <bdi>{r.to.agency_name}</bdi> ({r.to.country})
        </dd>
        <dt>{t("req.state")}</dt>
        <dd data-testid="req-state">{t("req.state." + r.state)}</dd>
        {r.urgent && (
          <>
            <dt>{t("req.urgent")}</dt>
            <dd>{t("req.hours", { n: r.urgent_hours })}</dd>
          </>
        )}
      </dl>
      {r.state === "draft" && r.from.agency_id === agency && (
        <p>
          <Link href={`/requests/${r.id}/edit`} class="button" data-testid="req-edit">
            {t("req.edit")}
          </Link>
        </p>
      )}

      {(r.deadlines || []).length > 0 && (
        <section aria-labelledby="req-dl" class="section">
          <h2 id="req-dl">{t("req.deadlines")}</h2>
          <table class="list" data-testid="req-deadlines">
            <thead>
              <tr>
                <th scope="col">{t("req.step")}</th>
                <th scope="col">{t("req.due")}</th>
                <th scope="col">{t("req.met")}</th>
              </tr>
            </thead>
            <tbody>
              {r.deadlines.map((d) => (
                <tr key={d.kind} class={d.late ? "late" : ""} data-late={d.late ? "true" : "false"}>
                  <td>{t("req.dl." + d.kind)}</td>
                  <td>{dateTime(d.due)}</td>
                  <td>
                    {d.met ? dateTime(d.met) : "–"}
                    {d.late && <strong> {t("req.late")}</strong>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}

      {acts.length > 0 && (
        <section aria-labelledby="req-acts" class="section" data-testid="req-actions">
          <h2 id="req-acts">{t("req.takeStep")}</h2>
          <div class="field">
            <label for="req-reason">
              {t("req.reason")} <span class="optional">{t("req.reasonHint")}</span>
            </label>
            <textarea id="req-reason" rows={2} value={reason} onInput={(e) => setReason(e.currentTarget.value)} data-testid="req-reason" />
          </div>
          <div class="actions">
            {acts.map((a) => (
              <button type="button" key={a} disabled={busy} class={a === "withdraw" || a === "refuse" ? "secondary" : ""} onClick={() => take(a)} data-testid={"req-act-" + a}>
                {t("req.act." + a)}
              </button>
            ))}
          </div>
          {problem && (
            <div class="problem" role="alert" data-testid="req-problem">
              <p>{errorText(problem)}</p>
              {problem instanceof APIError && (
                <ul>
                  {Object.entries(problem.fields).map(([k, m]) => (
                    <li key={k}>
                      {k.startsWith("fields.") ? t("req.f." + k.slice(7)) : t("req.field." + k)}: {serverText(t, m)}
                    </li>
                  ))}
                </ul>
              )}
            </div>
          )}
        </section>
      )}

      <section aria-labelledby="req-fields" class="section">
        <h2 id="req-fields">{t("req.form")}</h2>
        <dl class="facts" data-testid="req-fields">
          {(type ? type.fields.map((f) => f.name) : Object.keys(r.fields || {}))
            .filter((k) => (r.fields || {})[k])
            .map((k) => (
              <Fragment key={k}>
                <dt>{t("req.f." + k)}</dt>
                <dd class="pre">{r.fields[k]}</dd>
              </Fragment>
            ))}
        </dl>
      </section>

      <section aria-labelledby="req-rcs" class="section">
        <h2 id="req-rcs">{t("req.receipts")}</h2>
        <p class="hint">{t("req.receiptsHint")}</p>
        <Problem error={rcs.error} />
        {rcs.data && rcs.data.length === 0 && <p>{t("req.noReceipts")}</p>}
        <ol data-testid="req-receipts">
          {(rcs.data || []).map((rc) => (
            <li key={rc.step} data-testid="receipt" data-action={rc.action}>
              <p>
                <strong>{t("req.act." + rc.action)}</strong> · {t("req.state." + rc.from)} → {t("req.state." + rc.to)} · <bdi>{rc.username}</bdi> ·{" "}
                {dateTime(rc.at)}
                {rc.recorded && (
                  <span data-testid="receipt-recorded"> · {t("req.recordedAt", { when: dateTime(rc.recorded) })}</span>
                )}
              </p>
              {rc.reason && <p>{rc.reason}</p>}
              <details>
                <summary>{t("req.signed", { key: rc.key_id })}</summary>
                <p>
                  <code class="digest" dir="ltr">
                    {rc.digest}
                  </code>
                </p>
                <pre dir="ltr" data-testid="receipt-note">
                  {rc.note}
                </pre>
              </details>
            </li>
          ))}
        </ol>
      </section>
    </section>
  );
}
