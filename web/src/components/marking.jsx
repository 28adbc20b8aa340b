// What the records screens share: the agencies and operations a marking
// names, codes and names isolated from the text around them (so that an
// Arabic page does not reorder "MK-2024/17"), the marking's fields with a
// releasability editor that says who will see the record, and the plain
// sentence saying who can read a stored one.
import { useEffect, useState } from "preact/hooks";
import { get } from "../api.js";
import { useI18n } from "../i18n.js";
import { useSession } from "../session.js";
import { errorFor, fieldId, getAt } from "../paths.js";
import { CountryField, DescribedChoices, Form, SelectField, TextArea, TextField } from "./fields.jsx";
import { HANDLING, INFO_GRADES, SCOPES, SOURCE_GRADES, TLPS, audience, scriptsOf, RTL_SCRIPTS } from "../records-model.js";
import { useContext } from "preact/hooks";

// Code is an identifier, reference, number or code: always left to right,
// isolated from the sentence it sits in.
export function Code({ children, ...props }) {
  return (
    <bdi dir="ltr" class="code-inline" {...props}>
      {children}
    </bdi>
  );
}

// Name is a name in any script, isolated, its direction its own.
export function Name({ children, ...props }) {
  return (
    <bdi dir="auto" {...props}>
      {children}
    </bdi>
  );
}

// Scripts marks the scripts a name is written in.
export function Scripts({ text }) {
  const { t } = useI18n();
  const found = scriptsOf(text);
  if (!found.length) return null;
  return (
    <span class="scripts">
      {found.map((s) => (
        <span class={"badge script" + (RTL_SCRIPTS.includes(s) ? " rtl" : "")} data-script={s} key={s}>
          <span class="visually-hidden">{t("records.script")} </span>
          {t("records.scriptName." + s)}
        </span>
      ))}
    </span>
  );
}

// The agencies and operations, read once per page load and shared by
// every component that names them: every signed-in user may list
// agencies; operations a user does not take part in come as summaries
// (name and period only).
let refCache = null;
let refLoading = null;
function loadRef() {
  if (!refLoading) {
    refLoading = Promise.all([get("/agencies?limit=1000"), get("/operations?limit=1000")]).then(
      ([a, o]) => (refCache = { agencies: new Map((a.items || []).map((x) => [x.id, x])), operations: o.items || [], ready: true }),
      (err) => {
        refLoading = null; // asked again by the next page
        throw err;
      },
    );
  }
  return refLoading;
}

export function useRefData() {
  const [data, setData] = useState(refCache || { agencies: new Map(), operations: [], ready: false });
  useEffect(() => {
    // Loaded meanwhile by another component (between this one's render
    // and its effect): take it.
    if (refCache) {
      setData(refCache);
      return;
    }
    let live = true;
    loadRef().then(
      (c) => live && setData(c),
      () => live && setData((d) => ({ ...d, ready: true })),
    );
    return () => {
      live = false;
    };
  }, []);
  return data;
}

// agencyName names an agency by id, with its country.
export function agencyName(id, ref, i18n) {
  const a = ref.agencies.get(id);
  if (!a) return id;
  return a.country ? `${a.name} (${i18n.country(a.country)})` : a.name;
}

// WhoCanRead says in a sentence who may read a record with this marking.
// mine is true while the user's own agency is the owner.
export function WhoCanRead({ marking, owner, mine, testid = "who-can-read" }) {
  const i18n = useI18n();
  const { t, list, country } = i18n;
  const ref = useRefData();
  // Said once the agencies are known, never with their bare ids.
  if (!ref.ready) return <p class="who-can-read muted">{t("common.loading")}</p>;
  const op = ref.operations.find((o) => o.id === marking.operation_id) || null;
  const a = audience(marking, op);
  const own = ref.agencies.get(owner);
  const ownerName = mine ? t("records.who.yourAgency", { agency: own ? own.name : owner }) : agencyName(owner, ref, i18n);
  let text;
  if (a.scope === "listed") {
    const who = [...a.countries.map((c) => t("records.who.country", { country: country(c) })), ...a.agencies.map((x) => agencyName(x, ref, i18n))];
    text = who.length ? t("records.who.listed", { owner: ownerName, who: list(who) }) : t("records.who.listedNone", { owner: ownerName });
  } else if (a.scope === "all") {
    text = a.operation
      ? a.known
        ? t("records.who.allKnown", { owner: ownerName, operation: a.operation, countries: a.countries.length, agencies: a.agencies.length })
        : t("records.who.all", { owner: ownerName, operation: a.operation })
      : t("records.who.allNoOperation", { owner: ownerName });
  } else {
    text = t("records.who.owner", { owner: ownerName });
  }
  return (
    <p class="who-can-read" data-testid={testid} data-scope={a.scope}>
      <strong>{t("records.who.title")}</strong> {text}
    </p>
  );
}

// PickList is a list of chosen values (countries, agencies) with a select
// to add one and a button to remove each; its errors are those of the
// list and of its items.
export function PickList({ name, legend, hint, options, testid }) {
  const f = useContext(Form);
  const { t } = useI18n();
  const id = fieldId(name);
  const value = getAt(f.values, name) || [];
  const error = errorFor(f.errors, name);
  const [pick, setPick] = useState("");
  const labelOf = new Map(options.flatMap(([g, list]) => list));
  const add = () => {
    if (!pick || value.includes(pick)) return;
    f.set(name, [...value, pick]);
    setPick("");
  };
  return (
    <fieldset class={"field picklist" + (error ? " has-error" : "")} id={id} data-testid={testid || "field-" + name}>
      <legend>{legend}</legend>
      {hint && <p class="hint">{hint}</p>}
      {error && (
        <p class="field-error" data-testid={"error-" + id.slice(2)}>
          <span class="visually-hidden">{t("form.errorPrefix")} </span>
          {error}
        </p>
      )}
      {value.length > 0 && (
        <ul class="plain chosen">
          {value.map((v, i) => (
            <li key={v}>
              <span>{labelOf.get(v) || v}</span>{" "}
              <button type="button" class="secondary small" onClick={() => f.set(name, value.filter((x) => x !== v))} data-testid={`${testid || name}-remove-${v}`}>
                {t("records.remove")}
                <span class="visually-hidden"> {labelOf.get(v) || v}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <div class="pick">
        <label for={id + "-pick"} class="visually-hidden">
          {legend}
        </label>
        <select id={id + "-pick"} value={pick} onChange={(e) => setPick(e.currentTarget.value)} data-testid={(testid || name) + "-pick"}>
          <option value="">{t("form.choose")}</option>
          {options.map(([g, list]) => (
            <optgroup label={g} key={g}>
              {list.map(([v, l]) => (
                <option value={v} key={v}>
                  {l}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
        <button type="button" class="secondary small" onClick={add} data-testid={(testid || name) + "-add"}>
          {t("records.add")}
        </button>
      </div>
    </fieldset>
  );
}

// useCountryOptions lists the countries by name in the user's language.
export function useCountryOptions() {
  const { t, country, compare } = useI18n();
  const { countries } = useSession();
  const named = countries.map((c) => [c.alpha2, country(c.alpha2)]).sort((a, b) => compare(a[1], b[1]));
  return [[t("form.allCountries"), named]];
}

// MarkingFields edits handling, releasability, grading and retention; the
// release editor says, as the user chooses, who will see the record.
export function MarkingFields({ values, owner, testid = "marking" }) {
  const i18n = useI18n();
  const { t, label, compare } = i18n;
  const f = useContext(Form);
  const { me } = useSession();
  const ref = useRefData();
  const countryOptions = useCountryOptions();
  const ops = ref.operations.filter((o) => !o.summary || o.id === values.operation_id);
  const agencyOptions = [
    [
      t("records.agencies"),
      [...ref.agencies.values()]
        .filter((a) => a.id !== (owner || (me.agency && me.agency.id)))
        .map((a) => [a.id, agencyName(a.id, ref, i18n)])
        .sort((a, b) => compare(a[1], b[1])),
    ],
  ];
  const scope = (values.release && values.release.scope) || "owner";
  const sid = fieldId("release.scope");
  const tid = fieldId("tlp");
  const scopeError = errorFor(f.errors, "release.scope") || f.errors.release;
  const tlpError = errorFor(f.errors, "tlp");
  return (
    <fieldset class="section marking" data-testid={testid}>
      <legend>{t("records.marking")}</legend>
      <SelectField
        name="operation_id"
        label={t("records.field.operation")}
        hint={t("records.hint.operation")}
        placeholder={t("records.noOperation")}
        options={ops.map((o) => [o.id, o.name])}
      />
      <fieldset class={"field choices" + (tlpError ? " has-error" : "")} id={tid} data-testid="field-tlp">
        <legend>{t("field.tlp")}</legend>
        {tlpError && <p class="field-error">{tlpError}</p>}
        <DescribedChoices
          id={tid}
          options={TLPS}
          value={values.tlp}
          onChoose={(v) => f.set("tlp", v)}
          label={(v) => "TLP:" + v}
          hint={(v) => t("tlp." + v)}
          testid="field-tlp"
        />
      </fieldset>
      <SelectField name="handling" label={t("records.field.handling")} options={HANDLING.map((h) => [h, `${h} – ${t("records.handling." + h)}`])} />
      {values.handling === "H3" && <TextArea name="handling_note" label={t("records.field.handlingNote")} hint={t("records.hint.handlingNote")} rows={2} />}
      <fieldset class={"field choices" + (scopeError ? " has-error" : "")} id={sid} data-testid="field-release.scope">
        <legend>{t("records.field.release")}</legend>
        {scopeError && (
          <p class="field-error" data-testid="error-release">
            <span class="visually-hidden">{t("form.errorPrefix")} </span>
            {scopeError}
          </p>
        )}
        <DescribedChoices
          id={sid}
          options={SCOPES}
          value={scope}
          onChoose={(v) => f.set("release.scope", v)}
          label={(v) => t("records.scope." + v)}
          hint={(v) => t("records.scopeHint." + v)}
          testid="field-release-scope"
        />
      </fieldset>
      {scope === "listed" && (
        <div class="release-lists">
          <PickList name="release.countries" legend={t("records.field.releaseCountries")} hint={t("records.hint.releaseCountries")} options={countryOptions} testid="release-countries" />
          <PickList name="release.agencies" legend={t("records.field.releaseAgencies")} options={agencyOptions} testid="release-agencies" />
        </div>
      )}
      <div class="notice" aria-live="polite">
        <WhoCanRead marking={values} owner={owner || (me.agency && me.agency.id)} mine testid="who-will-see" />
        <p class="small">{t("records.who.tlpNote", { tlp: values.tlp, meaning: t("tlp." + values.tlp) })}</p>
      </div>
      <div class="filters">
        <SelectField name="source_grade" label={t("records.field.sourceGrade")} placeholder="—" options={SOURCE_GRADES.map((g) => [g, `${g} – ${label("records.source", g)}`])} />
        <SelectField name="info_grade" label={t("records.field.infoGrade")} placeholder="—" options={INFO_GRADES.map((g) => [g, `${g} – ${label("records.info", g)}`])} />
        <TextField name="retention_review" type="date" label={t("records.field.retention")} hint={t("records.hint.retention")} />
      </div>
    </fieldset>
  );
}

export { CountryField };
