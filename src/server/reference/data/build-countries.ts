/**
 * Regenerates countries.csv (see COUNTRIES.md). Not run by the application or the tests: the CSV is
 * committed. The ISO 3166-1 code list (alpha-2, alpha-3, numeric) comes from the npm package
 * i18n-iso-countries, which is not a dependency of Amparo; install it only for this step:
 *
 *   npm install --no-save i18n-iso-countries@7 && node --import tsx src/server/reference/data/build-countries.ts
 *
 * Names come from the CLDR data built into Node (Intl.DisplayNames), es-GT and en.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { csvLine } from '../../../core/reference/csv.ts';

interface IsoCountries {
  getAlpha2Codes(): Record<string, string>;
  alpha2ToAlpha3(code: string): string | undefined;
  alpha2ToNumeric(code: string): string | undefined;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const packageName = 'i18n-iso-countries';
const iso = createRequire(path.join(process.cwd(), 'package.json'))(packageName) as IsoCountries;
const es = new Intl.DisplayNames(['es-GT'], { type: 'region', fallback: 'none' });
const en = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });

let out = csvLine(['alpha2', 'alpha3', 'numeric', 'name_es', 'name_en']);
const codes = Object.keys(iso.getAlpha2Codes()).sort();
for (const alpha2 of codes) {
  const alpha3 = iso.alpha2ToAlpha3(alpha2);
  const numeric = iso.alpha2ToNumeric(alpha2);
  const nameEs = es.of(alpha2);
  const nameEn = en.of(alpha2);
  if (!alpha3 || !numeric || !nameEs || !nameEn) throw new Error(`Datos incompletos para ${alpha2}`);
  out += csvLine([alpha2, alpha3, numeric, nameEs, nameEn]);
}
fs.writeFileSync(path.join(here, 'countries.csv'), out);
console.log(
  `${codes.length} países escritos (ICU ${process.versions.icu}, CLDR ${process.versions.cldr ?? '?'})`,
);
