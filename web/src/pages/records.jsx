// Persons, documents and watchlist entries: the lists with the filters
// the API has, a search by identifier, and a record's page (names in
// every script, identifiers, the events and cases it appears in, its
// handling and who can read it). Every list and read is audited by the
// server; a record the user may not read is "not found, or not shared
// with you", and nothing else.
import { useEffect, useState } from "preact/hooks";
import { APIError, get, post, query } from "../api.js";
import { useI18n } from "../i18n.js";
import { Link, navigate, useLocation } from "../router.js";
import { mayWork, useSession } from "../session.js";
import { Loading, PageTitle, Problem, useErrorText, useLoad } from "../components/common.jsx";
import { Facts } from "../components/passenger.jsx";
import { Code, Name, Scripts, WhoCanRead, agencyName, useRefData } from "../components/marking.jsx";
import {
  API_PATH,
  CATEGORIES,
  DOC_STATUSES,
  FILTERS,
  KEY_FOR_KIND,
  KEY_TYPES,
  KINDS,
  ROLES,
  titleOf,
} from "../records-model.js";

const LIMIT = 50;

// RecordsNav links the kinds of record, the import and a new record.
export function RecordsNav({ current }) {
  const { t } = useI18n();
  const { me } = useSession();
  const items = [
    ...KINDS.map((k) => [k, "/records?kind=" + k, t("records.kind." + k)]),
    ["search", "/records?kind=keys", t("records.kind.keys")],
    mayWork(me) && ["import", "/records/import", t("records.import.nav")],
  ].filter(Boolean);
  return (
    <nav class="op-nav records-nav" aria-label={t("records.navLabel")}>
      <ul>
        {items.map(([key, href, label]) => (
          <li key={key}>
            <Link href={href} aria-current={current === key ? "page" : undefined} data-testid={"records-nav-" + key}>
              {label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function params(search) {
  const q = new URLSearchParams(search);
  const out = {};
  for (const [k, v] of q) out[k] = v;
  return out;
}

// Records lists one kind of record, filtered as the URL says, so that the
// back button and a shared link keep the filters.
export function Records() {
  const { search } = useLocation();
  const p = params(search);
  const kind = KINDS.includes(p.kind) || p.kind === "keys" ? p.kind : "persons";
  const { t } = useI18n();
  const { me } = useSession();
  return (
    <section class="records" data-testid="records" data-kind={kind}>
      <PageTitle>{t("records.title")}</PageTitle>
      <p class="lede">{t("records.lede")}</p>
      <RecordsNav current={kind === "keys" ? "search" : kind} />
      {kind === "keys" ? <KeySearch /> : <RecordList kind={kind} p={p} key={kind + search} />}
      {kind !== "keys" && mayWork(me) && (
        <p>
          <Link href={"/records/new/" + kind} class="button primary" data-testid="record-new">
            {t("records.new." + kind)}
          </Link>
        </p>
      )}
    </section>
  );
}

function RecordList({ kind, p }) {
  const i18n = useI18n();
  const { t, label, country, compare } = i18n;
  const { countries } = useSession();
  const ref = useRefData();
  const [filters, setFilters] = useState(() => Object.fromEntries(FILTERS[kind].map((f) => [f, p[f] || ""])));
  const q = Object.fromEntries(FILTERS[kind].map((f) => [f, p[f] || ""]));
  const [pages, setPages] = useState([]);
  const first = useLoad(API_PATH[kind] + query({ ...q, limit: LIMIT }));
  const [more, setMore] = useState({ busy: false, error: null });
  const items = [...((first.data && first.data.items) || []), ...pages.flatMap((pg) => pg.items || [])];
  const next = pages.length ? pages[pages.length - 1].next_cursor : first.data && first.data.next_cursor;

  const apply = (e) => {
    e.preventDefault();
    navigate("/records" + query({ kind, ...filters }));
  };
  const loadMore = async () => {
    setMore({ busy: true, error: null });
    try {
      const pg = await get(API_PATH[kind] + query({ ...q, limit: LIMIT, cursor: next }));
      setPages((ps) => [...ps, pg]);
      setMore({ busy: false, error: null });
    } catch (err) {
      setMore({ busy: false, error: err });
    }
  };
  const field = (name, labelText, control) => (
    <div class="field" key={name}>
      <label for={"filter-" + name}>{labelText}</label>
      {control}
    </div>
  );
  const input = (name) => (
    <input id={"filter-" + name} data-testid={"filter-" + name} value={filters[name]} onInput={(e) => setFilters({ ...filters, [name]: e.currentTarget.value })} />
  );
  const select = (name, options) => (
    <select id={"filter-" + name} data-testid={"filter-" + name} value={filters[name]} onChange={(e) => setFilters({ ...filters, [name]: e.currentTarget.value })}>
      <option value="">{t("records.any")}</option>
      {options.map(([v, l]) => (
        <option value={v} key={v}>
          {l}
        </option>
      ))}
    </select>
  );
  const controls = {
    operation_id: () => field("operation_id", t("records.field.operation"), select("operation_id", ref.operations.map((o) => [o.id, o.name]))),
    role: () => field("role", t("records.field.role"), select("role", ROLES.map((r) => [r, label("records.role", r)]))),
    owner_agency: () =>
      field(
        "owner_agency",
        t("records.field.owner"),
        select(
          "owner_agency",
          [...ref.agencies.values()].map((a) => [a.id, agencyName(a.id, ref, i18n)]).sort((a, b) => compare(a[1], b[1])),
        ),
      ),
    category: () => field("category", t("records.field.category"), select("category", CATEGORIES.map((c) => [c, label("category", c)]))),
    number: () => field("number", t("records.field.number"), input("number")),
    issuing_state: () =>
      field(
        "issuing_state",
        t("records.field.issuingState"),
        select("issuing_state", countries.map((c) => [c.alpha2, country(c.alpha2)]).sort((a, b) => compare(a[1], b[1]))),
      ),
    person_id: () => (filters.person_id ? field("person_id", t("records.field.holder"), input("person_id")) : null),
  };

  return (
    <div class="record-list">
      <form class="filters panel" onSubmit={apply} role="search" aria-label={t("records.filters")} data-testid="record-filters">
        {FILTERS[kind].map((f) => controls[f]())}
        <p class="filters-action">
          <button type="submit" class="primary" data-testid="filter-apply">
            {t("records.apply")}
          </button>
        </p>
      </form>
      <Problem error={first.error} onRetry={first.reload} />
      {first.loading && !first.data && <Loading />}
      {first.data && items.length === 0 && <p data-testid="records-none">{t("records.none")}</p>}
      {items.length > 0 && <RecordTable kind={kind} items={items} />}
      {next && (
        <p>
          <button type="button" class="secondary" disabled={more.busy} onClick={loadMore} data-testid="records-more">
            {t("records.more")}
          </button>
        </p>
      )}
      <Problem error={more.error} />
    </div>
  );
}

// RecordTable is one row per record, one card per record on a phone.
function RecordTable({ kind, items }) {
  const i18n = useI18n();
  const { t, label, partialDay, country, list } = i18n;
  const ref = useRefData();
  const person = kind === "persons" || kind === "watch-persons";
  const cols = person
    ? [t("records.field.name"), kind === "persons" ? t("records.field.role") : t("records.field.category"), t("records.field.birthDate"), t("records.field.nationalities")]
    : [t("records.field.number"), t("records.field.type"), t("records.field.issuingState"), t("records.field.status")];
  const cells = (r) =>
    person
      ? [
          kind === "persons" ? label("records.role", r.role) : label("category", r.category),
          partialDay(r.birth_date),
          list((r.nationalities || []).map(country)),
        ]
      : [label("doc", r.type), country(r.issuing_state), label("records.docStatus", r.status)];
  return (
    <div class="table-wrap stack-wrap" tabindex="0" role="group" aria-label={t("records.kind." + kind)}>
      <table class="stack" role="table" data-testid="record-table">
        <caption class="visually-hidden">{t("records.kind." + kind)}</caption>
        <thead>
          <tr role="row">
            {cols.map((c) => (
              <th role="columnheader" scope="col" key={c}>
                {c}
              </th>
            ))}
            <th role="columnheader" scope="col">
              {t("records.field.owner")}
            </th>
            <th role="columnheader" scope="col">
              TLP
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((r) => (
            <tr role="row" key={r.id} data-testid="record-row" data-id={r.id}>
              <th role="rowheader" scope="row">
                <Link href={`/records/${kind}/${r.id}`} data-testid="record-link">
                  {person ? <Name>{titleOf(kind, r)}</Name> : <Code>{titleOf(kind, r)}</Code>}
                </Link>
              </th>
              {cells(r).map((c, i) => (
                <td role="cell" data-label={cols[i + 1]} key={i}>
                  {c}
                </td>
              ))}
              <td role="cell" data-label={t("records.field.owner")}>
                {agencyName(r.owner_agency, ref, i18n)}
              </td>
              <td role="cell" data-label="TLP">
                <Code>{"TLP:" + r.tlp}</Code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

// KeySearch finds the records that hold an identifier (a document, phone,
// e-mail ...). The search is a POST, so that the identifier stays out of
// URLs and logs; it is audited naming every record found.
function KeySearch() {
  const i18n = useI18n();
  const { t, label } = i18n;
  const errorText = useErrorText();
  const ref = useRefData();
  const [type, setType] = useState("document");
  const [value, setValue] = useState("");
  const [state, setState] = useState({ items: null, error: null, busy: false, field: "" });
  const submit = async (e) => {
    e.preventDefault();
    if (!value.trim()) return setState({ items: null, error: null, busy: false, field: t("records.error.value") });
    setState((s) => ({ ...s, busy: true, error: null, field: "" }));
    try {
      const out = await post("/keys/search", { keys: [{ type, value: value.trim() }] });
      setState({ items: out.items || [], error: null, busy: false, field: "" });
    } catch (err) {
      const msg = err instanceof APIError && err.fields["keys[0].value"];
      setState({ items: null, error: msg ? null : err, busy: false, field: msg || "" });
    }
  };
  return (
    <div class="key-search">
      <form class="filters panel" onSubmit={submit} role="search" aria-label={t("records.kind.keys")} data-testid="key-search">
        <div class="field">
          <label for="key-type">{t("records.keyType")}</label>
          <select id="key-type" data-testid="key-type" value={type} onChange={(e) => setType(e.currentTarget.value)}>
            {KEY_TYPES.map((k) => (
              <option value={k} key={k}>
                {label("records.key", k)}
              </option>
            ))}
          </select>
        </div>
        <div class={"field" + (state.field ? " has-error" : "")}>
          <label for="key-value">{t("records.keyValue")}</label>
          <p class="hint" id="key-value-hint">
            {t("records.keyHint." + type)}
          </p>
          {state.field && (
            <p class="field-error" id="key-value-error" data-testid="key-error">
              {state.field}
            </p>
          )}
          <input
            id="key-value"
            data-testid="key-value"
            value={value}
            autocomplete="off"
            spellcheck={false}
            aria-invalid={state.field ? "true" : undefined}
            aria-describedby={"key-value-hint" + (state.field ? " key-value-error" : "")}
            onInput={(e) => setValue(e.currentTarget.value)}
          />
        </div>
        <p class="filters-action">
          <button type="submit" class="primary" disabled={state.busy} data-testid="key-submit">
            {t("records.search")}
          </button>
        </p>
      </form>
      {state.error && <p class="error" role="alert">{errorText(state.error)}</p>}
      {state.items && state.items.length === 0 && <p data-testid="key-none">{t("records.keyNone")}</p>}
      {state.items && state.items.length > 0 && (
        <ul class="results plain" data-testid="key-results">
          {state.items.map((m) => {
            const k = KEY_FOR_KIND[m.record_kind];
            return (
              <li key={m.record_id + m.key.value} data-testid="key-result">
                <p>
                  {k ? (
                    <Link href={`/records/${k}/${m.record_id}`}>{t("records.kindOne." + k)}</Link>
                  ) : (
                    m.record_kind
                  )}{" "}
                  <Code>{m.key.value}</Code>
                </p>
                <p class="muted small">{t("records.ownedBy", { owner: agencyName(m.owner_agency, ref, i18n) })}</p>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}

// NotShared is all a user sees of a record they may not read, or that
// does not exist: the two are one answer.
function NotShared({ kind }) {
  const { t } = useI18n();
  return (
    <section class="record" data-testid="record-not-found">
      <PageTitle>{t("records.notShared")}</PageTitle>
      <p>
        <Link href={"/records?kind=" + kind}>{t("records.backTo." + kind)}</Link>
      </p>
    </section>
  );
}

// RecordPage is one record: who it is or what, its identifiers, where it
// appears, its handling and who can read it.
export function RecordPage({ kind, id }) {
  const i18n = useI18n();
  const { t, dateTime, longDay } = i18n;
  const { me } = useSession();
  const ref = useRefData();
  const ok = KINDS.includes(kind);
  const { data: r, error, reload } = useLoad(ok ? `${API_PATH[kind]}/${encodeURIComponent(id)}` : null);
  if (!ok || (error instanceof APIError && (error.status === 404 || error.status === 422))) return <NotShared kind={ok ? kind : "persons"} />;
  if (error) return <Problem error={error} onRetry={reload} />;
  if (!r) return <Loading />;
  const mine = me.agency && me.agency.id === r.owner_agency;
  const op = ref.operations.find((o) => o.id === r.operation_id);
  const person = kind === "persons" || kind === "watch-persons";
  return (
    <article class="record" data-testid="record-page" data-kind={kind} data-id={r.id}>
      <p class="crumbs">
        <Link href={"/records?kind=" + kind}>{t("records.backTo." + kind)}</Link>
      </p>
      <PageTitle data-testid="record-title">{person ? <Name>{titleOf(kind, r)}</Name> : <Code>{titleOf(kind, r)}</Code>}</PageTitle>
      <p class="alert-head">
        <span class="badge kind">{t("records.kindOne." + kind)}</span>{" "}
        {kind === "persons" && <span class="badge">{i18n.label("records.role", r.role)}</span>}
        {kind === "watch-persons" && <span class="badge">{i18n.label("category", r.category)}</span>}
        {(kind === "documents" || kind === "watch-documents") && <span class="badge">{i18n.label("records.docStatus", r.status)}</span>}
      </p>
      {mine && mayWork(me) && (
        <p>
          <Link href={`/records/${kind}/${r.id}/edit`} class="button secondary" data-testid="record-edit">
            {t("records.edit")}
          </Link>
        </p>
      )}

      <section class="panel handling" aria-labelledby="handling-title" data-testid="record-handling">
        <h2 id="handling-title">{t("records.handlingTitle")}</h2>
        <WhoCanRead marking={r} owner={r.owner_agency} mine={mine} />
        <Facts
          rows={[
            [t("records.field.owner"), agencyName(r.owner_agency, ref, i18n)],
            [t("records.field.operation"), r.operation_id && (op ? op.name : <Code>{r.operation_id}</Code>)],
            [t("field.tlp"), <span key="tlp"><Code>{"TLP:" + r.tlp}</Code> – {t("tlp." + r.tlp)}</span>],
            [t("records.field.handling"), <span key="h"><Code>{r.handling}</Code> – {t("records.handling." + r.handling)}</span>],
            [t("records.field.handlingNote"), r.handling_note],
            [t("records.field.sourceGrade"), r.source_grade && `${r.source_grade} – ${i18n.label("records.source", r.source_grade)}`],
            [t("records.field.infoGrade"), r.info_grade && `${r.info_grade} – ${i18n.label("records.info", r.info_grade)}`],
            [t("records.field.retention"), longDay(r.retention_review)],
            [t("records.updated"), dateTime(r.updated_at)],
            [t("records.reference"), <Code key="id">{r.id}</Code>],
          ]}
        />
        {(kind === "watch-persons" || kind === "watch-documents") && <p class="muted small">{t("records.who.hitNote")}</p>}
      </section>

      {person && <NamesPanel names={r.names || []} />}
      {person && <PersonFacts kind={kind} r={r} />}
      {!person && <DocumentFacts kind={kind} r={r} />}
      {kind === "persons" && <IdentifiersPanel r={r} />}
      {kind === "persons" && <HeldDocuments id={r.id} mine={mine && mayWork(me)} />}
      {kind === "persons" && <EventsPanel id={r.id} />}
      <CasesPanel id={r.id} />
    </article>
  );
}

// NamesPanel lists every name, marked with its script; each is isolated so
// that an Arabic name on an English page, or a Latin one on an Arabic
// page, keeps its order.
function NamesPanel({ names }) {
  const { t, label } = useI18n();
  return (
    <section class="panel" aria-labelledby="names-title">
      <h2 id="names-title">{t("records.names")}</h2>
      <ul class="plain names" data-testid="record-names">
        {names.map((n, i) => (
          <li key={i} data-testid="record-name" data-kind={n.kind}>
            <Name class="name" lang={undefined}>
              {n.full}
            </Name>{" "}
            <span class="muted small">{label("records.nameKind", n.kind || (i ? "alias" : "primary"))}</span> <Scripts text={n.full} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function PersonFacts({ kind, r }) {
  const i18n = useI18n();
  const { t, partialDay, country, list, label } = i18n;
  return (
    <section class="panel" aria-labelledby="person-title">
      <h2 id="person-title">{t("records.about")}</h2>
      <Facts
        testid="record-facts"
        rows={[
          [t("records.field.birthDate"), partialDay(r.birth_date)],
          [t("field.sex"), r.sex && label("sex", r.sex)],
          [t("records.field.nationalities"), list((r.nationalities || []).map(country))],
          [t("records.field.languages"), (r.languages || []).length > 0 && <Code key="l">{r.languages.join(", ")}</Code>],
          kind === "watch-persons" && [t("records.field.ref"), r.ref && <Code key="ref">{r.ref}</Code>],
          kind === "watch-persons" && [
            t("records.field.documents"),
            (r.documents || []).length > 0 && (
              <ul class="plain" key="d">
                {r.documents.map((d, i) => (
                  <li key={i}>
                    {label("doc", d.type || "passport")} <Code>{d.number}</Code> {d.issuing_state && `(${country(d.issuing_state)})`}
                  </li>
                ))}
              </ul>
            ),
          ],
          kind === "watch-persons" && [t("records.field.addresses"), (r.addresses || []).length > 0 && <Name key="a">{r.addresses.join(" · ")}</Name>],
          kind === "watch-persons" && [
            t("records.field.sanctions"),
            (r.sanctions || []).length > 0 && (
              <ul class="plain" key="s">
                {r.sanctions.map((s, i) => (
                  <li key={i}>
                    <Name>{[s.authority, s.program].filter(Boolean).join(" · ")}</Name>
                    {s.reason && <p class="small pre">{s.reason}</p>}
                  </li>
                ))}
              </ul>
            ),
          ],
          r.victim && [t("records.victimStatus"), r.victim.status && label("records.victim", r.victim.status)],
          r.victim && [t("field.exploitation"), list((r.victim.exploitation || []).map((e) => label("exploitation", e)))],
          r.victim && [t("field.recruitment"), list((r.victim.recruitment || []).map((e) => label("recruitment", e)))],
          r.victim && [t("field.means_of_control"), list((r.victim.means_of_control || []).map((e) => label("control", e)))],
          r.suspect && [t("records.processRoles"), list((r.suspect.process_roles || []).map((x) => label("records.process", x)))],
          [t("records.field.notes"), r.notes && <span class="pre">{r.notes}</span>],
        ].filter(Boolean)}
      />
    </section>
  );
}

function DocumentFacts({ kind, r }) {
  const i18n = useI18n();
  const { t, country, label, partialDay } = i18n;
  return (
    <section class="panel" aria-labelledby="doc-title">
      <h2 id="doc-title">{t("records.about")}</h2>
      <Facts
        testid="record-facts"
        rows={[
          [t("records.field.type"), label("doc", r.type)],
          [t("records.field.number"), <Code key="n">{r.number}</Code>],
          [t("records.field.issuingState"), country(r.issuing_state)],
          [t("records.field.status"), label("records.docStatus", r.status)],
          kind === "watch-documents" && [t("records.field.ref"), r.ref && <Code key="ref">{r.ref}</Code>],
          kind === "documents" && [t("records.field.issuedOn"), partialDay(r.issued_on)],
          kind === "documents" && [t("records.field.expiresOn"), partialDay(r.expires_on)],
          kind === "documents" && [
            t("records.field.holder"),
            r.person_id && (
              <Link key="p" href={`/records/persons/${r.person_id}`} data-testid="record-holder">
                {t("records.openHolder")}
              </Link>
            ),
          ],
        ].filter(Boolean)}
      />
    </section>
  );
}

function IdentifiersPanel({ r }) {
  const { t, label, country } = useI18n();
  const ids = r.identifiers || [];
  return (
    <section class="panel" aria-labelledby="ids-title">
      <h2 id="ids-title">{t("records.identifiers")}</h2>
      {ids.length === 0 ? (
        <p class="muted">{t("records.noIdentifiers")}</p>
      ) : (
        <ul class="plain" data-testid="record-identifiers">
          {ids.map((x, i) => (
            <li key={i}>
              {label("records.idKind", x.kind)}: {x.kind === "address" ? <Name>{x.value}</Name> : <Code>{x.value}</Code>}
              {x.platform && <> ({x.platform})</>}
              {x.country && <span class="muted small"> · {country(x.country)}</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

// Related lists other records that name this one, as far as the user may
// read them.
function Related({ path, title, testid, none, render, action }) {
  const { data, error, reload } = useLoad(path);
  const { t } = useI18n();
  const items = (data && data.items) || [];
  return (
    <section class="panel" aria-labelledby={testid + "-title"} data-testid={testid}>
      <h2 id={testid + "-title"}>{title}</h2>
      <Problem error={error} onRetry={reload} />
      {!data && !error && <Loading />}
      {data && items.length === 0 && <p class="muted">{none}</p>}
      {items.length > 0 && <ul class="plain related">{items.map(render)}</ul>}
      {data && data.next_cursor && <p class="muted small">{t("records.moreRelated")}</p>}
      {action && <p>{action}</p>}
    </section>
  );
}

function HeldDocuments({ id, mine }) {
  const { t, label, country } = useI18n();
  return (
    <Related
      action={
        mine && (
          <Link href={"/records/new/documents" + query({ person_id: id })} class="button secondary small" data-testid="record-add-document">
            {t("records.addHeldDocument")}
          </Link>
        )
      }
      path={"/documents" + query({ person_id: id, limit: 50 })}
      title={t("records.heldDocuments")}
      testid="record-documents"
      none={t("records.noDocuments")}
      render={(d) => (
        <li key={d.id}>
          <Link href={`/records/documents/${d.id}`}>
            {label("doc", d.type)} <Code>{d.number}</Code>
          </Link>{" "}
          ({country(d.issuing_state)}, {label("records.docStatus", d.status)})
        </li>
      )}
    />
  );
}

function EventsPanel({ id }) {
  const i18n = useI18n();
  const { t, label, dateTime, country } = i18n;
  return (
    <Related
      path={"/events" + query({ person_id: id, order: "newest", limit: 50 })}
      title={t("records.events")}
      testid="record-events"
      none={t("records.noEvents")}
      render={(e) => {
        const role = (e.persons || []).find((p) => p.person_id === id);
        const text = (
          <>
            {label("type", e.type)} · {dateTime(e.occurred_at)} · {e.place && e.place.name && <Name>{e.place.name}</Name>}
            {e.place && e.place.name && ", "}
            {e.place && country(e.place.country)}
          </>
        );
        return (
          <li key={e.id} data-testid="record-event" data-id={e.id}>
            {e.operation_id ? <Link href={`/operations/${e.operation_id}/events/${e.id}`}>{text}</Link> : text}
            {role && <span class="muted small"> · {label("records.role", role.role)}</span>}
          </li>
        );
      }}
    />
  );
}

function CasesPanel({ id }) {
  const { t, label, country, list } = useI18n();
  return (
    <Related
      path={"/cases" + query({ record_id: id, limit: 50 })}
      title={t("records.cases")}
      testid="record-cases"
      none={t("records.noCases")}
      render={(c) => (
        <li key={c.id} data-testid="record-case" data-id={c.id}>
          <strong>
            <Name>{c.title}</Name>
          </strong>{" "}
          <span class="badge">{label("records.caseStatus", c.status)}</span>
          {(c.countries || []).length > 0 && <span class="muted small"> · {list(c.countries.map(country))}</span>}
        </li>
      )}
    />
  );
}
