import { randomUUID } from 'node:crypto';
import { SENSITIVITY_CLASSES, type OrganisationType } from '../../core/access/catalogue.ts';
import { validConsent } from '../../core/consent/has-consent.ts';
import { childParams, dayString, idParams, nextVersion, sealText, throwIfAny } from '../cases/shared.ts';
import { caseOrNotFound } from '../cases/store.ts';
import { sharedClassesOf, viewerOf } from '../cases/visibility.ts';
import { requireConsentOrOverride } from '../consent/override-gate.ts';
import { consentsOf, factOf } from '../consent/store.ts';
import { notFound, ProblemError, type FieldError } from '../platform/http/problem.ts';
import { defineRoute, type Context } from '../platform/http/route.ts';
import { setEtag } from '../platform/http/versioning.ts';
import { presentSharing, sharingContext } from './present.ts';
import {
  caseSharingSchema,
  createSharingInput,
  revokeSharingInput,
  sharingSchema,
  type CreateSharingInput,
} from './schemas.ts';
import { findSharing, sharingOfCase } from './store.ts';
import { todayUtc } from '../../core/dates.ts';

/**
 * Sharing decisions: the owning agency lets another agency read one case, and its person, limited to the
 * sensitivity classes it names, with a reason, until revoked or past its last day. Sharing checks consent:
 * a data-sharing consent in force naming that agency (or naming none); without one it is refused (409),
 * unless a user holding case:approve records an override reason (audited as such). What the receiving side
 * then sees is decided in src/server/cases/visibility.ts.
 */

const tags = ['case work'];

/** The case as its owning side reaches it; the receiving side of a sharing decision gets the same 404. */
async function ownCaseOrNotFound(ctx: Context, id: string, forUpdate = false) {
  const kase = await caseOrNotFound(ctx, id, forUpdate);
  if (sharedClassesOf(await viewerOf(ctx), { caseId: kase.id })) throw notFound('El caso');
  return kase;
}

async function presentOne(ctx: Context, caseId: string, id: string) {
  const row = (await findSharing(ctx.db, caseId, id))!;
  setEtag(ctx.reply, row.version);
  const [out] = await presentSharing(ctx, [row]);
  return out!;
}

/** The data-sharing consents in force today of the person, keyed by the agency each allows sharing with. */
async function consentsByAgency(ctx: Context, personId: string, agencyIds: string[]) {
  const facts = (await consentsOf(ctx.db, personId)).map(factOf);
  const at = todayUtc();
  return new Map(
    agencyIds.map((agencyId) => [agencyId, validConsent(facts, 'data_sharing', { agencyId, at })]),
  );
}

function checkInput(ctx: Context, body: CreateSharingInput, caseAgencyId: string) {
  const errors: FieldError[] = [];
  if (body.toAgencyId === caseAgencyId)
    errors.push({
      field: 'body.toAgencyId',
      code: 'own_agency',
      message: 'El caso ya es de su agencia; elija otra agencia.',
    });
  const notCleared = body.classes.filter((c) => !ctx.actor.clearances.has(c));
  if (notCleared.length > 0)
    errors.push({
      field: 'body.classes',
      code: 'not_cleared',
      message: `Solo puede compartir los tipos de datos que usted puede ver (${notCleared.join(', ')}).`,
    });
  if (body.expiresOn !== undefined && body.expiresOn < todayUtc())
    errors.push({
      field: 'body.expiresOn',
      code: 'in_the_past',
      message: 'La fecha de vencimiento no puede haber pasado.',
    });
  throwIfAny(errors);
}

const list = defineRoute({
  method: 'GET',
  url: '/api/cases/:id/sharing',
  summary: 'Decisiones de compartir un caso con otras agencias, y con cuáles puede compartirse',
  tags,
  policy: { permission: 'case:read' },
  schema: { params: idParams, response: caseSharingSchema },
  handler: async (ctx, { params }) => {
    const kase = await ownCaseOrNotFound(ctx, params.id);
    const [rows, agencies] = await Promise.all([
      sharingOfCase(ctx.db, kase.id),
      ctx.db
        .selectFrom('agency')
        .select(['id', 'name', 'org_type'])
        .where('active', '=', true)
        .where('id', '<>', kase.agency_id)
        .orderBy('name')
        .execute(),
    ]);
    const consents = await consentsByAgency(
      ctx,
      kase.person_id,
      agencies.map((a) => a.id),
    );
    const items = await presentSharing(ctx, rows);
    await ctx.audit({
      action: 'sharing.list',
      resourceType: 'case',
      resourceIds: [kase.id, ...rows.map((r) => r.id)],
      ...(!kase.in_scope && { details: { emergency: true } }),
    });
    return {
      items,
      agencies: agencies.map((a) => {
        const consent = consents.get(a.id);
        return {
          id: a.id,
          name: a.name,
          orgType: a.org_type as OrganisationType,
          consent: consent ? { id: consent.id, givenOn: consent.givenOn, givenBy: consent.givenBy } : null,
        };
      }),
    };
  },
});

const create = defineRoute({
  method: 'POST',
  url: '/api/cases/:id/sharing',
  summary:
    'Compartir un caso con otra agencia: qué tipos de datos y por qué (requiere consentimiento vigente)',
  tags,
  status: 201,
  policy: { permission: 'case:share' },
  schema: { params: idParams, body: createSharingInput, response: sharingSchema },
  handler: async (ctx, { params, body }) => {
    const kase = await ownCaseOrNotFound(ctx, params.id, true);
    checkInput(ctx, body, kase.agency_id);
    const agency = await ctx.db
      .selectFrom('agency')
      .select(['id', 'name'])
      .where('id', '=', body.toAgencyId)
      .where('active', '=', true)
      .executeTakeFirst();
    if (!agency)
      throwIfAny([
        {
          field: 'body.toAgencyId',
          code: 'unknown_agency',
          message: 'La agencia no existe o no está activa.',
        },
      ]);
    const current = await ctx.db
      .selectFrom('sharing_decision')
      .select('id')
      .where('case_id', '=', kase.id)
      .where('to_agency_id', '=', body.toAgencyId)
      .where('revoked_at', 'is', null)
      .where((eb) => eb.or([eb('expires_on', 'is', null), eb('expires_on', '>=', todayUtc())]))
      .executeTakeFirst();
    if (current)
      throw new ProblemError(
        'conflict',
        `El caso ya se comparte con ${agency!.name}; revoque esa decisión para tomar otra.`,
        { extra: { sharingId: current.id } },
      );
    const consent = (await consentsByAgency(ctx, kase.person_id, [body.toAgencyId])).get(body.toAgencyId);
    const emergency = kase.in_scope ? {} : { emergency: true };
    await requireConsentOrOverride(ctx, {
      consent,
      override: body.consentOverride,
      refusedAction: 'sharing.refused',
      resourceIds: [kase.id, kase.person_id, body.toAgencyId],
      details: { toAgencyId: body.toAgencyId, ...emergency },
      missing: {
        detail: `No hay un consentimiento vigente de intercambio de datos con ${agency!.name} para esta persona. Registre el consentimiento o pida a una coordinadora o coordinador que registre una excepción justificada.`,
        field: `Falta el consentimiento de intercambio de datos (data_sharing) con ${agency!.name}.`,
      },
      notAllowed:
        'Solo quien puede aprobar casos (coordinación) puede compartir sin consentimiento, dejando el motivo.',
    });
    const override = consent ? undefined : body.consentOverride;
    const classes = SENSITIVITY_CLASSES.filter((c) => body.classes.includes(c));
    const id = randomUUID();
    await ctx.db
      .insertInto('sharing_decision')
      .values({
        id,
        agency_id: kase.agency_id,
        case_id: kase.id,
        to_agency_id: body.toAgencyId,
        classes,
        reason_sealed: sealText(ctx, sharingContext(id, 'reason'), body.reason)!,
        consent_id: consent?.id ?? null,
        override_reason_sealed: override
          ? sealText(ctx, sharingContext(id, 'override_reason'), override.reason)
          : null,
        override_by: override ? ctx.actor.userId : null,
        decided_by: ctx.actor.userId,
        expires_on: body.expiresOn ?? null,
      })
      .execute();
    await ctx.audit({
      action: 'sharing.created',
      resourceType: 'sharing_decision',
      resourceIds: [id, kase.id, kase.person_id, body.toAgencyId],
      details: {
        toAgencyId: body.toAgencyId,
        classes,
        consentBasis: consent ? 'consent' : 'override',
        ...(consent && { consentId: consent.id }),
        ...(body.expiresOn && { expiresOn: body.expiresOn }),
        ...emergency,
      },
    });
    if (override)
      await ctx.audit({
        action: 'sharing.consent_overridden',
        resourceType: 'sharing_decision',
        resourceIds: [id, kase.id, kase.person_id],
        details: { toAgencyId: body.toAgencyId },
      });
    return presentOne(ctx, kase.id, id);
  },
});

const revoke = defineRoute({
  method: 'POST',
  url: '/api/cases/:id/sharing/:childId/revoke',
  summary: 'Revocar una decisión de compartir (la otra agencia deja de ver el caso de inmediato)',
  tags,
  policy: { permission: 'case:share' },
  schema: { params: childParams, body: revokeSharingInput, response: sharingSchema },
  handler: async (ctx, { params, body }) => {
    const kase = await ownCaseOrNotFound(ctx, params.id, true);
    const row = await findSharing(ctx.db, kase.id, params.childId, true);
    if (!row) throw notFound('La decisión de compartir');
    if (row.revoked_at)
      throw new ProblemError('conflict', 'Esta decisión ya fue revocada.', {
        extra: { revokedAt: row.revoked_at.toISOString() },
      });
    await ctx.db
      .updateTable('sharing_decision')
      .set({
        revoked_at: new Date(),
        revoked_by: ctx.actor.userId,
        revocation_reason_sealed: sealText(ctx, sharingContext(row.id, 'revocation_reason'), body.reason),
        ...nextVersion(),
      })
      .where('id', '=', row.id)
      .execute();
    await ctx.audit({
      action: 'sharing.revoked',
      resourceType: 'sharing_decision',
      resourceIds: [row.id, kase.id, kase.person_id, row.to_agency_id],
      details: {
        toAgencyId: row.to_agency_id,
        wasInForce: row.in_force,
        ...(row.expires_on && { expiresOn: dayString(row.expires_on) }),
        ...(!kase.in_scope && { emergency: true }),
      },
    });
    return presentOne(ctx, kase.id, row.id);
  },
});

export const sharingRoutes = [list, create, revoke];
