import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parsePlaces, type ShippedPlace } from './places.ts';

/**
 * The shipped INE places, read from src/server/reference/data (see its SOURCE.md). Node only: used by the
 * start-up seeding and by the synthetic data generator.
 */

export const REFERENCE_DATA_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../server/reference/data',
);

export const readReferenceFile = (file: string) =>
  fs.readFileSync(path.join(REFERENCE_DATA_DIR, file), 'utf8');

let places: ShippedPlace[] | undefined;

/** The 22 departments, 340 municipalities and 2 lakes, departments first. */
export function loadShippedPlaces(): ShippedPlace[] {
  places ??= parsePlaces(readReferenceFile('departments.csv'), readReferenceFile('municipalities.csv'));
  return places;
}
