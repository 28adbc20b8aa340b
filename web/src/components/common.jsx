// Pieces every page uses: titles that take focus on arrival, error
// messages, loading and the operation a page is about.
import { useEffect, useRef, useState } from "preact/hooks";
import { APIError, NetworkError, get } from "../api.js";
import { useI18n } from "../i18n.js";
import { Link } from "../router.js";
import { mayRead, mayReport, useSession } from "../session.js";
import { serverText } from "../server-text.js";

// PageTitle is the page's h1. It takes focus when the page opens, so that
// screen readers announce the new page after a client-side navigation.
export function PageTitle({ children, focus = true, ...props }) {
  const ref = useRef(null);
  const { t } = useI18n();
  useEffect(() => {
    if (focus && ref.current) ref.current.focus({ preventScroll: true });
  }, []);
  // The window's title names the page too (WCAG 2.4.2).
  useEffect(() => {
    if (ref.current) document.title = `${ref.current.textContent} – ${t("app.name")}`;
  });
  return (
    <h1 tabindex="-1" ref={ref} {...props}>
      {children}
    </h1>
  );
}

// message turns an error into words for the user.
export function useErrorText() {
  const { t } = useI18n();
  return (err) => {
    if (err instanceof APIError) {
      if (err.status === 401) return t("error.signedOut");
      if (err.status === 403) return t("error.forbidden") + (err.message ? ` (${err.message})` : "");
      if (err.status === 404) return t("error.notFound");
      if (err.status === 429) return t("error.throttled", { n: Math.max(1, err.retryAfter || 1) });
      return serverText(t, err.message) || t("error.server");
    }
    if (err instanceof NetworkError) return t("error.network");
    return t("error.unexpected");
  };
}

export function Problem({ error, onRetry }) {
  const { t } = useI18n();
  const text = useErrorText();
  if (!error) return null;
  return (
    <div class="problem" role="alert" data-testid="problem">
      <p>{text(error)}</p>
      {onRetry && (
        <button type="button" class="secondary" onClick={onRetry}>
          {t("common.retry")}
        </button>
      )}
    </div>
  );
}

export function NotFound() {
  const { t } = useI18n();
  return (
    <section>
      <PageTitle>{t("error.pageNotFound")}</PageTitle>
      <p>
        <Link href="/">{t("nav.operations")}</Link>
      </p>
    </section>
  );
}

export function Loading() {
  const { t } = useI18n();
  return (
    <p class="status" role="status">
      {t("common.loading")}
    </p>
  );
}

// useLoad fetches path when it changes; a 401 signs the user out.
export function useLoad(path) {
  const { signedOut } = useSession();
  const [state, setState] = useState({ data: null, error: null, loading: true });
  const [nonce, setNonce] = useState(0);
  useEffect(() => {
    if (!path) return;
    let live = true;
    setState((s) => ({ ...s, loading: true, error: null }));
    get(path).then(
      (data) => live && setState({ data, error: null, loading: false }),
      (error) => {
        if (!live) return;
        if (error instanceof APIError && error.status === 401) signedOut();
        setState({ data: null, error, loading: false });
      },
    );
    return () => {
      live = false;
    };
  }, [path, nonce]);
  return { ...state, reload: () => setNonce((n) => n + 1) };
}

// OperationNav links the views of one operation; the current one is marked.
export function OperationNav({ op, current }) {
  const { t } = useI18n();
  const { me } = useSession();
  const items = [
    ["live", `/operations/${op.id}`, t("nav.live")],
    mayReport(me) && ["report", `/operations/${op.id}/report`, t("nav.report")],
    ["results", `/operations/${op.id}/results`, t("nav.results")],
    mayRead(me) && ["trends", `/analysis/trends?operation=${op.id}&to=${op.end}`, t("nav.trends")],
  ].filter(Boolean);
  return (
    <nav class="op-nav" aria-label={t("nav.operation", { name: op.name })}>
      <ul>
        {items.map(([key, href, label]) => (
          <li key={key}>
            <Link href={href} aria-current={current === key ? "page" : undefined} data-testid={"nav-" + key}>
              {label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

// OperationHeader is the title block of every operation page.
export function OperationHeader({ op, current, title }) {
  const { t, longDay } = useI18n();
  return (
    <div class="op-header">
      <p class="crumbs">
        <Link href="/">{t("nav.operations")}</Link>
        <span aria-hidden="true"> › </span>
        <span>{op.name}</span>
      </p>
      <PageTitle>{title}</PageTitle>
      <p class="op-meta">
        <span class={"badge status-" + op.status}>{t("status." + op.status)}</span>{" "}
        {t("operation.period", { start: longDay(op.start), end: longDay(op.end) })}
      </p>
      <OperationNav op={op} current={current} />
    </div>
  );
}
