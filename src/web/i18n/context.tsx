import { createContext, type ComponentChildren } from 'preact';
import { useCallback, useContext, useMemo, useState } from 'preact/hooks';
import {
  DEFAULT_LOCALE,
  formatDate,
  formatDateTime,
  isLocale,
  loadUsedFeatures,
  setCurrentLocale,
  translate,
  type Locale,
  type MessageKey,
  type MessageValues,
} from './i18n.ts';

const STORAGE_KEY = 'amparo.locale';

export interface I18n {
  locale: Locale;
  t: (key: MessageKey, values?: MessageValues) => string;
  dateTime: (value: string | number | Date) => string;
  date: (value: string | number | Date) => string;
  number: (value: number) => string;
  /** Loads the catalogues in use in the new language, then switches the whole app over. */
  setLocale: (locale: Locale) => Promise<void>;
}

const I18nContext = createContext<I18n | null>(null);

/** The language chosen on this device before signing in (Spanish unless someone chose otherwise). */
export function storedLocale(): Locale {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (isLocale(stored)) return stored;
  } catch {
    // Storage can be unavailable (private mode); the default language applies.
  }
  return DEFAULT_LOCALE;
}

function applyLocale(locale: Locale) {
  document.documentElement.lang = locale;
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // Not remembered on this device; nothing else depends on it.
  }
}

export function I18nProvider(props: { initialLocale: Locale; children: ComponentChildren }) {
  const [locale, setLocaleState] = useState<Locale>(() => {
    setCurrentLocale(props.initialLocale);
    return props.initialLocale;
  });

  const setLocale = useCallback(async (next: Locale) => {
    setCurrentLocale(next);
    await loadUsedFeatures(next);
    applyLocale(next);
    setLocaleState(next);
  }, []);

  const value = useMemo<I18n>(() => {
    const numberFormat = new Intl.NumberFormat(locale);
    return {
      locale,
      t: (key, values) => translate(locale, key, values),
      dateTime: (value) => formatDateTime(locale, value),
      date: (value) => formatDate(locale, value),
      number: (value) => numberFormat.format(value),
      setLocale,
    };
  }, [locale, setLocale]);

  return <I18nContext.Provider value={value}>{props.children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const i18n = useContext(I18nContext);
  if (!i18n) throw new Error('useI18n outside I18nProvider');
  return i18n;
}

export const useT = () => useI18n().t;
