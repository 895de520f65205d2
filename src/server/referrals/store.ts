import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import {
  caseByEmergency,
  caseInScope,
  caseNotRestricted,
  referralReceivedBy,
  type Viewer,
} from '../cases/visibility.ts';
import type { Database, Executor } from '../platform/db/database.ts';
import { pageWithCount } from '../platform/db/together.ts';
import { offsetOf } from '../platform/http/pagination.ts';
import type { REFERRAL_STATUSES } from './schemas.ts';
import './tables.ts';

/** The scoped store of referrals: every read applies the sending-side or the receiving-side predicate. */

export const referralColumns = [
  'referral.id',
  'referral.agency_id',
  'referral.case_id',
  'referral.person_id',
  'referral.kind',
  'referral.from_programme_id',
  'referral.to_agency_id',
  'referral.to_programme_id',
  'referral.services_requested',
  'referral.urgency',
  'referral.reason_sealed',
  'referral.status',
  'referral.consent_id',
  'referral.override_reason_sealed',
  'referral.override_by',
  'referral.sent_by',
  'referral.sent_at',
  'referral.responded_by',
  'referral.responded_at',
  'referral.response_reason_sealed',
  'referral.received_person_id',
  'referral.received_case_id',
  'referral.completed_by',
  'referral.completed_at',
  'referral.completion_notes_sealed',
  'referral.version',
] as const;

export interface ReferralRow {
  id: string;
  agency_id: string;
  case_id: string;
  person_id: string;
  kind: string;
  from_programme_id: string;
  to_agency_id: string;
  to_programme_id: string | null;
  services_requested: string[];
  urgency: string;
  reason_sealed: Buffer;
  status: string;
  consent_id: string | null;
  override_reason_sealed: Buffer | null;
  override_by: string | null;
  sent_by: string | null;
  sent_at: Date;
  responded_by: string | null;
  responded_at: Date | null;
  response_reason_sealed: Buffer | null;
  received_person_id: string | null;
  received_case_id: string | null;
  completed_by: string | null;
  completed_at: Date | null;
  completion_notes_sealed: Buffer | null;
  version: number;
  /** The viewer is on the sending side (and sees the full referral). */
  as_sender: boolean;
  /** The viewer is on the receiving side (and, unless also a sender, sees the narrow view). */
  as_receiver: boolean;
}

type ReferralEb = ExpressionBuilder<Database, 'referral'>;

/**
 * The sending side: the referral's case is not restricted to others, and the viewer reaches the case (scope
 * or emergency access), sent the referral, or — for a programme-wide scope — covers the programme it was
 * sent from (a case transferred to another programme stays traceable to those who sent it).
 */
export function referralSentBy(eb: ReferralEb, viewer: Viewer): Expression<SqlBool> {
  const { scope } = viewer;
  const fromProgramme =
    scope.kind === 'programme' && scope.programmeIds.length > 0
      ? sql<SqlBool>`referral.from_programme_id = ANY(${scope.programmeIds}::uuid[])`
      : sql<SqlBool>`false`;
  return eb.exists(
    eb
      .selectFrom('case_file')
      .select(sql`1`.as('one'))
      .whereRef('case_file.id', '=', 'referral.case_id')
      .where((inner) =>
        inner.and([
          caseNotRestricted(inner, viewer),
          inner.or([
            caseInScope(inner, scope),
            caseByEmergency(inner, viewer),
            sql<SqlBool>`(case_file.agency_id = ${viewer.agencyId} AND (referral.sent_by = ${viewer.userId} OR ${fromProgramme}))`,
          ]),
        ]),
      ),
  );
}

/** Referrals visible to the viewer from either side, with which side(s) they are on. */
export function selectReferrals(db: Executor, viewer: Viewer) {
  return db
    .selectFrom('referral')
    .select(referralColumns)
    .select((eb) => [
      sql<boolean>`${referralSentBy(eb, viewer)}`.as('as_sender'),
      sql<boolean>`${referralReceivedBy(eb, viewer)}`.as('as_receiver'),
    ])
    .where((eb) => eb.or([referralSentBy(eb, viewer), referralReceivedBy(eb, viewer)]));
}

/** One page of the referrals `base` selects (in a status, if given), last sent first, and how many in all. */
export async function referralPageOf(
  db: Executor,
  base: ReturnType<typeof selectReferrals>,
  query: { status?: (typeof REFERRAL_STATUSES)[number]; page: number; pageSize: number },
): Promise<{ rows: ReferralRow[]; total: number }> {
  const selected = query.status ? base.where('referral.status', '=', query.status) : base;
  const [pageRows, count] = await pageWithCount(
    db,
    selected
      .orderBy('referral.sent_at', 'desc')
      .orderBy('referral.id')
      .limit(query.pageSize)
      .offset(offsetOf(query)),
    db.selectFrom(selected.as('visible')).select((eb) => eb.fn.countAll<number>().as('n')),
  );
  const rows = pageRows as ReferralRow[];
  return { rows, total: Number(count.n) };
}

export async function findReferral(
  db: Executor,
  viewer: Viewer,
  id: string,
  forUpdate = false,
): Promise<ReferralRow | undefined> {
  let query = selectReferrals(db, viewer).where('referral.id', '=', id);
  if (forUpdate) query = query.forUpdate('referral');
  return (await query.executeTakeFirst()) as ReferralRow | undefined;
}
