// Drafts of field reports, kept in the tab's session storage while they are
// written: a reload, a dropped connection or a session that ends mid-report
// (the login form comes back, then the form) loses nothing. They hold no
// names, go when the report is sent or the user logs out, and never
// outlive the tab.

const PREFIX = "meridian.draft.";

export function loadDraft(key) {
  try {
    const s = sessionStorage.getItem(PREFIX + key);
    return s ? JSON.parse(s) : null;
  } catch {
    return null;
  }
}

export function saveDraft(key, values) {
  try {
    sessionStorage.setItem(PREFIX + key, JSON.stringify(values));
  } catch {
    /* storage full or disabled: the draft lives in the page only */
  }
}

export function dropDraft(key) {
  try {
    sessionStorage.removeItem(PREFIX + key);
  } catch {
    /* nothing to drop */
  }
}

export function clearDrafts() {
  try {
    for (const k of Object.keys(sessionStorage)) if (k.startsWith(PREFIX)) sessionStorage.removeItem(k);
  } catch {
    /* nothing to clear */
  }
}
