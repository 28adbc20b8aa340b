// A case's timeline (issue 13): what happened in the case, newest or
// oldest first, a page at a time, filtered by kind. The server decides
// what each reader sees (GET /cases/{id}/timeline); this only shows it.
import { useEffect, useState } from "preact/hooks";
import { get, query } from "../api.js";
import { useI18n } from "../i18n.js";
import { Link } from "../router.js";
import { Problem } from "../components/common.jsx";

export const TIMELINE_KINDS = ["record", "request", "message", "file", "stage", "outcome", "participant", "audit"];

const PAGE = 25;

const Id = ({ children }) => <bdi dir="ltr">{children}</bdi>;

// Entry is one line of the timeline: when, and what, in words.
function Entry({ e }) {
  const { t, dateTime, day, country, number, label } = useI18n();
  const who = e.username ? t("tl.by", { user: e.username }) : "";
  let what;
  switch (e.kind) {
    case "record":
      what = (
        <>
          {t("tl.record", { kind: t("links.rk." + e.record_kind), country: country(e.country) })}{" "}
          <Link href={`/records/${e.id}/links`}>
            <Id>{e.id.slice(0, 8)}</Id>
          </Link>
        </>
      );
      break;
    case "request":
      what = (
        <>
          <Link href={`/requests/${e.request_id}`}>{t("req.type." + e.request_type)}</Link>
          {": "}
          {t("req.state." + e.to)}
          {e.reason && <> · {e.reason}</>}
        </>
      );
      break;
    case "message":
      what = (
        <>
          {e.request_id ? t("tl.threadMessage") : t("tl.message")}: <q>{e.text}</q>
        </>
      );
      break;
    case "file":
      what = t("tl.file", { name: e.name, size: number(e.size) });
      break;
    case "stage":
      what = t("tl.stage", { stage: t("fu.stage." + e.stage), date: day(e.date) });
      break;
    case "outcome":
      what = (
        <>
          {t("tl.outcome", { kind: t("fu.kind." + e.outcome_kind), date: day(e.date) })}
          {e.person_hidden && <> · {t("fu.personHidden")}</>}
        </>
      );
      break;
    case "participant":
      what = t("tl.part." + e.action, { agency: e.name || e.id, country: country(e.country), role: e.role ? t("case.role." + e.role) : "" });
      break;
    case "audit":
      what = t("tl.audit", { action: label("auditAction", e.action), what: label("auditKind", e.record_kind) });
      break;
    default:
      what = e.kind;
  }
  return (
    <li class="tl-entry" data-kind={e.kind} data-testid="tl-entry">
      <span class="tl-kind">{t("tl.kind." + e.kind)}</span>
      <time datetime={e.at}>{dateTime(e.at)}</time>
      <span class="tl-what">
        {what}
        {who && <span class="tl-who"> · {who}</span>}
      </span>
    </li>
  );
}

// CaseTimeline is the case page's timeline section.
export function CaseTimeline({ id }) {
  const { t } = useI18n();
  const [kind, setKind] = useState("");
  const [order, setOrder] = useState("newest");
  const [items, setItems] = useState(null);
  const [next, setNext] = useState("");
  const [error, setError] = useState(null);
  const load = (cursor) =>
    get(`/cases/${id}/timeline${query({ kind, order, limit: PAGE, cursor })}`).then(
      (p) => {
        setItems((xs) => (cursor ? [...(xs || []), ...(p.items || [])] : p.items || []));
        setNext(p.next_cursor || "");
        setError(null);
      },
      (e) => setError(e),
    );
  useEffect(() => {
    setItems(null);
    load("");
  }, [id, kind, order]);
  return (
    <section aria-labelledby="case-timeline" class="section" data-testid="case-timeline-section">
      <h2 id="case-timeline">{t("tl.title")}</h2>
      <div class="tl-controls">
        <label>
          {t("tl.show")}{" "}
          <select value={kind} onChange={(e) => setKind(e.currentTarget.value)} data-testid="tl-kind">
            <option value="">{t("tl.all")}</option>
            {TIMELINE_KINDS.map((k) => (
              <option key={k} value={k}>
                {t("tl.kind." + k)}
              </option>
            ))}
          </select>
        </label>{" "}
        <label>
          {t("tl.order")}{" "}
          <select value={order} onChange={(e) => setOrder(e.currentTarget.value)} data-testid="tl-order">
            <option value="newest">{t("tl.newest")}</option>
            <option value="oldest">{t("tl.oldest")}</option>
          </select>
        </label>
      </div>
      <Problem error={error} onRetry={() => load("")} />
      {items && items.length === 0 && <p data-testid="tl-none">{t("tl.none")}</p>}
      {items && items.length > 0 && (
        <ol class="tl" data-testid="case-timeline">
          {items.map((e) => (
            <Entry key={e.kind + e.id + e.at + (e.action || "")} e={e} />
          ))}
        </ol>
      )}
      {next && (
        <button type="button" onClick={() => load(next)} data-testid="tl-more">
          {t("tl.more")}
        </button>
      )}
    </section>
  );
}

// CaseRecent lists the latest few entries of one kind (messages, files)
// on the case page, beside the link to their own page.
export function CaseRecent({ id, kind, href, label }) {
  const { t } = useI18n();
  const [items, setItems] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    get(`/cases/${id}/timeline${query({ kind, limit: 5 })}`).then(
      (p) => setItems(p.items || []),
      (e) => setError(e),
    );
  }, [id, kind]);
  return (
    <div data-testid={"case-recent-" + kind}>
      <h3>
        <Link href={href}>{label}</Link>
      </h3>
      <Problem error={error} />
      {items && items.length === 0 && <p>{t("tl.none")}</p>}
      {items && items.length > 0 && (
        <ol class="tl">
          {items.map((e) => (
            <Entry key={e.id} e={e} />
          ))}
        </ol>
      )}
    </div>
  );
}
