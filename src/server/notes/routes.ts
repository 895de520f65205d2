import { randomUUID } from 'node:crypto';
import { auditRecordList } from '../cases/audit.ts';
import { requireWriteClearance } from '../cases/clearance.ts';
import { childParams, dayString, idParams, nextVersion, sealContext, throwIfAny } from '../cases/shared.ts';
import { caseOrNotFound, type CaseRow } from '../cases/store.ts';
import { isUniqueViolation } from '../admin/shared.ts';
import { offsetOf } from '../platform/http/pagination.ts';
import { pageWithCount, together } from '../platform/db/together.ts';
import { notFound, ProblemError } from '../platform/http/problem.ts';
import { defineRoute, type Context } from '../platform/http/route.ts';
import { requireVersion, setEtag } from '../platform/http/versioning.ts';
import { refOf, userRefs } from '../services/shared.ts';
import {
  createNoteInput,
  noteDetailSchema,
  noteListQuery,
  notePage,
  updateNoteInput,
  type NoteOut,
} from './schemas.ts';
import { chainFrom, chainLinksQuery, findNote, readableClasses, selectNotes, type NoteRow } from './store.ts';
import { NOTE_EDIT_WINDOW_HOURS, noteClassOf, type NoteType } from './vocabulary.ts';

/**
 * Case notes: typed, each type carrying a sensitivity class. A note the reader is not cleared for does not
 * exist for them (absent from the list, only counted in `redactedCount`; 404 when asked for by id). The
 * body is encrypted at rest, bound to its row. Its author may edit it for 24 hours (If-Match; the earlier
 * wording is kept); after that it never changes, and a correction is a new note referencing it. Notes are
 * not full-text searched.
 */

const tags = ['case work'];

export const noteBodyContext = (id: string) => sealContext('case_note', 'body', id);
export const noteRevisionContext = (id: string) => sealContext('case_note_revision', 'body', id);

const WINDOW_MS = NOTE_EDIT_WINDOW_HOURS * 3_600_000;

async function presentNotes(ctx: Context, rows: NoteRow[]): Promise<NoteOut[]> {
  const users = await userRefs(
    ctx.db,
    rows.map((r) => r.author_user_id),
  );
  return rows.map((row) => ({
    id: row.id,
    caseId: row.case_id,
    type: row.note_type as NoteType,
    noteClass: row.note_class,
    occurredOn: dayString(row.occurred_on),
    body: ctx.services.envelope.decryptText(row.body_sealed, noteBodyContext(row.id)),
    correctsNoteId: row.corrects_note_id,
    correctedByNoteId: row.corrected_by,
    author: refOf(users, row.author_user_id),
    editableUntil: new Date(row.created_at.getTime() + WINDOW_MS).toISOString(),
    editable: row.within_edit_window && row.author_user_id === ctx.actor.userId,
    revisionCount: row.revision_count,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  }));
}

async function noteOrNotFound(ctx: Context, kase: CaseRow, id: string, forUpdate = false) {
  const row = await findNote(ctx.db, ctx.actor, kase.id, id, forUpdate);
  if (!row) throw notFound('La nota');
  return row;
}

/** A note with its correction chain and its earlier wordings. */
async function noteDetail(ctx: Context, row: NoteRow) {
  const [links, revisions] = await together(ctx.db, [
    chainLinksQuery(ctx.db, row),
    ctx.db
      .selectFrom('case_note_revision')
      .select(['id', 'version', 'occurred_on', 'body_sealed', 'replaced_at', 'replaced_by'])
      .where('note_id', '=', row.id)
      .orderBy('version'),
  ]);
  const chain = await chainFrom(ctx.db, row, links);
  const [[note], presentedChain, replacers] = await Promise.all([
    presentNotes(ctx, [row]),
    presentNotes(ctx, chain),
    userRefs(
      ctx.db,
      revisions.map((r) => r.replaced_by),
    ),
  ]);
  return {
    ...note!,
    chain: presentedChain,
    revisions: revisions.map((r) => ({
      version: r.version,
      occurredOn: dayString(r.occurred_on),
      body: ctx.services.envelope.decryptText(r.body_sealed, noteRevisionContext(r.id)),
      replacedAt: r.replaced_at.toISOString(),
      replacedBy: refOf(replacers, r.replaced_by),
    })),
  };
}

const emergencyFlag = (kase: CaseRow) => (kase.in_scope ? {} : { emergency: true });

const list = defineRoute({
  method: 'GET',
  url: '/api/cases/:id/notes',
  summary: 'Notas del caso que su autorización permite leer (con las cadenas de correcciones)',
  tags,
  policy: { permission: 'case_note:read' },
  schema: { params: idParams, querystring: noteListQuery, response: notePage },
  handler: async (ctx, { params, query }) => {
    const kase = await caseOrNotFound(ctx, params.id);
    const classes = readableClasses(ctx.actor);
    let base = ctx.db.selectFrom('case_note').where('case_note.case_id', '=', kase.id);
    if (query.type) base = base.where('case_note.note_type', '=', query.type);
    if (query.current)
      base = base.where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('case_note as next')
              .select('next.id')
              .whereRef('next.corrects_note_id', '=', 'case_note.id'),
          ),
        ),
      );
    const [pageRows, counts] = await pageWithCount(
      ctx.db,
      selectNotes(ctx.db)
        .where('case_note.case_id', '=', kase.id)
        .where('case_note.id', 'in', base.select('case_note.id').where('case_note.note_class', 'in', classes))
        .orderBy('case_note.created_at', 'desc')
        .orderBy('case_note.id')
        .limit(query.pageSize)
        .offset(offsetOf(query)),
      base.select((eb) => [
        eb.fn.countAll<number>().filterWhere('case_note.note_class', 'in', classes).as('shown'),
        eb.fn.countAll<number>().filterWhere('case_note.note_class', 'not in', classes).as('hidden'),
      ]),
    );
    const rows = pageRows as NoteRow[];
    const items = await presentNotes(ctx, rows);
    const redactedCount = Number(counts.hidden);
    await auditRecordList(ctx, 'case_note.list', 'case_note', [kase.id, ...items.map((n) => n.id)], {
      type: query.type,
      current: query.current,
      page: query.page,
      pageSize: query.pageSize,
      redactedCount,
      ...emergencyFlag(kase),
    });
    return { items, total: Number(counts.shown), page: query.page, pageSize: query.pageSize, redactedCount };
  },
});

const get = defineRoute({
  method: 'GET',
  url: '/api/cases/:id/notes/:childId',
  summary: 'Una nota, con su cadena de correcciones y sus versiones anteriores',
  tags,
  policy: { permission: 'case_note:read' },
  schema: { params: childParams, response: noteDetailSchema },
  handler: async (ctx, { params }) => {
    const kase = await caseOrNotFound(ctx, params.id);
    const row = await noteOrNotFound(ctx, kase, params.childId);
    const detail = await noteDetail(ctx, row);
    setEtag(ctx.reply, row.version);
    await ctx.audit({
      action: 'case_note.read',
      resourceType: 'case_note',
      resourceIds: [row.id, kase.id, ...detail.chain.filter((c) => c.id !== row.id).map((c) => c.id)],
      details: emergencyFlag(kase),
    });
    return detail;
  },
});

const create = defineRoute({
  method: 'POST',
  url: '/api/cases/:id/notes',
  summary: 'Escribir una nota (o la corrección de una nota anterior)',
  tags,
  status: 201,
  policy: { permission: 'case_note:write' },
  schema: { params: idParams, body: createNoteInput, response: noteDetailSchema },
  handler: async (ctx, { params, body }) => {
    const kase = await caseOrNotFound(ctx, params.id);
    const noteClass = noteClassOf(body.type);
    requireWriteClearance(ctx.actor, { body: body.body }, { body: noteClass });
    if (body.correctsNoteId) {
      const corrected = await findNote(ctx.db, ctx.actor, kase.id, body.correctsNoteId, true);
      if (!corrected)
        throwIfAny([
          {
            field: 'body.correctsNoteId',
            code: 'unknown_note',
            message: 'La nota que se corrige no existe en este caso o no tiene acceso a ella.',
          },
        ]);
      if (corrected!.note_class !== noteClass)
        throwIfAny([
          {
            field: 'body.type',
            code: 'class_mismatch',
            message:
              'Una corrección debe ser de un tipo con la misma confidencialidad que la nota corregida.',
          },
        ]);
      if (corrected!.corrected_by) throw alreadyCorrected(corrected!.corrected_by);
    }
    const id = randomUUID();
    try {
      await ctx.db
        .insertInto('case_note')
        .values({
          id,
          agency_id: kase.agency_id,
          case_id: kase.id,
          note_type: body.type,
          note_class: noteClass,
          occurred_on: body.occurredOn ?? null,
          body_sealed: ctx.services.envelope.encrypt(body.body, noteBodyContext(id)),
          corrects_note_id: body.correctsNoteId ?? null,
          author_user_id: ctx.actor.userId,
        })
        .execute();
    } catch (error) {
      if (isUniqueViolation(error)) throw alreadyCorrected();
      throw error;
    }
    const row = (await findNote(ctx.db, ctx.actor, kase.id, id))!;
    await ctx.audit({
      action: body.correctsNoteId ? 'case_note.corrected' : 'case_note.created',
      resourceType: 'case_note',
      resourceIds: [id, kase.id, ...(body.correctsNoteId ? [body.correctsNoteId] : [])],
      details: { type: body.type, noteClass, ...emergencyFlag(kase) },
    });
    setEtag(ctx.reply, row.version);
    return noteDetail(ctx, row);
  },
});

function alreadyCorrected(correctedBy?: string) {
  return new ProblemError(
    'conflict',
    'Esa nota ya tiene una corrección; corrija la nota más reciente de la cadena.',
    correctedBy ? { extra: { correctedByNoteId: correctedBy } } : {},
  );
}

const update = defineRoute({
  method: 'PATCH',
  url: '/api/cases/:id/notes/:childId',
  summary: 'Modificar una nota propia durante las primeras 24 horas (If-Match); después, solo corregirla',
  tags,
  policy: { permission: 'case_note:write' },
  schema: { params: childParams, body: updateNoteInput, response: noteDetailSchema },
  handler: async (ctx, { params, body }) => {
    const kase = await caseOrNotFound(ctx, params.id);
    const row = await noteOrNotFound(ctx, kase, params.childId, true);
    if (!row.within_edit_window)
      throw new ProblemError(
        'conflict',
        'Una nota no se puede modificar después de 24 horas; registre una nota de corrección que la referencie.',
        { extra: { editableUntil: new Date(row.created_at.getTime() + WINDOW_MS).toISOString() } },
      );
    if (row.author_user_id !== ctx.actor.userId)
      throw new ProblemError(
        'forbidden',
        'Solo quien escribió la nota puede modificarla; registre una nota de corrección.',
      );
    requireVersion(ctx.request, row.version);
    const oldBody = ctx.services.envelope.decryptText(row.body_sealed, noteBodyContext(row.id));
    const changed = [
      ...(body.body !== undefined && body.body !== oldBody ? ['body'] : []),
      ...(body.occurredOn !== undefined && body.occurredOn !== dayString(row.occurred_on)
        ? ['occurredOn']
        : []),
    ];
    if (changed.length > 0) {
      const revisionId = randomUUID();
      await ctx.db
        .insertInto('case_note_revision')
        .values({
          id: revisionId,
          agency_id: row.agency_id,
          note_id: row.id,
          version: row.version,
          occurred_on: dayString(row.occurred_on),
          body_sealed: ctx.services.envelope.encrypt(oldBody, noteRevisionContext(revisionId)),
          replaced_by: ctx.actor.userId,
        })
        .execute();
      await ctx.db
        .updateTable('case_note')
        .set({
          ...(body.body !== undefined && {
            body_sealed: ctx.services.envelope.encrypt(body.body, noteBodyContext(row.id)),
          }),
          ...(body.occurredOn !== undefined && { occurred_on: body.occurredOn }),
          ...nextVersion(),
        })
        .where('id', '=', row.id)
        .execute();
      await ctx.audit({
        action: 'case_note.updated',
        resourceType: 'case_note',
        resourceIds: [row.id, kase.id],
        details: { changedFields: changed, ...emergencyFlag(kase) },
      });
    }
    const updated = (await findNote(ctx.db, ctx.actor, kase.id, row.id))!;
    setEtag(ctx.reply, updated.version);
    return noteDetail(ctx, updated);
  },
});

export const caseNoteRoutes = [list, get, create, update];
