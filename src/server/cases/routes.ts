import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { hasPermission } from '../platform/auth/actor.ts';
import {
  createCaseInput,
  formatCaseNumber,
  updateCaseInput,
  type UpdateCaseInput,
} from '../../core/cases/case-input.ts';
import { CASE_FIELD_CLASSES } from '../../core/cases/field-classes.ts';
import { findPerson } from '../persons/store.ts';
import { offsetOf, paginationQuery } from '../platform/http/pagination.ts';
import { ProblemError, type FieldError } from '../platform/http/problem.ts';
import { defineRoute, type Context } from '../platform/http/route.ts';
import { requireVersion, setEtag } from '../platform/http/versioning.ts';
import { accessLogOf, accessLogPage, auditRecordList, auditRecordRead } from './audit.ts';
import { requireWriteClearance } from './clearance.ts';
import { changesBetween, creationChanges, historyOf, historyPage, recordChanges } from './history.ts';
import { CASE_HISTORY_FIELDS, caseFieldsOf, presentCases, riskNotesContext } from './present.ts';
import { caseListQuery, casePage, caseSchema } from './schemas.ts';
import { idParams, nextVersion, sealText, throwIfAny } from './shared.ts';
import { caseOrNotFound, findCase, listCases, nextCaseNumber, type CaseRow } from './store.ts';
import { viewerOf } from './visibility.ts';

const tags = ['cases'];

export async function presentOne(ctx: Context, row: CaseRow) {
  const [out] = await presentCases(ctx, [row]);
  return out!;
}

/** Columns of the editable fields present in the input. */
function editableColumns(ctx: Context, id: string, input: UpdateCaseInput) {
  return {
    ...(input.caseType !== undefined && { case_type: input.caseType }),
    ...(input.referralSource !== undefined && {
      referral_org_type: input.referralSource?.orgType ?? null,
      referral_org_name: input.referralSource?.organisationName ?? null,
      referral_date: input.referralSource?.referredOn ?? null,
    }),
    ...(input.riskLevel !== undefined && { risk_level: input.riskLevel }),
    ...(input.riskReasons !== undefined && { risk_reasons: input.riskReasons }),
    ...(input.riskNotes !== undefined && {
      risk_notes_sealed: sealText(ctx, riskNotesContext(id), input.riskNotes),
    }),
    ...(input.protectionMeasure !== undefined && {
      protection_measure: input.protectionMeasure === null ? null : JSON.stringify(input.protectionMeasure),
    }),
  };
}

/** Guatemala's calendar year (UTC−6, no daylight saving) numbers the cases. */
const caseYear = (now = new Date()) => new Date(now.getTime() - 6 * 3_600_000).getUTCFullYear();

const list = defineRoute({
  method: 'GET',
  url: '/api/cases',
  summary: 'Casos que puede ver (filtros por estado, programa, equipo, responsable, persona)',
  tags,
  policy: { permission: 'case:read' },
  schema: { querystring: caseListQuery, response: casePage },
  handler: async (ctx, { query }) => {
    const { page, pageSize, ...filter } = query;
    const { rows, total, totalCapped } = await listCases(
      ctx.db,
      await viewerOf(ctx),
      filter,
      { limit: pageSize, offset: offsetOf(query) },
      ctx.services.config.listTotalCap,
    );
    const items = await presentCases(ctx, rows);
    await auditRecordList(
      ctx,
      'case.list',
      'case',
      items.map((c) => c.id),
      { filter, page, pageSize, total, totalCapped },
    );
    return { items, total, totalCapped, page, pageSize };
  },
});

const get = defineRoute({
  method: 'GET',
  url: '/api/cases/:id',
  summary: 'Un caso',
  tags,
  policy: { permission: 'case:read' },
  schema: { params: idParams, response: caseSchema },
  handler: async (ctx, { params }) => {
    const row = await caseOrNotFound(ctx, params.id);
    await auditRecordRead(ctx, 'case', row.id, row.version, !row.in_scope);
    return presentOne(ctx, row);
  },
});

/** Checks the programme, team and owner of a new case; returns the team to use. */
async function checkPlacement(
  ctx: Context,
  input: { programmeId: string; teamId?: string | null; ownerUserId: string },
): Promise<string | null> {
  const errors: FieldError[] = [];
  const { scope } = ctx;
  const programme = await ctx.db
    .selectFrom('programme')
    .select(['id'])
    .where('id', '=', input.programmeId)
    .where('agency_id', '=', ctx.actor.agencyId)
    .where('active', '=', true)
    .executeTakeFirst();
  if (!programme || (scope.kind === 'programme' && !scope.programmeIds.includes(input.programmeId)))
    errors.push({
      field: 'body.programmeId',
      code: 'unknown_programme',
      message: 'El programa no existe o está fuera de su alcance.',
    });
  let teamId = input.teamId ?? null;
  if (input.teamId) {
    const team = await ctx.db
      .selectFrom('team')
      .select(['id', 'programme_id'])
      .where('id', '=', input.teamId)
      .where('agency_id', '=', ctx.actor.agencyId)
      .where('active', '=', true)
      .executeTakeFirst();
    if (!team || (team.programme_id !== null && team.programme_id !== input.programmeId))
      errors.push({
        field: 'body.teamId',
        code: 'unknown_team',
        message: 'El equipo no existe en la agencia o pertenece a otro programa.',
      });
  } else if (input.teamId === undefined && ctx.actor.teamIds.length > 0) {
    const mine = await ctx.db
      .selectFrom('team')
      .select('id')
      .where('id', 'in', ctx.actor.teamIds)
      .where('active', '=', true)
      .where((eb) => eb.or([eb('programme_id', '=', input.programmeId), eb('programme_id', 'is', null)]))
      .execute();
    if (mine.length === 1) teamId = mine[0]!.id;
  }
  if (input.ownerUserId !== ctx.actor.userId) {
    const owner = await ctx.db
      .selectFrom('app_user')
      .select('id')
      .where('id', '=', input.ownerUserId)
      .where('agency_id', '=', ctx.actor.agencyId)
      .where('active', '=', true)
      .executeTakeFirst();
    if (!owner)
      errors.push({
        field: 'body.ownerUserId',
        code: 'unknown_user',
        message: 'La persona responsable no existe o no está activa en su agencia.',
      });
  }
  throwIfAny(errors);
  return teamId;
}

const create = defineRoute({
  method: 'POST',
  url: '/api/cases',
  summary: 'Abrir un caso para una persona registrada',
  tags,
  status: 201,
  policy: { permission: 'case:create' },
  schema: { body: createCaseInput, response: caseSchema },
  handler: async (ctx, { body }) => {
    const ownerUserId = body.ownerUserId ?? ctx.actor.userId;
    if (ownerUserId !== ctx.actor.userId && !hasPermission(ctx.actor, 'case:assign'))
      throw new ProblemError(
        'forbidden',
        'Solo quien puede asignar casos puede abrirlos a nombre de otra persona.',
        {
          errors: [
            { field: 'body.ownerUserId', code: 'not_allowed', message: 'Requiere el permiso case:assign.' },
          ],
        },
      );
    const { personId, programmeId, teamId: _t, ownerUserId: _o, ...editable } = body;
    requireWriteClearance(ctx.actor, editable, CASE_FIELD_CLASSES);
    const person = await findPerson(ctx.db, await viewerOf(ctx), personId);
    if (!person)
      throwIfAny([
        {
          field: 'body.personId',
          code: 'unknown_person',
          message: 'La persona no existe o está fuera de su alcance.',
        },
      ]);
    const teamId = await checkPlacement(ctx, { programmeId, teamId: body.teamId, ownerUserId });
    const { prefix, sequence } = await nextCaseNumber(ctx.db, ctx.actor.agencyId, caseYear());
    const id = randomUUID();
    await ctx.db
      .insertInto('case_file')
      .values({
        id,
        agency_id: ctx.actor.agencyId,
        number: formatCaseNumber(prefix, caseYear(), sequence),
        person_id: person!.id,
        programme_id: programmeId,
        team_id: teamId,
        owner_user_id: ownerUserId,
        case_type: body.caseType,
        created_by: ctx.actor.userId,
        ...editableColumns(ctx, id, editable),
      })
      .execute();
    const row = await findCase(ctx.db, await viewerOf(ctx), id);
    if (!row)
      throwIfAny([
        {
          field: 'body.teamId',
          code: 'out_of_scope',
          message: 'El caso quedaría fuera de su alcance; elija su equipo o asígneselo.',
        },
      ]);
    await recordChanges(ctx, {
      agencyId: row!.agency_id,
      rootType: 'case',
      rootId: id,
      recordType: 'case',
      recordId: id,
      version: row!.version,
      changes: creationChanges(caseFieldsOf(ctx, row!), CASE_HISTORY_FIELDS),
    });
    await ctx.audit({
      action: 'case.created',
      resourceType: 'case',
      resourceIds: [id, person!.id],
      details: { number: row!.number, fields: Object.keys(body) },
    });
    setEtag(ctx.reply, row!.version);
    return presentOne(ctx, row!);
  },
});

const update = defineRoute({
  method: 'PATCH',
  url: '/api/cases/:id',
  summary: 'Modificar un caso: tipo, referencia, riesgo, medida de protección (If-Match)',
  tags,
  policy: { permission: 'case:update' },
  schema: { params: idParams, body: updateCaseInput, response: caseSchema },
  handler: async (ctx, { params, body }) => {
    const row = await caseOrNotFound(ctx, params.id, true);
    requireVersion(ctx.request, row.version);
    requireWriteClearance(ctx.actor, body, CASE_FIELD_CLASSES);
    const before = caseFieldsOf(ctx, row);
    const after = {
      ...before,
      ...Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined)),
    };
    const changes = changesBetween(before, after, CASE_HISTORY_FIELDS);
    if (changes.length === 0) {
      setEtag(ctx.reply, row.version);
      return presentOne(ctx, row);
    }
    await ctx.db
      .updateTable('case_file')
      .set({ ...editableColumns(ctx, row.id, body), ...nextVersion() })
      .where('id', '=', row.id)
      .execute();
    const updated = await reloadWithHistory(ctx, row, () => changes);
    await ctx.audit({
      action: 'case.updated',
      resourceType: 'case',
      resourceIds: [row.id],
      details: { changedFields: changes.map((c) => c.field), ...(!row.in_scope && { emergency: true }) },
    });
    setEtag(ctx.reply, updated.version);
    return presentOne(ctx, updated);
  },
});

const pageQuery = z.object({ ...paginationQuery });

const history = defineRoute({
  method: 'GET',
  url: '/api/cases/:id/history',
  summary: 'Historial de cambios por campo de un caso',
  tags,
  policy: { permission: 'case:read' },
  schema: { params: idParams, querystring: pageQuery, response: historyPage },
  handler: async (ctx, { params, query }) => {
    const row = await caseOrNotFound(ctx, params.id);
    const page = await historyOf(ctx, row.id, query);
    await ctx.audit({
      action: 'case.history_read',
      resourceType: 'case',
      resourceIds: [row.id],
      details: { page: query.page, entries: page.items.length, ...(!row.in_scope && { emergency: true }) },
    });
    return page;
  },
});

const accessLog = defineRoute({
  method: 'GET',
  url: '/api/cases/:id/access-log',
  summary: 'Quién consultó o modificó este caso, y cuándo',
  tags,
  policy: { permission: 'case:read' },
  schema: { params: idParams, querystring: pageQuery, response: accessLogPage },
  handler: async (ctx, { params, query }) => {
    const row = await caseOrNotFound(ctx, params.id);
    const page = await accessLogOf(ctx, row.id, query);
    await ctx.audit({ action: 'case.access_log_read', resourceType: 'case', resourceIds: [row.id] });
    return page;
  },
});

export const caseCoreRoutes = [list, get, create, update, history, accessLog];

/** After an update of a case: reads it back as the actor sees it and records the field changes in its history. */
export async function reloadWithHistory(
  ctx: Context,
  row: CaseRow,
  changesOf: (updated: CaseRow) => Parameters<typeof recordChanges>[1]['changes'],
): Promise<CaseRow> {
  const updated = (await findCase(ctx.db, await viewerOf(ctx), row.id))!;
  await recordChanges(ctx, {
    agencyId: row.agency_id,
    rootType: 'case',
    rootId: row.id,
    recordType: 'case',
    recordId: row.id,
    version: updated.version,
    changes: changesOf(updated),
  });
  return updated;
}
