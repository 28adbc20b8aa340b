// Meridian's interim UI: sign in, see who you are and the operations.
// Text goes in with textContent only, never as HTML.

const $ = (id) => document.getElementById(id);

class APIError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

// api calls the JSON API. The session travels in the HttpOnly cookie, which
// this code never sees.
async function api(method, path, body) {
  const init = { method, credentials: "same-origin", headers: { Accept: "application/json" } };
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const res = await fetch("/api/v1" + path, init);
  if (!res.ok) {
    let detail = res.statusText;
    try {
      const p = await res.json();
      if (p && p.detail) detail = p.detail;
    } catch (_) { /* not a problem document */ }
    throw new APIError(res.status, detail);
  }
  return res.status === 204 ? null : res.json();
}

function say(text) { $("status").textContent = text; }

function fail(err) {
  const el = $("error");
  el.textContent = err instanceof APIError ? err.message : "Meridian cannot be reached. Check the connection and try again.";
  el.hidden = false;
}

function clearError() {
  $("error").hidden = true;
  $("error").textContent = "";
}

function showLogin() {
  $("home-view").hidden = true;
  $("session").hidden = true;
  $("login-view").hidden = false;
  $("password").value = "";
  $("username").focus();
}

async function showHome() {
  const me = await api("GET", "/me");
  const agency = me.agency ? me.agency.name : me.user.agency_id;
  $("signed-in").textContent = `Signed in as ${me.user.name} (${agency}, ${me.roles.join(", ")})`;
  $("session").hidden = false;
  $("login-view").hidden = true;
  $("home-view").hidden = false;
  await loadOperations();
  $("operations-title").focus();
}

async function loadOperations() {
  say("Loading operations…");
  const list = $("operations");
  list.replaceChildren();
  const page = await api("GET", "/operations?limit=100");
  for (const op of page.items) {
    const li = document.createElement("li");
    const h = document.createElement("h2");
    h.textContent = op.name;
    const p = document.createElement("p");
    const status = document.createElement("span");
    status.className = "badge";
    status.textContent = op.status;
    const n = (op.countries || []).length;
    p.append(status, ` ${op.start} – ${op.end} · ${n} ${n === 1 ? "country" : "countries"}`);
    li.append(h, p);
    list.append(li);
  }
  $("operations-empty").hidden = page.items.length > 0;
  say(`${page.items.length} ${page.items.length === 1 ? "operation" : "operations"}${page.next_cursor ? ", more available" : ""}.`);
}

$("login-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  clearError();
  const username = $("username").value.trim();
  const password = $("password").value;
  if (!username || !password) {
    fail(new APIError(0, "Enter your username and password."));
    (username ? $("password") : $("username")).focus();
    return;
  }
  const button = $("login-submit");
  button.disabled = true;
  say("Signing in…");
  try {
    await api("POST", "/login", { username, password });
    $("password").value = "";
    say("");
    await showHome();
  } catch (err) {
    say("");
    fail(err);
    $("password").focus();
  } finally {
    button.disabled = false;
  }
});

$("logout").addEventListener("click", async () => {
  clearError();
  try {
    await api("POST", "/logout");
  } catch (err) {
    if (!(err instanceof APIError && err.status === 401)) {
      fail(err);
      return;
    }
  }
  say("Signed out.");
  showLogin();
});

// Start: show the operations if the session is still alive, else the form.
(async () => {
  try {
    await showHome();
  } catch (err) {
    if (err instanceof APIError && err.status === 401) {
      showLogin();
    } else {
      fail(err);
      showLogin();
    }
  }
})();
