import { useI18n } from "../i18n.js";

// Counters show the figures of the operation or the part of it selected.
// They are a live region: a screen reader hears a figure when it changes.
export function Counters({ figures, countries, scopeLabel }) {
  const { t, number } = useI18n();
  const f = figures;
  const item = (key, value, sub) => (
    <div class={"counter counter-" + key} key={key}>
      <dt>{t("metric." + key)}</dt>
      <dd data-testid={"counter-" + key} data-value={value}>
        {number(value)}
      </dd>
      {sub}
    </div>
  );
  return (
    <section class="counters-wrap" aria-labelledby="counters-title">
      <h2 id="counters-title" class="visually-hidden">
        {t("live.counters", { scope: scopeLabel })}
      </h2>
      <dl class="counters" aria-live="polite" aria-atomic="false" data-testid="counters">
        {countries !== undefined && item("countries", countries)}
        {item("victims", f.victims)}
        {item("migrants", f.migrants)}
        {item(
          "arrests",
          f.arrests,
          <dd class="counter-sub" data-testid="counter-arrests_thb_som" data-value={f.arrests_thb_som}>
            {t("live.thbSom", { n: f.arrests_thb_som })}
          </dd>,
        )}
        {item("flights", f.flights)}
        {item("checks", f.checks)}
      </dl>
    </section>
  );
}
