import { parseCsvRecords } from '../../core/reference/csv.ts';
import { SHIPPED_LANGUAGES } from '../../core/reference/languages.ts';
import { SHIPPED_PUEBLOS } from '../../core/reference/pueblos.ts';
import { loadShippedPlaces, readReferenceFile } from '../../core/reference/shipped-places.ts';

/** The reference data shipped with Amparo: data/ beside this file (see its SOURCE.md) and src/core/reference. */

export { loadShippedPlaces };

export interface ShippedCountry {
  code: string;
  alpha3: string;
  numeric: string;
  nameEs: string;
  nameEn: string;
}

let countries: ShippedCountry[] | undefined;

export function loadShippedCountries(): ShippedCountry[] {
  countries ??= parseCsvRecords(readReferenceFile('countries.csv')).map((row) => ({
    code: row.alpha2!,
    alpha3: row.alpha3!,
    numeric: row.numeric!,
    nameEs: row.name_es!,
    nameEn: row.name_en!,
  }));
  return countries;
}

export const shippedLanguages = () => SHIPPED_LANGUAGES;
export const shippedPueblos = () => SHIPPED_PUEBLOS;
