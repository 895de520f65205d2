import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCsvRecords } from '../../core/reference/csv.ts';
import { SHIPPED_LANGUAGES } from '../../core/reference/languages.ts';
import { parsePlaces, type ShippedPlace } from '../../core/reference/places.ts';
import { SHIPPED_PUEBLOS } from '../../core/reference/pueblos.ts';

/** The reference data shipped with Amparo, read from `data/` beside this file (see its SOURCE.md). */

export const REFERENCE_DATA_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'data');

const read = (file: string) => fs.readFileSync(path.join(REFERENCE_DATA_DIR, file), 'utf8');

let places: ShippedPlace[] | undefined;

/** The 22 departments, 340 municipalities and 2 lakes, departments first. */
export function loadShippedPlaces(): ShippedPlace[] {
  places ??= parsePlaces(read('departments.csv'), read('municipalities.csv'));
  return places;
}

export interface ShippedCountry {
  code: string;
  alpha3: string;
  numeric: string;
  nameEs: string;
  nameEn: string;
}

let countries: ShippedCountry[] | undefined;

export function loadShippedCountries(): ShippedCountry[] {
  countries ??= parseCsvRecords(read('countries.csv')).map((row) => ({
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
