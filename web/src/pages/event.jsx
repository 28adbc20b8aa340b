// One field report, as its reader may see it. Opening it is an audited
// read on the server.
import { useI18n } from "../i18n.js";
import { Link } from "../router.js";
import { Loading, PageTitle, Problem, useLoad } from "../components/common.jsx";
import { describe } from "../components/feed.jsx";
import { feedItem } from "../figures.js";
import { Ltr } from "../components/ltr.jsx";

export function EventDetail({ id, eventId }) {
  const i18n = useI18n();
  const { t, label, country, dateTime, number } = i18n;
  const { data: e, error, reload } = useLoad(`/events/${eventId}`);
  const back = (
    <p class="crumbs">
      <Link href={`/operations/${id}`}>{t("nav.backLive")}</Link>
    </p>
  );
  if (error)
    return (
      <div>
        {back}
        <Problem error={error} onRetry={reload} />
      </div>
    );
  if (!e) return <Loading />;
  const rows = [
    [t("field.occurred_at"), dateTime(e.occurred_at)],
    [t("field.country"), country(e.place.country)],
    [t("field.place"), e.place.name],
    // Codes, coordinates and citations are isolated from the
    // bidirectional algorithm: in Arabic "52.37, 4.895" stays in order.
    e.place.lat || e.place.lon ? [t("report.coordinates"), <Ltr data-testid="event-coordinates">{`${e.place.lat}, ${e.place.lon}`}</Ltr>] : null,
    [t("field.premises"), e.premises && label("premises", e.premises)],
    [t("field.means"), e.means && label("means", e.means)],
    [t("field.outcome"), e.outcome],
    [t("field.deployment"), e.deployment && `${e.deployment} (${label("phase", e.phase)})`],
    [t("field.tlp"), <Ltr>{"TLP:" + e.tlp}</Ltr>],
    [t("field.release"), label("scope", e.release && e.release.scope) + (e.release && e.release.countries ? ": " + i18n.list(e.release.countries.map(country)) : "")],
    [t("field.summary"), e.summary],
  ].filter((r) => r && r[1]);
  return (
    <article class="event-detail" data-testid="event-detail">
      {back}
      <PageTitle>{describe(feedItem(e), i18n)}</PageTitle>
      <dl class="facts">
        {rows.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      {(e.charges || []).length > 0 && (
        <section>
          <h2>{t("field.charges")}</h2>
          <ul>
            {e.charges.map((c, i) => (
              <li key={i}>
                {label("charge", c.code)}
                {c.legal_basis && (
                  <>
                    {" – "}
                    <Ltr data-testid="legal-basis">{c.legal_basis}</Ltr>
                  </>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
      {(e.victims || []).length > 0 && (
        <section>
          <h2>{t("report.victims")}</h2>
          <ul class="groups">
            {e.victims.map((g, i) => (
              <li key={i}>
                <strong>{t("feed.victims", { n: g.count })}</strong>
                {[
                  g.sex && label("sex", g.sex),
                  g.age ? t("detail.age", { age: g.age }) : g.age_band,
                  g.nationality && country(g.nationality),
                  i18n.list((g.exploitation || []).map((x) => label("exploitation", x))),
                  i18n.list((g.recruitment || []).map((x) => label("recruitment", x))),
                  i18n.list((g.means_of_control || []).map((x) => label("control", x))),
                  g.recruited_in && t("detail.recruitedIn", { country: country(g.recruited_in) }),
                  g.exploited_in && t("detail.exploitedIn", { country: country(g.exploited_in) }),
                  g.referral && t("detail.referral", { referral: label("referral", g.referral) }),
                ]
                  .filter(Boolean)
                  .map((s) => " · " + s)}
              </li>
            ))}
          </ul>
        </section>
      )}
      {(e.migrants || []).length > 0 && (
        <section>
          <h2>{t("report.migrants")}</h2>
          <ul class="groups">
            {e.migrants.map((g, i) => (
              <li key={i}>
                <strong>{t("feed.migrants", { n: g.count })}</strong> · {country(g.nationality)}
                {g.minors ? " · " + t("detail.minors", { n: g.minors }) : ""}
                {(g.route || []).length > 0 && (
                  <span>
                    {" · "}
                    {g.route.map((p) => `${country(p.country)}${p.name ? " (" + p.name + ")" : ""} [${label("role", p.role)}]`).join(" → ")}
                  </span>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
      {e.flight && (
        <section>
          <h2>{t("type.flight")}</h2>
          <p>
            {e.flight.carrier}
            {e.flight.number} · {e.flight.from} → {e.flight.to} · {country(e.flight.from_country)}
            {e.flight.departure && !e.flight.departure.startsWith("0001") ? " · " + dateTime(e.flight.departure) : ""}
            {e.flight.passengers ? " · " + t("detail.passengers", { n: e.flight.passengers }) : ""}
          </p>
        </section>
      )}
      <p class="muted">{t("detail.meta", { version: number(e.version), time: dateTime(e.created_at) })}</p>
    </article>
  );
}
