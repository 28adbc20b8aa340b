// The administrators' screen of accounts: list, create, roles, disable and
// re-enable, and a password reset that gives a one-time password the user
// must change at the next sign-in.
import { useEffect, useState } from "preact/hooks";
import { api, get, post } from "../api.js";
import { useI18n } from "../i18n.js";
import { hasRole, useSession } from "../session.js";
import { PageTitle, Problem, useErrorText } from "../components/common.jsx";

export const ROLES = ["officer", "ncb", "analyst", "prosecutor", "coordinator", "observer", "admin"];

function RoleChoices({ name, value, onChange, t }) {
  return (
    <fieldset class="choice-list">
      <legend class="visually-hidden">{t("users.roles")}</legend>
      {ROLES.map((r) => (
        <label class="choice" key={r}>
          <input
            type="checkbox"
            name={name}
            data-testid={name + "-" + r}
            checked={value.includes(r)}
            onChange={(e) => onChange(e.currentTarget.checked ? [...value, r] : value.filter((x) => x !== r))}
          />
          {t("userRole." + r)}
        </label>
      ))}
    </fieldset>
  );
}

// OneTime shows a one-time password once, with what to do with it.
function OneTime({ username, password, onHide, t }) {
  return (
    <div class="notice" role="status">
      <p>{t("users.oneTime", { username })}</p>
      <p>
        <code class="secret" data-testid="user-onetime">
          {password}
        </code>
      </p>
      <button type="button" class="secondary" data-testid="user-onetime-hide" onClick={onHide}>
        {t("tokens.hide")}
      </button>
    </div>
  );
}

function CreateUser({ agencies, onCreated, t }) {
  const errorText = useErrorText();
  const [agency, setAgency] = useState("");
  const [username, setUsername] = useState("");
  const [name, setName] = useState("");
  const [roles, setRoles] = useState([]);
  const [error, setError] = useState("");
  const [fields, setFields] = useState({});
  const [busy, setBusy] = useState(false);

  const submit = async (e) => {
    e.preventDefault();
    setError("");
    const f = {};
    if (!agency) f.agency_id = t("users.agencyMissing");
    if (!/^[a-z0-9][a-z0-9._@-]{1,63}$/.test(username)) f.username = t("users.usernameRule");
    if (!name.trim()) f.name = t("users.nameMissing");
    if (roles.length === 0) f.roles = t("users.rolesMissing");
    setFields(f);
    if (Object.keys(f).length) return;
    setBusy(true);
    try {
      // Created without a password, then given a generated one-time
      // password: nobody chooses a weak one for someone else.
      const u = await post("/users", { agency_id: agency, username, name: name.trim(), roles });
      const { password } = await post("/users/" + u.id + "/password-reset", {});
      setUsername("");
      setName("");
      setRoles([]);
      onCreated(u, password);
    } catch (err) {
      if (err.fields && Object.keys(err.fields).length) setFields(err.fields);
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const err = (k) =>
    fields[k] && (
      <p class="error" data-testid={"error-" + k}>
        {fields[k]}
      </p>
    );
  return (
    <form onSubmit={submit} noValidate class="panel" data-testid="user-create">
      <h2>{t("users.create")}</h2>
      <div class={"field" + (fields.agency_id ? " has-error" : "")}>
        <label for="new-agency">{t("users.agency")}</label>
        <select id="new-agency" data-testid="field-agency_id" value={agency} onChange={(e) => setAgency(e.currentTarget.value)}>
          <option value="">{t("users.chooseAgency")}</option>
          {agencies.map((a) => (
            <option value={a.id} key={a.id}>
              {a.name} ({a.country})
            </option>
          ))}
        </select>
        {err("agency_id")}
      </div>
      <div class={"field" + (fields.username ? " has-error" : "")}>
        <label for="new-username">{t("login.username")}</label>
        <input id="new-username" data-testid="field-username" autocapitalize="none" spellcheck={false} value={username} onInput={(e) => setUsername(e.currentTarget.value)} />
        {err("username")}
      </div>
      <div class={"field" + (fields.name ? " has-error" : "")}>
        <label for="new-name">{t("users.name")}</label>
        <input id="new-name" data-testid="field-name" value={name} onInput={(e) => setName(e.currentTarget.value)} />
        {err("name")}
      </div>
      <div class={"field" + (fields.roles ? " has-error" : "")}>
        <span class="label">{t("users.roles")}</span>
        <RoleChoices name="new-role" value={roles} onChange={setRoles} t={t} />
        {err("roles")}
      </div>
      {error && (
        <p class="error" role="alert" data-testid="user-create-error">
          {error}
        </p>
      )}
      <button type="submit" class="primary" data-testid="user-create-submit" disabled={busy}>
        {t("users.createSubmit")}
      </button>
    </form>
  );
}

function UserRow({ u, self, agencyName, onChanged, onPassword, t }) {
  const errorText = useErrorText();
  const [roles, setRoles] = useState(u.roles || []);
  const [error, setError] = useState("");
  const patch = async (body) => {
    setError("");
    try {
      onChanged(await api("PATCH", "/users/" + u.id, body));
    } catch (err) {
      setError(errorText(err));
    }
  };
  const reset = async () => {
    setError("");
    try {
      const { password } = await post("/users/" + u.id + "/password-reset", {});
      onPassword(u.username, password);
    } catch (err) {
      setError(errorText(err));
    }
  };
  const changed = roles.slice().sort().join() !== (u.roles || []).slice().sort().join();
  return (
    <li class={"panel user" + (u.disabled ? " disabled" : "")} data-testid="user-row" data-username={u.username} data-disabled={String(!!u.disabled)}>
      <h3>
        {u.name} <span class="muted">({u.username})</span>
      </h3>
      <p class="muted">
        {agencyName}
        {u.disabled && <span class="badge"> {t("users.disabled")}</span>}
        {u.must_change_password && <span class="badge"> {t("users.mustChange")}</span>}
      </p>
      {self ? (
        <p class="hint">{t("users.self")}</p>
      ) : (
        <>
          <RoleChoices name={"role-" + u.username} value={roles} onChange={setRoles} t={t} />
          <div class="card-actions">
            <button type="button" class="secondary" data-testid="user-roles-save" disabled={!changed || roles.length === 0} onClick={() => patch({ roles })}>
              {t("users.saveRoles")}
            </button>
            {u.disabled ? (
              <button type="button" class="secondary" data-testid="user-enable" onClick={() => patch({ disabled: false })}>
                {t("users.enable")}
              </button>
            ) : (
              <button type="button" class="secondary" data-testid="user-disable" onClick={() => patch({ disabled: true })}>
                {t("users.disable")}
              </button>
            )}
            <button type="button" class="secondary" data-testid="user-reset" onClick={reset}>
              {t("users.reset")}
            </button>
          </div>
        </>
      )}
      {error && (
        <p class="error" role="alert" data-testid="user-error">
          {error}
        </p>
      )}
    </li>
  );
}

export function Users() {
  const { t } = useI18n();
  const { me } = useSession();
  const [users, setUsers] = useState(null);
  const [agencies, setAgencies] = useState([]);
  const [error, setError] = useState(null);
  const [oneTime, setOneTime] = useState(null);
  const [filter, setFilter] = useState("");

  const load = async () => {
    try {
      const all = [];
      let cursor = "";
      do {
        const page = await get("/users?limit=100" + (cursor ? "&cursor=" + encodeURIComponent(cursor) : ""));
        all.push(...(page.items || []));
        cursor = page.next_cursor || "";
      } while (cursor);
      setUsers(all);
      setAgencies((await get("/agencies?limit=100")).items || []);
      setError(null);
    } catch (err) {
      setError(err);
    }
  };
  useEffect(() => {
    load();
  }, []);

  if (!hasRole(me, "admin")) {
    return (
      <section>
        <PageTitle>{t("users.title")}</PageTitle>
        <p>{t("users.notAllowed")}</p>
      </section>
    );
  }
  const agencyName = (id) => (agencies.find((a) => a.id === id) || { name: id }).name;
  // With every agency's staff in one list, an administrator finds an
  // account by name, username, agency or role.
  const q = filter.trim().toLowerCase();
  const shown = (users || []).filter(
    (u) =>
      !q ||
      u.name.toLowerCase().includes(q) ||
      u.username.toLowerCase().includes(q) ||
      agencyName(u.agency_id).toLowerCase().includes(q) ||
      (u.roles || []).some((r) => r === q || t("userRole." + r).toLowerCase() === q),
  );
  return (
    <section class="users" data-testid="users">
      <PageTitle>{t("users.title")}</PageTitle>
      <p class="lede">{t("users.lede")}</p>
      <Problem error={error} onRetry={load} />
      {oneTime && <OneTime {...oneTime} onHide={() => setOneTime(null)} t={t} />}
      <CreateUser
        agencies={agencies}
        t={t}
        onCreated={(u, password) => {
          setOneTime({ username: u.username, password });
          load();
        }}
      />
      {users && (
        <div class="field">
          <label for="user-filter">{t("users.filter")}</label>
          <input id="user-filter" type="search" data-testid="user-filter" value={filter} onInput={(e) => setFilter(e.currentTarget.value)} />
        </div>
      )}
      {users && (
        <ul class="user-list" aria-label={t("users.list")}>
          {shown.map((u) => (
            <UserRow
              key={u.id + (u.disabled ? "-d" : "") + (u.roles || []).join()}
              u={u}
              self={u.id === me.user.id}
              agencyName={agencyName(u.agency_id)}
              t={t}
              onChanged={(nu) => setUsers(users.map((x) => (x.id === nu.id ? nu : x)))}
              onPassword={(username, password) => {
                setOneTime({ username, password });
                load();
              }}
            />
          ))}
        </ul>
      )}
    </section>
  );
}
