// Flights: the passenger messages received, newest first, and one flight's
// message with its travellers (those on alerts marked) and, for a PNRGOV
// push, its bookings.
import { useEffect, useMemo, useState } from "preact/hooks";
import { APIError, get, query } from "../api.js";
import { useI18n } from "../i18n.js";
import { Link } from "../router.js";
import { mayWork, useSession } from "../session.js";
import { Loading, PageTitle, Problem, useLoad } from "../components/common.jsx";
import { Facts, Severity, bagsText, docText, seatsText } from "../components/passenger.jsx";
import { alertsByTraveller, allTravellers, legDesignator, travellerName } from "../passenger-model.js";

const PAGE = 100;

export function Flights() {
  const i18n = useI18n();
  const { t, longDay, country, number, dateTime, label } = i18n;
  const { me, signedOut } = useSession();
  const [operation, setOperationState] = useState(() => new URLSearchParams(location.search).get("operation") || "");
  const setOperation = (id) => {
    setOperationState(id);
    history.replaceState(null, "", location.pathname + query({ operation: id }));
  };
  const ops = useLoad("/operations?limit=100");
  const [list, setList] = useState({ items: null, next: "", error: null, loading: true });
  const [nonce, setNonce] = useState(0);

  const load = (cursor, append) => {
    setList((l) => ({ ...l, loading: true, error: null }));
    return get("/manifests" + query({ operation_id: operation, limit: PAGE, cursor })).then(
      (page) =>
        setList((l) => ({
          items: append ? [...(l.items || []), ...(page.items || [])] : page.items || [],
          next: page.next_cursor || "",
          error: null,
          loading: false,
        })),
      (error) => {
        if (error instanceof APIError && error.status === 401) signedOut();
        setList((l) => ({ ...l, error, loading: false }));
      },
    );
  };
  useEffect(() => {
    load("", false);
  }, [operation, nonce]);

  const items = list.items || [];
  return (
    <section aria-labelledby="flights-title">
      <PageTitle id="flights-title">{t("flights.title")}</PageTitle>
      <p class="lede">{t("flights.lede")}</p>
      <div class="filters">
        <div class="field">
          <label for="flights-operation">{t("flights.operation")}</label>
          <select id="flights-operation" value={operation} onChange={(e) => setOperation(e.currentTarget.value)}>
            <option value="">{t("flights.allOperations")}</option>
            {((ops.data && ops.data.items) || []).map((op) => (
              <option key={op.id} value={op.id}>
                {op.name}
              </option>
            ))}
          </select>
        </div>
        {mayWork(me) && (
          <p class="filters-action">
            <Link class="button secondary" href="/flights/upload" data-testid="flights-upload">
              {t("nav.upload")}
            </Link>
          </p>
        )}
      </div>
      <Problem error={list.error} onRetry={() => setNonce((n) => n + 1)} />
      {list.loading && !list.items && <Loading />}
      {list.items && items.length === 0 && <p>{t("flights.none")}</p>}
      {items.length > 0 && (
        <div class="table-wrap stack-wrap" tabindex="0" role="group" aria-label={t("flights.title")}>
          <table class="stack" role="table" data-testid="flights">
            <caption class="visually-hidden">{t("flights.title")}</caption>
            <thead role="rowgroup">
              <tr role="row">
                <th role="columnheader" scope="col">{t("flights.flight")}</th>
                <th role="columnheader" scope="col">{t("flights.date")}</th>
                <th role="columnheader" scope="col">{t("flights.arrival")}</th>
                <th role="columnheader" scope="col" class="num">
                  {t("flights.travellers")}
                </th>
                <th role="columnheader" scope="col" class="num">
                  {t("flights.alerts")}
                </th>
                <th role="columnheader" scope="col">{t("flights.received")}</th>
              </tr>
            </thead>
            <tbody role="rowgroup">
              {items.map((m) => (
                <tr role="row" key={m.id} data-testid="flight-row" data-id={m.id} class={m.alerts > 0 ? "has-alerts" : ""}>
                  <th role="rowheader" scope="row" data-label={t("flights.flight")}>
                    <Link href={`/flights/${m.id}`} data-testid="flight-link">
                      {m.flight}
                    </Link>{" "}
                    <span class="badge kind">{label("kind", m.kind)}</span>
                  </th>
                  <td role="cell" data-label={t("flights.date")}>{longDay(m.flight_date)}</td>
                  <td role="cell" data-label={t("flights.arrival")}>{country(m.country)}</td>
                  <td role="cell" class="num" data-label={t("flights.travellers")}>
                    {number(m.travellers)}
                  </td>
                  <td role="cell" class="num" data-label={t("flights.alerts")}>
                    {m.alerts > 0 ? (
                      <Link href={"/alerts" + query({ status: "all", manifest: m.id })} class="alert-count">
                        {t("flights.alertCount", { n: m.alerts })}
                      </Link>
                    ) : (
                      number(0)
                    )}
                  </td>
                  <td role="cell" data-label={t("flights.received")}>{dateTime(m.received_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list.next && (
        <button type="button" class="secondary" disabled={list.loading} onClick={() => load(list.next, true)}>
          {list.loading ? t("common.loading") : t("flights.more")}
        </button>
      )}
    </section>
  );
}

export function FlightDetail({ manifestId }) {
  const i18n = useI18n();
  const { t, longDay, country, dateTime, wallTime, label, number } = i18n;
  const { data: sm, error, reload } = useLoad(`/manifests/${manifestId}`);
  const al = useLoad(`/alerts?manifest_id=${encodeURIComponent(manifestId)}&limit=1000`);
  const [onlyAlerts, setOnlyAlerts] = useState(false);
  const [search, setSearch] = useState("");

  const byTraveller = useMemo(() => alertsByTraveller((al.data && al.data.items) || []), [al.data]);
  const rows = useMemo(() => (sm ? allTravellers(sm.manifest).map((e, i) => ({ ...e, index: i })) : []), [sm]);
  const back = (
    <p class="crumbs">
      <Link href="/flights">{t("flights.back")}</Link>
    </p>
  );
  if (error)
    return (
      <div>
        {back}
        <Problem error={error} onRetry={reload} />
      </div>
    );
  if (!sm) return <Loading />;
  const m = sm.manifest || {};
  const needle = search.trim().toUpperCase();
  const shown = rows.filter(
    (r) => (!onlyAlerts || byTraveller.has(r.index)) && (!needle || travellerName(r.traveller).toUpperCase().includes(needle)),
  );
  const flagged = rows.filter((r) => byTraveller.has(r.index)).length;

  return (
    <article class="flight-detail" data-testid="flight-detail">
      {back}
      <PageTitle>{t("flight.title", { flight: sm.flight, date: longDay(sm.flight_date) })}</PageTitle>
      <section class="panel" aria-labelledby="flight-message-title">
        <h2 id="flight-message-title">{t("flight.message")}</h2>
        <Facts
          rows={[
            [t("flight.kind"), label("kind", sm.kind) + (m.version ? ` (${m.version})` : "")],
            [t("flights.arrival"), country(sm.country)],
            [t("flights.travellers"), number(sm.travellers)],
            [t("flights.received"), dateTime(sm.received_at)],
            [t("flight.sender"), m.sender],
            m.reporting_party && [t("flight.reportingParty"), [m.reporting_party.name, m.reporting_party.phone, m.reporting_party.email].filter(Boolean).join(" · ")],
            m.list_type && [t("flight.listType"), label("listType", m.list_type)],
          ]}
        />
        <h3>{t("flight.legs")}</h3>
        <ol class="legs">
          {(m.flights || []).map((l, i) => (
            <li key={i} class={l.border ? "border-leg" : ""}>
              <strong>{legDesignator(l)}</strong>
              {l.operating_carrier && ` (${t("flight.operatedBy", { flight: l.operating_carrier + (l.operating_number || "") })})`} ·{" "}
              {l.departure.airport} {wallTime(l.departure.time)} → {l.arrival.airport} {wallTime(l.arrival.time)}
              {l.border && <span class="badge">{t("flight.border")}</span>}
            </li>
          ))}
        </ol>
        {(m.warnings || []).length > 0 && (
          <details class="warnings">
            <summary>{t("flight.warnings", { n: m.warnings.length })}</summary>
            <ul>
              {m.warnings.map((w, i) => (
                <li key={i}>{t("flight.warning", { segment: w.segment, offset: w.offset, message: w.message })}</li>
              ))}
            </ul>
          </details>
        )}
      </section>

      <section class="panel" aria-labelledby="flight-travellers-title">
        <h2 id="flight-travellers-title">{t("flight.travellers", { n: rows.length })}</h2>
        <p data-testid="flight-flagged">
          {al.data ? t("flight.flagged", { n: flagged }) : al.error ? "" : t("common.loading")}{" "}
          {flagged > 0 && (
            <Link href={"/alerts" + query({ status: "all", manifest: manifestId })}>{t("flight.openQueue")}</Link>
          )}
        </p>
        <Problem error={al.error} onRetry={al.reload} />
        <div class="filters">
          <div class="field">
            <label for="flight-search">{t("flight.search")}</label>
            <input id="flight-search" type="search" value={search} spellcheck={false} onInput={(e) => setSearch(e.currentTarget.value)} />
          </div>
          <label class="choice">
            <input type="checkbox" checked={onlyAlerts} onChange={(e) => setOnlyAlerts(e.currentTarget.checked)} data-testid="only-alerts" />
            <span>{t("flight.onlyAlerts")}</span>
          </label>
        </div>
        <p class="visually-hidden" role="status">
          {t("flight.shown", { n: shown.length })}
        </p>
        <TravellerTable rows={shown} byTraveller={byTraveller} />
      </section>

      {(m.bookings || []).length > 0 && (
        <section class="panel" aria-labelledby="flight-bookings-title">
          <h2 id="flight-bookings-title">{t("flight.bookings", { n: m.bookings.length })}</h2>
          <ul class="bookings">
            {m.bookings.map((b, i) => (
              <Booking b={b} key={b.locator + i} />
            ))}
          </ul>
        </section>
      )}
    </article>
  );
}

function TravellerTable({ rows, byTraveller }) {
  const i18n = useI18n();
  const { t, country, partialDay, label } = i18n;
  if (rows.length === 0) return <p>{t("flight.noTravellers")}</p>;
  return (
    <div class="table-wrap stack-wrap" tabindex="0" role="group" aria-label={t("flight.travellersCaption")}>
      <table class="stack travellers" role="table" data-testid="travellers">
        <caption class="visually-hidden">{t("flight.travellersCaption")}</caption>
        <thead role="rowgroup">
          <tr role="row">
            <th role="columnheader" scope="col">{t("traveller.name")}</th>
            <th role="columnheader" scope="col">{t("traveller.birthDate")}</th>
            <th role="columnheader" scope="col">{t("field.nationality")}</th>
            <th role="columnheader" scope="col">{t("traveller.document")}</th>
            <th role="columnheader" scope="col">{t("traveller.seat")}</th>
            <th role="columnheader" scope="col">{t("traveller.bags")}</th>
            <th role="columnheader" scope="col">{t("traveller.booking")}</th>
            <th role="columnheader" scope="col">{t("traveller.alerts")}</th>
          </tr>
        </thead>
        <tbody role="rowgroup">
          {rows.map(({ traveller: tr, booking, index }) => {
            const alerts = byTraveller.get(index) || [];
            const docs = tr.documents || [];
            return (
              <tr role="row" key={index} class={alerts.length ? "on-alert" : ""} data-testid="traveller-row" data-index={index} data-alerts={alerts.length}>
                <th role="rowheader" scope="row" data-label={t("traveller.name")}>
                  {travellerName(tr)}
                  {alerts.length > 0 && <span class="badge on-alert-badge">{t("traveller.onAlert")}</span>}
                  {tr.role === "crew" && <span class="badge">{label("travellerRole", "crew")}</span>}
                  {tr.in_transit && <span class="badge">{t("traveller.inTransit")}</span>}
                </th>
                <td role="cell" data-label={t("traveller.birthDate")}>{partialDay(tr.birth_date)}</td>
                <td role="cell" data-label={t("field.nationality")}>{tr.nationality ? country(tr.nationality) : ""}</td>
                <td role="cell" data-label={t("traveller.document")}>
                  {docs.length ? docText(docs[0], i18n) : <span class="muted">{t("traveller.noDocument")}</span>}
                  {docs.length > 1 && <span class="muted"> {t("traveller.moreDocs", { n: docs.length - 1 })}</span>}
                </td>
                <td role="cell" data-label={t("traveller.seat")}>{seatsText(tr.seats)}</td>
                <td role="cell" data-label={t("traveller.bags")}>{bagsText(tr.baggage, i18n)}</td>
                <td role="cell" data-label={t("traveller.booking")}>{tr.booking_ref || (booking && booking.locator) || ""}</td>
                <td role="cell" data-label={t("traveller.alerts")}>
                  {alerts.length === 0 ? (
                    <span class="muted">{t("traveller.noAlert")}</span>
                  ) : (
                    <ul class="plain">
                      {alerts.map((a) => (
                        <li key={a.id}>
                          <Link href={`/alerts/${a.id}`} class="on-alert-link" data-testid="traveller-alert">
                            <Severity n={a.severity} /> {t(a.status === "closed" ? "traveller.alertClosed" : "traveller.alertOpen")}
                          </Link>
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

// Booking is one PNR of a PNRGOV push: who booked and travels together,
// the itinerary, tickets and payments, contacts, agency and history, as
// the airline sent them.
function Booking({ b }) {
  const i18n = useI18n();
  const { t, wallTime, country, label, money, join } = i18n;
  const names = (b.travellers || []).map(travellerName);
  const oneWay = (b.tickets || []).some((k) => k.one_way);
  return (
    <li class="booking" data-testid="booking" data-locator={b.locator}>
      <details>
        <summary>
          <strong>{b.locator}</strong> · {names.join(", ")}
          {oneWay && <span class="badge">{t("booking.oneWay")}</span>}
        </summary>
        <Facts
          rows={[
            [t("booking.carrier"), b.carrier],
            [t("booking.otherLocators"), (b.other_locators || []).join(", ")],
            [t("booking.created"), wallTime(b.created)],
            [t("booking.lastChanged"), wallTime(b.last_changed)],
            [t("booking.group"), b.group],
            b.agency && [
              t("booking.agency"),
              join([
                b.agency.type && label("agencyType", b.agency.type),
                b.agency.iata && "IATA " + b.agency.iata,
                b.agency.system,
                b.agency.office,
                b.agency.city,
                b.agency.country && country(b.agency.country),
                b.agency.phone,
              ]),
            ],
            b.excess_bags > 0 && [t("booking.excessBags"), String(b.excess_bags)],
          ]}
        />
        {(b.itinerary || []).length > 0 && (
          <>
            <h3>{t("booking.itinerary")}</h3>
            <ol class="legs">
              {b.itinerary.map((l, i) => (
                <li key={i}>
                  <strong>{legDesignator(l)}</strong> · {l.departure.airport} {wallTime(l.departure.time)} → {l.arrival.airport}{" "}
                  {wallTime(l.arrival.time)}
                  {l.class && ` · ${t("booking.class", { class: l.class })}`}
                  {l.status && ` · ${l.status}`}
                </li>
              ))}
            </ol>
          </>
        )}
        {(b.tickets || []).length > 0 && (
          <>
            <h3>{t("booking.tickets")}</h3>
            <ul class="plain tickets">
              {b.tickets.map((k, i) => (
                <li key={i}>
                  {join([
                    k.number ? t("booking.ticket", { number: k.number }) : k.ticketless ? t("booking.ticketless") : "",
                    k.one_way ? t("booking.oneWay") : t("booking.return"),
                    k.issued && t("booking.issued", { time: wallTime(k.issued) }),
                    k.issued_at && t("booking.issuedAt", { place: k.issued_at }),
                    k.total ? money(k.total) : k.fare ? money(k.fare) : "",
                  ])}
                  {(k.payments || []).length > 0 && (
                    <ul>
                      {k.payments.map((p, j) => (
                        <li key={j} class={p.old ? "muted" : ""}>
                          {join([
                            label("payment", p.type),
                            p.card_vendor,
                            p.card_number,
                            p.amount && money(p.amount),
                            p.payer && p.payer.name && t("booking.paidBy", { name: p.payer.name }),
                            p.payer && p.payer.phone,
                            p.old && t("booking.replaced"),
                          ])}
                        </li>
                      ))}
                    </ul>
                  )}
                </li>
              ))}
            </ul>
          </>
        )}
        {(b.contacts || []).length > 0 && (
          <>
            <h3>{t("booking.contacts")}</h3>
            <ul class="plain">
              {b.contacts.map((c, i) => (
                <li key={i}>
                  {label("contact", c.kind)}
                  {c.use && ` (${label("contactUse", c.use)})`}: <span dir="ltr">{c.value}</span>
                </li>
              ))}
            </ul>
          </>
        )}
        {(b.addresses || []).length > 0 && (
          <>
            <h3>{t("booking.addresses")}</h3>
            <ul class="plain">
              {b.addresses.map((a, i) => (
                <li key={i}>{join([a.street, a.city, a.region, a.postal_code, a.country && country(a.country)])}</li>
              ))}
            </ul>
          </>
        )}
        {(b.remarks || []).length > 0 && (
          <>
            <h3>{t("booking.remarks")}</h3>
            <ul class="plain">
              {b.remarks.map((r, i) => (
                <li key={i}>{r}</li>
              ))}
            </ul>
          </>
        )}
        {(b.history || []).length > 0 && (
          <details>
            <summary>{t("booking.history", { n: b.history.length })}</summary>
            <ol class="plain">
              {b.history.map((h, i) => (
                <li key={i}>{join([wallTime(h.when), h.by, h.action, h.item, h.text])}</li>
              ))}
            </ol>
          </details>
        )}
      </details>
    </li>
  );
}
