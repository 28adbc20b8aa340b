// The analysis screens' home: routes, networks and trends, and the
// analytical brief of an operation to download (HTML or PDF, in the four
// languages), computed for the analyst as the screens are.
import { useState } from "preact/hooks";
import { useI18n } from "../i18n.js";
import { Link } from "../router.js";
import { PageTitle, useLoad } from "../components/common.jsx";
import { query } from "../api.js";

// AnalysisNav links the analysis screens; the current one is marked.
export function AnalysisNav({ current }) {
  const { t } = useI18n();
  const items = [
    ["home", "/analysis", t("analysis.home")],
    ["routes", "/analysis/routes", t("analysis.routes")],
    ["network", "/analysis/network", t("analysis.network")],
    ["trends", "/analysis/trends", t("analysis.trends")],
  ];
  return (
    <nav class="sub-nav" aria-label={t("analysis.nav")}>
      <ul>
        {items.map(([key, href, label]) => (
          <li key={key}>
            <Link href={href} aria-current={current === key ? "page" : undefined} data-testid={"analysis-nav-" + key}>
              {label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export function AnalysisHome() {
  const { t } = useI18n();
  const ops = useLoad("/operations?limit=100");
  const [op, setOp] = useState("");
  const [lang, setLang] = useState("en");
  const items = (ops.data && ops.data.items) || [];
  const chosen = op || (items[0] && items[0].id) || "";
  return (
    <section aria-labelledby="analysis-title" data-testid="analysis-home">
      <AnalysisNav current="home" />
      <PageTitle id="analysis-title">{t("analysis.title")}</PageTitle>
      <ul class="plain cards">
        <li>
          <Link href="/analysis/routes" data-testid="analysis-routes">
            {t("analysis.routes")}
          </Link>
          <p class="hint">{t("analysis.routesHint")}</p>
        </li>
        <li>
          <Link href="/analysis/network" data-testid="analysis-network">
            {t("analysis.network")}
          </Link>
          <p class="hint">{t("analysis.networkHint")}</p>
        </li>
        <li>
          <Link href="/analysis/trends" data-testid="analysis-trends">
            {t("analysis.trends")}
          </Link>
          <p class="hint">{t("analysis.trendsHint")}</p>
        </li>
      </ul>
      <h2>{t("analysis.brief")}</h2>
      <p class="hint">{t("analysis.briefHint")}</p>
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <div class="field">
          <label for="brief-operation">{t("routes.operation")}</label>
          <select id="brief-operation" value={chosen} onChange={(e) => setOp(e.currentTarget.value)} data-testid="brief-operation">
            {items.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="brief-lang">{t("analysis.briefLang")}</label>
          <select id="brief-lang" value={lang} onChange={(e) => setLang(e.currentTarget.value)} data-testid="brief-lang">
            <option value="en">English</option>
            <option value="fr">Français</option>
            <option value="es">Español</option>
            <option value="ar">العربية</option>
          </select>
        </div>
      </form>
      {chosen && (
        <p class="downloads">
          <a href={"/api/v1/analysis/brief" + query({ operation_id: chosen, lang })} target="_blank" rel="noopener" data-testid="brief-html">
            {t("analysis.briefHTML")}
          </a>{" "}
          ·{" "}
          <a href={"/api/v1/analysis/brief" + query({ operation_id: chosen, lang, format: "pdf" })} download data-testid="brief-pdf">
            {t("analysis.briefPDF")}
          </a>
        </p>
      )}
    </section>
  );
}
