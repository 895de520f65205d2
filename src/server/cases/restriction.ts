import { z } from 'zod';
import type { Context } from '../platform/http/route.ts';
import { recordChanges } from './history.ts';
import { nextVersion, throwIfAny } from './shared.ts';

/**
 * Restriction of a person or case to named users (e.g. a staff member's relative): everyone else's scope
 * stops reaching it, coordinators' and emergency access included (see visibility.ts). The user who
 * restricts is always on the list, so that someone can still lift it.
 */

export const restrictionSchema = z.object({
  restricted: z.boolean(),
  userIds: z.array(z.uuid()),
  version: z.number().int(),
});

type Target = { recordType: 'person' | 'case'; id: string; agencyId: string; restricted: boolean };

const tableOf = (type: Target['recordType']) => (type === 'person' ? 'person' : 'case_file');

export async function restrictedTo(ctx: Context, recordId: string): Promise<string[]> {
  const rows = await ctx.db
    .selectFrom('record_restriction')
    .select('user_id')
    .where('record_id', '=', recordId)
    .orderBy('user_id')
    .execute();
  return rows.map((r) => r.user_id);
}

export async function restrict(ctx: Context, target: Target, requested: string[]) {
  const userIds = [...new Set([...requested, ctx.actor.userId])].sort();
  const known = await ctx.db
    .selectFrom('app_user')
    .select('id')
    .where('id', 'in', userIds)
    .where('agency_id', '=', target.agencyId)
    .where('active', '=', true)
    .execute();
  const knownIds = new Set(known.map((u) => u.id));
  throwIfAny(
    requested.flatMap((id, index) =>
      knownIds.has(id)
        ? []
        : [
            {
              field: `body.userIds.${index}`,
              code: 'unknown_user',
              message: 'La persona usuaria no existe o no está activa en la agencia del registro.',
            },
          ],
    ),
  );
  const before = await restrictedTo(ctx, target.id);
  await ctx.db.deleteFrom('record_restriction').where('record_id', '=', target.id).execute();
  await ctx.db
    .insertInto('record_restriction')
    .values(
      userIds.map((userId) => ({
        record_type: target.recordType,
        record_id: target.id,
        user_id: userId,
        agency_id: target.agencyId,
        granted_by: ctx.actor.userId,
      })),
    )
    .execute();
  const updated = await ctx.db
    .updateTable(tableOf(target.recordType))
    .set({ restricted: true, ...nextVersion() })
    .where('id', '=', target.id)
    .returning('version')
    .executeTakeFirstOrThrow();
  await recordChanges(ctx, {
    agencyId: target.agencyId,
    rootType: target.recordType,
    rootId: target.id,
    recordType: target.recordType,
    recordId: target.id,
    version: updated.version,
    changes: [
      ...(target.restricted ? [] : [{ field: 'restricted', from: false, to: true }]),
      { field: 'restrictedTo', from: before, to: userIds },
    ],
  });
  await ctx.audit({
    action: `${target.recordType}.restricted`,
    resourceType: target.recordType,
    resourceIds: [target.id],
    details: { userIds },
  });
  return { restricted: true, userIds, version: updated.version };
}

export async function unrestrict(ctx: Context, target: Target) {
  const before = await restrictedTo(ctx, target.id);
  await ctx.db.deleteFrom('record_restriction').where('record_id', '=', target.id).execute();
  let version: number;
  if (target.restricted) {
    const updated = await ctx.db
      .updateTable(tableOf(target.recordType))
      .set({ restricted: false, ...nextVersion() })
      .where('id', '=', target.id)
      .returning('version')
      .executeTakeFirstOrThrow();
    version = updated.version;
    await recordChanges(ctx, {
      agencyId: target.agencyId,
      rootType: target.recordType,
      rootId: target.id,
      recordType: target.recordType,
      recordId: target.id,
      version,
      changes: [
        { field: 'restricted', from: true, to: false },
        { field: 'restrictedTo', from: before, to: [] },
      ],
    });
  } else {
    version = (
      await ctx.db
        .selectFrom(tableOf(target.recordType))
        .select('version')
        .where('id', '=', target.id)
        .executeTakeFirstOrThrow()
    ).version;
  }
  await ctx.audit({
    action: `${target.recordType}.unrestricted`,
    resourceType: target.recordType,
    resourceIds: [target.id],
  });
  return { restricted: false, userIds: [], version };
}
