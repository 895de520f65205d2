import { randomUUID } from 'node:crypto';
import { validConsent } from '../../core/consent/has-consent.ts';
import { auditRecordList } from '../cases/audit.ts';
import { idParams, nextVersion, sealText, throwIfAny } from '../cases/shared.ts';
import { caseOrNotFound } from '../cases/store.ts';
import { referralReceivedBy, viewerOf } from '../cases/visibility.ts';
import { requireConsentOrOverride } from '../consent/override-gate.ts';
import { hasPermission } from '../platform/auth/actor.ts';
import { consentsOf, factOf } from '../consent/store.ts';
import { notFound, ProblemError, type FieldError } from '../platform/http/problem.ts';
import { defineRoute, type Context } from '../platform/http/route.ts';
import { setEtag } from '../platform/http/versioning.ts';
import { presentReferrals, referralContext } from './present.ts';
import {
  completeInput,
  createReferralInput,
  referralListQuery,
  referralPage,
  referralSchema,
  respondInput,
  type CreateReferralInput,
} from './schemas.ts';
import { findReferral, referralPageOf, referralSentBy, selectReferrals, type ReferralRow } from './store.ts';
import { acceptAgencyTransfer, acceptInternalTransfer } from './transfer.ts';
import { todayUtc } from '../../core/dates.ts';

/**
 * Referrals and transfers of a case to another programme of the agency or to another agency. Sending
 * checks consent: a consent in force for a referral naming the receiving agency, or for data sharing with
 * it; without one the referral is refused (409), unless a user holding case:approve records an override
 * reason (audited as such). Status: sent → accepted | rejected → completed (accepted only). The receiving
 * side sees the narrow view (src/server/referrals/present.ts).
 */

const tags = ['case work'];

async function presentOne(ctx: Context, row: ReferralRow) {
  const [out] = await presentReferrals(ctx, [row]);
  return out!;
}

async function referralOrNotFound(ctx: Context, id: string, forUpdate = false) {
  const row = await findReferral(ctx.db, await viewerOf(ctx), id, forUpdate);
  if (!row) throw notFound('La referencia');
  return row;
}

/** Checks where the referral goes: an active agency, and a programme exactly when it stays within the agency. */
async function checkDestination(
  ctx: Context,
  body: CreateReferralInput,
  kase: { agency_id: string; programme_id: string },
) {
  const errors: FieldError[] = [];
  const agency = await ctx.db
    .selectFrom('agency')
    .select(['id', 'name'])
    .where('id', '=', body.toAgencyId)
    .where('active', '=', true)
    .executeTakeFirst();
  if (!agency) {
    errors.push({
      field: 'body.toAgencyId',
      code: 'unknown_agency',
      message: 'La agencia no existe o no está activa.',
    });
    throwIfAny(errors);
  }
  const internal = body.toAgencyId === kase.agency_id;
  if (internal && !body.toProgrammeId)
    errors.push({
      field: 'body.toProgrammeId',
      code: 'required',
      message: 'Dentro de la agencia, indique el programa al que se refiere el caso.',
    });
  if (!internal && body.toProgrammeId)
    errors.push({
      field: 'body.toProgrammeId',
      code: 'not_allowed',
      message: 'A otra agencia se refiere a la agencia; ella decide el programa.',
    });
  if (internal && body.toProgrammeId) {
    const programme = await ctx.db
      .selectFrom('programme')
      .select('id')
      .where('id', '=', body.toProgrammeId)
      .where('agency_id', '=', kase.agency_id)
      .where('active', '=', true)
      .executeTakeFirst();
    if (!programme || programme.id === kase.programme_id)
      errors.push({
        field: 'body.toProgrammeId',
        code: 'unknown_programme',
        message: 'El programa no existe en la agencia, no está activo o es el mismo del caso.',
      });
  }
  throwIfAny(errors);
  return agency!;
}

const create = defineRoute({
  method: 'POST',
  url: '/api/cases/:id/referrals',
  summary: 'Referir o trasladar un caso a otro programa o agencia (requiere consentimiento vigente)',
  tags,
  status: 201,
  policy: { permission: 'referral:write' },
  schema: { params: idParams, body: createReferralInput, response: referralSchema },
  handler: async (ctx, { params, body }) => {
    const kase = await caseOrNotFound(ctx, params.id, true);
    if (kase.status === 'closure')
      throw new ProblemError('conflict', 'El caso está cerrado; reábralo antes de referirlo.');
    const agency = await checkDestination(ctx, body, kase);
    if (body.kind === 'transfer') {
      const pending = await ctx.db
        .selectFrom('referral')
        .select('id')
        .where('case_id', '=', kase.id)
        .where('kind', '=', 'transfer')
        .where('status', '=', 'sent')
        .executeTakeFirst();
      if (pending)
        throw new ProblemError('conflict', 'El caso ya tiene un traslado pendiente de respuesta.', {
          extra: { referralId: pending.id },
        });
    }
    const facts = (await consentsOf(ctx.db, kase.person_id)).map(factOf);
    const query = { agencyId: body.toAgencyId, at: todayUtc() };
    const consent =
      validConsent(facts, 'referral_to_agency', query) ?? validConsent(facts, 'data_sharing', query);
    const emergency = kase.in_scope ? {} : { emergency: true };
    await requireConsentOrOverride(ctx, {
      consent,
      override: body.consentOverride,
      refusedAction: 'referral.refused',
      resourceIds: [kase.id, kase.person_id, body.toAgencyId],
      details: { kind: body.kind, toAgencyId: body.toAgencyId, ...emergency },
      missing: {
        detail: `No hay un consentimiento vigente para referir a esta persona a ${agency.name} (consentimiento de referencia a esa agencia o de intercambio de datos). Registre el consentimiento o pida a una coordinadora o coordinador que registre una excepción justificada.`,
        field: 'Falta el consentimiento para esta referencia.',
      },
      notAllowed:
        'Solo quien puede aprobar casos (coordinación) puede referir sin consentimiento, dejando el motivo.',
    });
    const override = consent ? undefined : body.consentOverride;
    const id = randomUUID();
    await ctx.db
      .insertInto('referral')
      .values({
        id,
        agency_id: kase.agency_id,
        case_id: kase.id,
        person_id: kase.person_id,
        kind: body.kind,
        from_programme_id: kase.programme_id,
        to_agency_id: body.toAgencyId,
        to_programme_id: body.toProgrammeId ?? null,
        services_requested: body.servicesRequested ?? [],
        urgency: body.urgency,
        reason_sealed: sealText(ctx, referralContext(id, 'reason'), body.reason)!,
        consent_id: consent?.id ?? null,
        override_reason_sealed: override
          ? sealText(ctx, referralContext(id, 'override_reason'), override.reason)
          : null,
        override_by: override ? ctx.actor.userId : null,
        sent_by: ctx.actor.userId,
      })
      .execute();
    await ctx.audit({
      action: 'referral.sent',
      resourceType: 'referral',
      resourceIds: [id, kase.id, kase.person_id, body.toAgencyId],
      details: {
        kind: body.kind,
        toAgencyId: body.toAgencyId,
        ...(body.toProgrammeId && { toProgrammeId: body.toProgrammeId }),
        consentBasis: consent ? 'consent' : 'override',
        ...(consent && { consentId: consent.id }),
        ...emergency,
      },
    });
    if (override)
      await ctx.audit({
        action: 'referral.consent_overridden',
        resourceType: 'referral',
        resourceIds: [id, kase.id, kase.person_id],
        details: { toAgencyId: body.toAgencyId, kind: body.kind },
      });
    const row = (await referralOrNotFound(ctx, id))!;
    setEtag(ctx.reply, row.version);
    return presentOne(ctx, row);
  },
});

const list = defineRoute({
  method: 'GET',
  url: '/api/referrals',
  summary: 'Referencias recibidas (vista mínima) o enviadas',
  tags,
  policy: { permission: 'referral:read' },
  schema: { querystring: referralListQuery, response: referralPage },
  handler: async (ctx, { query }) => {
    const viewer = await viewerOf(ctx);
    const base = selectReferrals(ctx.db, viewer).where((eb) =>
      query.direction === 'incoming' ? referralReceivedBy(eb, viewer) : referralSentBy(eb, viewer),
    );
    const { rows, total } = await referralPageOf(ctx.db, base, query);
    const items = await presentReferrals(ctx, rows);
    await auditRecordList(
      ctx,
      'referral.list',
      'referral',
      rows.map((r) => r.id),
      { direction: query.direction, status: query.status, page: query.page, pageSize: query.pageSize },
    );
    return { items, total, page: query.page, pageSize: query.pageSize };
  },
});

const get = defineRoute({
  method: 'GET',
  url: '/api/referrals/:id',
  summary: 'Una referencia (quien la recibe ve solo la vista mínima)',
  tags,
  policy: { permission: 'referral:read' },
  schema: { params: idParams, response: referralSchema },
  handler: async (ctx, { params }) => {
    const row = await referralOrNotFound(ctx, params.id);
    setEtag(ctx.reply, row.version);
    await ctx.audit({
      action: 'referral.read',
      resourceType: 'referral',
      resourceIds: [row.id, row.case_id, row.person_id],
      details: { view: row.as_sender ? 'sender' : 'receiver' },
    });
    return presentOne(ctx, row);
  },
});

const respond = defineRoute({
  method: 'POST',
  url: '/api/referrals/:id/respond',
  summary: 'Aceptar o rechazar una referencia recibida (aceptar un traslado abre el caso en su programa)',
  tags,
  policy: { permission: 'referral:respond' },
  schema: { params: idParams, body: respondInput, response: referralSchema },
  handler: async (ctx, { params, body }) => {
    const row = await referralOrNotFound(ctx, params.id, true);
    if (!row.as_receiver)
      throw new ProblemError(
        'forbidden',
        'Solo la agencia o el programa que recibe la referencia puede responderla.',
      );
    if (row.status !== 'sent')
      throw new ProblemError('conflict', 'Esta referencia ya fue respondida.', {
        extra: { status: row.status },
      });
    const received: { personId?: string; caseId?: string } = {};
    if (body.decision === 'accept' && row.kind === 'transfer') {
      if (!hasPermission(ctx.actor, 'case:create')) {
        await ctx.audit({
          action: 'authz.denied',
          outcome: 'denied',
          resourceType: 'referral',
          resourceIds: [row.id],
          details: { route: 'POST /api/referrals/:id/respond', permission: 'case:create' },
        });
        throw new ProblemError('forbidden', 'Aceptar un traslado requiere poder abrir casos (case:create).', {
          commit: true,
        });
      }
      if (row.to_programme_id) received.caseId = await acceptInternalTransfer(ctx, row);
      else Object.assign(received, await acceptAgencyTransfer(ctx, row, body.programmeId));
    } else if (body.programmeId)
      throwIfAny([
        {
          field: 'body.programmeId',
          code: 'not_allowed',
          message: 'El programa solo se indica al aceptar un traslado desde otra agencia.',
        },
      ]);
    await ctx.db
      .updateTable('referral')
      .set({
        status: body.decision === 'accept' ? 'accepted' : 'rejected',
        responded_by: ctx.actor.userId,
        responded_at: new Date(),
        response_reason_sealed: sealText(ctx, referralContext(row.id, 'response_reason'), body.reason),
        ...(received.personId && {
          received_person_id: received.personId,
          received_case_id: received.caseId!,
        }),
        ...nextVersion(),
      })
      .where('id', '=', row.id)
      .execute();
    await ctx.audit({
      action: body.decision === 'accept' ? 'referral.accepted' : 'referral.rejected',
      resourceType: 'referral',
      resourceIds: [row.id, row.case_id, row.person_id, ...(received.caseId ? [received.caseId] : [])],
      details: { kind: row.kind, internal: row.to_programme_id !== null },
    });
    const updated = (await referralOrNotFound(ctx, row.id))!;
    setEtag(ctx.reply, updated.version);
    return presentOne(ctx, updated);
  },
});

const complete = defineRoute({
  method: 'POST',
  url: '/api/referrals/:id/complete',
  summary: 'Dar por completada una referencia aceptada',
  tags,
  policy: { permission: 'referral:respond' },
  schema: { params: idParams, body: completeInput, response: referralSchema },
  handler: async (ctx, { params, body }) => {
    const row = await referralOrNotFound(ctx, params.id, true);
    if (row.status !== 'accepted')
      throw new ProblemError('conflict', 'Solo una referencia aceptada puede darse por completada.', {
        extra: { status: row.status },
      });
    await ctx.db
      .updateTable('referral')
      .set({
        status: 'completed',
        completed_by: ctx.actor.userId,
        completed_at: new Date(),
        completion_notes_sealed: sealText(ctx, referralContext(row.id, 'completion_notes'), body.notes),
        ...nextVersion(),
      })
      .where('id', '=', row.id)
      .execute();
    await ctx.audit({
      action: 'referral.completed',
      resourceType: 'referral',
      resourceIds: [row.id, row.case_id, row.person_id],
      details: { side: row.as_sender ? 'sender' : 'receiver' },
    });
    const updated = (await referralOrNotFound(ctx, row.id))!;
    setEtag(ctx.reply, updated.version);
    return presentOne(ctx, updated);
  },
});

export const referralRoutes = [create, list, get, respond, complete];
