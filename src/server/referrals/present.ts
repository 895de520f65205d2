import { PERSON_FIELD_CLASSES } from '../../core/cases/field-classes.ts';
import { ageRangeOn } from '../../core/consent/age-bands.ts';
import { openText, sealContext } from '../cases/shared.ts';
import { presentNoContact, presentPersonRef } from '../persons/present.ts';
import { noContactByPerson, noContactQuery, personColumns, personFieldsOf } from '../persons/store.ts';
import { together } from '../platform/db/together.ts';
import type { Context } from '../platform/http/route.ts';
import { present } from '../platform/policy/present.ts';
import { refOf, userRefsOf, userRefsQuery } from '../services/shared.ts';
import type { ReceiverView, ReferralOut, SenderView } from './schemas.ts';
import type { ReferralRow } from './store.ts';
import { todayUtc } from '../../core/dates.ts';

/**
 * The referral presenter. The sending side sees the referral with its case and consent basis; the receiving
 * side only the narrow view: the referral's own fields and the person's minimal identity.
 */

export const referralContext = (
  id: string,
  column: 'reason' | 'override_reason' | 'response_reason' | 'completion_notes',
) => sealContext('referral', column, id);

export async function presentReferrals(ctx: Context, rows: ReferralRow[]): Promise<ReferralOut[]> {
  if (rows.length === 0) return [];
  const agencyIds = [...new Set(rows.flatMap((r) => [r.agency_id, r.to_agency_id]))];
  const programmeIds = [
    ...new Set(rows.flatMap((r) => [r.from_programme_id, r.to_programme_id]).filter((id) => id !== null)),
  ] as string[];
  const personIds = [...new Set(rows.map((r) => r.person_id))];
  const caseIds = [...new Set(rows.filter((r) => r.as_sender).map((r) => r.case_id))];
  const [agencies, programmes, persons, noContactRows, cases, userRows] = await together(ctx.db, [
    ctx.db.selectFrom('agency').select(['id', 'name', 'org_type']).where('id', 'in', agencyIds),
    programmeIds.length > 0
      ? ctx.db.selectFrom('programme').select(['id', 'name']).where('id', 'in', programmeIds)
      : undefined,
    ctx.db.selectFrom('person').select(personColumns).where('person.id', 'in', personIds),
    noContactQuery(ctx.db, personIds),
    caseIds.length > 0
      ? ctx.db.selectFrom('case_file').select(['id', 'number']).where('id', 'in', caseIds)
      : undefined,
    userRefsQuery(
      ctx.db,
      rows.flatMap((r) => [r.sent_by, r.responded_by, r.completed_by, r.override_by]),
    ),
  ]);
  const noContact = noContactByPerson(personIds, noContactRows);
  const users = userRefsOf(userRows);
  const agency = new Map(agencies.map((a) => [a.id, a]));
  const programme = new Map(programmes.map((p) => [p.id, p]));
  const person = new Map(persons.map((p) => [p.id, p]));
  const caseNumber = new Map(cases.map((c) => [c.id, c.number]));
  const agencyRef = (id: string) => ({
    id,
    name: agency.get(id)?.name ?? '',
    orgType: (agency.get(id)?.org_type ?? 'NGO') as SenderView['toAgency']['orgType'],
  });
  const programmeRef = (id: string) => ({ id, name: programme.get(id)?.name ?? '' });
  const open = (row: ReferralRow, column: Parameters<typeof referralContext>[1], sealed: Buffer | null) =>
    openText(ctx, referralContext(row.id, column), sealed);

  return rows.map((row): ReferralOut => {
    const core = {
      id: row.id,
      kind: row.kind as SenderView['kind'],
      status: row.status as SenderView['status'],
      toAgency: agencyRef(row.to_agency_id),
      toProgramme: row.to_programme_id ? programmeRef(row.to_programme_id) : null,
      servicesRequested: row.services_requested as SenderView['servicesRequested'],
      urgency: row.urgency as SenderView['urgency'],
      reason: open(row, 'reason', row.reason_sealed) ?? '',
      sentAt: row.sent_at.toISOString(),
      respondedAt: row.responded_at ? row.responded_at.toISOString() : null,
      responseReason: open(row, 'response_reason', row.response_reason_sealed),
      completedAt: row.completed_at ? row.completed_at.toISOString() : null,
      completionNotes: open(row, 'completion_notes', row.completion_notes_sealed),
      version: row.version,
    };
    const p = person.get(row.person_id)!;
    if (row.as_sender)
      return {
        view: 'sender',
        ...core,
        caseId: row.case_id,
        caseNumber: caseNumber.get(row.case_id) ?? '',
        person: presentPersonRef(ctx.actor, p, noContact.get(row.person_id) ?? []),
        fromAgency: agencyRef(row.agency_id),
        fromProgramme: programmeRef(row.from_programme_id),
        sentBy: refOf(users, row.sent_by),
        respondedBy: refOf(users, row.responded_by),
        completedBy: refOf(users, row.completed_by),
        consent: {
          basis: row.consent_id ? 'consent' : 'override',
          consentId: row.consent_id,
          overrideReason: open(row, 'override_reason', row.override_reason_sealed),
          overrideBy: refOf(users, row.override_by),
        },
      };
    const fields = personFieldsOf(p);
    const receiver: ReceiverView = {
      view: 'receiver',
      ...core,
      fromAgency: { name: agencyRef(row.agency_id).name, orgType: agencyRef(row.agency_id).orgType },
      fromProgramme: { name: programmeRef(row.from_programme_id).name },
      sentBy: row.sent_by ? { displayName: refOf(users, row.sent_by)?.displayName ?? '' } : null,
      receivedCaseId: row.received_case_id,
      person: {
        ...present(
          ctx.actor,
          {
            givenNames: fields.givenNames,
            firstSurname: fields.firstSurname,
            age: ageRangeOn(fields.dateOfBirth, todayUtc()),
          },
          { ...PERSON_FIELD_CLASSES, age: PERSON_FIELD_CLASSES.dateOfBirth },
        ),
        sex: fields.sex,
        languages: fields.languages,
        noContact: presentNoContact(ctx.actor, noContact.get(row.person_id) ?? []).map(
          ({ relationId: _id, ...entry }) => entry,
        ),
      },
    };
    return receiver;
  });
}
