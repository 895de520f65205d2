import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { z } from 'zod';
import { fieldClassOf } from '../../core/cases/field-classes.ts';
import { offsetOf, paginated } from '../platform/http/pagination.ts';
import { pageWithCount } from '../platform/db/together.ts';
import type { Context } from '../platform/http/route.ts';
import { canSee, present } from '../platform/policy/present.ts';
import { historyValueContext } from './shared.ts';
import './tables.ts';

/**
 * Field-level change history of persons (with their relations and identity documents) and cases. Each
 * change stores the old and new value encrypted (context bound to the history row), whatever the field's
 * class; reading goes through the presenter, which leaves out the values of fields the reader is not
 * cleared for and lists them in `redacted`.
 */

export type RootType = 'person' | 'case';

export interface Change {
  field: string;
  from: unknown;
  to: unknown;
}

export interface ChangeSet {
  agencyId: string;
  rootType: RootType;
  rootId: string;
  recordType: string;
  recordId: string;
  /** The record's version after the change. */
  version: number;
  changes: Change[];
}

/** Changes to the own fields of a person or a case (the root record itself, not one of its children). */
export function recordRootChanges(
  ctx: Context,
  rootType: RootType,
  root: { id: string; agency_id: string },
  version: number,
  changes: Change[],
): Promise<void> {
  return recordChanges(ctx, {
    agencyId: root.agency_id,
    rootType,
    rootId: root.id,
    recordType: rootType,
    recordId: root.id,
    version,
    changes,
  });
}

export async function recordChanges(ctx: Context, set: ChangeSet): Promise<void> {
  if (set.changes.length === 0) return;
  const seal = (id: string, side: 'old' | 'new', value: unknown) =>
    value === undefined || value === null
      ? null
      : ctx.services.envelope.encrypt(JSON.stringify(value), historyValueContext(id, side));
  await ctx.db
    .insertInto('change_history')
    .values(
      set.changes.map((change) => {
        const id = randomUUID();
        return {
          id,
          agency_id: set.agencyId,
          root_type: set.rootType,
          root_id: set.rootId,
          record_type: set.recordType,
          record_id: set.recordId,
          field: change.field,
          version: set.version,
          actor_user_id: ctx.actor.userId,
          request_id: ctx.requestId,
          old_value: seal(id, 'old', change.from),
          new_value: seal(id, 'new', change.to),
        };
      }),
    )
    .execute();
}

/** The changes between two versions of a record (as the API names its fields), for the given fields. */
export function changesBetween<T extends object>(
  before: Partial<T>,
  after: Partial<T>,
  fields: readonly (keyof T & string)[],
): Change[] {
  const a = before as Record<string, unknown>;
  const b = after as Record<string, unknown>;
  return fields
    .filter((field) => JSON.stringify(a[field] ?? null) !== JSON.stringify(b[field] ?? null))
    .map((field) => ({ field, from: a[field] ?? null, to: b[field] ?? null }));
}

/** The changes that create a record: every field with a value. */
export function creationChanges<T extends object>(
  record: Partial<T>,
  fields: readonly (keyof T & string)[],
): Change[] {
  return changesBetween<T>({}, record, fields).filter((c) => {
    const v = c.to;
    return !(Array.isArray(v) && v.length === 0) && v !== false;
  });
}

export const historyEntrySchema = z.object({
  id: z.uuid(),
  recordType: z.string(),
  recordId: z.uuid(),
  field: z.string(),
  version: z.number().int(),
  changedAt: z.string(),
  actor: z.object({ id: z.uuid(), displayName: z.string() }).nullable(),
  from: z.unknown().optional(),
  to: z.unknown().optional(),
  /** "from" and "to" when the reader is not cleared for the field's class. */
  redacted: z.array(z.string()),
});
export const historyPage = paginated(historyEntrySchema);
export type HistoryEntry = z.infer<typeof historyEntrySchema>;

/** A page of a record's history, newest first, presented for the actor. */
export async function historyOf(
  ctx: Context,
  rootId: string,
  page: { page: number; pageSize: number },
): Promise<z.infer<typeof historyPage>> {
  const base = ctx.db.selectFrom('change_history').where('change_history.root_id', '=', rootId);
  const [rows, count] = await pageWithCount(
    ctx.db,
    base
      .leftJoin('app_user', 'app_user.id', 'change_history.actor_user_id')
      .select([
        'change_history.id',
        'change_history.record_type',
        'change_history.record_id',
        'change_history.field',
        'change_history.version',
        'change_history.changed_at',
        'change_history.old_value',
        'change_history.new_value',
        'app_user.id as actor_id',
        'app_user.display_name as actor_name',
      ])
      .orderBy('change_history.changed_at', 'desc')
      .orderBy('change_history.id')
      .limit(page.pageSize)
      .offset(offsetOf(page)),
    base.select(sql<number>`count(*)::int`.as('n')),
  );
  const open = (id: string, side: 'old' | 'new', sealed: Buffer | null) =>
    sealed
      ? (JSON.parse(ctx.services.envelope.decryptText(sealed, historyValueContext(id, side))) as unknown)
      : null;
  const items = rows.map((row): HistoryEntry => {
    const entry = {
      id: row.id,
      recordType: row.record_type,
      recordId: row.record_id,
      field: row.field,
      version: row.version,
      changedAt: row.changed_at.toISOString(),
      actor: row.actor_id ? { id: row.actor_id, displayName: row.actor_name ?? '' } : null,
    };
    const fieldClass = fieldClassOf(row.record_type, row.field);
    // Values the reader may not see are not even decrypted; the presenter removes and lists them.
    const cleared = canSee(ctx.actor, fieldClass);
    const values = {
      from: cleared ? open(row.id, 'old', row.old_value) : null,
      to: cleared ? open(row.id, 'new', row.new_value) : null,
    };
    return { ...entry, ...present(ctx.actor, values, { from: fieldClass, to: fieldClass }) };
  });
  return { items, total: count.n, page: page.page, pageSize: page.pageSize };
}
