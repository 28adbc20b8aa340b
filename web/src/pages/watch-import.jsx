// Import a watchlist file (CSV, or FollowTheMoney JSON lines) from the
// browser: checked first or imported at once, stored whole or not at all;
// the server's report names every wrong line and column, shown as a table
// the sender can fix the file from.
import { useMemo, useRef, useState } from "preact/hooks";
import { APIError, post } from "../api.js";
import { useI18n } from "../i18n.js";
import { Link } from "../router.js";
import { mayWork, useSession } from "../session.js";
import { setAt, fieldId } from "../paths.js";
import { PageTitle, useErrorText } from "../components/common.jsx";
import { Form, RadioGroup, SelectField } from "../components/fields.jsx";
import { Code, MarkingFields } from "../components/marking.jsx";
import { RecordsNav } from "./records.jsx";
import { CATEGORIES, FORMATS, IMPORT_LIMIT, byLine, decodeFile, emptyMarking, importBody, serverText, validateRecord, localErrors } from "../records-model.js";

export function WatchlistImport() {
  const i18n = useI18n();
  const { t, label, code, number } = i18n;
  const { me, signedOut } = useSession();
  const errorText = useErrorText();
  const [values, setValues] = useState(() => ({ ...emptyMarking(), format: "csv", category: "" }));
  const [errors, setErrors] = useState({});
  const [problem, setProblem] = useState(null);
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState(null);
  const fileRef = useRef(null);
  const reportRef = useRef(null);
  const set = (path, v) => setValues((vals) => setAt(vals, path, v));
  const form = useMemo(() => ({ values, errors, set }), [values, errors]);

  if (!mayWork(me)) return <p>{t("records.notAllowed")}</p>;

  const run = async (dryRun) => {
    setReport(null);
    setProblem(null);
    const errs = {};
    const file = fileRef.current && fileRef.current.files[0];
    if (!file) errs.file = t("records.import.noFile");
    else if (file.size > IMPORT_LIMIT) errs.file = t("records.import.tooLarge", { kb: Math.round(IMPORT_LIMIT / 1024) });
    const found = validateRecord("import", values);
    Object.assign(errs, localErrors(found, t));
    if (Object.keys(errs).length) return setErrors(errs);
    const read = decodeFile(await file.arrayBuffer());
    if (read.error) return setErrors({ file: t("records.import.notUTF8") });
    setErrors({});
    setBusy(true);
    try {
      const rep = await post("/watchlist/imports", importBody(values, read.text, dryRun));
      setReport({ ...rep, file: file.name });
      requestAnimationFrame(() => reportRef.current && reportRef.current.focus());
    } catch (err) {
      if (err instanceof APIError && err.status === 401) return signedOut();
      const f = {};
      if (err instanceof APIError) for (const [k, m] of Object.entries(err.fields)) f[k === "content" ? "file" : k] = serverText(m, t, code);
      setErrors(f);
      setProblem(err);
    } finally {
      setBusy(false);
    }
  };

  const fid = fieldId("file");
  return (
    <section class="watch-import" data-testid="watch-import">
      <PageTitle>{t("records.import.title")}</PageTitle>
      <p class="lede">{t("records.import.lede")}</p>
      <RecordsNav current="import" />
      <Form.Provider value={form}>
        <form class="panel" noValidate onSubmit={(e) => (e.preventDefault(), run(false))} data-testid="import-form">
          {problem && Object.keys(errors).length === 0 && (
            <p class="error" role="alert" data-testid="import-problem">
              {errorText(problem)}
            </p>
          )}
          {Object.keys(errors).length > 0 && (
            <div class="error-summary" role="alert" data-testid="import-errors">
              <h2>{t("form.errors", { n: Object.keys(errors).length })}</h2>
              <ul>
                {Object.entries(errors).map(([k, m]) => (
                  <li key={k}>
                    <a href={"#" + fieldId(k)}>{m}</a>
                  </li>
                ))}
              </ul>
            </div>
          )}
          <RadioGroup name="format" legend={t("records.import.format")} required options={FORMATS.map((f) => [f, t("records.import.formatName." + f)])} />
          <div class={"field" + (errors.file ? " has-error" : "")}>
            <label for={fid}>{t("records.import.file")}</label>
            <p class="hint" id={fid + "-hint"}>
              {values.format === "csv" ? t("records.import.csvHint") : t("records.import.ftmHint")}
            </p>
            {values.format === "csv" && (
              <p class="hint">
                <Code>kind,ref,category,name,aliases,birth_date,sex,nationalities,doc_number,doc_state,doc_type,doc_status</Code>
              </p>
            )}
            {errors.file && (
              <p class="field-error" id={fid + "-error"} data-testid="error-file">
                {errors.file}
              </p>
            )}
            <input
              type="file"
              id={fid}
              ref={fileRef}
              data-testid="import-file"
              accept={values.format === "csv" ? ".csv,text/csv,text/plain" : ".json,.jsonl,.ndjson,.ftm,application/json,text/plain"}
              aria-describedby={fid + "-hint" + (errors.file ? " " + fid + "-error" : "")}
              aria-invalid={errors.file ? "true" : undefined}
            />
          </div>
          <SelectField
            name="category"
            label={t("records.import.category")}
            hint={t("records.import.categoryHint")}
            placeholder={label("category", "suspect")}
            options={CATEGORIES.filter((c) => c !== "suspect").map((c) => [c, label("category", c)])}
          />
          <MarkingFields values={values} testid="import-marking" />
          <div class="actions card-actions">
            <button type="button" class="secondary big" disabled={busy} onClick={() => run(true)} data-testid="import-check">
              {t("records.import.check")}
            </button>
            <button type="submit" class="primary big" disabled={busy} data-testid="import-submit">
              {busy ? t("check.sending") : t("records.import.submit")}
            </button>
          </div>
        </form>
      </Form.Provider>
      {report && (
        <div tabindex="-1" ref={reportRef}>
          <ImportReport r={report} />
        </div>
      )}
    </section>
  );
}

// ImportReport is the server's answer: what was stored, or every wrong
// line with its column and what is wrong, in the user's language with the
// server's words beside.
function ImportReport({ r }) {
  const { t, code, number } = useI18n();
  const lines = byLine(r.errors);
  const ok = !r.errors || r.errors.length === 0;
  const verdict = r.imported ? "imported" : ok && !r.stopped ? "checked" : "refused";
  return (
    <section class={"panel import-report report-" + verdict} aria-labelledby="import-report-title" data-testid="import-report" data-verdict={verdict}>
      <h2 id="import-report-title">
        {verdict === "imported"
          ? t("records.import.imported", { n: r.entries })
          : verdict === "checked"
            ? t("records.import.checked", { n: r.entries })
            : t("records.import.refused", { n: lines.length })}
      </h2>
      <p class="muted">
        <Code>{r.file}</Code>
        {r.import_id && (
          <>
            {" · "}
            {t("records.import.id")} <Code>{r.import_id}</Code>
          </>
        )}
      </p>
      {verdict === "imported" && (
        <p>
          <Link href="/records?kind=watch-persons">{t("records.backTo.watch-persons")}</Link>
        </p>
      )}
      {r.stopped && (
        <p class="error" data-testid="import-stopped">
          {t("records.import.stopped", { why: serverText(r.stopped, t, code) })}
        </p>
      )}
      {lines.length > 0 && (
        <div class="table-wrap stack-wrap" tabindex="0" role="group" aria-label={t("records.import.lineErrors")}>
          <table class="stack" role="table" data-testid="import-lines">
            <caption>{t("records.import.lineErrors")}</caption>
            <thead>
              <tr role="row">
                <th role="columnheader" scope="col">
                  {t("records.import.line")}
                </th>
                <th role="columnheader" scope="col">
                  {t("records.import.column")}
                </th>
                <th role="columnheader" scope="col">
                  {t("records.import.problem")}
                </th>
              </tr>
            </thead>
            <tbody>
              {lines.flatMap((l) =>
                l.errors.map((e, i) => (
                  <tr role="row" key={l.line + ":" + i} data-testid="import-line" data-line={l.line} data-field={e.field || ""}>
                    <th role="rowheader" scope="row" data-label={t("records.import.line")}>
                      {t("records.import.lineN", { n: l.line })}
                    </th>
                    <td role="cell" data-label={t("records.import.column")}>
                      {e.field ? <Code>{e.field}</Code> : "—"}
                    </td>
                    <td role="cell" data-label={t("records.import.problem")}>
                      {serverText(e.message, t, code)}
                    </td>
                  </tr>
                )),
              )}
            </tbody>
          </table>
        </div>
      )}
      {lines.length > 0 && <p>{t("records.import.fixAndRetry")}</p>}
      {(r.attached || []).length + (r.skipped || []).length > 0 && (
        <ul class="plain small">
          {(r.attached || []).map((x) => (
            <li key={"a" + x.what}>{t("records.import.attached", { n: x.count, what: x.what, line: x.first_line })}</li>
          ))}
          {(r.skipped || []).map((x) => (
            <li key={"s" + x.what}>{t("records.import.skipped", { n: x.count, what: x.what, line: x.first_line })}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
