// Pieces the case's messages, files and evidence screens share: their
// navigation, sizes, and an upload that reports its progress.
import { APIError, NetworkError } from "../api.js";
import { useI18n } from "../i18n.js";
import { Link } from "../router.js";

// CaseWorkNav links the case page and its three work screens.
export function CaseWorkNav({ id, current }) {
  const { t } = useI18n();
  const items = [
    ["messages", `/cases/${id}/messages`, t("cw.nav.messages")],
    ["files", `/cases/${id}/files`, t("cw.nav.files")],
    ["evidence", `/cases/${id}/evidence`, t("cw.nav.evidence")],
  ];
  return (
    <nav class="op-nav" aria-label={t("cw.nav.label")}>
      <ul>
        <li>
          <Link href={`/cases/${id}`}>{t("cw.nav.case")}</Link>
        </li>
        {items.map(([k, href, label]) => (
          <li key={k}>
            <Link href={href} aria-current={k === current ? "page" : undefined}>
              {label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

// size says a byte count in the user's language.
export function useSize() {
  const { t } = useI18n();
  return (n) => {
    if (n < 1024) return t("cw.size.b", { n });
    if (n < 1 << 20) return t("cw.size.kib", { n: Math.round(n / 102.4) / 10 });
    if (n < 1 << 30) return t("cw.size.mib", { n: Math.round(n / (1 << 20) / 0.1) / 10 });
    return t("cw.size.gib", { n: Math.round(n / (1 << 30) / 0.01) / 100 });
  };
}

function problemOf(xhr) {
  let detail = xhr.statusText;
  let errors = [];
  try {
    const p = JSON.parse(xhr.responseText);
    if (p && p.detail) detail = p.detail;
    if (p && Array.isArray(p.errors)) errors = p.errors;
  } catch {
    /* not a problem document */
  }
  return new APIError(xhr.status, detail, errors);
}

// sendFile posts a file as the body of path (streamed by the browser),
// calling onProgress with the fraction sent; it resolves to the answer.
export function sendFile(path, file, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/v1" + path);
    xhr.setRequestHeader("Content-Type", "application/octet-stream");
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress && onProgress(e.loaded / e.total);
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) resolve(JSON.parse(xhr.responseText));
      else reject(problemOf(xhr));
    };
    xhr.onerror = () => reject(new NetworkError("upload failed"));
    xhr.onabort = () => reject(new NetworkError("upload cancelled"));
    xhr.send(file);
  });
}

export const uploadPath = (caseId, name) => `/cases/${caseId}/files?name=${encodeURIComponent(name)}`;
