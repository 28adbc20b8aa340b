// Pieces the passenger screens share: severity said in words and shape as
// well as colour, an alert's outcome, and a traveller's documents, seats
// and bags as the message gave them.
import { useI18n } from "../i18n.js";

const SHAPES = { 3: "▲", 2: "◆", 1: "●" };

// Severity reads "High", "Medium" or "Low", with a shape beside the colour,
// so that it is never told by colour alone.
export function Severity({ n }) {
  const { t } = useI18n();
  return (
    <span class={"sev sev-" + n} data-severity={n}>
      <span class="sev-shape" aria-hidden="true">
        {SHAPES[n] || "●"}
      </span>
      <span class="visually-hidden">{t("severity.label")} </span>
      {t("severity." + n)}
    </span>
  );
}

// Outcome names what came of an alert; a victim identified reads as
// protection.
export function Outcome({ outcome }) {
  const { t } = useI18n();
  if (!outcome) return null;
  return (
    <span class={"badge outcome outcome-" + outcome} data-outcome={outcome}>
      {t("outcome." + outcome)}
    </span>
  );
}

// docText is one document in a line: "Passport A1234567 (North Macedonia)".
export function docText(d, i18n) {
  const { label, country } = i18n;
  const kind = d.type ? label("doc", d.type) : d.code || "";
  return [kind, d.number].filter(Boolean).join(" ") + (d.issuing_state ? ` (${country(d.issuing_state)})` : "");
}

// bagsText says what the message says of bags: not stated (no BAG or TBD)
// differs from none (a zero count), which a risk rule looks at.
export function bagsText(b, i18n) {
  const { t, number } = i18n;
  if (!b) return t("bags.unknown");
  if (!b.count) return t("bags.none");
  let s = t("bags.count", { n: b.count });
  if (b.weight) s += ` · ${number(b.weight)} ${b.unit || ""}`.trimEnd();
  if (b.pooled) s += ` · ${t("bags.pooled")}`;
  return s;
}

export function seatsText(seats) {
  return (seats || []).map((s) => s.seat + (s.flight ? ` (${s.flight})` : "")).join(", ");
}

// TravellerDocs lists a traveller's documents with every date the message
// gives: a document issued shortly before travel is an indicator.
export function TravellerDocs({ docs }) {
  const i18n = useI18n();
  const { t, partialDay, country } = i18n;
  if (!docs || docs.length === 0) return <p class="muted">{t("traveller.noDocuments")}</p>;
  return (
    <ul class="docs" data-testid="traveller-documents">
      {docs.map((d, i) => (
        <li key={i}>
          <strong>{docText(d, i18n)}</strong>
          {[
            d.issued_on && t("doc.issuedOn", { date: partialDay(d.issued_on) }),
            d.expires_on && t("doc.expiresOn", { date: partialDay(d.expires_on) }),
            d.issue_place && t("doc.issuedIn", { place: d.issue_place }),
            d.applies_to && t("doc.validFor", { country: country(d.applies_to) }),
          ]
            .filter(Boolean)
            .map((s) => " · " + s)}
        </li>
      ))}
    </ul>
  );
}

// Facts is a list of label and value pairs, the empty ones left out.
export function Facts({ rows, testid }) {
  const shown = rows.filter((r) => r && r[1] !== undefined && r[1] !== null && r[1] !== "" && r[1] !== false);
  return (
    <dl class="facts" data-testid={testid}>
      {shown.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}
