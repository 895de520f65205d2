import type { UpdatePersonInput } from '../../core/cases/person-input.ts';
import type { Executor } from '../platform/db/database.ts';
import { together } from '../platform/db/together.ts';
import type { FieldError } from '../platform/http/problem.ts';
import '../reference/tables.ts';

/**
 * Codes in a person's record must name active entries of the reference lists an administrator maintains
 * (migration 0006): pueblo, languages (ISO 639-3), countries (ISO 3166-1 alpha-3), INE places.
 */
export async function checkPersonReferences(db: Executor, input: UpdatePersonInput): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  const unknown = (field: string, message: string) => errors.push({ field, code: 'unknown_code', message });
  const languages = input.languages
    ? [input.languages.primary, ...input.languages.others].filter((c): c is string => Boolean(c))
    : [];
  const countries = input.citizenships ?? [];
  const places = [input.origin?.departmentCode, input.origin?.municipalityCode].filter((c): c is string =>
    Boolean(c),
  );
  const [[pueblo], knownLanguages, knownCountries, knownPlaces] = await together(db, [
    input.pueblo
      ? db.selectFrom('pueblo').select('code').where('code', '=', input.pueblo).where('active', '=', true)
      : undefined,
    languages.length > 0
      ? db.selectFrom('language').select('code').where('code', 'in', languages).where('active', '=', true)
      : undefined,
    countries.length > 0
      ? db.selectFrom('country').select('alpha3').where('alpha3', 'in', countries).where('active', '=', true)
      : undefined,
    places.length > 0
      ? db.selectFrom('place').select(['code', 'kind']).where('code', 'in', places).where('active', '=', true)
      : undefined,
  ]);
  if (input.pueblo && !pueblo) unknown('body.pueblo', 'El pueblo no está en la lista de referencia.');
  const languageSet = new Set(knownLanguages.map((l) => l.code));
  if (input.languages?.primary && !languageSet.has(input.languages.primary))
    unknown('body.languages.primary', 'Idioma desconocido (código ISO 639-3).');
  input.languages?.others.forEach((code, i) => {
    if (!languageSet.has(code))
      unknown(`body.languages.others.${i}`, 'Idioma desconocido (código ISO 639-3).');
  });
  const countrySet = new Set(knownCountries.map((c) => c.alpha3));
  countries.forEach((code, i) => {
    if (!countrySet.has(code))
      unknown(`body.citizenships.${i}`, 'País desconocido (código ISO 3166 alfa-3).');
  });
  const placeKind = new Map(knownPlaces.map((p) => [p.code, p.kind]));
  const origin = input.origin;
  if (origin?.departmentCode && placeKind.get(origin.departmentCode) !== 'department')
    unknown('body.origin.departmentCode', 'Departamento desconocido (código INE).');
  if (origin?.municipalityCode && placeKind.get(origin.municipalityCode) !== 'municipality')
    unknown('body.origin.municipalityCode', 'Municipio desconocido (código INE).');
  return errors;
}

/** An ISO 3166-1 alpha-3 code that names an active country, or an error on the field. */
export async function checkCountry(db: Executor, field: string, code: string | null | undefined) {
  if (!code) return [];
  const found = await db
    .selectFrom('country')
    .select('alpha3')
    .where('alpha3', '=', code)
    .where('active', '=', true)
    .executeTakeFirst();
  return found
    ? []
    : [{ field, code: 'unknown_code', message: 'País desconocido (código ISO 3166 alfa-3).' }];
}
