import type { AgeBand, AdultRole, ChildRole } from '../../core/consent/age-bands.ts';
import type { ConsentFact } from '../../core/consent/has-consent.ts';
import type {
  ConsentChecklist,
  ConsentDecision,
  ConsentGiver,
  ConsentPurpose,
} from '../../core/consent/vocabulary.ts';
import { dayString } from '../cases/shared.ts';
import type { Executor } from '../platform/db/database.ts';
import './tables.ts';

/** Queries of consents and of the age-band rule. Callers reach a person's consents only through the person. */

export const consentColumns = [
  'id',
  'agency_id',
  'person_id',
  'purpose',
  'target_agency_id',
  'decision',
  'given_by',
  'giver_name',
  'giver_relationship',
  'given_on',
  'told_purpose',
  'told_uses',
  'told_research_use',
  'told_right_to_request_data',
  'told_retention_period',
  'told_how_to_withdraw',
  'document_attachment_id',
  'document_reference',
  'withdrawn_on',
  'withdrawal_reason',
  'withdrawn_by',
  'withdrawn_at',
  'recorded_by',
  'version',
  'created_at',
  'updated_at',
] as const;

export interface ConsentRow {
  id: string;
  agency_id: string;
  person_id: string;
  purpose: string;
  target_agency_id: string | null;
  decision: string;
  given_by: string;
  giver_name: string | null;
  giver_relationship: string | null;
  given_on: Date | string;
  told_purpose: boolean;
  told_uses: boolean;
  told_research_use: boolean;
  told_right_to_request_data: boolean;
  told_retention_period: boolean;
  told_how_to_withdraw: boolean;
  document_attachment_id: string | null;
  document_reference: string | null;
  withdrawn_on: Date | string | null;
  withdrawal_reason: string | null;
  withdrawn_by: string | null;
  withdrawn_at: Date | null;
  recorded_by: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

export const checklistOf = (row: ConsentRow): ConsentChecklist => ({
  toldPurpose: row.told_purpose,
  toldUses: row.told_uses,
  toldResearchUse: row.told_research_use,
  toldRightToRequestData: row.told_right_to_request_data,
  toldRetentionPeriod: row.told_retention_period,
  toldHowToWithdraw: row.told_how_to_withdraw,
});

export const checklistColumns = (checklist: ConsentChecklist) => ({
  told_purpose: checklist.toldPurpose,
  told_uses: checklist.toldUses,
  told_research_use: checklist.toldResearchUse,
  told_right_to_request_data: checklist.toldRightToRequestData,
  told_retention_period: checklist.toldRetentionPeriod,
  told_how_to_withdraw: checklist.toldHowToWithdraw,
});

export const factOf = (row: ConsentRow): ConsentFact & { id: string; givenBy: ConsentGiver } => ({
  id: row.id,
  purpose: row.purpose as ConsentPurpose,
  agencyId: row.target_agency_id,
  decision: row.decision as ConsentDecision,
  givenOn: dayString(row.given_on)!,
  withdrawnOn: dayString(row.withdrawn_on),
  givenBy: row.given_by as ConsentGiver,
});

/** Every consent recorded for a person, oldest first. */
export function consentsOf(db: Executor, personId: string): Promise<ConsentRow[]> {
  return db
    .selectFrom('consent')
    .select(consentColumns)
    .where('person_id', '=', personId)
    .orderBy('given_on')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** The age bands of an agency and the defaults (see ageBandsOf). */
export const ageBandsQuery = (db: Executor, agencyId: string) =>
  db
    .selectFrom('consent_age_band')
    .select(['agency_id', 'min_age', 'max_age', 'child_role', 'adult_role', 'verify'])
    .where((eb) => eb.or([eb('agency_id', '=', agencyId), eb('agency_id', 'is', null)]))
    .orderBy('min_age');

type AgeBandRow = Awaited<ReturnType<ReturnType<typeof ageBandsQuery>['execute']>>[number];

/** The age-band rule of an agency: its own bands if it has any, else the defaults. */
export function ageBandsOf(agencyId: string, rows: AgeBandRow[]): AgeBand[] {
  const own = rows.filter((r) => r.agency_id === agencyId);
  return (own.length > 0 ? own : rows.filter((r) => r.agency_id === null)).map((r) => ({
    minAge: r.min_age,
    maxAge: r.max_age,
    childRole: r.child_role as ChildRole,
    adultRole: r.adult_role as AdultRole,
    verify: r.verify,
  }));
}
