import { findCase } from '../cases/store.ts';
import { viewerOf } from '../cases/visibility.ts';
import { readableClasses } from '../notes/store.ts';
import type { FieldError } from '../platform/http/problem.ts';
import type { Context } from '../platform/http/route.ts';

/**
 * The signed form of a consent, when it is an attachment: one of the same person's, their own or of one of
 * their cases, that the user recording the consent may see (of a class they are cleared for, and of a case
 * they reach). Anything else — another person's file, an unknown id, one they may not see — is the same
 * field error, so the answer reveals nothing about attachments out of reach.
 */
export async function consentDocumentProblems(
  ctx: Context,
  personId: string,
  attachmentId: string,
): Promise<FieldError[]> {
  const attachment = await ctx.db
    .selectFrom('attachment')
    .select(['id', 'case_id'])
    .where('id', '=', attachmentId)
    .where('person_id', '=', personId)
    .where('sensitivity_class', 'in', readableClasses(ctx.actor))
    .executeTakeFirst();
  const reachable =
    attachment !== undefined &&
    (attachment.case_id === null ||
      (await findCase(ctx.db, await viewerOf(ctx), attachment.case_id)) !== undefined);
  if (reachable) return [];
  return [
    {
      field: 'body.document.attachmentId',
      code: 'unknown_attachment',
      message: 'El documento debe ser un adjunto de esta persona o de uno de sus casos, que usted pueda ver.',
    },
  ];
}
