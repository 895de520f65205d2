import { IDENTITY_DOCUMENT_FIELD_CLASSES } from '../../core/cases/field-classes.ts';
import {
  identityDocumentInput,
  isValidCui,
  normaliseDocumentNumber,
  updateIdentityDocumentInput,
} from '../../core/cases/person-input.ts';
import { nextVersion, openIfCleared, openText, sealContext, throwIfAny } from '../cases/shared.ts';
import type { KeyedHasher } from '../platform/crypto/envelope.ts';
import type { RowOf } from '../platform/db/rows.ts';
import type { Context } from '../platform/http/route.ts';
import { personChildRoutes, type PersonChild } from './child-records.ts';
import { checkCountry } from './references.ts';
import { identityDocumentSchema, type IdentityDocumentOut } from './schemas.ts';

/**
 * Identity documents (CUI/DPI, birth certificate, passport). The number is stored only encrypted, bound to
 * its row; a keyed blind index of the normalised number lets search find an exact number without storing
 * anything an attacker with the database alone could reverse or look up.
 */

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

type DocumentRow = RowOf<'person_identity_document', typeof columns>;

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

function checkNumber(type: string, number: string): void {
  throwIfAny(
    type === 'cui_dpi' && !isValidCui(number)
      ? [{ field: 'body.number', code: 'invalid_cui', message: 'El CUI tiene 13 dígitos.' }]
      : [],
  );
}

const identityDocument: PersonChild<
  'person_identity_document',
  DocumentRow,
  DocumentFields,
  IdentityDocumentOut
> = {
  resourceType: 'identity_document',
  segment: 'identity-documents',
  label: 'El documento',
  schema: identityDocumentSchema,
  classes: IDENTITY_DOCUMENT_FIELD_CLASSES,
  historyFields: HISTORY_FIELDS,
  from: (db) => db.selectFrom('person_identity_document'),
  select: (query) => query.select(columns),
  fieldsOf,
};

export const identityDocumentRoutes = personChildRoutes(identityDocument, {
  list: { summary: 'Documentos de identidad de una persona' },
  create: {
    summary: 'Añadir un documento de identidad (el número se guarda cifrado)',
    body: identityDocumentInput,
    check: async (ctx, body) => {
      checkNumber(body.type, body.number);
      throwIfAny(await checkCountry(ctx.db, 'body.issuingCountry', body.issuingCountry));
    },
    insert: (ctx, owner, body) =>
      ctx.db
        .insertInto('person_identity_document')
        .values({
          ...owner,
          doc_type: body.type,
          number_sealed: ctx.services.envelope.encrypt(body.number, contextOf(owner.id)),
          number_index: documentNumberIndex(ctx.services.hasher, body.number),
          issuing_country: body.issuingCountry ?? null,
        })
        .returning(columns)
        .executeTakeFirstOrThrow(),
    details: (body) => ({ type: body.type }),
  },
  update: {
    summary: 'Corregir un documento de identidad (If-Match)',
    body: updateIdentityDocumentInput,
    after: async (ctx, before, body) => {
      const after: DocumentFields = {
        type: body.type ?? before.type,
        number: body.number ?? before.number,
        issuingCountry: body.issuingCountry !== undefined ? body.issuingCountry : before.issuingCountry,
      };
      checkNumber(after.type, after.number ?? '');
      throwIfAny(await checkCountry(ctx.db, 'body.issuingCountry', body.issuingCountry));
      return after;
    },
    write: (ctx, row, body, after) =>
      ctx.db
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
        .executeTakeFirstOrThrow(),
  },
});
