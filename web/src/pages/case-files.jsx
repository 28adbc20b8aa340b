// A case's files: upload with progress, list, download (audited).
import { useState } from "preact/hooks";
import { useI18n } from "../i18n.js";
import { Loading, PageTitle, Problem, useLoad } from "../components/common.jsx";
import { CaseWorkNav, sendFile, uploadPath, useSize } from "../components/casework.jsx";

export function CaseFiles({ id }) {
  const { t, dateTime, country } = useI18n();
  const size = useSize();
  const { data, error, loading, reload } = useLoad(`/cases/${id}/files?limit=1000`);
  const [file, setFile] = useState(null);
  const [progress, setProgress] = useState(null);
  const [upErr, setUpErr] = useState(null);
  const [done, setDone] = useState(null);
  const upload = async (e) => {
    e.preventDefault();
    if (!file) return;
    setUpErr(null);
    setDone(null);
    setProgress(0);
    try {
      setDone(await sendFile(uploadPath(id, file.name), file, setProgress));
      reload();
    } catch (err) {
      setUpErr(err);
    } finally {
      setProgress(null);
    }
  };
  return (
    <section aria-labelledby="cw-files-title">
      <PageTitle id="cw-files-title">{t("cw.files.title")}</PageTitle>
      <CaseWorkNav id={id} current="files" />
      <form onSubmit={upload} class="stack" data-testid="upload-form">
        <label for="cw-file">{t("cw.files.choose")}</label>
        <input id="cw-file" type="file" required onChange={(e) => setFile(e.currentTarget.files[0] || null)} data-testid="file-input" />
        <p class="hint">{t("cw.files.hint")}</p>
        {progress !== null && (
          <progress max="1" value={progress} aria-label={t("cw.files.progress")} data-testid="upload-progress">
            {Math.round(progress * 100)}%
          </progress>
        )}
        <Problem error={upErr} />
        {done && (
          <p role="status" data-testid="upload-done">
            {t("cw.files.done", { name: done.name })}
          </p>
        )}
        <button type="submit" disabled={progress !== null} data-testid="upload">
          {t("cw.files.upload")}
        </button>
      </form>
      {loading && !data && <Loading />}
      <Problem error={error} />
      {data && data.items.length === 0 && <p>{t("cw.files.none")}</p>}
      {data && data.items.length > 0 && (
        <div class="table-scroll">
          <table data-testid="files">
            <caption>{t("cw.files.list")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("cw.files.name")}</th>
                <th scope="col">{t("cw.files.type")}</th>
                <th scope="col">{t("cw.files.size")}</th>
                <th scope="col">{t("cw.files.by")}</th>
                <th scope="col">{t("cw.files.sha")}</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((f) => (
                <tr key={f.id} data-testid="file-row">
                  <td>
                    <a href={`/api/v1/files/${f.id}/content`} download={f.name}>
                      <bdi>{f.name}</bdi>
                    </a>
                  </td>
                  <td>
                    <bdi dir="ltr">{f.media_type}</bdi>
                  </td>
                  <td>{size(f.size)}</td>
                  <td>
                    {f.username} · {country(f.country)} · {dateTime ? dateTime(f.created_at) : f.created_at}
                  </td>
                  <td>
                    <code dir="ltr" title={f.sha256}>
                      {f.sha256.slice(0, 12)}…
                    </code>
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
