import { randomUUID } from 'node:crypto';
import type { KnownDateOfBirth } from '../../core/cases/date-of-birth.ts';
import {
  bandOn,
  companionWarnings,
  giverWarnings,
  warning,
  type AgeBand,
  type ConsentWarning,
} from '../../core/consent/age-bands.ts';
import { createConsentInput, withdrawConsentInput } from '../../core/consent/consent-input.ts';
import { hasConsent } from '../../core/consent/has-consent.ts';
import {
  CONSENT_CHECKLIST,
  type ConsentDecision,
  type ConsentGiver,
  type ConsentPurpose,
} from '../../core/consent/vocabulary.ts';
import { auditRecordList } from '../cases/audit.ts';
import { requireWriteClearance } from '../cases/clearance.ts';
import { childParams, dayString, idParams, nextVersion, throwIfAny } from '../cases/shared.ts';
import { personFieldsOf, personOrNotFound, type PersonRow } from '../persons/store.ts';
import { together } from '../platform/db/together.ts';
import { notFound, ProblemError } from '../platform/http/problem.ts';
import { defineRoute, type Context } from '../platform/http/route.ts';
import { requireVersion, setEtag } from '../platform/http/versioning.ts';
import { present } from '../platform/policy/present.ts';
import { refOf, userRefsOf, userRefsQuery } from '../services/shared.ts';
import { consentDocumentProblems } from './document.ts';
import { CONSENT_FIELD_CLASSES, consentListSchema, consentSchema, type ConsentOut } from './schemas.ts';
import {
  ageBandsOf,
  ageBandsQuery,
  checklistColumns,
  checklistOf,
  consentColumns,
  consentsOf,
  factOf,
  type ConsentRow,
} from './store.ts';
import { todayUtc } from '../../core/dates.ts';

/**
 * Consent and assent of a person, per purpose, as data: who gave it (the child, a guardian, a trusted adult,
 * the PGN or a court), the HTCDS checklist, the document, withdrawal. The age-band rule (table
 * consent_age_band) is checked against the date of birth, exact or estimated, on the day it was given; a
 * giver who does not fit is recorded all the same, with a warning.
 */

const tags = ['case work'];

interface Related {
  dob: KnownDateOfBirth;
  bands: AgeBand[];
  agencyNames: Map<string, string>;
  users: ReturnType<typeof userRefsOf>;
}

async function relatedOf(ctx: Context, person: PersonRow, rows: ConsentRow[]): Promise<Related> {
  const agencyIds = [...new Set(rows.map((r) => r.target_agency_id).filter((id): id is string => !!id))];
  const [bandRows, agencies, userRows] = await together(ctx.db, [
    ageBandsQuery(ctx.db, person.agency_id),
    agencyIds.length > 0
      ? ctx.db.selectFrom('agency').select(['id', 'name']).where('id', 'in', agencyIds)
      : undefined,
    userRefsQuery(
      ctx.db,
      rows.flatMap((r) => [r.recorded_by, r.withdrawn_by]),
    ),
  ]);
  const bands = ageBandsOf(person.agency_id, bandRows);
  const users = userRefsOf(userRows);
  return {
    dob: personFieldsOf(person).dateOfBirth,
    bands,
    agencyNames: new Map(agencies.map((a) => [a.id, a.name])),
    users,
  };
}

/** Warnings about one consent: who gave it against the age band, and an incomplete checklist. */
function recordWarnings(row: ConsentRow, related: Related): ConsentWarning[] {
  const givenOn = dayString(row.given_on)!;
  const checklist = checklistOf(row);
  return [
    ...giverWarnings(related.bands, related.dob, row.given_by as ConsentGiver, givenOn),
    ...(row.decision === 'granted' && CONSENT_CHECKLIST.some((item) => !checklist[item])
      ? [warning('checklist_incomplete')]
      : []),
  ];
}

function presentConsent(ctx: Context, row: ConsentRow, related: Related, extra: ConsentWarning[] = []) {
  const givenOn = dayString(row.given_on)!;
  const withdrawnOn = dayString(row.withdrawn_on);
  const band = bandOn(related.bands, related.dob, givenOn);
  const out: ConsentOut = {
    id: row.id,
    personId: row.person_id,
    purpose: row.purpose as ConsentPurpose,
    agency: row.target_agency_id
      ? { id: row.target_agency_id, name: related.agencyNames.get(row.target_agency_id) ?? '' }
      : null,
    decision: row.decision as ConsentDecision,
    form: row.given_by === 'child' && band?.childRole === 'assent' ? 'assent' : 'consent',
    givenBy: row.given_by as ConsentGiver,
    ...present(ctx.actor, { giverName: row.giver_name }, CONSENT_FIELD_CLASSES),
    giverRelationship: row.giver_relationship,
    givenOn,
    checklist: checklistOf(row),
    document:
      row.document_attachment_id || row.document_reference
        ? { attachmentId: row.document_attachment_id, reference: row.document_reference }
        : null,
    withdrawal: withdrawnOn
      ? {
          withdrawnOn,
          reason: row.withdrawal_reason ?? '',
          recordedBy: refOf(related.users, row.withdrawn_by),
          recordedAt: row.withdrawn_at ? row.withdrawn_at.toISOString() : null,
        }
      : null,
    inForce: row.decision === 'granted' && (withdrawnOn === null || withdrawnOn > todayUtc()),
    ageBand: band,
    warnings: [...recordWarnings(row, related), ...extra],
    recordedBy: refOf(related.users, row.recorded_by),
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
  return out;
}

async function consentOrNotFound(ctx: Context, personId: string, id: string, forUpdate = false) {
  let query = ctx.db
    .selectFrom('consent')
    .select(consentColumns)
    .where('id', '=', id)
    .where('person_id', '=', personId);
  if (forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  if (!row) throw notFound('El consentimiento');
  return row;
}

const emergencyFlag = (person: { in_scope: boolean }) => (person.in_scope ? {} : { emergency: true });

const list = defineRoute({
  method: 'GET',
  url: '/api/persons/:id/consents',
  summary: 'Consentimientos y asentimientos de una persona, por propósito',
  tags,
  policy: { permission: 'consent:read' },
  schema: { params: idParams, response: consentListSchema },
  handler: async (ctx, { params }) => {
    const person = await personOrNotFound(ctx, params.id);
    const rows = await consentsOf(ctx.db, person.id);
    const related = await relatedOf(ctx, person, rows);
    const facts = rows.map(factOf);
    const keys = new Map(facts.map((f) => [`${f.purpose}|${f.agencyId ?? ''}`, f]));
    const purposes = [...keys.values()].map((f) => ({
      purpose: f.purpose,
      agencyId: f.agencyId,
      allowed: hasConsent(facts, f.purpose, { ...(f.agencyId && { agencyId: f.agencyId }), at: todayUtc() }),
    }));
    await auditRecordList(
      ctx,
      'consent.list',
      'consent',
      [person.id, ...rows.map((r) => r.id)],
      emergencyFlag(person),
    );
    return { items: rows.map((row) => presentConsent(ctx, row, related)), purposes };
  },
});

const get = defineRoute({
  method: 'GET',
  url: '/api/persons/:id/consents/:childId',
  summary: 'Un consentimiento o asentimiento',
  tags,
  policy: { permission: 'consent:read' },
  schema: { params: childParams, response: consentSchema },
  handler: async (ctx, { params }) => {
    const person = await personOrNotFound(ctx, params.id);
    const row = await consentOrNotFound(ctx, person.id, params.childId);
    setEtag(ctx.reply, row.version);
    await ctx.audit({
      action: 'consent.read',
      resourceType: 'consent',
      resourceIds: [row.id, person.id],
      details: emergencyFlag(person),
    });
    return presentConsent(ctx, row, await relatedOf(ctx, person, [row]));
  },
});

const create = defineRoute({
  method: 'POST',
  url: '/api/persons/:id/consents',
  summary: 'Registrar un consentimiento o asentimiento (con aviso si no corresponde a la franja de edad)',
  tags,
  status: 201,
  policy: { permission: 'consent:write' },
  schema: { params: idParams, body: createConsentInput, response: consentSchema },
  handler: async (ctx, { params, body }) => {
    const person = await personOrNotFound(ctx, params.id);
    requireWriteClearance(ctx.actor, { giverName: body.giverName ?? undefined }, CONSENT_FIELD_CLASSES);
    if (body.agencyId) {
      const agency = await ctx.db
        .selectFrom('agency')
        .select('id')
        .where('id', '=', body.agencyId)
        .where('active', '=', true)
        .executeTakeFirst();
      if (!agency)
        throwIfAny([
          {
            field: 'body.agencyId',
            code: 'unknown_agency',
            message: 'La agencia no existe o no está activa.',
          },
        ]);
    }
    if (body.document?.attachmentId)
      throwIfAny(await consentDocumentProblems(ctx, person.id, body.document.attachmentId));
    const id = randomUUID();
    const row = await ctx.db
      .insertInto('consent')
      .values({
        id,
        agency_id: person.agency_id,
        person_id: person.id,
        purpose: body.purpose,
        target_agency_id: body.agencyId ?? null,
        decision: body.decision,
        given_by: body.givenBy,
        giver_name: body.giverName ?? null,
        giver_relationship: body.giverRelationship ?? null,
        given_on: body.givenOn,
        ...checklistColumns(body.checklist),
        document_attachment_id: body.document?.attachmentId ?? null,
        document_reference: body.document?.reference ?? null,
        recorded_by: ctx.actor.userId,
      })
      .returning(consentColumns)
      .executeTakeFirstOrThrow();
    const all = await consentsOf(ctx.db, person.id);
    const related = await relatedOf(ctx, person, all);
    // Who else has granted the same purpose (and agency), still in force on the day this one was given.
    const grantedBy =
      body.decision === 'granted'
        ? all
            .map(factOf)
            .filter(
              (f) =>
                f.purpose === body.purpose &&
                f.agencyId === (body.agencyId ?? null) &&
                f.decision === 'granted' &&
                f.givenOn <= body.givenOn &&
                (f.withdrawnOn === null || f.withdrawnOn > body.givenOn),
            )
            .map((f) => f.givenBy)
        : [];
    const companions =
      body.decision === 'granted'
        ? companionWarnings(related.bands, related.dob, body.givenOn, grantedBy)
        : [];
    const out = presentConsent(ctx, row, related, companions);
    await ctx.audit({
      action: 'consent.created',
      resourceType: 'consent',
      resourceIds: [id, person.id, ...(body.agencyId ? [body.agencyId] : [])],
      details: {
        purpose: body.purpose,
        decision: body.decision,
        givenBy: body.givenBy,
        warnings: out.warnings.map((w) => w.code),
        ...emergencyFlag(person),
      },
    });
    setEtag(ctx.reply, row.version);
    return out;
  },
});

const withdraw = defineRoute({
  method: 'POST',
  url: '/api/persons/:id/consents/:childId/withdraw',
  summary: 'Registrar el retiro de un consentimiento (If-Match); deja de contar desde esa fecha',
  tags,
  policy: { permission: 'consent:write' },
  schema: { params: childParams, body: withdrawConsentInput, response: consentSchema },
  handler: async (ctx, { params, body }) => {
    const person = await personOrNotFound(ctx, params.id);
    const row = await consentOrNotFound(ctx, person.id, params.childId, true);
    requireVersion(ctx.request, row.version);
    if (row.withdrawn_on)
      throw new ProblemError('conflict', 'Este consentimiento ya fue retirado.', {
        extra: { withdrawnOn: dayString(row.withdrawn_on) },
      });
    if (body.withdrawnOn < dayString(row.given_on)!)
      throwIfAny([
        {
          field: 'body.withdrawnOn',
          code: 'before_given',
          message: 'El retiro no puede ser anterior a la fecha en que se dio el consentimiento.',
        },
      ]);
    const updated = await ctx.db
      .updateTable('consent')
      .set({
        withdrawn_on: body.withdrawnOn,
        withdrawal_reason: body.reason,
        withdrawn_by: ctx.actor.userId,
        withdrawn_at: new Date(),
        ...nextVersion(),
      })
      .where('id', '=', row.id)
      .returning(consentColumns)
      .executeTakeFirstOrThrow();
    await ctx.audit({
      action: 'consent.withdrawn',
      resourceType: 'consent',
      resourceIds: [row.id, person.id],
      details: { purpose: row.purpose, withdrawnOn: body.withdrawnOn, ...emergencyFlag(person) },
    });
    setEtag(ctx.reply, updated.version);
    return presentConsent(ctx, updated, await relatedOf(ctx, person, [updated]));
  },
});

export const consentRoutes = [list, get, create, withdraw];
