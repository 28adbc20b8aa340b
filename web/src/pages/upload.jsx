// Upload of a passenger message: a PAXLST or PNRGOV file as the airline
// sent it, for a passenger information unit that receives one by other
// means than the airline's own connection. The result is what was screened
// and raised; a message that cannot be read is refused whole, with the
// parser's words naming the segment and byte offset.
import { useMemo, useRef, useState } from "preact/hooks";
import { APIError, postRaw } from "../api.js";
import { serverText } from "../server-text.js";

import { useI18n } from "../i18n.js";
import { Link } from "../router.js";
import { mayWork, useSession } from "../session.js";
import { Loading, PageTitle, useErrorText, useLoad } from "../components/common.jsx";
import { CountryField, Form, SelectField } from "../components/fields.jsx";
import { setAt } from "../paths.js";
import { MANIFEST_TYPE, checkUpload, ingestPath } from "../passenger-model.js";

// reasons are the messages of a refused upload: those about the message's
// fields (a flight date outside the operation) and the others.
const reasons = (err) => [...new Set([...Object.values(err.fields || {}), ...(err.other || [])])];

export function Upload() {
  const { t } = useI18n();
  const { me } = useSession();
  const ops = useLoad("/operations?limit=100");
  if (!mayWork(me)) {
    return (
      <section>
        <PageTitle>{t("upload.title")}</PageTitle>
        <p class="notice">{t("upload.notAllowed")}</p>
      </section>
    );
  }
  if (!ops.data && !ops.error) return <Loading />;
  const active = ((ops.data && ops.data.items) || []).filter((op) => op.status === "active");
  return <UploadForm active={active} />;
}

function UploadForm({ active }) {
  const i18n = useI18n();
  const { t, number, longDay, country, label } = i18n;
  const { signedOut } = useSession();
  const errorText = useErrorText();
  // The one operation running is the likely one; with several, the user
  // says which, if any.
  const [values, setValues] = useState({ operation_id: active.length === 1 ? active[0].id : "", country: "" });
  const [file, setFile] = useState(null);
  const [fileError, setFileError] = useState("");
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState(null);
  const [problem, setProblem] = useState(null);
  const [errors, setErrors] = useState({});
  const fileRef = useRef(null);
  const outRef = useRef(null);
  const set = (path, v) => setValues((vals) => setAt(vals, path, v));
  const form = useMemo(() => ({ values, errors, set }), [values, errors]);

  const focusOut = () => requestAnimationFrame(() => outRef.current && outRef.current.focus());

  const submit = async (e) => {
    e.preventDefault();
    setResult(null);
    setProblem(null);
    setErrors({});
    const bad = checkUpload(file);
    if (bad) {
      setFileError(t(bad[0], bad[1]));
      fileRef.current && fileRef.current.focus();
      return;
    }
    setFileError("");
    setBusy(true);
    try {
      const res = await postRaw(ingestPath(values), file, MANIFEST_TYPE);
      setResult(res.items || []);
      focusOut();
    } catch (err) {
      if (err instanceof APIError && err.status === 401) return signedOut();
      // A query parameter's error (the country, the operation) belongs to
      // its field; the parser's error is the message's.
      setErrors(err instanceof APIError ? { ...err.params } : {});
      setProblem(err);
      focusOut();
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="upload" aria-labelledby="upload-title">
      <p class="crumbs">
        <Link href="/flights">{t("flights.back")}</Link>
      </p>
      <PageTitle id="upload-title">{t("upload.title")}</PageTitle>
      <p class="lede">{t("upload.lede")}</p>

      {problem && (
        <div class="error-summary" role="alert" tabindex="-1" ref={outRef} data-testid="upload-error">
          <h2>{t("upload.refused")}</h2>
          <p class="pre" data-testid="upload-error-detail">
            {errorText(problem)}
          </p>
          {/* Every reason the server gave, whatever it names (the flight's
              date lies outside the operation, a segment it cannot read),
              in the reader's language where the UI knows the message. */}
          {problem instanceof APIError && reasons(problem).length > 0 && (
            <ul data-testid="upload-error-reasons">
              {reasons(problem).map((m, i) => (
                <li key={i}>{serverText(t, m)}</li>
              ))}
            </ul>
          )}
          <p class="hint">{t("upload.refusedHint")}</p>
        </div>
      )}
      {result && (
        <div class="success" role="status" tabindex="-1" ref={outRef} data-testid="upload-result">
          <h2>{t("upload.done", { n: result.length })}</h2>
          <ul class="plain results">
            {result.map((r) => (
              <li key={r.id} data-testid="upload-message" data-id={r.id} data-alerts={(r.alert_ids || []).length}>
                <p>
                  <Link href={`/flights/${r.id}`}>
                    <strong>{t("flight.title", { flight: r.flight, date: longDay(r.flight_date) })}</strong>
                  </Link>{" "}
                  <span class="badge kind">{label("kind", r.kind)}</span>
                </p>
                <p>
                  {t("upload.screened", { n: r.screened })} · {t("upload.checks", { n: r.checks })} · {country(r.country)}
                </p>
                <p>
                  {(r.alert_ids || []).length > 0 ? (
                    <Link href={`/alerts?status=all&manifest=${r.id}`} data-testid="upload-alerts">
                      {t("upload.alerts", { n: r.alert_ids.length })}
                    </Link>
                  ) : (
                    t("upload.noAlerts")
                  )}
                </p>
                {r.duplicate && <p class="notice">{t("upload.duplicate")}</p>}
                {(r.warnings || []).length > 0 && (
                  <details>
                    <summary>{t("flight.warnings", { n: r.warnings.length })}</summary>
                    <ul>
                      {r.warnings.map((w, i) => (
                        <li key={i}>{w}</li>
                      ))}
                    </ul>
                  </details>
                )}
              </li>
            ))}
          </ul>
          <p class="hint">{t("upload.another")}</p>
        </div>
      )}

      <Form.Provider value={form}>
        <form class="upload-form report-form" onSubmit={submit} noValidate data-testid="upload-form">
          <div class={"field" + (fileError ? " has-error" : "")}>
            <label for="upload-file">{t("upload.file")}</label>
            <p class="hint" id="upload-file-hint">
              {t("upload.fileHint", { max: "16 MiB" })}
            </p>
            {fileError && (
              <p class="field-error" id="upload-file-error" data-testid="error-upload-file">
                <span class="visually-hidden">{t("form.errorPrefix")} </span>
                {fileError}
              </p>
            )}
            <input
              id="upload-file"
              ref={fileRef}
              type="file"
              accept=".edi,.edifact,.txt,.paxlst,.pnr,application/edifact,text/plain"
              data-testid="upload-file"
              aria-invalid={fileError ? "true" : undefined}
              aria-describedby={"upload-file-hint" + (fileError ? " upload-file-error" : "")}
              onChange={(e) => {
                setFile(e.currentTarget.files[0] || null);
                setFileError("");
              }}
            />
            {file && <p class="muted">{t("upload.chosen", { name: file.name, size: number(file.size) })}</p>}
          </div>
          <SelectField
            name="operation_id"
            label={t("upload.operation")}
            hint={t("upload.operationHint")}
            placeholder={t("upload.noOperation")}
            options={active.map((op) => [op.id, op.name])}
          />
          <CountryField name="country" label={t("upload.country")} hint={t("upload.countryHint")} placeholder={t("upload.countryMine")} />
          <button type="submit" class="primary big" disabled={busy} data-testid="upload-submit">
            {busy ? t("upload.sending") : t("upload.submit")}
          </button>
        </form>
      </Form.Provider>
    </section>
  );
}
