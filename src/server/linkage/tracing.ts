import type { RowOf } from '../platform/db/rows.ts';
import { pageWithCount } from '../platform/db/together.ts';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { z } from 'zod';
import { NAME_PART_MAX, pastDate } from '../../core/cases/person-input.ts';
import { RELATIONSHIPS, SEXES } from '../../core/cases/vocabulary.ts';
import { hasConsent } from '../../core/consent/has-consent.ts';
import { MATCH_PROBABILITY_THRESHOLD } from '../../core/linkage/index.ts';
import { personVisible, readingViewer } from '../cases/visibility.ts';
import { dayString, idParams, openIfCleared, sealText } from '../cases/shared.ts';
import { factOf, consentColumns } from '../consent/store.ts';
import { personSchema } from '../persons/schemas.ts';
import { personColumns } from '../persons/store.ts';
import { notFound, ProblemError } from '../platform/http/problem.ts';
import { offsetOf, paginated, paginationQuery } from '../platform/http/pagination.ts';
import { presentPersonsAsSeen } from '../sharing/persons.ts';
import { defineRoute, type Context } from '../platform/http/route.ts';
import { requireVersion, setEtag } from '../platform/http/versioning.ts';
import { scopedAgency } from '../platform/policy/authorize.ts';
import { present } from '../platform/policy/present.ts';
import { refOf, userRefs } from '../services/shared.ts';
import { publicExplanation, round, scoreOf, searchCandidates } from './candidates.ts';
import { noticeSchema, noticesFor } from './contacts.ts';
import { tracingContactContext, tracingNotesContext } from './encrypted-columns.ts';
import type { KnownPerson } from './person-record.ts';
import { explanationSchema } from './schemas.ts';
import './tables.ts';
import '../consent/tables.ts';

/**
 * Family-tracing requests as data — who asks (name, relation, institution, contact), for whom, and what is
 * known (names, an approximate birth, a place, the parents) — answered with a ranked list of the agency's
 * records, each score explained, ONLY among persons whose recorded consent allows family tracing today.
 * Answers are computed when the request is read, so a withdrawn consent or a merge counts at once. A likely
 * record the reader may not see (another agency, another team) is reported only as "a possible record
 * exists at this agency, contact …", once per agency, with nothing about it.
 */

const tags = ['linkage'];

const nameText = z.string().trim().min(1).max(NAME_PART_MAX);
const optionalName = nameText.nullable().optional();
const thisYear = () => new Date().getUTCFullYear();
const year = z
  .number()
  .int()
  .min(1900)
  .refine((y) => y <= thisYear(), { message: 'El año no puede ser futuro.' });

export const REQUESTER_RELATIONS = [...RELATIONSHIPS, 'institution'] as const;

export const tracingInput = z.strictObject({
  requester: z.strictObject({
    name: z.string().trim().min(1).max(200),
    relation: z.enum(REQUESTER_RELATIONS),
    institution: z.string().trim().min(1).max(200).nullable().optional(),
    contact: z.string().trim().min(3).max(500),
  }),
  sought: z.strictObject({
    givenNames: nameText,
    firstSurname: optionalName,
    secondSurname: optionalName,
    sex: z.enum(SEXES).nullable().optional(),
    birth: z
      .discriminatedUnion('precision', [
        z.strictObject({ precision: z.literal('exact'), date: pastDate }),
        z
          .strictObject({ precision: z.literal('years'), from: year, to: year })
          .refine((b) => b.from <= b.to, { message: 'El primer año no puede ser posterior.', path: ['to'] }),
      ])
      .nullable()
      .optional(),
    departmentCode: z
      .string()
      .regex(/^\d{2}$/, 'Código INE de departamento de 2 dígitos.')
      .nullable()
      .optional(),
    municipalityCode: z
      .string()
      .regex(/^\d{4}$/, 'Código INE de municipio de 4 dígitos.')
      .nullable()
      .optional(),
    placeText: z.string().trim().min(1).max(200).nullable().optional(),
    motherName: z.string().trim().min(1).max(200).nullable().optional(),
    fatherName: z.string().trim().min(1).max(200).nullable().optional(),
  }),
  notes: z.string().trim().min(1).max(2000).nullable().optional(),
});
export type TracingInput = z.infer<typeof tracingInput>;

/** Who asks is identifying; how to reach them is contact data; what the child is called is identity. */
const REQUEST_CLASSES = {
  requesterName: 'identity',
  requesterContact: 'contact_location',
  notes: 'contact_location',
  sought: 'identity',
} as const;

const soughtSchema = z.object({
  givenNames: z.string(),
  firstSurname: z.string().nullable(),
  secondSurname: z.string().nullable(),
  sex: z.string().nullable(),
  birth: z
    .union([
      z.object({ precision: z.literal('exact'), date: z.string() }),
      z.object({ precision: z.literal('years'), from: z.number().int(), to: z.number().int() }),
    ])
    .nullable(),
  departmentCode: z.string().nullable(),
  municipalityCode: z.string().nullable(),
  placeText: z.string().nullable(),
  motherName: z.string().nullable(),
  fatherName: z.string().nullable(),
});

export const summarySchema = z.object({
  id: z.uuid(),
  status: z.enum(['open', 'closed']),
  requesterName: z.string().optional(),
  requesterRelation: z.string(),
  requesterInstitution: z.string().nullable(),
  soughtName: z.string().optional(),
  createdAt: z.string(),
  createdBy: z.object({ id: z.uuid(), displayName: z.string() }).nullable(),
  version: z.number().int(),
  redacted: z.array(z.string()),
});

const answersSchema = z.object({
  modelVersion: z.number().int(),
  /** Records of the reader's agency they may see, best first. */
  matches: z.array(
    z.object({
      rank: z.number().int(),
      person: personSchema,
      score: z.number(),
      probability: z.number(),
      explanation: explanationSchema,
    }),
  ),
  /** Possible records the reader may not see: where, and whom to contact; nothing else. */
  elsewhere: z.array(noticeSchema),
});

export const detailSchema = summarySchema.extend({
  requesterContact: z.string().optional(),
  notes: z.string().nullable().optional(),
  sought: soughtSchema.optional(),
  answers: answersSchema,
});

const requestColumns = [
  'id',
  'agency_id',
  'requester_name',
  'requester_relation',
  'requester_institution',
  'requester_contact_sealed',
  'given_names',
  'first_surname',
  'second_surname',
  'sex',
  'birth_date',
  'birth_year_min',
  'birth_year_max',
  'department_code',
  'municipality_code',
  'place_text',
  'mother_name',
  'father_name',
  'notes_sealed',
  'status',
  'created_by',
  'version',
  'created_at',
] as const;

type RequestRow = RowOf<'tracing_request', typeof requestColumns>;

const contactContext = tracingContactContext;
const notesContext = tracingNotesContext;

function soughtOf(row: RequestRow): z.infer<typeof soughtSchema> {
  const date = dayString(row.birth_date);
  return {
    givenNames: row.given_names,
    firstSurname: row.first_surname,
    secondSurname: row.second_surname,
    sex: row.sex,
    birth: date
      ? { precision: 'exact', date }
      : row.birth_year_min !== null && row.birth_year_max !== null
        ? { precision: 'years', from: row.birth_year_min, to: row.birth_year_max }
        : null,
    departmentCode: row.department_code,
    municipalityCode: row.municipality_code,
    placeText: row.place_text,
    motherName: row.mother_name,
    fatherName: row.father_name,
  };
}

function knownOf(sought: z.infer<typeof soughtSchema>): KnownPerson {
  const birth = sought.birth;
  return {
    givenNames: sought.givenNames,
    firstSurname: sought.firstSurname,
    secondSurname: sought.secondSurname,
    sex: sought.sex,
    birth: !birth
      ? null
      : birth.precision === 'exact'
        ? { date: birth.date }
        : { yearMin: birth.from, yearMax: birth.to },
    departmentCode: sought.departmentCode,
    municipalityCode: sought.municipalityCode,
    motherName: sought.motherName,
    fatherName: sought.fatherName,
  };
}

/** Candidates below this are not worth a family's hope; the list is ranked, the reader judges. */
export const TRACING_MIN_PROBABILITY = 0.01;
export const TRACING_TOP = 20;
const NOTICE_MIN_SCORE = scoreOf(MATCH_PROBABILITY_THRESHOLD);

const today = () => new Date().toISOString().slice(0, 10);

/** Of the given persons, those whose recorded consents allow family tracing today. */
async function withTracingConsent(ctx: Context, personIds: string[]): Promise<Set<string>> {
  if (personIds.length === 0) return new Set();
  const rows = await ctx.db
    .selectFrom('consent')
    .select(consentColumns)
    .where('person_id', 'in', personIds)
    .where('purpose', '=', 'family_tracing')
    .execute();
  const byPerson = new Map<string, ReturnType<typeof factOf>[]>();
  for (const row of rows) byPerson.set(row.person_id, [...(byPerson.get(row.person_id) ?? []), factOf(row)]);
  const at = today();
  return new Set(
    [...byPerson].filter(([, facts]) => hasConsent(facts, 'family_tracing', { at })).map(([id]) => id),
  );
}

/** The ranked answer to a request, as the reader may see it; audited with what was shown. */
export async function answer(ctx: Context, requestId: string, sought: z.infer<typeof soughtSchema>) {
  const search = await searchCandidates(ctx.db, knownOf(sought), {
    minScore: scoreOf(TRACING_MIN_PROBABILITY),
  });
  const consented = await withTracingConsent(
    ctx,
    search.candidates.map((c) => c.row.id),
  );
  const eligible = search.candidates.filter((c) => consented.has(c.row.id) && !c.row.restricted);
  const viewer = await readingViewer(ctx);
  const ids = eligible.map((c) => c.row.id);
  const visibleRows =
    ids.length === 0
      ? []
      : await ctx.db
          .selectFrom('person')
          .select(personColumns)
          .where('person.id', 'in', ids)
          .where((eb) => personVisible(eb, viewer, { shared: true }))
          .execute();
  const visible = new Map(visibleRows.map((row) => [row.id, row]));
  const shown = eligible.filter((c) => visible.has(c.row.id)).slice(0, TRACING_TOP);
  const hidden = eligible.filter((c) => !visible.has(c.row.id) && c.score >= NOTICE_MIN_SCORE);
  const [persons, elsewhere] = await Promise.all([
    presentPersonsAsSeen(
      ctx,
      viewer,
      shown.map((c) => visible.get(c.row.id)!),
    ),
    noticesFor(
      ctx.db,
      hidden.map((c) => c.row.agency_id),
    ),
  ]);
  await ctx.audit({
    action: 'tracing.answered',
    resourceType: 'tracing_request',
    resourceIds: [requestId, ...persons.map((p) => p.id)],
    details: { modelVersion: search.modelVersion, matches: persons.length, elsewhere: elsewhere.length },
  });
  return {
    modelVersion: search.modelVersion,
    matches: shown.map((c, i) => ({
      rank: i + 1,
      person: persons[i]!,
      score: round(c.score),
      probability: round(c.probability, 4),
      explanation: publicExplanation(search.model.explain(search.query, c.record).explanation),
    })),
    elsewhere,
  };
}

async function presentRequest(ctx: Context, row: RequestRow) {
  const users = await userRefs(ctx.db, [row.created_by]);
  const shown = present(
    ctx.actor,
    {
      requesterName: row.requester_name,
      requesterContact: openIfCleared(
        ctx,
        REQUEST_CLASSES.requesterContact,
        contactContext(row.id),
        row.requester_contact_sealed,
      ),
      notes: openIfCleared(ctx, REQUEST_CLASSES.notes, notesContext(row.id), row.notes_sealed),
      sought: soughtOf(row),
      soughtName: [row.given_names, row.first_surname, row.second_surname].filter(Boolean).join(' '),
    },
    { ...REQUEST_CLASSES, soughtName: 'identity' },
  );
  return {
    ...shown,
    requesterContact: shown.requesterContact ?? undefined,
    id: row.id,
    status: row.status,
    requesterRelation: row.requester_relation,
    requesterInstitution: row.requester_institution,
    createdAt: row.created_at.toISOString(),
    createdBy: refOf(users, row.created_by),
    version: row.version,
  };
}

/** A list entry: no contact, notes or details of the sought child beyond the name. */
function summaryOf(presented: Awaited<ReturnType<typeof presentRequest>>): z.infer<typeof summarySchema> {
  return {
    id: presented.id,
    status: presented.status,
    requesterName: presented.requesterName,
    requesterRelation: presented.requesterRelation,
    requesterInstitution: presented.requesterInstitution,
    soughtName: presented.soughtName,
    createdAt: presented.createdAt,
    createdBy: presented.createdBy,
    version: presented.version,
    redacted: presented.redacted.filter((field) => field === 'requesterName' || field === 'soughtName'),
  };
}

function requestsOf(ctx: Context) {
  let query = ctx.db.selectFrom('tracing_request');
  const agency = scopedAgency(ctx.scope);
  if (agency) query = query.where('tracing_request.agency_id', '=', agency);
  return query;
}

async function requestOrNotFound(ctx: Context, id: string, forUpdate = false): Promise<RequestRow> {
  let query = requestsOf(ctx).select(requestColumns).where('tracing_request.id', '=', id);
  if (forUpdate) query = query.forUpdate();
  const row = (await query.executeTakeFirst()) as RequestRow | undefined;
  if (!row) throw notFound('La solicitud de búsqueda');
  return row;
}

const listQuery = z.object({ status: z.enum(['open', 'closed']).optional(), ...paginationQuery });

const list = defineRoute({
  method: 'GET',
  url: '/api/tracing-requests',
  summary: 'Solicitudes de búsqueda de familia de su institución, las más recientes primero',
  tags,
  policy: { permission: 'person:trace' },
  schema: { querystring: listQuery, response: paginated(summarySchema) },
  handler: async (ctx, { query }) => {
    let base = requestsOf(ctx);
    if (query.status) base = base.where('tracing_request.status', '=', query.status);
    const [pageRows, count] = await pageWithCount(
      ctx.db,
      base
        .select(requestColumns)
        .orderBy('tracing_request.created_at', 'desc')
        .orderBy('tracing_request.id')
        .limit(query.pageSize)
        .offset(offsetOf(query)),
      base.select(sql<number>`count(*)::int`.as('n')),
    );
    const rows = pageRows as RequestRow[];
    const items = await Promise.all(rows.map(async (row) => summaryOf(await presentRequest(ctx, row))));
    await ctx.audit({
      action: 'tracing.list',
      resourceType: 'tracing_request',
      resourceIds: rows.map((r) => r.id),
      details: { page: query.page, total: count.n },
    });
    return { items, total: count.n, page: query.page, pageSize: query.pageSize };
  },
});

async function detail(ctx: Context, row: RequestRow) {
  const presented = await presentRequest(ctx, row);
  return { ...presented, answers: await answer(ctx, row.id, soughtOf(row)) };
}

const create = defineRoute({
  method: 'POST',
  url: '/api/tracing-requests',
  summary: 'Registrar una solicitud de búsqueda de familia y obtener su respuesta',
  tags,
  status: 201,
  policy: { permission: 'person:trace' },
  schema: { body: tracingInput, response: detailSchema },
  handler: async (ctx, { body }) => {
    const id = randomUUID();
    const { requester, sought } = body;
    const birth = sought.birth;
    const row = (await ctx.db
      .insertInto('tracing_request')
      .values({
        id,
        agency_id: ctx.actor.agencyId,
        requester_name: requester.name,
        requester_relation: requester.relation,
        requester_institution: requester.institution ?? null,
        requester_contact_sealed: sealText(ctx, contactContext(id), requester.contact)!,
        given_names: sought.givenNames,
        first_surname: sought.firstSurname ?? null,
        second_surname: sought.secondSurname ?? null,
        sex: sought.sex ?? null,
        birth_date: birth?.precision === 'exact' ? birth.date : null,
        birth_year_min: birth?.precision === 'years' ? birth.from : null,
        birth_year_max: birth?.precision === 'years' ? birth.to : null,
        department_code: sought.departmentCode ?? null,
        municipality_code: sought.municipalityCode ?? null,
        place_text: sought.placeText ?? null,
        mother_name: sought.motherName ?? null,
        father_name: sought.fatherName ?? null,
        notes_sealed: sealText(ctx, notesContext(id), body.notes),
        created_by: ctx.actor.userId,
      })
      .returning(requestColumns)
      .executeTakeFirstOrThrow()) as RequestRow;
    await ctx.audit({
      action: 'tracing.requested',
      resourceType: 'tracing_request',
      resourceIds: [id],
      details: {
        requesterRelation: requester.relation,
        known: Object.keys(sought).filter((k) => sought[k as keyof typeof sought] != null),
      },
    });
    setEtag(ctx.reply, row.version);
    return detail(ctx, row);
  },
});

const get = defineRoute({
  method: 'GET',
  url: '/api/tracing-requests/:id',
  summary: 'Una solicitud de búsqueda de familia con su respuesta actual, explicada',
  tags,
  policy: { permission: 'person:trace' },
  schema: { params: idParams, response: detailSchema },
  handler: async (ctx, { params }) => {
    const row = await requestOrNotFound(ctx, params.id);
    setEtag(ctx.reply, row.version);
    return detail(ctx, row);
  },
});

const close = defineRoute({
  method: 'POST',
  url: '/api/tracing-requests/:id/close',
  summary: 'Cerrar una solicitud de búsqueda de familia (If-Match)',
  tags,
  policy: { permission: 'person:trace' },
  schema: { params: idParams, response: summarySchema },
  handler: async (ctx, { params }) => {
    const row = await requestOrNotFound(ctx, params.id, true);
    requireVersion(ctx.request, row.version);
    if (row.status === 'closed') throw new ProblemError('conflict', 'La solicitud ya está cerrada.');
    const updated = (await ctx.db
      .updateTable('tracing_request')
      .set({ status: 'closed', version: sql<number>`version + 1`, updated_at: new Date() })
      .where('id', '=', row.id)
      .returning(requestColumns)
      .executeTakeFirstOrThrow()) as RequestRow;
    await ctx.audit({ action: 'tracing.closed', resourceType: 'tracing_request', resourceIds: [row.id] });
    setEtag(ctx.reply, updated.version);
    return summaryOf(await presentRequest(ctx, updated));
  },
});

export const tracingRoutes = [list, create, get, close];
