import { RELATION_FIELD_CLASSES } from '../../core/cases/field-classes.ts';
import {
  createRelationInput,
  NO_CONTACT_REQUIREMENT,
  updateRelationInput,
  type UpdateRelationInput,
} from '../../core/cases/person-input.ts';
import { nextVersion, openIfCleared, openText, sealContext, sealText } from '../cases/shared.ts';
import { givenColumns, type RowOf } from '../platform/db/rows.ts';
import { validationProblem } from '../platform/http/problem.ts';
import type { Context } from '../platform/http/route.ts';
import { relinkPerson } from '../linkage/relink.ts';
import { personChildRoutes, type PersonChild } from './child-records.ts';
import { relationSchema, type RelationOut } from './schemas.ts';

/** Family members and other contacts of a person, with the guardian and no-contact flags. */

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

type RelationRow = RowOf<'person_relation', typeof columns>;

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

function columnsOf(ctx: Context, id: string, input: UpdateRelationInput) {
  const sealed = (field: keyof typeof SEALED) =>
    input[field] === undefined ? {} : { [SEALED[field]]: sealText(ctx, contextOf(id, field), input[field]) };
  return {
    ...givenColumns(input, {
      kind: 'kind',
      name: 'name',
      relationship: 'relationship',
      isGuardian: 'is_guardian',
      noContact: 'no_contact',
      noContactReason: 'no_contact_reason',
      noContactSource: 'no_contact_source',
    }),
    ...sealed('phone'),
    ...sealed('address'),
    ...sealed('notes'),
  };
}

/** A parent's name is one of the person's linkage blocking keys and compared fields (src/server/linkage). */
async function withBlockKeys(ctx: Context, row: RelationRow): Promise<RelationRow> {
  await relinkPerson(ctx, row.person_id);
  return row;
}

const relation: PersonChild<'person_relation', RelationRow, RelationFields, RelationOut> = {
  resourceType: 'person_relation',
  segment: 'relations',
  label: 'El familiar o contacto',
  schema: relationSchema,
  classes: RELATION_FIELD_CLASSES,
  historyFields: HISTORY_FIELDS,
  from: (db) => db.selectFrom('person_relation'),
  select: (query) => query.select(columns),
  fieldsOf,
};

export const relationRoutes = personChildRoutes(relation, {
  list: { summary: 'Familiares y contactos de una persona' },
  create: {
    summary: 'Añadir un familiar o contacto (con prohibición de contacto si la hay)',
    body: createRelationInput,
    insert: async (ctx, owner, body) =>
      withBlockKeys(
        ctx,
        await ctx.db
          .insertInto('person_relation')
          .values({
            ...owner,
            kind: body.kind,
            name: body.name,
            relationship: body.relationship,
            ...columnsOf(ctx, owner.id, body),
          })
          .returning(columns)
          .executeTakeFirstOrThrow(),
      ),
    details: (body, row) => ({ fields: Object.keys(body), noContact: row.no_contact }),
  },
  update: {
    summary: 'Modificar un familiar o contacto (If-Match)',
    body: updateRelationInput,
    after: async (_ctx, before, body) => {
      const after = {
        ...before,
        ...Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined)),
      };
      if (after.noContact && !(after.noContactReason && after.noContactSource))
        throw validationProblem([
          { field: 'body.noContactReason', code: 'required', message: NO_CONTACT_REQUIREMENT },
        ]);
      return after;
    },
    write: async (ctx, row, body) =>
      withBlockKeys(
        ctx,
        await ctx.db
          .updateTable('person_relation')
          .set({ ...columnsOf(ctx, row.id, body), ...nextVersion() })
          .where('id', '=', row.id)
          .returning(columns)
          .executeTakeFirstOrThrow(),
      ),
  },
});
