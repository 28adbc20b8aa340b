// Pieces the check and hits screens share.
import { useI18n } from "../i18n.js";

// HitStatus names where a hit stands: new, or the owner's answer. Not the
// person reads as such, never as an accusation.
export function HitStatus({ status }) {
  const { t } = useI18n();
  return (
    <span class={"badge hit-status hit-status-" + status} data-testid="hit-status" data-status={status}>
      {t("hitStatus." + status)}
    </span>
  );
}
