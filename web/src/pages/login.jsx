import { useEffect, useRef, useState } from "preact/hooks";
import { APIError, post } from "../api.js";
import { useI18n } from "../i18n.js";
import { PageTitle, useErrorText } from "../components/common.jsx";

export function Login({ onLogin }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const userRef = useRef(null);
  const passRef = useRef(null);

  useEffect(() => userRef.current && userRef.current.focus(), []);

  const submit = async (e) => {
    e.preventDefault();
    setError("");
    if (!username.trim() || !password) {
      setError(t("login.missing"));
      (username.trim() ? passRef : userRef).current.focus();
      return;
    }
    setBusy(true);
    try {
      await post("/login", { username: username.trim(), password });
      setPassword("");
      await onLogin();
    } catch (err) {
      setError(err instanceof APIError && err.status === 401 ? t("login.wrong") : errorText(err));
      setPassword("");
      passRef.current && passRef.current.focus();
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="login" aria-labelledby="login-title">
      <PageTitle id="login-title" focus={false}>
        {t("login.title")}
      </PageTitle>
      <p class="lede">{t("login.lede")}</p>
      <form onSubmit={submit} noValidate data-testid="login-form">
        <div class="field">
          <label for="username">{t("login.username")}</label>
          <input
            id="username"
            name="username"
            data-testid="login-username"
            type="text"
            autocomplete="username"
            autocapitalize="none"
            spellcheck={false}
            required
            value={username}
            ref={userRef}
            onInput={(e) => setUsername(e.currentTarget.value)}
            aria-describedby={error ? "login-error" : undefined}
          />
        </div>
        <div class="field">
          <label for="password">{t("login.password")}</label>
          <input
            id="password"
            name="password"
            data-testid="login-password"
            type="password"
            autocomplete="current-password"
            required
            value={password}
            ref={passRef}
            onInput={(e) => setPassword(e.currentTarget.value)}
            aria-describedby={error ? "login-error" : undefined}
          />
        </div>
        {error && (
          <p id="login-error" class="error" role="alert" data-testid="login-error">
            {error}
          </p>
        )}
        <button type="submit" class="primary" data-testid="login-submit" disabled={busy}>
          {busy ? t("login.busy") : t("login.submit")}
        </button>
      </form>
    </section>
  );
}
