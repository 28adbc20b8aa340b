// The invitations to operations that the user may accept on behalf of
// their country (a national central bureau) or their agency (its
// coordinators and NCB officers). The server decides (policy.CanAccept):
// an invitation the user may not accept is refused, with its reason.
import { useEffect, useState } from "preact/hooks";
import { get, post } from "../api.js";
import { useI18n } from "../i18n.js";
import { Link } from "../router.js";
import { hasRole, useSession } from "../session.js";
import { Loading, PageTitle, Problem, useErrorText } from "../components/common.jsx";
import { Denied } from "../components/admin.jsx";

export const mayAccept = (me) => hasRole(me, "ncb", "coordinator");

// mayAcceptThis mirrors policy.CanAccept: a country's invitation is its
// national central bureau's (an NCB officer of an agency of kind ncb); an
// agency's, its coordinators' and NCB officers'.
function mayAcceptThis(me, p) {
  if (p.kind === "country") return hasRole(me, "ncb") && !!me.agency && me.agency.kind === "ncb" && me.agency.country === p.value;
  return hasRole(me, "ncb", "coordinator") && !!me.agency && me.agency.id === p.value;
}

function Invitation({ p, onAccepted }) {
  const { t, country, longDay, dateTime } = useI18n();
  const { me } = useSession();
  const errorText = useErrorText();
  const [op, setOp] = useState(null);
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    get("/operations/" + encodeURIComponent(p.operation_id)).then(setOp, () => setOp({ id: p.operation_id, name: p.operation_id }));
  }, [p.operation_id]);
  const accept = async () => {
    setError("");
    setBusy(true);
    try {
      onAccepted(await post(`/operations/${p.operation_id}/participants/accept`, { kind: p.kind, value: p.value }), op);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  const forWhom = p.kind === "country" ? t("invitations.forCountry", { country: country(p.value) }) : t("invitations.forAgency");
  return (
    <li class="card" data-testid="invitation" data-operation={p.operation_id} data-kind={p.kind} data-value={p.value}>
      <h2>{op ? op.name : "…"}</h2>
      {op && op.start && <p class="op-meta">{t("operation.period", { start: longDay(op.start), end: longDay(op.end) })}</p>}
      <p>{forWhom}</p>
      <p class="muted">{t("invitations.invitedAt", { time: dateTime(p.invited_at) })}</p>
      <p class="hint">{p.kind === "country" ? t("invitations.countryMeans") : t("invitations.agencyMeans")}</p>
      {mayAcceptThis(me, p) ? (
        <div class="card-actions">
          <button type="button" class="primary" disabled={busy} data-testid="invitation-accept" onClick={accept}>
            {t("invitations.accept")}
          </button>
        </div>
      ) : (
        <p class="notice" data-testid="invitation-not-yours">
          {t("invitations.notYours", { country: country(p.value) })}
        </p>
      )}
      {error && (
        <p class="error" role="alert" data-testid="invitation-error">
          {error}
        </p>
      )}
    </li>
  );
}

export function Invitations() {
  const { t } = useI18n();
  const { me } = useSession();
  const [items, setItems] = useState(null);
  const [error, setError] = useState(null);
  const [accepted, setAccepted] = useState([]);
  const load = async () => {
    try {
      setItems((await get("/invitations")).items || []);
      setError(null);
    } catch (err) {
      setError(err);
    }
  };
  useEffect(() => {
    if (mayAccept(me)) load();
  }, []);
  if (!mayAccept(me)) return <Denied title={t("invitations.title")} need={t("invitations.roles")} />;
  return (
    <section class="admin" data-testid="invitations">
      <PageTitle>{t("invitations.title")}</PageTitle>
      <p class="lede">{t("invitations.lede")}</p>
      <Problem error={error} onRetry={load} />
      {accepted.map(({ p, op }) => (
        <p class="success" role="status" key={p.operation_id + p.kind + p.value} data-testid="invitation-accepted">
          {t("invitations.accepted", { name: op ? op.name : p.operation_id })}{" "}
          <Link href={"/operations/" + p.operation_id}>{t("nav.live")}</Link>
        </p>
      ))}
      {!items && !error && <Loading />}
      {items && items.length === 0 && <p class="muted">{t("invitations.none")}</p>}
      {items && items.length > 0 && (
        <ul class="cards">
          {items.map((p) => (
            <Invitation
              key={p.operation_id + p.kind + p.value}
              p={p}
              onAccepted={(np, op) => {
                setAccepted([...accepted, { p: np, op }]);
                setItems(items.filter((x) => !(x.operation_id === p.operation_id && x.kind === p.kind && x.value === p.value)));
              }}
            />
          ))}
        </ul>
      )}
    </section>
  );
}
