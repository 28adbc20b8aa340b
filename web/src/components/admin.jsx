// Pieces of the administration screens (operations, agencies, audit log,
// risk rules): the page a user without the role sees, a form's state
// bound to fields by path, the summary of its errors, and the server's
// reasons told in the user's language.
import { useRef, useState } from "preact/hooks";
import { APIError } from "../api.js";
import { useI18n } from "../i18n.js";
import { getAt, setAt, fieldId } from "../paths.js";
import { PageTitle, useErrorText } from "./common.jsx";

// Denied is what a page says to a user whose roles do not open it (they
// found it by its address: the navigation does not offer it).
export function Denied({ title, need }) {
  const { t } = useI18n();
  return (
    <section data-testid="denied">
      <PageTitle>{title}</PageTitle>
      <p class="notice">{t("admin.denied", { roles: need })}</p>
    </section>
  );
}

// SERVER_MESSAGES are the server's usual reasons for refusing a field,
// each with the message that says it in the user's language; the
// captured values are passed on as {a}, {b}. Another reason is shown as
// the server words it, introduced in the user's language.
const SERVER_MESSAGES = [
  [/^is required$/, "admin.why.required"],
  [/^line (\d+), column (\d+): (.*)$/s, "admin.why.compile"],
  [/^unknown ISO 3166-1 alpha-2 country code "(.*)"$/, "admin.why.country"],
  [/^must be a date YYYY-MM-DD within the operation/, "admin.why.within"],
  [/^must be a date YYYY-MM-DD/, "admin.why.date"],
  [/^is before start$/, "admin.why.beforeStart"],
  [/^must be after from$/, "admin.why.afterFrom"],
  [/^longer than (\d+) bytes/, "admin.why.long"],
  [/^country (\S+) listed twice$/, "admin.why.twice"],
  [/^an agency's country does not change/, "admin.why.country.fixed"],
  [/^the rule no longer compiles: (.*)$/s, "admin.why.stale"],
  [/^give a draft expression or a rule_id$/, "admin.why.required"],
  [/is already (invited|accepted)$/, "admin.why.already"],
  [/^must be 1 \(low\), 2 \(medium\) or 3 \(high\)/, "admin.why.severity"],
  [/^latitude .* out of range/, "admin.why.lat"],
  [/^longitude .* out of range/, "admin.why.lon"],
];

// serverText tells a server's message about a field in the user's words.
export function serverText(msg, t) {
  for (const [re, key] of SERVER_MESSAGES) {
    const m = re.exec(msg);
    if (m) return t(key, { a: m[1] ?? "", b: m[2] ?? "", c: m[3] ?? "" });
  }
  return t("admin.why.other", { why: msg });
}

// useAdminForm holds a form's values and errors for fields.jsx, and turns
// a refused request into field errors in the user's language. prefix is
// where the form's values sit ("edit." for a second form on a page, so
// that element ids stay unique); the server names fields without it.
export function useAdminForm(initial, prefix = "") {
  const { t } = useI18n();
  const errorText = useErrorText();
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState({});
  const [problem, setProblem] = useState("");
  const summaryRef = useRef(null);
  const form = {
    values,
    errors,
    set: (path, v) => setValues((old) => setAt(old, path, v)),
  };
  const focusSummary = () => requestAnimationFrame(() => summaryRef.current && summaryRef.current.focus());
  return {
    form,
    values,
    setValues,
    errors,
    problem,
    summaryRef,
    // fail shows what the server refused, at the fields it names.
    fail(err) {
      if (err instanceof APIError && Object.keys(err.fields).length) {
        const f = {};
        for (const [k, m] of Object.entries(err.fields)) {
          // An item of a list typed as one text ("MK, AL") is told at
          // that text's field: units[0].countries[1] at units[0].countries.
          let key = prefix + k;
          const item = /^(.*)\[\d+\]$/.exec(key);
          if (item && typeof getAt(values, item[1]) === "string") key = item[1];
          if (!f[key]) f[key] = serverText(m, t);
        }
        setErrors(f);
        setProblem("");
      } else {
        setErrors({});
        setProblem(err instanceof APIError && err.status === 422 && err.other.length ? serverText(err.other[0], t) : errorText(err));
      }
      focusSummary();
    },
    // invalid shows errors found before sending.
    invalid(errs) {
      setErrors(errs);
      setProblem("");
      focusSummary();
    },
    clear() {
      setErrors({});
      setProblem("");
    },
  };
}

// ErrorSummary lists a form's errors, each a link to its field.
export function ErrorSummary({ f, title, testid }) {
  const { t } = useI18n();
  const list = Object.entries(f.errors);
  if (!list.length && !f.problem) return null;
  return (
    <div class="error-summary" role="alert" tabindex="-1" ref={f.summaryRef} data-testid={testid}>
      <h3>{list.length ? t("form.errors", { n: list.length }) : title}</h3>
      {f.problem && <p>{f.problem}</p>}
      {list.length > 0 && (
        <ul>
          {list.map(([k, m]) => (
            <li key={k}>
              <a href={"#" + fieldId(k)}>{m}</a>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

// allPages reads every page of a list.
export async function allPages(get, path) {
  const all = [];
  let cursor = "";
  const sep = path.includes("?") ? "&" : "?";
  do {
    const page = await get(path + sep + "limit=100" + (cursor ? "&cursor=" + encodeURIComponent(cursor) : ""));
    all.push(...(page.items || []));
    cursor = page.next_cursor || "";
  } while (cursor);
  return all;
}
