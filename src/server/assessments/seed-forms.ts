import { sql } from 'kysely';
import { loadShippedForms } from '../../core/forms/shipped.ts';
import type { Db } from '../platform/db/database.ts';
import './tables.ts';

/**
 * Publishes the shipped form definitions that are missing (idempotent). A stored (key, version) is never
 * replaced: assessments were made against it, so a changed definition ships as a new version (the unit
 * test of published definitions keeps a shipped version from changing).
 */
export async function ensureShippedForms(db: Db): Promise<void> {
  const forms = loadShippedForms();
  if (forms.length === 0) return;
  await db
    .insertInto('form_definition')
    .values(
      forms.map((form) => ({
        key: form.key,
        version: form.version,
        definition: JSON.stringify(form),
        published_at: sql<Date>`now()`,
      })),
    )
    .onConflict((oc) => oc.columns(['key', 'version']).doNothing())
    .execute();
}
