import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { IDENTITY_DOCUMENT_FIELD_CLASSES } from '../../core/cases/field-classes.ts';
import {
  identityDocumentInput,
  isValidCui,
  normaliseDocumentNumber,
  updateIdentityDocumentInput,
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
  throwIfAny,
} from '../cases/shared.ts';
import type { KeyedHasher } from '../platform/crypto/envelope.ts';
import { notFound } from '../platform/http/problem.ts';
import { defineRoute, type Context } from '../platform/http/route.ts';
import { requireVersion, setEtag } from '../platform/http/versioning.ts';
import { present } from '../platform/policy/present.ts';
import { identityDocumentSchema, type IdentityDocumentOut } from './schemas.ts';
import { checkCountry } from './references.ts';
import { personOrNotFound } from './store.ts';

/**
 * Identity documents (CUI/DPI, birth certificate, passport). The number is stored only encrypted, bound to
 * its row; a keyed blind index of the normalised number lets search find an exact number without storing
 * anything an attacker with the database alone could reverse or look up.
 */

const tags = ['persons'];

export const BLIND_INDEX_PURPOSE = 'identity-document';

export const documentNumberIndex = (hasher: KeyedHasher, number: string) =>
  hasher.hash(BLIND_INDEX_PURPOSE, normaliseDocumentNumber(number));

const columns = [
  'id',
  'agency_id',
  'person_id',
  'doc_type',
  'number_sealed',
  'issuing_country',
  'version',
] as const;

interface DocumentRow {
  id: string;
  agency_id: string;
  person_id: string;
  doc_type: string;
  number_sealed: Buffer;
  issuing_country: string | null;
  version: number;
}

interface DocumentFields {
  type: string;
  number: string | null;
  issuingCountry: string | null;
}
const HISTORY_FIELDS = ['type', 'number', 'issuingCountry'] as const;

const contextOf = (id: string) => sealContext('person_identity_document', 'number', id);

function fieldsOf(ctx: Context, row: DocumentRow, decrypt: 'cleared' | 'all'): DocumentFields {
  return {
    type: row.doc_type,
    number:
      decrypt === 'all'
        ? openText(ctx, contextOf(row.id), row.number_sealed)
        : openIfCleared(ctx, IDENTITY_DOCUMENT_FIELD_CLASSES.number, contextOf(row.id), row.number_sealed),
    issuingCountry: row.issuing_country,
  };
}

function presentDocument(ctx: Context, row: DocumentRow): IdentityDocumentOut {
  return {
    ...present(ctx.actor, fieldsOf(ctx, row, 'cleared'), IDENTITY_DOCUMENT_FIELD_CLASSES),
    id: row.id,
    personId: row.person_id,
    version: row.version,
  } as IdentityDocumentOut;
}

function checkNumber(type: string, number: string): void {
  throwIfAny(
    type === 'cui_dpi' && !isValidCui(number)
      ? [{ field: 'body.number', code: 'invalid_cui', message: 'El CUI tiene 13 dígitos.' }]
      : [],
  );
}

const list = defineRoute({
  method: 'GET',
  url: '/api/persons/:id/identity-documents',
  summary: 'Documentos de identidad de una persona',
  tags,
  policy: { permission: 'person:read' },
  schema: { params: idParams, response: z.object({ items: z.array(identityDocumentSchema) }) },
  handler: async (ctx, { params }) => {
    const person = await personOrNotFound(ctx, params.id);
    const rows = await ctx.db
      .selectFrom('person_identity_document')
      .select(columns)
      .where('person_id', '=', person.id)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    await ctx.audit({
      action: 'identity_document.list',
      resourceType: 'identity_document',
      resourceIds: [person.id, ...rows.map((r) => r.id)],
    });
    return { items: rows.map((row) => presentDocument(ctx, row)) };
  },
});

const create = defineRoute({
  method: 'POST',
  url: '/api/persons/:id/identity-documents',
  summary: 'Añadir un documento de identidad (el número se guarda cifrado)',
  tags,
  status: 201,
  policy: { permission: 'person:update' },
  schema: { params: idParams, body: identityDocumentInput, response: identityDocumentSchema },
  handler: async (ctx, { params, body }) => {
    const person = await personOrNotFound(ctx, params.id);
    requireWriteClearance(ctx.actor, body, IDENTITY_DOCUMENT_FIELD_CLASSES);
    checkNumber(body.type, body.number);
    throwIfAny(await checkCountry(ctx.db, 'body.issuingCountry', body.issuingCountry));
    const id = randomUUID();
    const row = await ctx.db
      .insertInto('person_identity_document')
      .values({
        id,
        agency_id: person.agency_id,
        person_id: person.id,
        doc_type: body.type,
        number_sealed: ctx.services.envelope.encrypt(body.number, contextOf(id)),
        number_index: documentNumberIndex(ctx.services.hasher, body.number),
        issuing_country: body.issuingCountry ?? null,
      })
      .returning(columns)
      .executeTakeFirstOrThrow();
    await recordChanges(ctx, {
      agencyId: person.agency_id,
      rootType: 'person',
      rootId: person.id,
      recordType: 'identity_document',
      recordId: row.id,
      version: row.version,
      changes: creationChanges(fieldsOf(ctx, row, 'all'), HISTORY_FIELDS),
    });
    await ctx.audit({
      action: 'identity_document.created',
      resourceType: 'identity_document',
      resourceIds: [row.id, person.id],
      details: { type: body.type },
    });
    setEtag(ctx.reply, row.version);
    return presentDocument(ctx, row);
  },
});

const update = defineRoute({
  method: 'PATCH',
  url: '/api/persons/:id/identity-documents/:childId',
  summary: 'Corregir un documento de identidad (If-Match)',
  tags,
  policy: { permission: 'person:update' },
  schema: { params: childParams, body: updateIdentityDocumentInput, response: identityDocumentSchema },
  handler: async (ctx, { params, body }) => {
    const person = await personOrNotFound(ctx, params.id);
    const row = await ctx.db
      .selectFrom('person_identity_document')
      .select(columns)
      .where('id', '=', params.childId)
      .where('person_id', '=', person.id)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw notFound('El documento');
    requireVersion(ctx.request, row.version);
    requireWriteClearance(ctx.actor, body, IDENTITY_DOCUMENT_FIELD_CLASSES);
    const before = fieldsOf(ctx, row, 'all');
    const after: DocumentFields = {
      type: body.type ?? before.type,
      number: body.number ?? before.number,
      issuingCountry: body.issuingCountry !== undefined ? body.issuingCountry : before.issuingCountry,
    };
    checkNumber(after.type, after.number ?? '');
    throwIfAny(await checkCountry(ctx.db, 'body.issuingCountry', body.issuingCountry));
    const changes = changesBetween(before, after, HISTORY_FIELDS);
    if (changes.length === 0) {
      setEtag(ctx.reply, row.version);
      return presentDocument(ctx, row);
    }
    const updated = await ctx.db
      .updateTable('person_identity_document')
      .set({
        doc_type: after.type,
        issuing_country: after.issuingCountry,
        ...(body.number !== undefined && {
          number_sealed: ctx.services.envelope.encrypt(body.number, contextOf(row.id)),
          number_index: documentNumberIndex(ctx.services.hasher, body.number),
        }),
        ...nextVersion(),
      })
      .where('id', '=', row.id)
      .returning(columns)
      .executeTakeFirstOrThrow();
    await recordChanges(ctx, {
      agencyId: person.agency_id,
      rootType: 'person',
      rootId: person.id,
      recordType: 'identity_document',
      recordId: row.id,
      version: updated.version,
      changes,
    });
    await ctx.audit({
      action: 'identity_document.updated',
      resourceType: 'identity_document',
      resourceIds: [row.id, person.id],
      details: { changedFields: changes.map((c) => c.field) },
    });
    setEtag(ctx.reply, updated.version);
    return presentDocument(ctx, updated);
  },
});

export const identityDocumentRoutes = [list, create, update];
