import { PERSON_FIELD_CLASSES } from '../../core/cases/field-classes.ts';
import { createPersonInput, updatePersonInput } from '../../core/cases/person-input.ts';
import { restrictionInput } from '../../core/cases/case-input.ts';
import { accessLogOf, accessLogPage, auditRecordList, auditRecordRead } from '../cases/audit.ts';
import { requireWriteClearance } from '../cases/clearance.ts';
import {
  changesBetween,
  creationChanges,
  historyOf,
  historyPage,
  recordRootChanges,
} from '../cases/history.ts';
import { restrict, restrictionSchema, unrestrict } from '../cases/restriction.ts';
import { idParams, nextVersion, throwIfAny } from '../cases/shared.ts';
import { offsetOf, paginationQuery } from '../platform/http/pagination.ts';
import { defineRoute } from '../platform/http/route.ts';
import { requireVersion, setEtag } from '../platform/http/versioning.ts';
import { z } from 'zod';
import { presentPersons } from './present.ts';
import { personRecordSchema, presentPersonRecord } from './photo.ts';
import { checkPersonReferences } from './references.ts';
import { personListQuery, personPage } from './schemas.ts';
import {
  insertPerson,
  listPersons,
  personOrNotFound,
  PERSON_HISTORY_FIELDS,
  personColumnsOf,
  personFieldsOf,
  updatePersonRow,
  type PersonRow,
} from './store.ts';

const tags = ['persons'];

const list = defineRoute({
  method: 'GET',
  url: '/api/persons',
  summary: 'Personas registradas que puede ver',
  tags,
  policy: { permission: 'person:read' },
  schema: { querystring: personListQuery, response: personPage },
  handler: async (ctx, { query }) => {
    const { rows, total, totalCapped } = await listPersons(ctx, {
      limit: query.pageSize,
      offset: offsetOf(query),
    });
    const items = await presentPersons(ctx.db, ctx.actor, rows);
    await auditRecordList(
      ctx,
      'person.list',
      'person',
      items.map((p) => p.id),
      { page: query.page, pageSize: query.pageSize },
    );
    return { items, total, totalCapped, page: query.page, pageSize: query.pageSize };
  },
});

const get = defineRoute({
  method: 'GET',
  url: '/api/persons/:id',
  summary: 'Una persona, con sus prohibiciones de contacto',
  tags,
  policy: { permission: 'person:read' },
  schema: { params: idParams, response: personRecordSchema },
  handler: async (ctx, { params }) => {
    const row = await personOrNotFound(ctx, params.id);
    await auditRecordRead(ctx, 'person', row.id, row.version, !row.in_scope);
    return presentPersonRecord(ctx, row);
  },
});

const create = defineRoute({
  method: 'POST',
  url: '/api/persons',
  summary: 'Registrar una persona (consulte antes las coincidencias: POST /api/persons/match)',
  tags,
  status: 201,
  policy: { permission: 'person:create' },
  schema: { body: createPersonInput, response: personRecordSchema },
  handler: async (ctx, { body }) => {
    requireWriteClearance(ctx.actor, body, PERSON_FIELD_CLASSES);
    throwIfAny(await checkPersonReferences(ctx.db, body));
    const row = await insertPerson(ctx, body);
    await recordRootChanges(
      ctx,
      'person',
      row,
      row.version,
      creationChanges(personFieldsOf(row), PERSON_HISTORY_FIELDS),
    );
    await ctx.audit({
      action: 'person.created',
      resourceType: 'person',
      resourceIds: [row.id],
      details: { fields: Object.keys(body) },
    });
    setEtag(ctx.reply, row.version);
    return presentPersonRecord(ctx, row);
  },
});

const update = defineRoute({
  method: 'PATCH',
  url: '/api/persons/:id',
  summary: 'Modificar los datos de una persona (If-Match)',
  tags,
  policy: { permission: 'person:update' },
  schema: { params: idParams, body: updatePersonInput, response: personRecordSchema },
  handler: async (ctx, { params, body }) => {
    const row = await personOrNotFound(ctx, params.id, true);
    requireVersion(ctx.request, row.version);
    requireWriteClearance(ctx.actor, body, PERSON_FIELD_CLASSES);
    throwIfAny(await checkPersonReferences(ctx.db, body));
    const before = personFieldsOf(row);
    const after = personFieldsOf({ ...row, ...personColumnsOf(body) } as PersonRow);
    const changes = changesBetween(before, after, PERSON_HISTORY_FIELDS);
    if (changes.length === 0) {
      setEtag(ctx.reply, row.version);
      return presentPersonRecord(ctx, row);
    }
    const updated = await updatePersonRow(ctx, row, body, nextVersion());
    await recordRootChanges(ctx, 'person', row, updated.version, changes);
    await ctx.audit({
      action: 'person.updated',
      resourceType: 'person',
      resourceIds: [row.id],
      details: { changedFields: changes.map((c) => c.field) },
    });
    setEtag(ctx.reply, updated.version);
    return presentPersonRecord(ctx, updated);
  },
});

const pageQuery = z.object({ ...paginationQuery });

const history = defineRoute({
  method: 'GET',
  url: '/api/persons/:id/history',
  summary: 'Historial de cambios por campo de una persona, sus familiares, contactos y documentos',
  tags,
  policy: { permission: 'person:read' },
  schema: { params: idParams, querystring: pageQuery, response: historyPage },
  handler: async (ctx, { params, query }) => {
    const row = await personOrNotFound(ctx, params.id);
    const page = await historyOf(ctx, row.id, query);
    await ctx.audit({
      action: 'person.history_read',
      resourceType: 'person',
      resourceIds: [row.id],
      details: { page: query.page, entries: page.items.length },
    });
    return page;
  },
});

const accessLog = defineRoute({
  method: 'GET',
  url: '/api/persons/:id/access-log',
  summary: 'Quién consultó o modificó a esta persona, y cuándo',
  tags,
  policy: { permission: 'person:read' },
  schema: { params: idParams, querystring: pageQuery, response: accessLogPage },
  handler: async (ctx, { params, query }) => {
    const row = await personOrNotFound(ctx, params.id);
    const page = await accessLogOf(ctx, row.id, query);
    await ctx.audit({ action: 'person.access_log_read', resourceType: 'person', resourceIds: [row.id] });
    return page;
  },
});

const restrictPerson = defineRoute({
  method: 'POST',
  url: '/api/persons/:id/restriction',
  summary: 'Restringir a una persona a usuarios nombrados (los demás dejan de verla)',
  tags,
  policy: { permission: 'case:assign' },
  schema: { params: idParams, body: restrictionInput, response: restrictionSchema },
  handler: async (ctx, { params, body }) => {
    const row = await personOrNotFound(ctx, params.id, true);
    return restrict(
      ctx,
      { recordType: 'person', id: row.id, agencyId: row.agency_id, restricted: row.restricted },
      body.userIds,
    );
  },
});

const unrestrictPerson = defineRoute({
  method: 'DELETE',
  url: '/api/persons/:id/restriction',
  summary: 'Quitar la restricción de una persona',
  tags,
  policy: { permission: 'case:assign' },
  schema: { params: idParams, response: restrictionSchema },
  handler: async (ctx, { params }) => {
    const row = await personOrNotFound(ctx, params.id, true);
    return unrestrict(ctx, {
      recordType: 'person',
      id: row.id,
      agencyId: row.agency_id,
      restricted: row.restricted,
    });
  },
});

export const personCoreRoutes = [
  list,
  get,
  create,
  update,
  history,
  accessLog,
  restrictPerson,
  unrestrictPerson,
];
