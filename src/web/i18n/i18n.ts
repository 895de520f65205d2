import { IntlMessageFormat } from 'intl-messageformat';
import commonEs from './messages/common.es-GT.json';
import type { MessageKey } from './keys.ts';

export type { MessageKey } from './keys.ts';

export const LOCALES = ['es-GT', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'es-GT';
/** Every date and time is shown as it was in Guatemala, wherever the browser is. */
export const TIME_ZONE = 'America/Guatemala';

/** One catalogue pair per feature: messages/<feature>.es-GT.json and messages/<feature>.en.json. */
export const FEATURES = [
  'common',
  'login',
  'setup',
  'twoFactor',
  'passwordReset',
  'home',
  'profile',
  'users',
  'teams',
  'roles',
  'agencies',
  'programmes',
  'audit',
  'access',
  'orgTypes',
  'forms',
  'persons',
  'cases',
  'myWork',
  'assessments',
  'casePlan',
  'approvals',
  'services',
  'notes',
  'consent',
  'referrals',
  'sharing',
  'attachments',
  'linkage',
  'settings',
] as const;
export type Feature = (typeof FEATURES)[number];

export type MessageValues = Record<string, string | number | boolean | null | undefined>;
type Catalogue = Record<string, string>;

let activeLocale: Locale = DEFAULT_LOCALE;
/** The language screens are being loaded in (set by the I18nProvider before it switches). */
export const currentLocale = () => activeLocale;
export function setCurrentLocale(locale: Locale) {
  activeLocale = locale;
}

export const isLocale = (value: unknown): value is Locale => (LOCALES as readonly unknown[]).includes(value);

// Each catalogue is its own chunk, fetched when a screen that needs it is opened. The Spanish common
// catalogue (the shell's words in the default language) ships inside the entry.
const loaders = import.meta.glob<Catalogue>(['./messages/*.json', '!./messages/common.es-GT.json'], {
  import: 'default',
});

const catalogues: Record<Locale, Map<string, Catalogue>> = {
  'es-GT': new Map([['common', commonEs as Catalogue]]),
  en: new Map(),
};
const loading = new Map<string, Promise<void>>();
/** Features some screen has asked for; a change of language loads all of them in the new language. */
const used = new Set<Feature>(['common']);

function loadOne(feature: Feature, locale: Locale): Promise<void> {
  if (catalogues[locale].has(feature)) return Promise.resolve();
  const id = `./messages/${feature}.${locale}.json`;
  let promise = loading.get(id);
  if (!promise) {
    const loader = loaders[id];
    if (!loader) return Promise.reject(new Error(`Missing message catalogue ${id}`));
    promise = loader()
      .then((catalogue) => {
        catalogues[locale].set(feature, catalogue);
      })
      .finally(() => loading.delete(id));
    loading.set(id, promise);
  }
  return promise;
}

export function loadFeatures(features: readonly Feature[], locale: Locale): Promise<void> {
  for (const feature of features) used.add(feature);
  return Promise.all(features.map((feature) => loadOne(feature, locale))).then(() => undefined);
}

export const loadUsedFeatures = (locale: Locale) => loadFeatures([...used], locale);

const formatters = new Map<string, IntlMessageFormat>();

function lookup(locale: Locale, key: string): string | undefined {
  const feature = key.slice(0, key.indexOf('.'));
  return catalogues[locale].get(feature)?.[key] ?? catalogues[DEFAULT_LOCALE].get(feature)?.[key];
}

export function translate(locale: Locale, key: MessageKey, values?: MessageValues): string {
  const cacheKey = `${locale}\u0000${key}`;
  let formatter = formatters.get(cacheKey);
  if (!formatter) {
    const message = lookup(locale, key);
    if (message === undefined) return key;
    formatter = new IntlMessageFormat(message, locale, undefined, { ignoreTag: true });
    formatters.set(cacheKey, formatter);
  }
  return String(formatter.format(values as Record<string, string | number>));
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();
function dateFormat(locale: Locale, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}${JSON.stringify(options)}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { ...options, timeZone: TIME_ZONE });
    dateFormats.set(key, format);
  }
  return format;
}

const toDate = (value: string | number | Date) => (value instanceof Date ? value : new Date(value));

export const formatDateTime = (locale: Locale, value: string | number | Date) =>
  dateFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(toDate(value));

export const formatDate = (locale: Locale, value: string | number | Date) =>
  dateFormat(locale, { dateStyle: 'medium' }).format(toDate(value));

/** The hour of the day in Guatemala (0–23), e.g. to greet in the morning or the evening. */
export const guatemalaHour = (value: Date) =>
  Number(dateFormat('en', { hour: 'numeric', hourCycle: 'h23' }).format(value)) % 24;

/** Guatemala keeps UTC−6 all year: a calendar day there starts at 06:00 UTC. */
export const GUATEMALA_OFFSET = '-06:00';
export const startOfGuatemalaDay = (isoDate: string) => `${isoDate}T00:00:00.000${GUATEMALA_OFFSET}`;
export const endOfGuatemalaDay = (isoDate: string) => `${isoDate}T23:59:59.999${GUATEMALA_OFFSET}`;
