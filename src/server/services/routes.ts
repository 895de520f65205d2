import { randomUUID } from 'node:crypto';
import type { FieldClass } from '../../core/access/catalogue.ts';
import { auditRecordList } from '../cases/audit.ts';
import { requireWriteClearance } from '../cases/clearance.ts';
import { changesBetween, creationChanges, recordChanges, type Change } from '../cases/history.ts';
import {
  childParams,
  dayString,
  idParams,
  nextVersion,
  openIfCleared,
  openText,
  sealContext,
  sealText,
  throwIfAny,
} from '../cases/shared.ts';
import { caseOrNotFound, type CaseRow } from '../cases/store.ts';
import { offsetOf } from '../platform/http/pagination.ts';
import { pageWithCount, together } from '../platform/db/together.ts';
import { notFound, type FieldError } from '../platform/http/problem.ts';
import { defineRoute, type Context } from '../platform/http/route.ts';
import { requireVersion, setEtag } from '../platform/http/versioning.ts';
import { present } from '../platform/policy/present.ts';
import { readableClasses } from '../notes/store.ts';
import {
  createServiceInput,
  serviceListQuery,
  servicePage,
  serviceSchema,
  updateServiceInput,
  type ServiceOut,
  type UpdateServiceInput,
} from './schemas.ts';
import { refOf, userRefsOf, userRefsQuery } from './shared.ts';
import { SERVICE_AREA_CLASSES, type ServiceArea } from './vocabulary.ts';
import './tables.ts';

/**
 * Services delivered on a case: area, provider (a member of staff or an organisation of the directory),
 * date, duration, outcome, the one-off flag, and notes encrypted and protected by the area's class — a
 * reader without that clearance gets the service without its notes (`redacted`), and cannot write them.
 */

const tags = ['case work'];

export const serviceColumns = [
  'id',
  'agency_id',
  'case_id',
  'area',
  'provider_user_id',
  'provider_id',
  'delivered_on',
  'duration_minutes',
  'outcome',
  'one_off',
  'notes_sealed',
  'created_by',
  'version',
  'created_at',
  'updated_at',
] as const;

interface ServiceRow {
  id: string;
  agency_id: string;
  case_id: string;
  area: string;
  provider_user_id: string | null;
  provider_id: string | null;
  delivered_on: Date | string;
  duration_minutes: number | null;
  outcome: string;
  one_off: boolean;
  notes_sealed: Buffer | null;
  created_by: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

export const serviceNotesContext = (id: string) => sealContext('case_service', 'notes', id);

const notesClassOf = (area: string): FieldClass => SERVICE_AREA_CLASSES[area as ServiceArea] ?? 'general';

/** The fields the case history follows. Notes are marked as changed there, their text is not copied. */
const HISTORY_FIELDS = ['area', 'provider', 'deliveredOn', 'durationMinutes', 'outcome', 'oneOff'] as const;

function historyFieldsOf(row: ServiceRow) {
  return {
    area: row.area,
    provider: row.provider_user_id
      ? { kind: 'staff', userId: row.provider_user_id }
      : { kind: 'organisation', providerId: row.provider_id },
    deliveredOn: dayString(row.delivered_on),
    durationMinutes: row.duration_minutes,
    outcome: row.outcome,
    oneOff: row.one_off,
  };
}

export async function presentServices(ctx: Context, rows: ServiceRow[]): Promise<ServiceOut[]> {
  if (rows.length === 0) return [];
  const providerIds = [...new Set(rows.map((r) => r.provider_id).filter((id): id is string => id !== null))];
  const [userRows, providers] = await together(ctx.db, [
    userRefsQuery(
      ctx.db,
      rows.flatMap((r) => [r.provider_user_id, r.created_by]),
    ),
    providerIds.length > 0
      ? ctx.db
          .selectFrom('service_provider')
          .select(['id', 'name', 'org_type'])
          .where('id', 'in', providerIds)
      : undefined,
  ]);
  const users = userRefsOf(userRows);
  const providerById = new Map(providers.map((p) => [p.id, p]));
  const readable = readableClasses(ctx.actor);
  return rows.map((row) => {
    const notesClass = notesClassOf(row.area);
    // Through a sharing decision notes of class general stay closed too: notes are not a general field.
    const notes = readable.includes(notesClass)
      ? openIfCleared(ctx, notesClass, serviceNotesContext(row.id), row.notes_sealed)
      : null;
    const org = row.provider_id ? providerById.get(row.provider_id) : undefined;
    return {
      id: row.id,
      caseId: row.case_id,
      area: row.area as ServiceOut['area'],
      provider: row.provider_user_id
        ? {
            kind: 'staff' as const,
            userId: row.provider_user_id,
            displayName: refOf(users, row.provider_user_id)?.displayName ?? '',
          }
        : {
            kind: 'organisation' as const,
            providerId: row.provider_id!,
            name: org?.name ?? '',
            orgType: (org?.org_type ?? 'NGO') as 'NGO',
          },
      deliveredOn: dayString(row.delivered_on)!,
      durationMinutes: row.duration_minutes,
      outcome: row.outcome as ServiceOut['outcome'],
      oneOff: row.one_off,
      ...(readable.includes(notesClass)
        ? present(ctx.actor, { notes }, { notes: notesClass })
        : { redacted: ['notes'] }),
      notesClass,
      createdBy: refOf(users, row.created_by),
      version: row.version,
      createdAt: row.created_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
    };
  });
}

const presentOne = async (ctx: Context, row: ServiceRow) => (await presentServices(ctx, [row]))[0]!;

/** The provider must be an active member of the case's agency or an active entry of its directory. */
async function checkProvider(
  ctx: Context,
  kase: CaseRow,
  provider: UpdateServiceInput['provider'],
): Promise<FieldError[]> {
  if (!provider) return [];
  const found =
    provider.kind === 'staff'
      ? await ctx.db
          .selectFrom('app_user')
          .select('id')
          .where('id', '=', provider.userId)
          .where('agency_id', '=', kase.agency_id)
          .where('active', '=', true)
          .executeTakeFirst()
      : await ctx.db
          .selectFrom('service_provider')
          .select('id')
          .where('id', '=', provider.providerId)
          .where('agency_id', '=', kase.agency_id)
          .where('active', '=', true)
          .executeTakeFirst();
  return found
    ? []
    : [
        {
          field: provider.kind === 'staff' ? 'body.provider.userId' : 'body.provider.providerId',
          code: 'unknown_provider',
          message: 'El proveedor no existe, no está activo o no pertenece a la agencia del caso.',
        },
      ];
}

const providerColumnsOf = (provider: UpdateServiceInput['provider']) =>
  provider === undefined
    ? {}
    : provider.kind === 'staff'
      ? { provider_user_id: provider.userId, provider_id: null }
      : { provider_user_id: null, provider_id: provider.providerId };

async function serviceOrNotFound(ctx: Context, kase: CaseRow, id: string, forUpdate = false) {
  let query = ctx.db
    .selectFrom('case_service')
    .select(serviceColumns)
    .where('id', '=', id)
    .where('case_id', '=', kase.id)
    .where('deleted_at', 'is', null);
  if (forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  if (!row) throw notFound('El servicio');
  return row;
}

const emergencyFlag = (kase: CaseRow) => (kase.in_scope ? {} : { emergency: true });

const list = defineRoute({
  method: 'GET',
  url: '/api/cases/:id/services',
  summary: 'Servicios prestados en un caso (las notas, según la autorización del área)',
  tags,
  policy: { permission: 'service:read' },
  schema: { params: idParams, querystring: serviceListQuery, response: servicePage },
  handler: async (ctx, { params, query }) => {
    const kase = await caseOrNotFound(ctx, params.id);
    let base = ctx.db
      .selectFrom('case_service')
      .where('case_id', '=', kase.id)
      .where('deleted_at', 'is', null);
    if (query.area) base = base.where('area', '=', query.area);
    const [rows, count] = await pageWithCount(
      ctx.db,
      base
        .select(serviceColumns)
        .orderBy('delivered_on', 'desc')
        .orderBy('created_at', 'desc')
        .orderBy('id')
        .limit(query.pageSize)
        .offset(offsetOf(query)),
      base.select((eb) => eb.fn.countAll<number>().as('n')),
    );
    const items = await presentServices(ctx, rows);
    await auditRecordList(ctx, 'case_service.list', 'case_service', [kase.id, ...items.map((s) => s.id)], {
      area: query.area,
      page: query.page,
      pageSize: query.pageSize,
      ...emergencyFlag(kase),
    });
    return { items, total: Number(count.n), page: query.page, pageSize: query.pageSize };
  },
});

const get = defineRoute({
  method: 'GET',
  url: '/api/cases/:id/services/:childId',
  summary: 'Un servicio prestado',
  tags,
  policy: { permission: 'service:read' },
  schema: { params: childParams, response: serviceSchema },
  handler: async (ctx, { params }) => {
    const kase = await caseOrNotFound(ctx, params.id);
    const row = await serviceOrNotFound(ctx, kase, params.childId);
    setEtag(ctx.reply, row.version);
    await ctx.audit({
      action: 'case_service.read',
      resourceType: 'case_service',
      resourceIds: [row.id, kase.id],
      details: emergencyFlag(kase),
    });
    return presentOne(ctx, row);
  },
});

const create = defineRoute({
  method: 'POST',
  url: '/api/cases/:id/services',
  summary: 'Registrar un servicio prestado',
  tags,
  status: 201,
  policy: { permission: 'service:write' },
  schema: { params: idParams, body: createServiceInput, response: serviceSchema },
  handler: async (ctx, { params, body }) => {
    const kase = await caseOrNotFound(ctx, params.id);
    requireWriteClearance(ctx.actor, { notes: body.notes }, { notes: notesClassOf(body.area) });
    throwIfAny(await checkProvider(ctx, kase, body.provider));
    const id = randomUUID();
    const row = await ctx.db
      .insertInto('case_service')
      .values({
        id,
        agency_id: kase.agency_id,
        case_id: kase.id,
        area: body.area,
        ...providerColumnsOf(body.provider),
        delivered_on: body.deliveredOn,
        duration_minutes: body.durationMinutes ?? null,
        outcome: body.outcome,
        one_off: body.oneOff ?? false,
        notes_sealed: sealText(ctx, serviceNotesContext(id), body.notes),
        created_by: ctx.actor.userId,
      })
      .returning(serviceColumns)
      .executeTakeFirstOrThrow();
    await recordChanges(ctx, {
      agencyId: kase.agency_id,
      rootType: 'case',
      rootId: kase.id,
      recordType: 'case_service',
      recordId: id,
      version: row.version,
      changes: [
        ...creationChanges(historyFieldsOf(row), HISTORY_FIELDS),
        ...(body.notes ? [{ field: 'notes', from: null, to: null }] : []),
      ],
    });
    await ctx.audit({
      action: 'case_service.created',
      resourceType: 'case_service',
      resourceIds: [id, kase.id],
      details: { area: body.area, fields: Object.keys(body), ...emergencyFlag(kase) },
    });
    setEtag(ctx.reply, row.version);
    return presentOne(ctx, row);
  },
});

const update = defineRoute({
  method: 'PATCH',
  url: '/api/cases/:id/services/:childId',
  summary: 'Modificar un servicio prestado (If-Match)',
  tags,
  policy: { permission: 'service:write' },
  schema: { params: childParams, body: updateServiceInput, response: serviceSchema },
  handler: async (ctx, { params, body }) => {
    const kase = await caseOrNotFound(ctx, params.id);
    const row = await serviceOrNotFound(ctx, kase, params.childId, true);
    requireVersion(ctx.request, row.version);
    const area = body.area ?? row.area;
    requireWriteClearance(ctx.actor, { notes: body.notes }, { notes: notesClassOf(area) });
    // Moving notes to another area moves them to another class: the writer must be cleared for both.
    if (area !== row.area && row.notes_sealed)
      for (const cls of [notesClassOf(row.area), notesClassOf(area)])
        requireWriteClearance(ctx.actor, { notes: true }, { notes: cls });
    throwIfAny(await checkProvider(ctx, kase, body.provider));
    const { notes, ...fields } = body;
    const before = historyFieldsOf(row);
    const after = historyFieldsOf({
      ...row,
      ...providerColumnsOf(body.provider),
      ...(fields.area !== undefined && { area: fields.area }),
      ...(fields.deliveredOn !== undefined && { delivered_on: fields.deliveredOn }),
      ...(fields.durationMinutes !== undefined && { duration_minutes: fields.durationMinutes }),
      ...(fields.outcome !== undefined && { outcome: fields.outcome }),
      ...(fields.oneOff !== undefined && { one_off: fields.oneOff }),
    });
    const changes: Change[] = changesBetween(before, after, HISTORY_FIELDS);
    const notesChanged =
      notes !== undefined && notes !== openText(ctx, serviceNotesContext(row.id), row.notes_sealed);
    if (notesChanged) changes.push({ field: 'notes', from: null, to: null });
    if (changes.length === 0) {
      setEtag(ctx.reply, row.version);
      return presentOne(ctx, row);
    }
    const updated = await ctx.db
      .updateTable('case_service')
      .set({
        ...providerColumnsOf(body.provider),
        ...(fields.area !== undefined && { area: fields.area }),
        ...(fields.deliveredOn !== undefined && { delivered_on: fields.deliveredOn }),
        ...(fields.durationMinutes !== undefined && { duration_minutes: fields.durationMinutes }),
        ...(fields.outcome !== undefined && { outcome: fields.outcome }),
        ...(fields.oneOff !== undefined && { one_off: fields.oneOff }),
        ...(notesChanged && { notes_sealed: sealText(ctx, serviceNotesContext(row.id), notes) }),
        ...nextVersion(),
      })
      .where('id', '=', row.id)
      .returning(serviceColumns)
      .executeTakeFirstOrThrow();
    await recordChanges(ctx, {
      agencyId: kase.agency_id,
      rootType: 'case',
      rootId: kase.id,
      recordType: 'case_service',
      recordId: row.id,
      version: updated.version,
      changes,
    });
    await ctx.audit({
      action: 'case_service.updated',
      resourceType: 'case_service',
      resourceIds: [row.id, kase.id],
      details: { changedFields: changes.map((c) => c.field), ...emergencyFlag(kase) },
    });
    setEtag(ctx.reply, updated.version);
    return presentOne(ctx, updated);
  },
});

const remove = defineRoute({
  method: 'DELETE',
  url: '/api/cases/:id/services/:childId',
  summary: 'Anular un servicio registrado por error (If-Match; queda en el historial)',
  tags,
  status: 204,
  policy: { permission: 'service:write' },
  schema: { params: childParams },
  handler: async (ctx, { params }) => {
    const kase = await caseOrNotFound(ctx, params.id);
    const row = await serviceOrNotFound(ctx, kase, params.childId, true);
    requireVersion(ctx.request, row.version);
    // Anyone who could not see the notes could not have written them: nor may they void them.
    if (row.notes_sealed)
      requireWriteClearance(ctx.actor, { notes: true }, { notes: notesClassOf(row.area) });
    const updated = await ctx.db
      .updateTable('case_service')
      .set({ deleted_at: new Date(), deleted_by: ctx.actor.userId, ...nextVersion() })
      .where('id', '=', row.id)
      .returning('version')
      .executeTakeFirstOrThrow();
    await recordChanges(ctx, {
      agencyId: kase.agency_id,
      rootType: 'case',
      rootId: kase.id,
      recordType: 'case_service',
      recordId: row.id,
      version: updated.version,
      changes: [{ field: 'deleted', from: false, to: true }],
    });
    await ctx.audit({
      action: 'case_service.deleted',
      resourceType: 'case_service',
      resourceIds: [row.id, kase.id],
      details: { area: row.area, ...emergencyFlag(kase) },
    });
    return undefined;
  },
});

export const caseServiceRoutes = [list, get, create, update, remove];
