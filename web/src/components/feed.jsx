import { useI18n } from "../i18n.js";
import { Link } from "../router.js";

// describe says in a line what a report is about, without naming anyone.
export function describe(it, i18n) {
  const { t, label, list } = i18n;
  switch (it.type) {
    case "raid":
      return it.premises ? t("feed.raidAt", { premises: label("premises", it.premises) }) : t("type.raid");
    case "arrest":
      return (it.charges || []).length
        ? t("feed.arrestFor", { charges: list(it.charges.map((c) => label("charge", c))) })
        : t("type.arrest");
    case "rescue":
      return t("feed.victims", { n: it.victims || 0 });
    case "migrants":
      return t("feed.migrants", { n: it.migrants || 0 });
    case "flight":
      return t("feed.flight", { flight: it.flight || "" });
    case "deployment":
      return t(it.phase === "ended" ? "feed.deploymentEnded" : "feed.deploymentStarted", { name: it.deployment });
    default:
      return label("type", it.type);
  }
}

// Feed lists the newest reports first. New ones are announced politely.
export function Feed({ items, operationID, emptyText }) {
  const i18n = useI18n();
  const { country, dateTime, label, join } = i18n;
  return (
    <div class="feed-wrap">
      {items.length === 0 && <p class="muted">{emptyText}</p>}
      <ol class="feed" aria-live="polite" aria-relevant="additions" data-testid="feed">
        {items.map((it) => (
          <li key={it.id} class={"feed-item type-" + it.type} data-testid="feed-item" data-type={it.type} data-country={it.country}>
            <span class="feed-type">{label("type", it.type)}</span>
            <Link href={`/operations/${operationID}/events/${it.id}`} class="feed-what">
              {describe(it, i18n)}
            </Link>
            <span class="feed-where">{join([it.place, country(it.country)])}</span>
            <time class="feed-when" dateTime={it.occurred_at}>
              {dateTime(it.occurred_at)}
            </time>
          </li>
        ))}
      </ol>
    </div>
  );
}
