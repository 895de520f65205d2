import { useSharedApi } from '../cases/shared-fetch.ts';
import type { Locale } from '../i18n/i18n.ts';
import type { CountryOut, LanguageOut, PlaceOut, PuebloOut } from './types.ts';

// The reference lists an administrator maintains (GET /api/reference/…). All entries are fetched, inactive
// ones included, so a record that still names a retired entry shows its name; choices offer active ones.

type List<T> = { items: T[] };

export const useDepartments = () =>
  useSharedApi<List<PlaceOut>>('/api/reference/places', { kind: 'department' });
export const useMunicipalities = (departmentCode: string | null | undefined) =>
  useSharedApi<List<PlaceOut>>(departmentCode ? '/api/reference/places' : null, {
    kind: 'municipality',
    department: departmentCode ?? undefined,
  });
/** Every department, municipality and lake (to name a place by its INE code). */
export const usePlaces = () => useSharedApi<List<PlaceOut>>('/api/reference/places');
export const usePueblos = () => useSharedApi<List<PuebloOut>>('/api/reference/pueblos');
export const useLanguages = () => useSharedApi<List<LanguageOut>>('/api/reference/languages');
export const useCountries = () => useSharedApi<List<CountryOut>>('/api/reference/countries');

export const referenceName = (entry: { nameEs: string; nameEn: string }, locale: Locale) =>
  (locale === 'en' ? entry.nameEn : entry.nameEs) || entry.nameEs;

/** Options for a choice: active entries, plus the current value even if it was retired since. */
export function referenceOptions<T extends { code: string; nameEs: string; nameEn: string; active: boolean }>(
  items: T[] | undefined,
  locale: Locale,
  current: readonly string[] = [],
  codeOf: (item: T) => string = (item) => item.code,
) {
  return (items ?? [])
    .filter((item) => item.active || current.includes(codeOf(item)))
    .map((item) => ({ value: codeOf(item), label: referenceName(item, locale) }));
}

/** Code → name, for showing a record's values. */
export function referenceNames<T extends { code: string; nameEs: string; nameEn: string }>(
  items: T[] | undefined,
  locale: Locale,
  codeOf: (item: T) => string = (item) => item.code,
): Map<string, string> {
  return new Map((items ?? []).map((item) => [codeOf(item), referenceName(item, locale)]));
}
