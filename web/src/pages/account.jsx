// The user's own account: their password (also the forced change after
// signing in with a password someone else chose), their API tokens and
// their language.
import { useEffect, useRef, useState } from "preact/hooks";
import { APIError, api, get, post } from "../api.js";
import { LANGS, useI18n } from "../i18n.js";
import { useSession } from "../session.js";
import { PageTitle, Problem, useErrorText } from "../components/common.jsx";

// MIN_PASSWORD mirrors the server's rule: characters, not bytes.
export const MIN_PASSWORD = 12;

// passwordProblem is the client-side check mirroring the server's first
// rules, so that the usual mistakes are told in the user's language.
export function passwordProblem(next, confirm, t) {
  if ([...next.normalize("NFC")].length < MIN_PASSWORD) return t("password.short", { n: MIN_PASSWORD });
  if (!next.trim()) return t("password.short", { n: MIN_PASSWORD });
  if (next !== confirm) return t("password.mismatch");
  return "";
}

// REFUSALS are the server's reasons for refusing a new password
// (auth.CheckNewPassword), told in the user's language; another reason is
// shown as the server words it.
const REFUSALS = [
  ["most common passwords", "password.why.common"],
  ["made of the username", "password.why.username"],
  ["too repetitive", "password.why.repetitive"],
  ["at least 12 characters", "password.why.short"],
  ["only spaces", "password.why.short"],
  ["must differ", "password.why.same"],
];

export function refusal(message, t) {
  const hit = REFUSALS.find(([text]) => message.includes(text));
  return hit ? t(hit[1], { n: MIN_PASSWORD }) : t("password.refused", { why: message });
}

export function ChangePassword({ onDone, forced = false }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [confirm, setConfirm] = useState("");
  const [errors, setErrors] = useState({});
  const [other, setOther] = useState("");
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const firstRef = useRef(null);

  const submit = async (e) => {
    e.preventDefault();
    setDone(false);
    setOther("");
    const errs = {};
    if (!current) errs.current_password = t("password.currentMissing");
    const p = passwordProblem(next, confirm, t);
    if (p) errs[next !== confirm && [...next].length >= MIN_PASSWORD ? "confirm" : "new_password"] = p;
    setErrors(errs);
    if (Object.keys(errs).length) return;
    setBusy(true);
    try {
      await api("PUT", "/me/password", { current_password: current, new_password: next });
      setCurrent("");
      setNext("");
      setConfirm("");
      setDone(true);
      if (onDone) await onDone();
    } catch (err) {
      if (err instanceof APIError && Object.keys(err.fields).length) {
        const f = {};
        if (err.fields.current_password) f.current_password = t("password.currentWrong");
        if (err.fields.new_password) f.new_password = refusal(err.fields.new_password, t);
        setErrors(f);
      } else {
        setOther(errorText(err));
      }
    } finally {
      setBusy(false);
    }
  };

  const field = (id, label, value, set, autocomplete, hint) => (
    <div class={"field" + (errors[id] ? " has-error" : "")}>
      <label for={"pw-" + id}>{label}</label>
      {hint && (
        <p class="hint" id={"pw-" + id + "-hint"}>
          {hint}
        </p>
      )}
      <input
        id={"pw-" + id}
        type="password"
        data-testid={"field-" + id}
        autocomplete={autocomplete}
        value={value}
        ref={id === "current_password" ? firstRef : undefined}
        aria-invalid={errors[id] ? "true" : undefined}
        aria-describedby={[hint && "pw-" + id + "-hint", errors[id] && "pw-" + id + "-error"].filter(Boolean).join(" ") || undefined}
        onInput={(e) => set(e.currentTarget.value)}
      />
      {errors[id] && (
        <p class="error" id={"pw-" + id + "-error"} data-testid={"error-" + id}>
          {errors[id]}
        </p>
      )}
    </div>
  );

  return (
    <form onSubmit={submit} noValidate data-testid="password-form" class="panel">
      <h2>{forced ? t("password.forcedTitle") : t("password.title")}</h2>
      {forced && <p class="notice">{t("password.forcedLede")}</p>}
      {field("current_password", t("password.current"), current, setCurrent, "current-password")}
      {field("new_password", t("password.new"), next, setNext, "new-password", t("password.hint", { n: MIN_PASSWORD }))}
      {field("confirm", t("password.confirm"), confirm, setConfirm, "new-password")}
      {other && (
        <p class="error" role="alert" data-testid="password-error">
          {other}
        </p>
      )}
      {done && !forced && (
        <p class="success" role="status" data-testid="password-done">
          {t("password.done")}
        </p>
      )}
      <button type="submit" class="primary" data-testid="password-submit" disabled={busy}>
        {t("password.submit")}
      </button>
    </form>
  );
}

// ForcedChange is all a user sees until they replace a password someone
// else chose: the server refuses everything else meanwhile.
export function ForcedChange({ onDone }) {
  const { t } = useI18n();
  return (
    <section class="account" data-testid="forced-change">
      <PageTitle>{t("password.forcedTitle")}</PageTitle>
      <ChangePassword forced onDone={onDone} />
    </section>
  );
}

function Tokens() {
  const { t, dateTime } = useI18n();
  const errorText = useErrorText();
  const [tokens, setTokens] = useState(null);
  const [error, setError] = useState(null);
  const [name, setName] = useState("");
  const [days, setDays] = useState("90");
  const [secret, setSecret] = useState("");
  const [busy, setBusy] = useState(false);
  const [formError, setFormError] = useState("");

  const load = async () => {
    try {
      setTokens((await get("/me/tokens")).items || []);
      setError(null);
    } catch (err) {
      setError(err);
    }
  };
  useEffect(() => {
    load();
  }, []);

  const create = async (e) => {
    e.preventDefault();
    setFormError("");
    const n = Number(days);
    if (!name.trim()) return setFormError(t("tokens.nameMissing"));
    if (!Number.isInteger(n) || n < 1 || n > 366) return setFormError(t("tokens.daysRange"));
    setBusy(true);
    try {
      const out = await post("/me/tokens", { name: name.trim(), expires_in_days: n });
      setSecret(out.token);
      setName("");
      await load();
    } catch (err) {
      setFormError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const revoke = async (id) => {
    try {
      await api("DELETE", "/me/tokens/" + encodeURIComponent(id));
      await load();
    } catch (err) {
      setError(err);
    }
  };

  return (
    <section class="panel" aria-labelledby="tokens-title">
      <h2 id="tokens-title">{t("tokens.title")}</h2>
      <p class="hint">{t("tokens.lede")}</p>
      <form onSubmit={create} noValidate class="filters">
        <div class="field">
          <label for="token-name">{t("tokens.name")}</label>
          <input id="token-name" data-testid="token-name" value={name} maxLength={200} onInput={(e) => setName(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="token-days">{t("tokens.days")}</label>
          <input id="token-days" data-testid="token-days" type="number" min="1" max="366" inputmode="numeric" value={days} onInput={(e) => setDays(e.currentTarget.value)} />
        </div>
        <p class="filters-action">
          <button type="submit" class="primary" data-testid="token-create" disabled={busy}>
            {t("tokens.create")}
          </button>
        </p>
      </form>
      {formError && (
        <p class="error" role="alert" data-testid="token-error">
          {formError}
        </p>
      )}
      {secret && (
        <div class="notice" role="status">
          <p>{t("tokens.shownOnce")}</p>
          <p>
            <code class="secret" data-testid="token-secret">
              {secret}
            </code>
          </p>
          <button type="button" class="secondary" data-testid="token-secret-hide" onClick={() => setSecret("")}>
            {t("tokens.hide")}
          </button>
        </div>
      )}
      <Problem error={error} onRetry={load} />
      {tokens && tokens.length === 0 && <p class="muted">{t("tokens.none")}</p>}
      {tokens && tokens.length > 0 && (
        <div class="table-wrap stack-wrap" tabindex="0" role="group" aria-label={t("tokens.title")}>
          <table class="stack" role="table" data-testid="tokens">
            <caption class="visually-hidden">{t("tokens.title")}</caption>
            <thead>
              <tr role="row">
                <th role="columnheader" scope="col">{t("tokens.name")}</th>
                <th role="columnheader" scope="col">{t("tokens.created")}</th>
                <th role="columnheader" scope="col">{t("tokens.expires")}</th>
                <th role="columnheader" scope="col"><span class="visually-hidden">{t("tokens.actions")}</span></th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((tk) => (
                <tr role="row" key={tk.id} data-testid="token-row" data-id={tk.id} data-name={tk.name}>
                  <td role="cell" data-label={t("tokens.name")}>{tk.name || t("tokens.unnamed")}</td>
                  <td role="cell" data-label={t("tokens.created")}>{dateTime(tk.created_at)}</td>
                  <td role="cell" data-label={t("tokens.expires")}>{dateTime(tk.expires_at)}</td>
                  <td role="cell">
                    <button type="button" class="secondary" data-testid="token-revoke" onClick={() => revoke(tk.id)}>
                      {t("tokens.revoke")}
                    </button>
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

export function Account() {
  const { t, code } = useI18n();
  const { me, changeLang } = useSession();
  return (
    <section class="account" data-testid="account">
      <PageTitle>{t("account.title")}</PageTitle>
      <p class="lede">
        {t("account.who", { username: me.user.username, name: me.user.name })}
      </p>
      <ChangePassword />
      <Tokens />
      <section class="panel" aria-labelledby="account-lang-title">
        <h2 id="account-lang-title">{t("app.language")}</h2>
        <div class="field">
          <label for="account-lang">{t("account.langHint")}</label>
          <select id="account-lang" data-testid="account-lang" value={code} onChange={(e) => changeLang(e.currentTarget.value)}>
            {LANGS.map((l) => (
              <option value={l.code} lang={l.code} key={l.code}>
                {l.name}
              </option>
            ))}
          </select>
        </div>
      </section>
    </section>
  );
}
