// Evidence packages of a case: choose records, messages and files, export
// a signed ASiC-E package; and verify one, seeing what was altered.
import { useState } from "preact/hooks";
import { APIError, post } from "../api.js";
import { useI18n } from "../i18n.js";
import { Loading, PageTitle, Problem, useLoad } from "../components/common.jsx";
import { CaseWorkNav, sendFile } from "../components/casework.jsx";

// exportPackage asks the server to prepare the package and has the
// browser download it: the server answers a single-use download address
// (good for this user, once, for two minutes), and a click on a link to
// it makes the browser stream the package to disk. A package can be
// gigabytes: it never passes through this page's memory. Refusals (an H0
// record without consent...) come back from the first call, named.
async function exportPackage(id, sel) {
  const tk = await post(`/cases/${id}/evidence/tickets`, sel);
  const a = document.createElement("a");
  a.href = tk.url;
  a.download = tk.file_name;
  a.rel = "noopener";
  a.hidden = true;
  document.body.appendChild(a);
  a.click();
  a.remove();
  return { name: tk.file_name };
}

function Choice({ legend, items, chosen, setChosen, label, testid }) {
  const { t } = useI18n();
  if (!items.length) return null;
  const toggle = (id) => setChosen(chosen.includes(id) ? chosen.filter((x) => x !== id) : [...chosen, id]);
  return (
    <fieldset data-testid={testid}>
      <legend>{legend}</legend>
      <button type="button" class="secondary" onClick={() => setChosen(chosen.length === items.length ? [] : items.map((x) => x.id))}>
        {chosen.length === items.length ? t("cw.ev.none") : t("cw.ev.all")}
      </button>
      <ul class="plain">
        {items.map((x) => (
          <li key={x.id}>
            <label>
              <input type="checkbox" checked={chosen.includes(x.id)} onChange={() => toggle(x.id)} /> <bdi>{label(x)}</bdi>
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

// Refused names each item the server refused and why (records[1]: ...).
function Refused({ error, sel }) {
  if (!(error instanceof APIError) || !Object.keys(error.fields).length) return null;
  return (
    <ul class="problem" data-testid="refused">
      {Object.entries(error.fields).map(([k, msg]) => {
        const m = k.match(/^(records|messages|files)\[(\d+)\]$/);
        const id = m ? sel[m[1]][Number(m[2])] : k;
        return (
          <li key={k}>
            <bdi dir="ltr">{id}</bdi>: <bdi>{msg}</bdi>
          </li>
        );
      })}
    </ul>
  );
}

function Export({ id }) {
  const { t } = useI18n();
  const kase = useLoad(`/cases/${id}`);
  const msgs = useLoad(`/cases/${id}/messages?limit=1000`);
  const files = useLoad(`/cases/${id}/files?limit=1000`);
  const [records, setRecords] = useState([]);
  const [messages, setMessages] = useState([]);
  const [chosenFiles, setFiles] = useState([]);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(null);
  const [consented, setConsented] = useState(null);
  const sel = { records, messages, files: chosenFiles };
  const go = async (e) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      setDone(await exportPackage(id, sel));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const consent = async (rid) => {
    setError(null);
    try {
      await post(`/cases/${id}/consents`, { record_id: rid });
      setConsented(rid);
    } catch (err) {
      setError(err);
    }
  };
  const err = kase.error || msgs.error || files.error;
  if (err) return <Problem error={err} />;
  if (!kase.data || !msgs.data || !files.data) return <Loading />;
  const recs = (kase.data.records || []).map((r) => ({ id: r }));
  return (
    <form onSubmit={go} class="stack" data-testid="export-form">
      <h2>{t("cw.ev.export")}</h2>
      <p class="hint">{t("cw.ev.rules")}</p>
      <Choice legend={t("cw.ev.records")} items={recs} chosen={records} setChosen={setRecords} label={(x) => x.id} testid="choose-records" />
      {recs.length > 0 && (
        <details>
          <summary>{t("cw.ev.consent")}</summary>
          <ul class="plain">
            {recs.map((r) => (
              <li key={r.id}>
                <button type="button" class="secondary" onClick={() => consent(r.id)}>
                  {t("cw.ev.consentFor", { id: r.id })}
                </button>
              </li>
            ))}
          </ul>
          {consented && <p role="status">{t("cw.ev.consented", { id: consented })}</p>}
        </details>
      )}
      <Choice legend={t("cw.ev.messages")} items={msgs.data.items} chosen={messages} setChosen={setMessages}
        label={(m) => `${m.username}: ${m.body.slice(0, 80)}`} testid="choose-messages" />
      <Choice legend={t("cw.ev.files")} items={files.data.items} chosen={chosenFiles} setChosen={setFiles} label={(f) => f.name}
        testid="choose-files" />
      <Problem error={error} />
      <Refused error={error} sel={sel} />
      <button type="submit" disabled={busy || records.length + messages.length + chosenFiles.length === 0} data-testid="export">
        {t("cw.ev.go")}
      </button>
      {done && (
        <p role="status" data-testid="export-done">
          {t("cw.ev.saving", { name: done.name })}
        </p>
      )}
    </form>
  );
}

function Verify() {
  const { t } = useI18n();
  const [report, setReport] = useState(null);
  const [error, setError] = useState(null);
  const [progress, setProgress] = useState(null);
  const [over, setOver] = useState(false);
  const check = async (file) => {
    if (!file) return;
    setReport(null);
    setError(null);
    setProgress(0);
    try {
      setReport(await sendFile("/evidence/verify", file, setProgress));
    } catch (err) {
      setError(err);
    } finally {
      setProgress(null);
    }
  };
  return (
    <section aria-labelledby="cw-verify" class="stack">
      <h2 id="cw-verify">{t("cw.ev.verify")}</h2>
      <div class={"drop" + (over ? " over" : "")} data-testid="drop"
        onDragOver={(e) => (e.preventDefault(), setOver(true))} onDragLeave={() => setOver(false)}
        onDrop={(e) => (e.preventDefault(), setOver(false), check(e.dataTransfer.files[0]))}>
        <label for="cw-pkg">{t("cw.ev.drop")}</label>
        <input id="cw-pkg" type="file" accept=".asice,.sce,.zip" onChange={(e) => check(e.currentTarget.files[0])} data-testid="verify-input" />
      </div>
      {progress !== null && <progress max="1" value={progress} aria-label={t("cw.files.progress")} />}
      <Problem error={error} />
      {report && (
        <div role="status" class="verify-report" data-testid="verify-report" data-ok={report.ok ? "true" : "false"}>
          <p class={report.ok ? "ok" : "problem"}>
            <strong>{report.ok ? t("cw.ev.ok", { n: (report.files || []).length }) : t("cw.ev.bad", { n: (report.problems || []).length })}</strong>
          </p>
          {report.signer && (
            <p>
              {t("cw.ev.signer")} <bdi dir="ltr">{report.signer}</bdi> {report.trusted ? t("cw.ev.trusted") : t("cw.ev.untrusted")}
            </p>
          )}
          {(report.problems || []).length > 0 && (
            <ul data-testid="problems">
              {report.problems.map((p, i) => (
                <li key={i} data-kind={p.kind}>
                  <strong>{t("cw.ev.kind." + p.kind)}</strong>: <bdi dir="ltr">{p.name}</bdi> — <bdi dir="ltr">{p.detail}</bdi>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}

export function CaseEvidence({ id }) {
  const { t } = useI18n();
  return (
    <section aria-labelledby="cw-ev-title">
      <PageTitle id="cw-ev-title">{t("cw.ev.title")}</PageTitle>
      <CaseWorkNav id={id} current="evidence" />
      <Export id={id} />
      <Verify />
    </section>
  );
}
