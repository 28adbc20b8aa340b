// Cross-border links (issue 12): the analysts' review queue, one link with
// its evidence side by side, a record's links and cluster, and the inbox
// of link notifications. A link of which the reader may read one end only
// shows the notice the server gives (whom to contact, quoting what) and
// nothing else; the server decides which is which.
import { useEffect, useRef, useState } from "preact/hooks";
import { APIError, api, get, post, query } from "../api.js";
import { useI18n } from "../i18n.js";
import { Link } from "../router.js";
import { hasRole, useSession } from "../session.js";
import { Loading, PageTitle, Problem } from "../components/common.jsx";

const LIMIT = 100;
const DECISIONS = [
  ["confirmed", "c"],
  ["rejected", "r"],
  ["unsure", "u"],
];

// mayJudge mirrors the server's policy: analysts and prosecutors judge.
const mayJudge = (me) => hasRole(me, "analyst", "prosecutor");

// Id shows an id, a code or a value left to right inside any text (Arabic).
export const Id = ({ children, ...props }) => (
  <bdi dir="ltr" {...props}>
    {children}
  </bdi>
);

// Notice is what a reader of one end is told of a link: who to contact,
// quoting what.
function Notice({ link }) {
  const { t } = useI18n();
  return (
    <p class="link-notice" data-testid="link-notice" data-ref={link.ref}>
      {t("links.notice.before")} <strong>{link.owner_agency}</strong>
      {t("links.notice.middle")} <Id class="ref">{link.ref}</Id>
    </p>
  );
}

// useLive reads again when the inbox stream tells of a new notification.
function useLive(onNotice) {
  const [conn, setConn] = useState("connecting");
  const cb = useRef(onNotice);
  cb.current = onNotice;
  useEffect(() => {
    if (typeof EventSource === "undefined") return;
    let live = true;
    let soon = 0;
    let opened = false;
    const es = new EventSource("/api/v1/notifications/stream");
    const later = () => {
      clearTimeout(soon);
      soon = setTimeout(() => live && cb.current(), 200);
    };
    es.addEventListener("open", () => {
      if (!live) return;
      if (opened) later();
      opened = true;
      setConn("live");
    });
    es.addEventListener("error", () => live && setConn("offline"));
    es.addEventListener("notification", later);
    return () => {
      live = false;
      clearTimeout(soon);
      es.close();
    };
  }, []);
  return conn;
}

function Score({ value }) {
  return <span class="score">{typeof value === "number" ? Math.round(value * 100) + "%" : ""}</span>;
}

// Evidence is the two records' values side by side, per kind.
function Evidence({ link }) {
  const { t } = useI18n();
  return (
    <div class="table-scroll" tabindex="0" role="region" aria-label={t("links.evidence")}>
    <table class="evidence" data-testid="evidence">
      <caption>{t("links.evidence")}</caption>
      <thead>
        <tr>
          <th scope="col">{t("links.ev.kind")}</th>
          <th scope="col">{t("links.ev.a", { c: link.a.owner_country })}</th>
          <th scope="col">{t("links.ev.b", { c: link.b.owner_country })}</th>
          <th scope="col">{t("links.ev.agree")}</th>
          <th scope="col">{t("links.ev.weight")}</th>
          <th scope="col">{t("links.ev.why")}</th>
        </tr>
      </thead>
      <tbody>
        {(link.evidence || []).map((e, i) => (
          <tr key={i} data-kind={e.kind} data-agree={e.agree}>
            <th scope="row">
              {t("links.kind." + e.kind)}
              {e.key_type ? <> (<Id>{e.key_type}</Id>)</> : ""}
            </th>
            <td>
              <Id>{e.a}</Id>
            </td>
            <td>
              <Id>{e.b}</Id>
            </td>
            <td class={"agree-" + e.agree}>{t("links.agree." + e.agree)}</td>
            <td>
              <Id>{(e.weight > 0 ? "+" : "") + e.weight.toFixed(2)}</Id>
            </td>
            <td lang="en">{e.text}</td>
          </tr>
        ))}
      </tbody>
    </table>
    </div>
  );
}

// Ends names the two records, each linking to its own links.
function Ends({ link }) {
  const { t, country } = useI18n();
  return (
    <ul class="link-ends">
      {["a", "b"].map((k) => (
        <li key={k}>
          {t("links.rk." + link[k].kind)} · {country(link[k].owner_country)} ·{" "}
          <Link href={`/records/${link[k].record_id}/links`}>
            <Id>{link[k].record_id}</Id>
          </Link>
        </li>
      ))}
    </ul>
  );
}

function History({ linkId, version }) {
  const { t, dateTime } = useI18n();
  const [js, setJs] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    let live = true;
    get(`/links/${linkId}/judgements`).then(
      (p) => live && setJs(p.items || []),
      (e) => live && setError(e),
    );
    return () => (live = false);
  }, [linkId, version]);
  return (
    <section class="judgements" aria-labelledby={"hist-" + linkId}>
      <h2 id={"hist-" + linkId}>{t("links.history")}</h2>
      <Problem error={error} />
      {js && js.length === 0 && <p class="muted">{t("links.history.none")}</p>}
      <ol data-testid="judgements">
        {(js || []).map((j) => (
          <li key={j.id} data-decision={j.decision}>
            <strong>{t("links.state." + j.decision)}</strong> · {dateTime ? dateTime(j.at) : j.at} ·{" "}
            {j.by === "meridian" ? "Meridian" : <Id>{j.by}</Id>}
            {j.reason ? <> — {j.reason}</> : ""}
          </li>
        ))}
      </ol>
    </section>
  );
}

// LinkPanel is one link: the notice when restricted, otherwise its ends,
// evidence, decision buttons and history. decide is the decision picked
// by a key in the queue (the reason field takes focus).
function LinkPanel({ link, onJudged, picked, setPicked }) {
  const { t } = useI18n();
  const { me } = useSession();
  const [reason, setReason] = useState("");
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const [version, setVersion] = useState(0);
  const reasonRef = useRef(null);
  useEffect(() => {
    if (picked && reasonRef.current) reasonRef.current.focus();
  }, [picked]);
  if (link.restricted) return <Notice link={link} />;
  const send = async (e) => {
    e && e.preventDefault();
    if (!picked || busy) return;
    setBusy(true);
    setError(null);
    try {
      const l = await post(`/links/${link.id}/judgements`, { decision: picked, reason });
      setReason("");
      setPicked(null);
      setVersion((v) => v + 1);
      onJudged(l);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="link-panel" data-testid="link-panel" data-id={link.id} data-state={link.state}>
      <p>
        <span class={"state state-" + link.state} data-testid="link-state">
          {t("links.state." + link.state)}
        </span>{" "}
        · {t("links.score")} <Score value={link.score} />
        {link.cluster_id && (
          <>
            {" "}
            · <Link href={`/records/${link.a.record_id}/links`}>{t("links.cluster")}</Link>
          </>
        )}
      </p>
      {link.state === "withdrawn" && (
        <p class="notice" data-testid="link-withdrawn">
          {t("links.withdrawnWhy")}
        </p>
      )}
      <Ends link={link} />
      <Evidence link={link} />
      {mayJudge(me) && (
        <form class="decide" onSubmit={send} data-testid="decide">
          <div class="decide-buttons" role="group" aria-label={t("links.decide")}>
            {DECISIONS.map(([d, key]) => (
              <button
                type="button"
                key={d}
                class={picked === d ? "" : "secondary"}
                aria-pressed={picked === d ? "true" : "false"}
                aria-keyshortcuts={key}
                data-testid={"decide-" + d}
                onClick={() => setPicked(d)}
              >
                {t("links.do." + d)} <kbd>{key}</kbd>
              </button>
            ))}
          </div>
          {picked && (
            <div class="field">
              <label for={"reason-" + link.id}>{t("links.reason", { d: t("links.state." + picked) })}</label>
              <input
                id={"reason-" + link.id}
                ref={reasonRef}
                data-testid="reason"
                maxLength={2000}
                value={reason}
                onInput={(e) => setReason(e.currentTarget.value)}
                onKeyDown={(e) => {
                  if (e.key === "Escape") setPicked(null);
                }}
              />
              <p class="hint">{t("links.reasonHint")}</p>
              <button type="submit" data-testid="decide-send" disabled={busy}>
                {t("links.send")}
              </button>
            </div>
          )}
          <Problem error={error} />
        </form>
      )}
      <History linkId={link.id} version={version} />
    </div>
  );
}

// LinkQueue is the review queue: filters, the list, the selected link;
// j/k move, c/r/u pick a decision, Enter sends it with the reason.
export function LinkQueue() {
  const i18n = useI18n();
  const { t, country } = i18n;
  const { countries, signedOut } = useSession();
  const [f, setF] = useState({ state: "proposed", min_score: "", country_a: "", country_b: "", sort: "score" });
  const [items, setItems] = useState(null);
  const [error, setError] = useState(null);
  const [sel, setSel] = useState(0);
  const [picked, setPicked] = useState(null);
  const [said, setSaid] = useState("");
  const [nonce, setNonce] = useState(0);
  const [notices, setNotices] = useState([]);
  const conn = useLive(() => setNonce((n) => n + 1));
  // The filters select only links whose both ends the reader may read;
  // the links of which it may read one end are listed apart, as notices.
  const filtered = !!(f.state || f.min_score || f.country_a || f.country_b);
  useEffect(() => {
    let live = true;
    if (!filtered) {
      setNotices([]);
      return;
    }
    get("/links" + query({ limit: LIMIT })).then(
      (p) => live && setNotices((p.items || []).filter((l) => l.restricted)),
      () => live && setNotices([]),
    );
    return () => (live = false);
  }, [filtered, nonce]);
  useEffect(() => {
    let live = true;
    const { sort, ...params } = f;
    get("/links" + query({ ...params, limit: LIMIT })).then(
      (p) => {
        if (!live) return;
        const list = p.items || [];
        if (sort === "score") list.sort((x, y) => (y.score || 0) - (x.score || 0));
        else if (sort === "pair")
          list.sort((x, y) => pairOf(x).localeCompare(pairOf(y)) || (y.score || 0) - (x.score || 0));
        setItems(list);
        setError(null);
      },
      (err) => {
        if (!live) return;
        if (err instanceof APIError && err.status === 401) signedOut();
        setError(err);
      },
    );
    return () => (live = false);
  }, [f, nonce]);
  const list = items || [];
  const cur = list[Math.min(sel, list.length - 1)];
  useEffect(() => {
    const onKey = (e) => {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const tag = (e.target && e.target.tagName) || "";
      if (["INPUT", "TEXTAREA", "SELECT"].includes(tag)) return;
      if (e.key === "j" || e.key === "k") {
        e.preventDefault();
        setPicked(null);
        setSel((s) => Math.max(0, Math.min(list.length - 1, s + (e.key === "j" ? 1 : -1))));
        return;
      }
      const d = DECISIONS.find(([, key]) => key === e.key);
      if (d && cur && !cur.restricted) {
        e.preventDefault();
        setPicked(d[0]);
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [list, cur]);
  useEffect(() => {
    const el = document.querySelector(`[data-testid="link-row"][aria-current="true"]`);
    if (el && el.scrollIntoView) el.scrollIntoView({ block: "nearest" });
  }, [sel, items]);
  const set = (k) => (e) => {
    setSel(0);
    setF({ ...f, [k]: e.currentTarget.value });
  };
  const judged = (l) => {
    setSaid(t("links.judged", { d: t("links.state." + l.state) }));
    setItems((xs) => xs.map((x) => (x.id === l.id ? l : x)));
  };
  const opts = [{ alpha2: "", name: t("links.anyCountry") }, ...countries];
  return (
    <section class="link-queue" aria-labelledby="links-title" data-testid="link-queue">
      <PageTitle id="links-title">{t("links.title")}</PageTitle>
      <p class="lede">{t("links.lede")}</p>
      <div class="shortcuts" id="link-keys" data-testid="link-keys">
        <p>{t("links.keys")}</p>
        <ul class="keys">
          {[
            ["j", t("links.key.next")],
            ["k", t("links.key.prev")],
            ...DECISIONS.map(([d, key]) => [key, t("links.do." + d)]),
            ["Enter", t("links.key.send")],
            ["Escape", t("links.key.cancel")],
          ].map(([key, what]) => (
            <li key={key}>
              <kbd dir="ltr">{key}</kbd> {what}
            </li>
          ))}
        </ul>
      </div>
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          {t("links.f.state")}
          <select data-testid="f-state" value={f.state} onChange={set("state")}>
            <option value="">{t("links.anyState")}</option>
            {["proposed", "confirmed", "rejected", "unsure", "withdrawn"].map((s) => (
              <option key={s} value={s}>
                {t("links.state." + s)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("links.f.minScore")}
          <select data-testid="f-min-score" value={f.min_score} onChange={set("min_score")}>
            {["", "0.5", "0.7", "0.9"].map((v) => (
              <option key={v} value={v}>
                {v ? Math.round(Number(v) * 100) + "%" : t("links.anyScore")}
              </option>
            ))}
          </select>
        </label>
        {["country_a", "country_b"].map((k) => (
          <label key={k}>
            {t("links.f." + k)}
            <select data-testid={"f-" + k} value={f[k]} onChange={set(k)}>
              {opts.map((c) => (
                <option key={c.alpha2} value={c.alpha2}>
                  {c.alpha2 ? country(c.alpha2) : c.name}
                </option>
              ))}
            </select>
          </label>
        ))}
        <label>
          {t("links.f.sort")}
          <select data-testid="f-sort" value={f.sort} onChange={set("sort")}>
            {["score", "pair", "newest"].map((s) => (
              <option key={s} value={s}>
                {t("links.sort." + s)}
              </option>
            ))}
          </select>
        </label>
      </form>
      <div class="queue-status">
        <p role="status" aria-live="polite" data-testid="link-said">
          {said}
        </p>
        <p class={"conn conn-" + (conn === "live" ? "live" : "offline")} data-testid="links-conn" data-state={conn}>
          {t("links.conn." + conn)}
        </p>
      </div>
      <Problem error={error} onRetry={() => setNonce((n) => n + 1)} />
      {!items && !error && <Loading />}
      {items && items.length === 0 && <p>{t("links.none")}</p>}
      <div class="queue-split">
        <ol class="link-list" data-testid="link-list" aria-describedby="link-keys">
          {list.map((l, i) => (
            <li key={l.id} data-testid="link-row" data-id={l.id} aria-current={l === cur ? "true" : undefined}>
              <button
                type="button"
                class="link-row-button"
                onClick={() => {
                  setSel(i);
                  setPicked(null);
                }}
              >
                {l.restricted ? (
                  <span>{t("links.restrictedRow", { owner: l.owner_agency })}</span>
                ) : (
                  <span>
                    <Score value={l.score} /> · <Id>{l.a.owner_country}</Id>–<Id>{l.b.owner_country}</Id> ·{" "}
                    {t("links.state." + l.state)}
                  </span>
                )}
              </button>
            </li>
          ))}
        </ol>
        {cur && (
          <section class="link-detail" aria-label={t("links.selected")}>
            <LinkPanel key={cur.id} link={cur} onJudged={judged} picked={picked} setPicked={setPicked} />
          </section>
        )}
      </div>
      {notices.length > 0 && (
        <section class="link-notices" aria-labelledby="notices-title" data-testid="link-notices">
          <h2 id="notices-title">{t("links.notices")}</h2>
          <ul class="plain">
            {notices.map((l) => (
              <li key={l.id}>
                <Notice link={l} />
              </li>
            ))}
          </ul>
        </section>
      )}
    </section>
  );
}

const pairOf = (l) => (l.restricted ? "~" : [l.a.owner_country, l.b.owner_country].sort().join("-"));

// LinkDetail is one link by its id, as a notification opens it.
export function LinkDetail({ linkId }) {
  const { t } = useI18n();
  const [link, setLink] = useState(null);
  const [error, setError] = useState(null);
  const [picked, setPicked] = useState(null);
  useEffect(() => {
    get(`/links/${linkId}`).then(setLink, setError);
  }, [linkId]);
  return (
    <section aria-labelledby="link-title" data-testid="link-detail">
      <PageTitle id="link-title">{t("links.one")}</PageTitle>
      <p>
        <Link href="/links">{t("links.back")}</Link>
      </p>
      <Problem error={error} />
      {!link && !error && <Loading />}
      {link && <LinkPanel link={link} onJudged={setLink} picked={picked} setPicked={setPicked} />}
    </section>
  );
}

// RecordLinks is a record's links, its cluster, and what to do with it.
export function RecordLinks({ id }) {
  const { t, country } = useI18n();
  const [links, setLinks] = useState(null);
  const [cluster, setCluster] = useState(null);
  const [following, setFollowing] = useState(null);
  const [error, setError] = useState(null);
  const [nonce, setNonce] = useState(0);
  const [title, setTitle] = useState("");
  const [caseId, setCaseId] = useState("");
  const [made, setMade] = useState(null);
  const [actionError, setActionError] = useState(null);
  useEffect(() => {
    let live = true;
    Promise.all([get("/links" + query({ record_id: id, limit: LIMIT })), get(`/records/${id}/cluster`), get("/subscriptions")]).then(
      ([ls, cl, subs]) => {
        if (!live) return;
        setLinks(ls.items || []);
        setCluster(cl);
        setFollowing((subs.items || []).some((s) => s.target_kind === "record" && s.target_id === id));
      },
      (e) => live && setError(e),
    );
    return () => (live = false);
  }, [id, nonce]);
  const act = async (fn) => {
    setActionError(null);
    try {
      await fn();
    } catch (e) {
      setActionError(e);
    }
  };
  const follow = () =>
    act(async () => {
      await api(following ? "DELETE" : "PUT", `/subscriptions/record/${id}`);
      setFollowing(!following);
    });
  const openCase = (e) => {
    e.preventDefault();
    act(async () => {
      const c = await post(`/records/${id}/cluster/case`, { title });
      setMade(c);
    });
  };
  const addTo = (e) => {
    e.preventDefault();
    act(async () => {
      const c = await post(`/cases/${caseId.trim()}/records`, { records: cluster.records });
      setMade(c);
    });
  };
  const proposals = (links || []).filter((l) => l.restricted || l.state !== "confirmed");
  const confirmed = (links || []).filter((l) => !l.restricted && l.state === "confirmed");
  const row = (l) => (
    <li key={l.id} data-testid="record-link" data-id={l.id} data-state={l.state || "restricted"}>
      {l.restricted ? (
        <Notice link={l} />
      ) : (
        <>
          <Link href={`/links/${l.id}`}>{t("links.state." + l.state)}</Link> · <Score value={l.score} /> ·{" "}
          {(() => {
            const other = l.a.record_id === id ? l.b : l.a;
            return (
              <>
                {country(other.owner_country)} ·{" "}
                <Link href={`/records/${other.record_id}/links`}>
                  <Id>{other.record_id}</Id>
                </Link>
              </>
            );
          })()}
        </>
      )}
    </li>
  );
  return (
    <section aria-labelledby="rl-title" data-testid="record-links">
      <PageTitle id="rl-title">{t("links.record.title")}</PageTitle>
      <p>
        <Id data-testid="record-id">{id}</Id>
      </p>
      <Problem error={error} onRetry={() => setNonce((n) => n + 1)} />
      {!links && !error && <Loading />}
      {links && (
        <>
          <p>
            <button type="button" class="secondary" data-testid="follow" aria-pressed={following ? "true" : "false"} onClick={follow}>
              {following ? t("links.unfollow") : t("links.follow")}
            </button>
          </p>
          <h2>{t("links.record.proposals")}</h2>
          {proposals.length === 0 && <p class="muted">{t("links.none")}</p>}
          <ul class="plain">{proposals.map(row)}</ul>
          <h2>{t("links.record.confirmed")}</h2>
          {confirmed.length === 0 && <p class="muted">{t("links.none")}</p>}
          <ul class="plain">{confirmed.map(row)}</ul>
        </>
      )}
      {cluster && (
        <section aria-labelledby="cluster-title" data-testid="cluster" data-size={cluster.records.length}>
          <h2 id="cluster-title">{t("links.cluster")}</h2>
          <p>
            {t("links.cluster.size", { n: cluster.records.length })} ·{" "}
            {(cluster.countries || []).map((c) => country(c)).join(", ")}
          </p>
          <ul class="plain">
            {cluster.records.map((r) => (
              <li key={r}>
                <Link href={`/records/${r}/links`}>
                  <Id>{r}</Id>
                </Link>
              </li>
            ))}
          </ul>
          {cluster.hidden > 0 && (
            <p class="link-notice" data-testid="cluster-hidden">
              {t("links.cluster.hidden", { n: cluster.hidden, owners: (cluster.owners || []).join(", ") })}
            </p>
          )}
          <p>
            <a href={`/api/v1/records/${id}/cluster/export`} download data-testid="export">
              {t("links.export")}
            </a>
          </p>
          {cluster.records.length > 1 && (
            <div class="case-actions">
              <form onSubmit={openCase} data-testid="open-case">
                <label for="case-title">{t("links.case.title")}</label>
                <input id="case-title" data-testid="case-title" required maxLength={300} value={title} onInput={(e) => setTitle(e.currentTarget.value)} />
                <button type="submit" data-testid="open-case-send">
                  {t("links.case.open")}
                </button>
              </form>
              <form onSubmit={addTo} data-testid="add-case">
                <label for="case-id">{t("links.case.id")}</label>
                <input id="case-id" dir="ltr" required value={caseId} onInput={(e) => setCaseId(e.currentTarget.value)} />
                <button type="submit" class="secondary">
                  {t("links.case.add")}
                </button>
              </form>
            </div>
          )}
          <Problem error={actionError} />
          {made && (
            <p role="status" data-testid="case-made" data-id={made.id}>
              {t("links.case.made", { title: made.title })} <Link href={`/cases/${made.id}/graph`}>{t("links.case.graph")}</Link>
            </p>
          )}
        </section>
      )}
    </section>
  );
}

const NOTICE_KINDS = ["link_proposed", "link_confirmed", "link_shown"];

// Notifications is the inbox of link notifications, live.
export function Notifications() {
  const { t, dateTime } = useI18n();
  const [items, setItems] = useState(null);
  const [error, setError] = useState(null);
  const [unread, setUnread] = useState(false);
  const [nonce, setNonce] = useState(0);
  const [arrived, setArrived] = useState(0);
  const known = useRef(null);
  const conn = useLive(() => setNonce((n) => n + 1));
  useEffect(() => {
    let live = true;
    get("/notifications" + query({ unread: unread ? "true" : "", limit: LIMIT })).then(
      (p) => {
        if (!live) return;
        const list = p.items || [];
        if (known.current) setArrived(list.filter((n) => !known.current.has(n.id)).length);
        known.current = new Set(list.map((n) => n.id));
        setItems(list);
        setError(null);
      },
      (e) => live && setError(e),
    );
    return () => (live = false);
  }, [unread, nonce]);
  const markRead = async (n) => {
    try {
      await post(`/notifications/${n.id}/read`);
      setItems((xs) => xs.map((x) => (x.id === n.id ? { ...x, read: true } : x)));
    } catch (e) {
      setError(e);
    }
  };
  return (
    <section aria-labelledby="notes-title" data-testid="notifications">
      <PageTitle id="notes-title">{t("links.inbox.title")}</PageTitle>
      <div class="queue-status">
        <p role="status" aria-live="polite" data-testid="notes-arrived">
          {arrived > 0 ? t("links.inbox.arrived", { n: arrived }) : ""}
        </p>
        <p class={"conn conn-" + (conn === "live" ? "live" : "offline")} data-testid="notes-conn" data-state={conn}>
          {t("links.conn." + conn)}
        </p>
      </div>
      <label class="check">
        <input type="checkbox" checked={unread} onChange={(e) => setUnread(e.currentTarget.checked)} /> {t("links.inbox.unread")}
      </label>
      <Problem error={error} onRetry={() => setNonce((n) => n + 1)} />
      {!items && !error && <Loading />}
      {items && items.length === 0 && <p>{t("links.inbox.none")}</p>}
      <ol class="notes" data-testid="note-list">
        {(items || []).map((n) => (
          <li key={n.id} data-testid="note" data-id={n.id} data-kind={n.kind} data-read={n.read ? "true" : "false"} class={n.read ? "" : "unread"}>
            <p>
              <strong>
                {n.request_id ? t("req.note." + n.kind, { step: t(n.kind === "request_changed" ? "req.act." + n.detail : "req.dl." + n.detail) }) : t("links.note." + (NOTICE_KINDS.includes(n.kind) ? n.kind : "link_proposed"))}
              </strong>{" "}
              ·{" "}
              {dateTime ? dateTime(n.at) : n.at}
            </p>
            <p>
              {n.request_id ? <Link href={`/requests/${n.request_id}`}>{t("req.open")}</Link> : <Link href={`/links/${n.link_id}`}>{t("links.inbox.open")}</Link>}
              {n.target_kind === "record" && (
                <>
                  {" "}
                  · <Link href={`/records/${n.target_id}/links`}>{t("links.inbox.followed")}</Link>
                </>
              )}{" "}
              {!n.read && (
                <button type="button" class="secondary small" data-testid="note-read" onClick={() => markRead(n)}>
                  {t("links.inbox.markRead")}
                </button>
              )}
            </p>
          </li>
        ))}
      </ol>
    </section>
  );
}
