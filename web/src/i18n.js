// Languages, messages and locale formatting (i18n-core.js), and the
// context that hands the reader's translator to every component.

import { createContext } from "preact";
import { useContext } from "preact/hooks";
import { makeI18n } from "./i18n-core.js";

export * from "./i18n-core.js";

export const I18n = createContext(makeI18n("en"));
export const useI18n = () => useContext(I18n);
