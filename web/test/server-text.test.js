// The server's English messages in the reader's language (demo helper).
import { test } from "node:test";
import assert from "node:assert/strict";
import { serverText } from "../src/server-text.js";
import en from "../src/locales/en.js";
import fr from "../src/locales/fr.js";
import es from "../src/locales/es.js";
import ar from "../src/locales/ar.js";

const tr = (messages) => (key, params = {}) => {
  const m = messages[key];
  if (m === undefined) return key;
  return String(m).replace(/\{(\w+)\}/g, (_, k) => (k in params ? params[k] : `{${k}}`));
};

test("serverText", async (t) => {
  await t.test("Outside", () => {
    const msg = "2024-10-12 is outside the operation (2024-09-29 to 2024-10-04)";
    for (const [lang, messages] of [["fr", fr], ["es", es], ["ar", ar]]) {
      const got = serverText(tr(messages), msg);
      assert.notEqual(got, msg, lang);
      assert.ok(got.includes("2024-10-12") && got.includes("2024-09-29") && got.includes("2024-10-04"), `${lang}: ${got}`);
    }
    assert.equal(serverText(tr(en), msg), msg);
  });
  await t.test("Contact", () => {
    const got = serverText(tr(fr), "hit: contact NCB Tirana quoting reference 01a2");
    assert.ok(got.includes("NCB Tirana") && got.includes("01a2") && !got.startsWith("hit:"), got);
  });
  await t.test("Unknown", () => {
    // What the UI does not know is shown as the server wrote it.
    assert.equal(serverText(tr(fr), "segment 12 at byte 340: bad NAD"), "segment 12 at byte 340: bad NAD");
    assert.equal(serverText(tr({}), "validation failed"), "validation failed");
  });
});

// In Arabic the values a message carries are isolated from the
// bidirectional algorithm: "4.895, 52.37" and references keep their order.
import { loadMessages, makeI18n } from "../src/i18n-core.js";

test("arabicIsolates", async () => {
  await loadMessages("ar");
  const { t } = makeI18n("ar");
  const got = t("reason.contact", { owner: "NCB Tirana", ref: "01a2-77" });
  assert.ok(got.includes("\u2068NCB Tirana\u2069") && got.includes("\u206801a2-77\u2069"), JSON.stringify(got));
  // The server's messages too, wrapped once.
  const srv = serverText(t, "2024-10-12 is outside the operation (2024-09-29 to 2024-10-04)");
  assert.ok(srv.includes("\u20682024-10-12\u2069") && !srv.includes("\u2068\u2068"), JSON.stringify(srv));
  // English is left alone.
  const en = makeI18n("en").t("reason.contact", { owner: "NCB Tirana", ref: "01a2-77" });
  assert.ok(!en.includes("\u2068"), en);
});
