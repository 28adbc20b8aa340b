// Form fields bound to a form's values by path, each with its label, hint
// and error, so that a server error names the field the user sees.
import { createContext } from "preact";
import { useContext, useMemo } from "preact/hooks";
import { useI18n } from "../i18n.js";
import { useSession } from "../session.js";
import { errorFor, fieldId, getAt } from "../paths.js";

export const Form = createContext({ values: {}, errors: {}, set() {} });

function useField(name) {
  const f = useContext(Form);
  const id = fieldId(name);
  const error = errorFor(f.errors, name);
  return { id, value: getAt(f.values, name), error, set: (v) => f.set(name, v) };
}

function describedBy(id, hint, error) {
  const ids = [];
  if (hint) ids.push(id + "-hint");
  if (error) ids.push(id + "-error");
  return ids.length ? ids.join(" ") : undefined;
}

function Hint({ id, text }) {
  return text ? (
    <p class="hint" id={id + "-hint"}>
      {text}
    </p>
  ) : null;
}

function ErrorText({ id, text }) {
  return text ? (
    <p class="field-error" id={id + "-error"} data-testid={"error-" + id.slice(2)}>
      <span class="visually-hidden">{useI18n().t("form.errorPrefix")} </span>
      {text}
    </p>
  ) : null;
}

export function TextField({ name, label, hint, required, type = "text", class: cls, ...props }) {
  const { id, value, error, set } = useField(name);
  const { t } = useI18n();
  return (
    <div class={"field" + (error ? " has-error" : "") + (cls ? " " + cls : "")}>
      <label for={id}>
        {label}
        {!required && <span class="optional"> {t("form.optional")}</span>}
      </label>
      <Hint id={id} text={hint} />
      <ErrorText id={id} text={error} />
      <input
        id={id}
        name={name}
        data-testid={"field-" + name}
        type={type}
        value={value ?? ""}
        required={required}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={describedBy(id, hint, error)}
        onInput={(e) => set(e.currentTarget.value)}
        {...props}
      />
    </div>
  );
}

export function NumberField(props) {
  return <TextField type="number" inputMode="numeric" step="1" {...props} />;
}

export function TextArea({ name, label, hint, required, rows = 3 }) {
  const { id, value, error, set } = useField(name);
  const { t } = useI18n();
  return (
    <div class={"field" + (error ? " has-error" : "")}>
      <label for={id}>
        {label}
        {!required && <span class="optional"> {t("form.optional")}</span>}
      </label>
      <Hint id={id} text={hint} />
      <ErrorText id={id} text={error} />
      <textarea
        id={id}
        name={name}
        data-testid={"field-" + name}
        rows={rows}
        value={value ?? ""}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={describedBy(id, hint, error)}
        onInput={(e) => set(e.currentTarget.value)}
      />
    </div>
  );
}

// SelectField offers options, [value, label] pairs, or groups of them as
// [groupLabel, [[value, label] ...]].
export function SelectField({ name, label, hint, required, options = [], groups, placeholder, class: cls }) {
  const { id, value, error, set } = useField(name);
  const { t } = useI18n();
  const opts = (list) =>
    list.map(([v, l]) => (
      <option value={v} key={v}>
        {l}
      </option>
    ));
  return (
    <div class={"field" + (error ? " has-error" : "") + (cls ? " " + cls : "")}>
      <label for={id}>
        {label}
        {!required && <span class="optional"> {t("form.optional")}</span>}
      </label>
      <Hint id={id} text={hint} />
      <ErrorText id={id} text={error} />
      <select
        id={id}
        name={name}
        data-testid={"field-" + name}
        value={value ?? ""}
        required={required}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={describedBy(id, hint, error)}
        onChange={(e) => set(e.currentTarget.value)}
      >
        {placeholder !== undefined && <option value="">{placeholder}</option>}
        {opts(options)}
        {(groups || []).map(([g, list]) => (
          <optgroup label={g} key={g}>
            {opts(list)}
          </optgroup>
        ))}
      </select>
    </div>
  );
}

// CountryField lists the operation's countries first, then every other,
// by name in the user's language.
export function CountryField({ participants = [], ...props }) {
  const { t, country, compare } = useI18n();
  const { countries } = useSession();
  const groups = useMemo(() => {
    const part = new Set(participants);
    const named = (codes) => codes.map((c) => [c, country(c)]).sort((a, b) => compare(a[1], b[1]));
    const others = countries.map((c) => c.alpha2).filter((c) => !part.has(c));
    return participants.length
      ? [
          [t("form.participants"), named(participants)],
          [t("form.otherCountries"), named(others)],
        ]
      : [[t("form.allCountries"), named(others)]];
  }, [countries, participants, t]);
  return <SelectField {...props} groups={groups} placeholder={props.placeholder ?? t("form.choose")} />;
}

export function RadioGroup({ name, legend, hint, required, options }) {
  const { id, value, error, set } = useField(name);
  const { t } = useI18n();
  return (
    <fieldset class={"field choices" + (error ? " has-error" : "")} id={id} aria-describedby={describedBy(id, hint, error)} data-testid={"field-" + name}>
      <legend>
        {legend}
        {!required && <span class="optional"> {t("form.optional")}</span>}
      </legend>
      <Hint id={id} text={hint} />
      <ErrorText id={id} text={error} />
      <div class="choice-list">
        {options.map(([v, l]) => (
          <label class="choice" key={v}>
            <input type="radio" name={id} value={v} checked={value === v} onChange={() => set(v)} data-testid={`field-${name}-${v}`} />
            <span>{l}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

export function CheckboxGroup({ name, legend, hint, required, options, children }) {
  const { id, value, error, set } = useField(name);
  const { t } = useI18n();
  const list = Array.isArray(value) ? value : [];
  const toggle = (v, on) => set(on ? [...list.filter((x) => x !== v), v] : list.filter((x) => x !== v));
  return (
    <fieldset class={"field choices" + (error ? " has-error" : "")} id={id} aria-describedby={describedBy(id, hint, error)} data-testid={"field-" + name}>
      <legend>
        {legend}
        {!required && <span class="optional"> {t("form.optional")}</span>}
      </legend>
      <Hint id={id} text={hint} />
      <ErrorText id={id} text={error} />
      <div class="choice-list">
        {options.map(([v, l]) => (
          <label class="choice" key={v}>
            <input
              type="checkbox"
              name={id}
              value={v}
              checked={list.includes(v)}
              onChange={(e) => toggle(v, e.currentTarget.checked)}
              data-testid={`field-${name}-${v}`}
            />
            <span>{l}</span>
          </label>
        ))}
      </div>
      {children}
    </fieldset>
  );
}

// DescribedChoices is a list of radio choices, each with its label and a
// hint tied to it for screen readers: an alert's outcome, a hit's answer.
// testid names each input `${testid}-${option}`; choiceClass may add a
// class to an option's label.
export function DescribedChoices({ id, options, value, onChoose, label, hint, testid, choiceClass }) {
  return (
    <div class="choice-list">
      {options.map((o) => (
        <label class={"choice described" + (choiceClass ? choiceClass(o) : "")} key={o}>
          <input
            type="radio"
            name={id}
            value={o}
            checked={value === o}
            onChange={() => onChoose(o)}
            aria-describedby={id + "-" + o + "-hint"}
            data-testid={testid + "-" + o}
          />
          <span>
            <span class="choice-label">{label(o)}</span>
            <span class="choice-hint" id={id + "-" + o + "-hint"}>
              {hint(o)}
            </span>
          </span>
        </label>
      ))}
    </div>
  );
}
