import { sql } from 'kysely';
import type { DueAnchor } from '../../core/cases/due-dates.ts';
import type { Executor } from '../platform/db/database.ts';
import type { RuleBody, RuleItem, RuleOut } from './schemas.ts';
import type {} from '../cases/tables.ts';

/**
 * The rules of table case_due_rule as administrators see them: each default (agency_id NULL) beside the
 * agency's own rule of the same key. The case presenter reads the rules in force through cases/store.ts
 * (dueRulesQuery, dueRulesByAgency); this module only reads and writes them for configuration.
 */

const columns = [
  'id',
  'agency_id',
  'key',
  'statuses',
  'anchor',
  'days',
  'active',
  'version',
  'updated_at',
] as const;

interface RuleRow {
  id: string;
  agency_id: string | null;
  key: string;
  statuses: string[];
  anchor: string;
  days: number;
  active: boolean;
  version: number;
  updated_at: Date;
}

export const presentRule = (row: RuleRow): RuleOut => ({
  statuses: row.statuses,
  anchor: row.anchor as DueAnchor,
  days: row.days,
  active: row.active,
  version: row.version,
  updatedAt: row.updated_at.toISOString(),
});

/** The defaults and the agency's rules (optionally one key, locked for an update). */
async function rulesOf(db: Executor, agencyId: string, key?: string, forUpdate = false): Promise<RuleRow[]> {
  return db
    .selectFrom('case_due_rule')
    .select(columns)
    .where((eb) => eb.or([eb('agency_id', 'is', null), eb('agency_id', '=', agencyId)]))
    .$if(key !== undefined, (q) => q.where('key', '=', key!))
    .$if(forUpdate, (q) => q.forUpdate())
    .orderBy('key')
    .execute();
}

function itemsOf(rows: RuleRow[]): RuleItem[] {
  const overrides = new Map(rows.filter((r) => r.agency_id !== null).map((r) => [r.key, r]));
  return rows
    .filter((r) => r.agency_id === null)
    .map((fallback) => {
      const own = overrides.get(fallback.key);
      return {
        key: fallback.key,
        default: presentRule(fallback),
        override: own ? presentRule(own) : null,
        effective: presentRule(own ?? fallback),
      };
    });
}

export const listRules = async (db: Executor, agencyId: string) => itemsOf(await rulesOf(db, agencyId));

/** One key for an agency, its rows locked; undefined when no default has that key. */
export async function ruleForUpdate(db: Executor, agencyId: string, key: string) {
  const rows = await rulesOf(db, agencyId, key, true);
  const fallback = rows.find((r) => r.agency_id === null);
  if (!fallback) return undefined;
  return { fallback, own: rows.find((r) => r.agency_id !== null), item: itemsOf(rows)[0]! };
}

export async function readItem(db: Executor, agencyId: string, key: string): Promise<RuleItem> {
  return itemsOf(await rulesOf(db, agencyId, key))[0]!;
}

const ruleColumns = (body: RuleBody) => ({
  statuses: body.statuses,
  anchor: body.anchor,
  days: body.days,
  active: body.active,
});

export async function writeOverride(
  db: Executor,
  agencyId: string,
  key: string,
  body: RuleBody,
  existing: RuleRow | undefined,
) {
  if (existing)
    await db
      .updateTable('case_due_rule')
      .set({ ...ruleColumns(body), version: sql<number>`version + 1`, updated_at: sql<Date>`now()` })
      .where('id', '=', existing.id)
      .execute();
  else
    await db
      .insertInto('case_due_rule')
      .values({ agency_id: agencyId, key, ...ruleColumns(body), version: 1 })
      .execute();
}

export async function updateDefault(db: Executor, id: string, body: RuleBody) {
  await db
    .updateTable('case_due_rule')
    .set({ ...ruleColumns(body), version: sql<number>`version + 1`, updated_at: sql<Date>`now()` })
    .where('id', '=', id)
    .where('agency_id', 'is', null)
    .execute();
}

export async function deleteOverride(db: Executor, id: string) {
  await db.deleteFrom('case_due_rule').where('id', '=', id).where('agency_id', 'is not', null).execute();
}

/** The rule's content as compared and audited (no version or time). */
export const contentOf = (rule: RuleOut | RuleBody | null) =>
  rule && { statuses: rule.statuses, anchor: rule.anchor, days: rule.days, active: rule.active };
