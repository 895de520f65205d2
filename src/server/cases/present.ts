import type { ProtectionMeasure } from '../../core/cases/case-input.ts';
import { CASE_FIELD_CLASSES } from '../../core/cases/field-classes.ts';
import { dueItems, type DueRule } from '../../core/cases/due-dates.ts';
import { allowedTransitions, htcdsStatus, isOpen, type CaseStatus } from '../../core/cases/status.ts';
import type { ClosureKind } from '../../core/cases/vocabulary.ts';
import { presentPersonRef, type PersonRefRow } from '../persons/present.ts';
import { noContactByPerson, noContactQuery, personRefsQuery, type NoContactRow } from '../persons/store.ts';
import { together } from '../platform/db/together.ts';
import type { Context } from '../platform/http/route.ts';
import { canSee, present } from '../platform/policy/present.ts';
import type { CaseOut } from './schemas.ts';
import { dayString, isoOrNull, openIfCleared, openText, sealContext } from './shared.ts';
import { dueRulesByAgency, dueRulesQuery, type CaseListRow, type CaseRow } from './store.ts';
import { actorWithin, sharedClassesOf, viewerOf } from './visibility.ts';

/** The case presenter: every path that returns a case (record, list, my work) goes through it. */

export const riskNotesContext = (id: string) => sealContext('case_file', 'risk_notes', id);

/** A case's editable and workflow fields as the API names them (the ones the history follows). */
export interface CaseFields {
  caseType: string;
  referralSource: { orgType: string; organisationName: string | null; referredOn: string | null } | null;
  riskLevel: string | null;
  riskReasons: string[];
  riskNotes: string | null;
  protectionMeasure: ProtectionMeasure | null;
  status: string;
  statusReason: string | null;
  closureKind: string | null;
  ownerUserId: string | null;
  teamId: string | null;
}

export const CASE_HISTORY_FIELDS = [
  'caseType',
  'referralSource',
  'riskLevel',
  'riskReasons',
  'riskNotes',
  'protectionMeasure',
  'status',
  'statusReason',
  'closureKind',
  'ownerUserId',
  'teamId',
] as const satisfies readonly (keyof CaseFields)[];

const referralSourceOf = (row: CaseListRow): CaseFields['referralSource'] =>
  row.referral_org_type
    ? {
        orgType: row.referral_org_type,
        organisationName: row.referral_org_name,
        referredOn: dayString(row.referral_date),
      }
    : null;

/**
 * A case's fields as the history compares them, risk notes decrypted: for the server's own comparisons only.
 * Presenting goes through presentCase, by the reader's clearance.
 */
export function caseFieldsOf(ctx: Context, row: CaseRow): CaseFields {
  return {
    caseType: row.case_type,
    referralSource: referralSourceOf(row),
    riskLevel: row.risk_level,
    riskReasons: row.risk_reasons,
    riskNotes: openText(ctx, riskNotesContext(row.id), row.risk_notes_sealed),
    protectionMeasure: row.protection_measure,
    status: row.status,
    statusReason: row.status_reason,
    closureKind: row.closure_kind,
    ownerUserId: row.owner_user_id,
    teamId: row.team_id,
  };
}

/**
 * Presents cases with one query each for their persons, no-contact entries, owners and due rules, all sent
 * together.
 */
export async function presentCases(
  ctx: Context,
  rows: (CaseRow | CaseListRow)[],
  now = new Date(),
): Promise<CaseOut[]> {
  if (rows.length === 0) return [];
  const personIds = [...new Set(rows.map((r) => r.person_id))];
  const ownerIds = [...new Set(rows.map((r) => r.owner_user_id).filter((id): id is string => id !== null))];
  const viewer = await viewerOf(ctx);
  const sharedAgencyIds = [
    ...new Set(rows.filter((r) => sharedClassesOf(viewer, { caseId: r.id })).map((r) => r.agency_id)),
  ];
  const agencyIds = rows.map((r) => r.agency_id);
  const [persons, noContactRows, owners, ruleRows, sharingAgencies] = await together(ctx.db, [
    personRefsQuery(ctx.db, personIds),
    noContactQuery(ctx.db, personIds),
    ownerIds.length > 0
      ? ctx.db.selectFrom('app_user').select(['id', 'display_name']).where('id', 'in', ownerIds)
      : undefined,
    dueRulesQuery(ctx.db, agencyIds),
    sharedAgencyIds.length > 0
      ? ctx.db.selectFrom('agency').select(['id', 'name']).where('id', 'in', sharedAgencyIds)
      : undefined,
  ]);
  const noContact = noContactByPerson(personIds, noContactRows);
  const rules = dueRulesByAgency(agencyIds, ruleRows);
  const agencyName = new Map(sharingAgencies.map((a) => [a.id, a.name]));
  const personById = new Map<string, PersonRefRow>(persons.map((p) => [p.id, p]));
  const ownerName = new Map(owners.map((o) => [o.id, o.display_name]));
  return rows.map((row) => {
    const related = {
      person: personById.get(row.person_id)!,
      noContact: noContact.get(row.person_id) ?? [],
      ownerName: row.owner_user_id ? (ownerName.get(row.owner_user_id) ?? null) : null,
      rules: rules.get(row.agency_id) ?? [],
      now,
    };
    const classes = sharedClassesOf(viewer, { caseId: row.id });
    if (!classes) return presentCase(ctx, row, related);
    // Shared with the reader's agency: only the classes shared, and nothing to change.
    const shown = presentCase({ ...ctx, actor: actorWithin(ctx.actor, classes) }, row, related);
    return {
      ...shown,
      allowedTransitions: [],
      access: 'shared',
      sharedBy: { agencyId: row.agency_id, name: agencyName.get(row.agency_id) ?? '' },
    };
  });
}

interface Related {
  person: PersonRefRow;
  noContact: NoContactRow[];
  ownerName: string | null;
  rules: DueRule[];
  now: Date;
}

/** The fields of a sensitivity class; risk notes only of a case read whole (lists carry no sealed text). */
function presentProtectedFields(ctx: Context, row: CaseRow | CaseListRow) {
  const fields: Pick<CaseFields, 'riskReasons' | 'protectionMeasure'> & { riskNotes?: string | null } = {
    riskReasons: row.risk_reasons,
    protectionMeasure: row.protection_measure,
  };
  if ('risk_notes_sealed' in row) {
    const context = riskNotesContext(row.id);
    fields.riskNotes = openIfCleared(ctx, CASE_FIELD_CLASSES.riskNotes, context, row.risk_notes_sealed);
  }
  return present(ctx.actor, fields, CASE_FIELD_CLASSES);
}

function presentCase(ctx: Context, row: CaseRow | CaseListRow, related: Related): CaseOut {
  const status = row.status as CaseStatus;
  const { actor } = ctx;
  const reviewDate = row.protection_measure?.reviewDate;
  const shown = presentProtectedFields(ctx, row);
  return {
    id: row.id,
    agencyId: row.agency_id,
    number: row.number,
    personId: row.person_id,
    person: presentPersonRef(actor, related.person, related.noContact),
    caseType: row.case_type,
    programmeId: row.programme_id,
    teamId: row.team_id,
    ownerUserId: row.owner_user_id,
    ownerName: related.ownerName,
    status,
    htcdsStatus: htcdsStatus(status, row.closure_kind as ClosureKind | null),
    statusReason: row.status_reason,
    statusChangedAt: row.status_changed_at.toISOString(),
    closureKind: row.closure_kind,
    openedAt: row.opened_at.toISOString(),
    closedAt: isoOrNull(row.closed_at),
    referralSource: referralSourceOf(row),
    riskLevel: row.risk_level,
    riskReasons: shown.riskReasons,
    riskNotes: shown.riskNotes,
    protectionMeasure: shown.protectionMeasure,
    restricted: row.restricted,
    allowedTransitions: [...allowedTransitions(status)],
    due: isOpen(status)
      ? dueItems(
          {
            status,
            openedAt: row.opened_at,
            statusChangedAt: row.status_changed_at,
            // The hearing date belongs to the protection measure: only those cleared for it see it fall due.
            protectionReviewDate:
              typeof reviewDate === 'string' && canSee(actor, CASE_FIELD_CLASSES.protectionMeasure)
                ? reviewDate
                : null,
          },
          related.rules,
          related.now,
        )
      : [],
    access: row.in_scope ? 'scope' : 'emergency',
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    redacted: shown.redacted,
  };
}
