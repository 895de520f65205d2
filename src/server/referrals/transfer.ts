import { randomUUID } from 'node:crypto';
import { formatCaseNumber } from '../../core/cases/case-input.ts';
import type { Sex } from '../../core/cases/vocabulary.ts';
import { changesBetween, creationChanges, recordRootChanges } from '../cases/history.ts';
import { CASE_HISTORY_FIELDS, caseFieldsOf } from '../cases/present.ts';
import { dayString, nextVersion, throwIfAny } from '../cases/shared.ts';
import { caseColumns, nextCaseNumber, type CaseRow } from '../cases/store.ts';
import {
  insertPerson,
  personColumns,
  personFieldsOf,
  PERSON_HISTORY_FIELDS,
  type DateOfBirth,
} from '../persons/store.ts';
import { ProblemError } from '../platform/http/problem.ts';
import type { Context } from '../platform/http/route.ts';
import type { ReferralRow } from './store.ts';

/**
 * Accepting a transfer (see docs/decisions/0007-referrals-and-transfers.md).
 * - Within the agency: the same case moves to the receiving programme, owned by whoever accepted it; the
 *   change is in the case's history.
 * - To another agency: no record crosses agencies. The receiving agency opens a person of its own with the
 *   minimal identity the referral showed (given names, first surname, year of birth or age range, sex,
 *   languages, the no-contact entries) and a case in the programme the responder names; the sending agency
 *   keeps its own record, and closes its case through its own workflow (closure kind `transferred`).
 */

/** Guatemala's calendar year (UTC−6, no daylight saving), as the case numbers use it. */
const caseYear = (now = new Date()) => new Date(now.getTime() - 6 * 3_600_000).getUTCFullYear();

async function caseRow(ctx: Context, id: string): Promise<CaseRow> {
  const row = await ctx.db
    .selectFrom('case_file')
    .select(caseColumns)
    .where('case_file.id', '=', id)
    .executeTakeFirstOrThrow();
  return { ...row, in_scope: true };
}

/** The case moves to the receiving programme; returns its id. */
export async function acceptInternalTransfer(ctx: Context, referral: ReferralRow): Promise<string> {
  const before = await caseRow(ctx, referral.case_id);
  if (before.restricted) {
    const listed = await ctx.db
      .selectFrom('record_restriction')
      .select('user_id')
      .where('record_id', '=', before.id)
      .where('user_id', '=', ctx.actor.userId)
      .executeTakeFirst();
    if (!listed)
      throw new ProblemError(
        'conflict',
        'El caso está restringido y usted no está entre quienes pueden verlo; pida que cambien la restricción.',
      );
  }
  await ctx.db
    .updateTable('case_file')
    .set({
      programme_id: referral.to_programme_id!,
      team_id: null,
      owner_user_id: ctx.actor.userId,
      ...nextVersion(),
    })
    .where('id', '=', before.id)
    .execute();
  const after = await caseRow(ctx, before.id);
  await recordRootChanges(ctx, 'case', before, after.version, [
    { field: 'programmeId', from: before.programme_id, to: after.programme_id },
    ...changesBetween(caseFieldsOf(ctx, before), caseFieldsOf(ctx, after), CASE_HISTORY_FIELDS),
  ]);
  await ctx.audit({
    action: 'case.transferred',
    resourceType: 'case',
    resourceIds: [before.id, referral.id],
    details: { fromProgrammeId: before.programme_id, toProgrammeId: after.programme_id },
  });
  return before.id;
}

/** What of a date of birth crosses to the receiving agency: the year, or the estimated age range. */
function minimalBirth(dob: DateOfBirth): DateOfBirth {
  if (dob.precision === 'exact') return { precision: 'year', year: Number(dob.date.slice(0, 4)) };
  return dob;
}

/** A person and a case of the receiving agency; returns their ids. */
export async function acceptAgencyTransfer(
  ctx: Context,
  referral: ReferralRow,
  programmeId: string | undefined,
): Promise<{ personId: string; caseId: string }> {
  const programme = programmeId
    ? await ctx.db
        .selectFrom('programme')
        .select('id')
        .where('id', '=', programmeId)
        .where('agency_id', '=', ctx.actor.agencyId)
        .where('active', '=', true)
        .executeTakeFirst()
    : undefined;
  const inScope =
    ctx.scope.kind !== 'programme' ||
    (programmeId !== undefined && ctx.scope.programmeIds.includes(programmeId));
  if (!programme || !inScope)
    throwIfAny([
      {
        field: 'body.programmeId',
        code: programmeId ? 'unknown_programme' : 'required',
        message: 'Indique el programa de su agencia que recibe el caso.',
      },
    ]);
  const source = await ctx.db
    .selectFrom('person')
    .select(personColumns)
    .where('person.id', '=', referral.person_id)
    .executeTakeFirstOrThrow();
  const fields = personFieldsOf(source);
  const person = await insertPerson(ctx, {
    givenNames: fields.givenNames,
    firstSurname: fields.firstSurname,
    sex: fields.sex as Sex | null,
    dateOfBirth: minimalBirth(fields.dateOfBirth),
    languages: fields.languages,
  });
  await recordRootChanges(
    ctx,
    'person',
    person,
    person.version,
    creationChanges(personFieldsOf(person), PERSON_HISTORY_FIELDS),
  );
  const noContact = await ctx.db
    .selectFrom('person_relation')
    .select(['kind', 'name', 'relationship', 'no_contact_reason', 'no_contact_source'])
    .where('person_id', '=', source.id)
    .where('no_contact', '=', true)
    .execute();
  if (noContact.length > 0)
    await ctx.db
      .insertInto('person_relation')
      .values(
        noContact.map((r) => ({
          id: randomUUID(),
          agency_id: person.agency_id,
          person_id: person.id,
          kind: r.kind,
          name: r.name,
          relationship: r.relationship,
          no_contact: true,
          no_contact_reason: r.no_contact_reason,
          no_contact_source: r.no_contact_source,
        })),
      )
      .execute();
  const sender = await ctx.db
    .selectFrom('agency')
    .select(['name', 'org_type'])
    .where('id', '=', referral.agency_id)
    .executeTakeFirstOrThrow();
  const { prefix, sequence } = await nextCaseNumber(ctx.db, ctx.actor.agencyId, caseYear());
  const sourceCase = await caseRow(ctx, referral.case_id);
  const caseId = randomUUID();
  await ctx.db
    .insertInto('case_file')
    .values({
      id: caseId,
      agency_id: ctx.actor.agencyId,
      number: formatCaseNumber(prefix, caseYear(), sequence),
      person_id: person.id,
      programme_id: programmeId!,
      owner_user_id: ctx.actor.userId,
      case_type: sourceCase.case_type,
      referral_org_type: sender.org_type,
      referral_org_name: sender.name,
      referral_date: dayString(referral.sent_at)!,
      created_by: ctx.actor.userId,
    })
    .execute();
  const created = await caseRow(ctx, caseId);
  await recordRootChanges(
    ctx,
    'case',
    created,
    created.version,
    creationChanges(caseFieldsOf(ctx, created), CASE_HISTORY_FIELDS),
  );
  await ctx.audit({
    action: 'person.created',
    resourceType: 'person',
    resourceIds: [person.id, referral.id],
    details: { fromReferral: referral.id, noContactEntries: noContact.length },
  });
  await ctx.audit({
    action: 'case.created',
    resourceType: 'case',
    resourceIds: [caseId, person.id, referral.id],
    details: { number: created.number, fromReferral: referral.id },
  });
  return { personId: person.id, caseId };
}
