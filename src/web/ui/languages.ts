import type { Locale, MessageKey, MessageValues } from '../i18n/i18n.ts';

const LABELS: Record<Locale, MessageKey> = { 'es-GT': 'common.language.es-GT', en: 'common.language.en' };

/** The name of a language the app speaks, e.g. for a user's language setting. */
export const languageLabel = (t: (key: MessageKey, values?: MessageValues) => string, locale: string) =>
  locale in LABELS ? t(LABELS[locale as Locale]) : locale;
