// A case's messages as threads: read, reply, attach a file. New messages
// of others appear within a few seconds (the page asks again every 5 s).
import { useEffect, useState } from "preact/hooks";
import { post } from "../api.js";
import { useI18n } from "../i18n.js";
import { Loading, PageTitle, Problem, useLoad } from "../components/common.jsx";
import { CaseWorkNav, sendFile, uploadPath } from "../components/casework.jsx";

const POLL_MS = 5000;

// threads orders messages as a thread: each after its parent, indented.
export function threads(messages) {
  const kids = new Map();
  const ids = new Set(messages.map((m) => m.id));
  for (const m of messages) {
    const p = m.parent_id && ids.has(m.parent_id) ? m.parent_id : "";
    if (!kids.has(p)) kids.set(p, []);
    kids.get(p).push(m);
  }
  const out = [];
  const walk = (p, depth) => {
    for (const m of kids.get(p) || []) {
      out.push({ m, depth });
      walk(m.id, depth + 1);
    }
  };
  walk("", 0);
  return out;
}

function Composer({ caseId, parent, onSent, onCancel }) {
  const { t } = useI18n();
  const [body, setBody] = useState("");
  const [file, setFile] = useState(null);
  const [progress, setProgress] = useState(null);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const files = [];
      if (file) {
        setProgress(0);
        const f = await sendFile(uploadPath(caseId, file.name), file, setProgress);
        files.push(f.id);
      }
      await post(`/cases/${caseId}/messages`, { body, parent_id: parent ? parent.id : "", files });
      setBody("");
      setFile(null);
      setProgress(null);
      onSent();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const fieldErr = error && error.fields ? error.fields.body : "";
  return (
    <form onSubmit={submit} class="stack" data-testid="composer">
      {parent && (
        <p>
          {t("cw.msg.replyingTo", { who: parent.username })}{" "}
          <button type="button" class="secondary" onClick={onCancel}>
            {t("cw.cancel")}
          </button>
        </p>
      )}
      <label for="msg-body">{t("cw.msg.body")}</label>
      <textarea id="msg-body" dir="auto" rows="4" value={body} required onInput={(e) => setBody(e.currentTarget.value)}
        aria-invalid={fieldErr ? "true" : undefined} aria-describedby={fieldErr ? "msg-body-err" : undefined} data-testid="msg-body" />
      {fieldErr && (
        <p id="msg-body-err" class="field-error">
          {fieldErr}
        </p>
      )}
      <label for="msg-file">{t("cw.msg.attach")}</label>
      <input id="msg-file" type="file" onChange={(e) => setFile(e.currentTarget.files[0] || null)} data-testid="msg-file" />
      {progress !== null && (
        <progress max="1" value={progress} aria-label={t("cw.files.progress")}>
          {Math.round(progress * 100)}%
        </progress>
      )}
      <Problem error={error} />
      <button type="submit" disabled={busy} data-testid="msg-send">
        {parent ? t("cw.msg.reply") : t("cw.msg.send")}
      </button>
    </form>
  );
}

export function CaseMessages({ id }) {
  const { t, dateTime, country } = useI18n();
  const { data, error, loading, reload } = useLoad(`/cases/${id}/messages?limit=1000`);
  const [parent, setParent] = useState(null);
  useEffect(() => {
    const h = setInterval(reload, POLL_MS);
    return () => clearInterval(h);
  }, [id]);
  const items = data ? threads(data.items) : [];
  return (
    <section aria-labelledby="cw-msg-title">
      <PageTitle id="cw-msg-title">{t("cw.msg.title")}</PageTitle>
      <CaseWorkNav id={id} current="messages" />
      {loading && !data && <Loading />}
      <Problem error={error} />
      {data && items.length === 0 && <p>{t("cw.msg.none")}</p>}
      {data && (
        <ol class="plain thread" data-testid="thread" aria-live="polite">
          {items.map(({ m, depth }) => (
            <li key={m.id} class="message" style={{ marginInlineStart: `${Math.min(depth, 6) * 1.5}rem` }} data-testid="message">
              <p class="meta">
                <strong>{m.username}</strong> · {country(m.country)} · {dateTime ? dateTime(m.created_at) : m.created_at}
              </p>
              <p dir="auto" class="message-body">
                {m.body}
              </p>
              {(m.files || []).length > 0 && (
                <ul class="plain">
                  {m.files.map((f) => (
                    <li key={f}>
                      <a href={`/api/v1/files/${f}/content`} download>
                        {t("cw.msg.file")}
                      </a>
                    </li>
                  ))}
                </ul>
              )}
              <button type="button" class="secondary" onClick={() => setParent(m)} data-testid="msg-reply">
                {t("cw.msg.reply")}
              </button>
            </li>
          ))}
        </ol>
      )}
      {data && <Composer caseId={id} parent={parent} onSent={() => (setParent(null), reload())} onCancel={() => setParent(null)} />}
    </section>
  );
}
