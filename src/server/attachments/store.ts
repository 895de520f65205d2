import type { Actor } from '../platform/auth/actor.ts';
import type { Executor } from '../platform/db/database.ts';
import { pageWithCount } from '../platform/db/together.ts';
import { readableClasses } from '../notes/store.ts';
import './tables.ts';

/** Queries of attachments. One whose class the reader is not cleared for is never selected. */

/** Whose attachments: those of a case, or those of a person outside any case. */
export type AttachmentOwner = { kind: 'case'; caseId: string } | { kind: 'person'; personId: string };

const metadataColumns = [
  'attachment.id',
  'attachment.agency_id',
  'attachment.person_id',
  'attachment.case_id',
  'attachment.sensitivity_class',
  'attachment.media_type',
  'attachment.byte_size',
  'attachment.metadata_removed',
  'attachment.file_name_sealed',
  'attachment.description_sealed',
  'attachment.uploaded_by',
  'attachment.created_at',
] as const;

function ofOwner(db: Executor, owner: AttachmentOwner) {
  const base = db.selectFrom('attachment');
  return owner.kind === 'case'
    ? base.where('attachment.case_id', '=', owner.caseId)
    : base.where('attachment.person_id', '=', owner.personId).where('attachment.case_id', 'is', null);
}

/** A page of the owner's readable attachments (without their content), and how many others are hidden. */
export async function listAttachments(
  db: Executor,
  actor: Actor,
  owner: AttachmentOwner,
  page: { limit: number; offset: number },
) {
  const classes = readableClasses(actor);
  const [rows, counts] = await pageWithCount(
    db,
    ofOwner(db, owner)
      .select(metadataColumns)
      .where('attachment.sensitivity_class', 'in', classes)
      .orderBy('attachment.created_at', 'desc')
      .orderBy('attachment.id')
      .limit(page.limit)
      .offset(page.offset),
    ofOwner(db, owner).select((eb) => [
      eb.fn.countAll<number>().filterWhere('attachment.sensitivity_class', 'in', classes).as('shown'),
      eb.fn.countAll<number>().filterWhere('attachment.sensitivity_class', 'not in', classes).as('hidden'),
    ]),
  );
  return { rows, total: Number(counts.shown), hidden: Number(counts.hidden) };
}

export type AttachmentRow = Awaited<ReturnType<typeof listAttachments>>['rows'][number];

/** One readable attachment of the owner, with its content when asked for. */
export function findAttachment(db: Executor, actor: Actor, owner: AttachmentOwner, id: string) {
  return ofOwner(db, owner)
    .select(metadataColumns)
    .select('attachment.content_sealed')
    .where('attachment.id', '=', id)
    .where('attachment.sensitivity_class', 'in', readableClasses(actor))
    .executeTakeFirst();
}
