import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FormDefinition } from './definition.ts';
import { parseFormDefinition } from './definition-schema.ts';

/**
 * The form definitions shipped with Amparo (definitions/*.json, one file per key and version), seeded at
 * start-up. Node only: the server and the tests; the browser receives definitions from the API.
 */

export const DEFINITIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'definitions');

let shipped: FormDefinition[] | undefined;

export function loadShippedForms(): FormDefinition[] {
  shipped ??= fs
    .readdirSync(DEFINITIONS_DIR)
    .filter((file) => /^[a-z0-9_]+\.v\d+\.json$/.test(file))
    .sort()
    .map((file) => {
      const definition = parseFormDefinition(
        JSON.parse(fs.readFileSync(path.join(DEFINITIONS_DIR, file), 'utf8')),
        file,
      );
      if (file !== `${definition.key}.v${definition.version}.json`)
        throw new Error(`${file} holds ${definition.key} version ${definition.version}: rename it`);
      return definition;
    });
  return shipped;
}
