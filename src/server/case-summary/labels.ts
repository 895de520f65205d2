import fs from 'node:fs';
import { IntlMessageFormat } from 'intl-messageformat';

/**
 * The words of the printed summary, in the printing user's language: the web app's message catalogues
 * (vocabularies and field labels live there once, for screens and paper alike).
 */

export type Locale = 'es-GT' | 'en';
export const TIME_ZONE = 'America/Guatemala';

const FEATURES = ['attachments', 'cases', 'persons', 'orgTypes', 'casePlan', 'services'] as const;
const MESSAGES = new URL('../../web/i18n/messages/', import.meta.url);

const loaded = new Map<Locale, Record<string, string>>();

function catalogue(locale: Locale): Record<string, string> {
  let messages = loaded.get(locale);
  if (!messages) {
    messages = {};
    for (const feature of FEATURES) {
      try {
        Object.assign(
          messages,
          JSON.parse(fs.readFileSync(new URL(`${feature}.${locale}.json`, MESSAGES), 'utf8')),
        );
      } catch {
        // A catalogue not shipped yet: its values print as their codes.
      }
    }
    loaded.set(locale, messages);
  }
  return messages;
}

export type Values = Record<string, string | number>;

export interface Labels {
  locale: Locale;
  /** The message, or undefined when no catalogue has it. */
  maybe(key: string, values?: Values): string | undefined;
  t(key: string, values?: Values): string;
  /** The label of a vocabulary value (`prefix.value`), or the value itself. */
  vocab(prefix: string, value: string | null | undefined): string;
  date(day: string | null | undefined): string;
  dateTime(value: Date | string): string;
}

export function labelsFor(locale: Locale): Labels {
  const own = catalogue(locale);
  const fallback = catalogue('es-GT');
  const dayFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const timeFormat = new Intl.DateTimeFormat(locale, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: TIME_ZONE,
  });
  const maybe = (key: string, values?: Values) => {
    const message = own[key] ?? fallback[key];
    if (message === undefined) return undefined;
    return String(new IntlMessageFormat(message, locale, undefined, { ignoreTag: true }).format(values));
  };
  return {
    locale,
    maybe,
    t: (key, values) => maybe(key, values) ?? key,
    vocab: (prefix, value) => (value ? (maybe(`${prefix}.${value}`) ?? value) : '—'),
    date: (day) => (day ? dayFormat.format(new Date(`${day.slice(0, 10)}T00:00:00Z`)) : '—'),
    dateTime: (value) => timeFormat.format(new Date(value)),
  };
}
