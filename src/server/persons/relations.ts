import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { RELATION_FIELD_CLASSES } from '../../core/cases/field-classes.ts';
import {
  createRelationInput,
  NO_CONTACT_REQUIREMENT,
  updateRelationInput,
  type UpdateRelationInput,
} from '../../core/cases/person-input.ts';
import { requireWriteClearance } from '../cases/clearance.ts';
import { changesBetween, creationChanges, recordChanges } from '../cases/history.ts';
import {
  childParams,
  idParams,
  nextVersion,
  openIfCleared,
  openText,
  sealContext,
  sealText,
} from '../cases/shared.ts';
import { notFound, validationProblem } from '../platform/http/problem.ts';
import { defineRoute, type Context } from '../platform/http/route.ts';
import { requireVersion, setEtag } from '../platform/http/versioning.ts';
import { present } from '../platform/policy/present.ts';
import { personOrNotFound } from './store.ts';
import { relationSchema, type RelationOut } from './schemas.ts';

/** Family members and other contacts of a person, with the guardian and no-contact flags. */

const tags = ['persons'];

const columns = [
  'id',
  'agency_id',
  'person_id',
  'kind',
  'name',
  'relationship',
  'is_guardian',
  'phone_sealed',
  'address_sealed',
  'notes_sealed',
  'no_contact',
  'no_contact_reason',
  'no_contact_source',
  'version',
] as const;

interface RelationRow {
  id: string;
  agency_id: string;
  person_id: string;
  kind: string;
  name: string;
  relationship: string;
  is_guardian: boolean;
  phone_sealed: Buffer | null;
  address_sealed: Buffer | null;
  notes_sealed: Buffer | null;
  no_contact: boolean;
  no_contact_reason: string | null;
  no_contact_source: string | null;
  version: number;
}

interface RelationFields {
  kind: string;
  name: string;
  relationship: string;
  isGuardian: boolean;
  phone: string | null;
  address: string | null;
  notes: string | null;
  noContact: boolean;
  noContactReason: string | null;
  noContactSource: string | null;
}

const HISTORY_FIELDS = [
  'kind',
  'name',
  'relationship',
  'isGuardian',
  'phone',
  'address',
  'notes',
  'noContact',
  'noContactReason',
  'noContactSource',
] as const satisfies readonly (keyof RelationFields)[];

const SEALED = { phone: 'phone_sealed', address: 'address_sealed', notes: 'notes_sealed' } as const;
const contextOf = (id: string, field: keyof typeof SEALED) => sealContext('person_relation', field, id);

/** The relation's fields; sealed ones decrypted only when `decrypt` allows (the reader's clearance). */
function fieldsOf(ctx: Context, row: RelationRow, decrypt: 'cleared' | 'all'): RelationFields {
  const open = (field: keyof typeof SEALED) =>
    decrypt === 'all'
      ? openText(ctx, contextOf(row.id, field), row[SEALED[field]])
      : openIfCleared(ctx, RELATION_FIELD_CLASSES[field], contextOf(row.id, field), row[SEALED[field]]);
  return {
    kind: row.kind,
    name: row.name,
    relationship: row.relationship,
    isGuardian: row.is_guardian,
    phone: open('phone'),
    address: open('address'),
    notes: open('notes'),
    noContact: row.no_contact,
    noContactReason: row.no_contact_reason,
    noContactSource: row.no_contact_source,
  };
}

function presentRelation(ctx: Context, row: RelationRow): RelationOut {
  return {
    ...present(ctx.actor, fieldsOf(ctx, row, 'cleared'), RELATION_FIELD_CLASSES),
    id: row.id,
    personId: row.person_id,
    version: row.version,
  } as RelationOut;
}

function columnsOf(ctx: Context, id: string, input: UpdateRelationInput) {
  const sealed = (field: keyof typeof SEALED) =>
    input[field] === undefined ? {} : { [SEALED[field]]: sealText(ctx, contextOf(id, field), input[field]) };
  return {
    ...(input.kind !== undefined && { kind: input.kind }),
    ...(input.name !== undefined && { name: input.name }),
    ...(input.relationship !== undefined && { relationship: input.relationship }),
    ...(input.isGuardian !== undefined && { is_guardian: input.isGuardian }),
    ...sealed('phone'),
    ...sealed('address'),
    ...sealed('notes'),
    ...(input.noContact !== undefined && { no_contact: input.noContact }),
    ...(input.noContactReason !== undefined && { no_contact_reason: input.noContactReason }),
    ...(input.noContactSource !== undefined && { no_contact_source: input.noContactSource }),
  };
}

const list = defineRoute({
  method: 'GET',
  url: '/api/persons/:id/relations',
  summary: 'Familiares y contactos de una persona',
  tags,
  policy: { permission: 'person:read' },
  schema: { params: idParams, response: z.object({ items: z.array(relationSchema) }) },
  handler: async (ctx, { params }) => {
    const person = await personOrNotFound(ctx, params.id);
    const rows = await ctx.db
      .selectFrom('person_relation')
      .select(columns)
      .where('person_id', '=', person.id)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    await ctx.audit({
      action: 'person_relation.list',
      resourceType: 'person_relation',
      resourceIds: [person.id, ...rows.map((r) => r.id)],
    });
    return { items: rows.map((row) => presentRelation(ctx, row)) };
  },
});

const create = defineRoute({
  method: 'POST',
  url: '/api/persons/:id/relations',
  summary: 'Añadir un familiar o contacto (con prohibición de contacto si la hay)',
  tags,
  status: 201,
  policy: { permission: 'person:update' },
  schema: { params: idParams, body: createRelationInput, response: relationSchema },
  handler: async (ctx, { params, body }) => {
    const person = await personOrNotFound(ctx, params.id);
    requireWriteClearance(ctx.actor, body, RELATION_FIELD_CLASSES);
    const id = randomUUID();
    const row = await ctx.db
      .insertInto('person_relation')
      .values({
        id,
        agency_id: person.agency_id,
        person_id: person.id,
        kind: body.kind,
        name: body.name,
        relationship: body.relationship,
        ...columnsOf(ctx, id, body),
      })
      .returning(columns)
      .executeTakeFirstOrThrow();
    await recordChanges(ctx, {
      agencyId: person.agency_id,
      rootType: 'person',
      rootId: person.id,
      recordType: 'person_relation',
      recordId: row.id,
      version: row.version,
      changes: creationChanges(fieldsOf(ctx, row, 'all'), HISTORY_FIELDS),
    });
    await ctx.audit({
      action: 'person_relation.created',
      resourceType: 'person_relation',
      resourceIds: [row.id, person.id],
      details: { fields: Object.keys(body), noContact: row.no_contact },
    });
    setEtag(ctx.reply, row.version);
    return presentRelation(ctx, row);
  },
});

const update = defineRoute({
  method: 'PATCH',
  url: '/api/persons/:id/relations/:childId',
  summary: 'Modificar un familiar o contacto (If-Match)',
  tags,
  policy: { permission: 'person:update' },
  schema: { params: childParams, body: updateRelationInput, response: relationSchema },
  handler: async (ctx, { params, body }) => {
    const person = await personOrNotFound(ctx, params.id);
    const row = await ctx.db
      .selectFrom('person_relation')
      .select(columns)
      .where('id', '=', params.childId)
      .where('person_id', '=', person.id)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw notFound('El familiar o contacto');
    requireVersion(ctx.request, row.version);
    requireWriteClearance(ctx.actor, body, RELATION_FIELD_CLASSES);
    const before = fieldsOf(ctx, row, 'all');
    const after = {
      ...before,
      ...Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined)),
    };
    if (after.noContact && !(after.noContactReason && after.noContactSource))
      throw validationProblem([
        { field: 'body.noContactReason', code: 'required', message: NO_CONTACT_REQUIREMENT },
      ]);
    const changes = changesBetween(before, after, HISTORY_FIELDS);
    if (changes.length === 0) {
      setEtag(ctx.reply, row.version);
      return presentRelation(ctx, row);
    }
    const updated = await ctx.db
      .updateTable('person_relation')
      .set({ ...columnsOf(ctx, row.id, body), ...nextVersion() })
      .where('id', '=', row.id)
      .returning(columns)
      .executeTakeFirstOrThrow();
    await recordChanges(ctx, {
      agencyId: person.agency_id,
      rootType: 'person',
      rootId: person.id,
      recordType: 'person_relation',
      recordId: row.id,
      version: updated.version,
      changes,
    });
    await ctx.audit({
      action: 'person_relation.updated',
      resourceType: 'person_relation',
      resourceIds: [row.id, person.id],
      details: { changedFields: changes.map((c) => c.field) },
    });
    setEtag(ctx.reply, updated.version);
    return presentRelation(ctx, updated);
  },
});

export const relationRoutes = [list, create, update];
