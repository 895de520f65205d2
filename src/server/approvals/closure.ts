import { sql } from 'kysely';
import { ProblemError } from '../platform/http/problem.ts';
import type { Context } from '../platform/http/route.ts';
import './tables.ts';

/**
 * Called by the case workflow when a case moves to closure: the closure must have been approved by a
 * supervisor, and each approval closes the case once (a reopened case needs a new one). Marks the approval
 * used, in the same transaction as the status change; refuses with 409 when there is none.
 */
export async function consumeClosureApproval(ctx: Context, caseId: string): Promise<void> {
  const approval = await ctx.db
    .selectFrom('approval')
    .select('id')
    .where('subject_type', '=', 'closure')
    .where('subject_id', '=', caseId)
    .where('decision', '=', 'approved')
    .where('used_at', 'is', null)
    .orderBy('decided_at', 'desc')
    .limit(1)
    .forUpdate()
    .executeTakeFirst();
  if (!approval)
    throw new ProblemError(
      'conflict',
      'Para cerrar el caso hace falta una solicitud de cierre aprobada por la supervisión.',
      { extra: { required: 'closure_approval' } },
    );
  await ctx.db
    .updateTable('approval')
    .set({ used_at: sql<Date>`now()` })
    .where('id', '=', approval.id)
    .execute();
}
