import type { ProtectionMeasure } from '../../core/cases/case-input.ts';
import { sql, type ExpressionBuilder } from 'kysely';
import { effectiveRules, type DueAnchor, type DueRule } from '../../core/cases/due-dates.ts';
import type { CaseStatus } from '../../core/cases/status.ts';
import { compiledByShape } from '../platform/db/compiled-by-shape.ts';
import type { Database, Executor } from '../platform/db/database.ts';
import type { RowOf } from '../platform/db/rows.ts';
import { pageWithCappedTotal, type CappedTotal } from '../platform/http/pagination.ts';
import { notFound } from '../platform/http/problem.ts';
import type { Context } from '../platform/http/route.ts';
import {
  caseByShare,
  caseInScope,
  caseVisible,
  readThroughSharing,
  viewerOf,
  type Viewer,
} from './visibility.ts';

/** The scoped store of cases: every read applies caseVisible. */

/** `in_scope`: not reached by emergency access alone (in the viewer's scope, or shared with their agency). */
const inScope = (eb: ExpressionBuilder<Database, 'case_file'>, viewer: Viewer) =>
  sql<boolean>`(${caseInScope(eb, viewer.scope)} OR ${caseByShare(eb, viewer)})`.as('in_scope');

/** A case as lists show it: no sealed text, so a page of cases decrypts nothing (see CaseListRow). */
export const caseListColumns = [
  'case_file.id',
  'case_file.agency_id',
  'case_file.number',
  'case_file.person_id',
  'case_file.programme_id',
  'case_file.team_id',
  'case_file.owner_user_id',
  'case_file.case_type',
  'case_file.status',
  'case_file.status_changed_at',
  'case_file.status_reason',
  'case_file.closure_kind',
  'case_file.opened_at',
  'case_file.closed_at',
  'case_file.referral_org_type',
  'case_file.referral_org_name',
  'case_file.referral_date',
  'case_file.risk_level',
  'case_file.risk_reasons',
  'case_file.protection_measure',
  'case_file.restricted',
  'case_file.version',
  'case_file.created_at',
  'case_file.updated_at',
] as const;

export const caseColumns = [...caseListColumns, 'case_file.risk_notes_sealed'] as const;

export interface CaseRow extends CaseListRow {
  risk_notes_sealed: Buffer | null;
}

/**
 * A case in a list (the case list, My work). Risk notes are read, and decrypted, only with the case itself:
 * the lists' screens never show them, so a page of twenty cases neither carries nor opens them.
 */
export interface CaseListRow {
  id: string;
  agency_id: string;
  number: string;
  person_id: string;
  programme_id: string;
  team_id: string | null;
  owner_user_id: string | null;
  case_type: string;
  status: string;
  status_changed_at: Date;
  status_reason: string | null;
  closure_kind: string | null;
  opened_at: Date;
  closed_at: Date | null;
  referral_org_type: string | null;
  referral_org_name: string | null;
  referral_date: Date | string | null;
  risk_level: string | null;
  risk_reasons: string[];
  protection_measure: ProtectionMeasure | null;
  restricted: boolean;
  version: number;
  created_at: Date;
  updated_at: Date;
  /** False when the case is visible to this viewer only through an emergency access. */
  in_scope: boolean;
}

/** Every request that names a case reads it this way: built once per shape of viewer (see compiledByShape). */
const findCaseStatement = compiledByShape((db: Executor, viewer: Viewer, id: string, forUpdate: boolean) => {
  const query = db
    .selectFrom('case_file')
    .select(caseColumns)
    .select((eb) => inScope(eb, viewer))
    .where('case_file.id', '=', id)
    .where((eb) => caseVisible(eb, viewer, { shared: true }));
  return forUpdate ? query.forUpdate() : query;
});

export async function findCase(
  db: Executor,
  viewer: Viewer,
  id: string,
  forUpdate = false,
): Promise<CaseRow | undefined> {
  return (await db.executeQuery(findCaseStatement(db, viewer, id, forUpdate))).rows[0];
}

export async function caseOrNotFound(ctx: Context, id: string, forUpdate = false): Promise<CaseRow> {
  const row = await findCase(ctx.db, await viewerOf(ctx), id, forUpdate);
  if (!row) throw notFound('El caso');
  await readThroughSharing(ctx, { caseId: row.id });
  return row;
}

export interface CaseFilter {
  status?: CaseStatus;
  open?: boolean;
  programmeId?: string;
  teamId?: string;
  ownerUserId?: string;
  personId?: string;
}

export async function listCases(
  db: Executor,
  viewer: Viewer,
  filter: CaseFilter,
  page: { limit: number; offset: number },
  totalCap: number,
): Promise<{ rows: CaseListRow[] } & CappedTotal> {
  let base = db.selectFrom('case_file').where((eb) => caseVisible(eb, viewer, { shared: true }));
  if (filter.status) base = base.where('case_file.status', '=', filter.status);
  // Literal, not a parameter: the planner must see it to use the index of open cases.
  if (filter.open === true) base = base.where(sql<boolean>`case_file.status <> 'closure'`);
  if (filter.open === false) base = base.where(sql<boolean>`case_file.status = 'closure'`);
  if (filter.programmeId) base = base.where('case_file.programme_id', '=', filter.programmeId);
  if (filter.teamId) base = base.where('case_file.team_id', '=', filter.teamId);
  if (filter.ownerUserId) base = base.where('case_file.owner_user_id', '=', filter.ownerUserId);
  if (filter.personId) base = base.where('case_file.person_id', '=', filter.personId);
  const rows = base
    .select(caseListColumns)
    .select((eb) => inScope(eb, viewer))
    .orderBy('case_file.opened_at', 'desc')
    .orderBy('case_file.id')
    .limit(page.limit)
    .offset(page.offset);
  return pageWithCappedTotal(db, rows, base, page, totalCap);
}

/**
 * The next case number of the agency for the year: AMP-2026-000123 (the prefix of the agency's last counter).
 * `count` reserves that many numbers at once (bulk loading); `sequence` is the last of them.
 */
export async function nextCaseNumber(db: Executor, agencyId: string, year: number, count = 1) {
  const row = await db
    .insertInto('case_counter')
    .values({
      agency_id: agencyId,
      year,
      last_value: count,
      prefix: sql<string>`coalesce((SELECT c.prefix FROM case_counter c WHERE c.agency_id = ${agencyId}
        ORDER BY c.year DESC LIMIT 1), 'AMP')`,
    })
    .onConflict((oc) =>
      oc
        .columns(['agency_id', 'year'])
        .doUpdateSet({ last_value: sql<number>`case_counter.last_value + ${count}` }),
    )
    .returning(['prefix', 'last_value'])
    .executeTakeFirstOrThrow();
  return { prefix: row.prefix, sequence: row.last_value };
}

const dueRuleColumns = ['agency_id', 'key', 'statuses', 'anchor', 'days', 'active'] as const;
type DueRuleRow = RowOf<'case_due_rule', typeof dueRuleColumns>;

/** The due-date rules of the agencies and the defaults (see dueRulesByAgency). */
export const dueRulesQuery = (db: Executor, agencyIds: string[]) =>
  db
    .selectFrom('case_due_rule')
    .select(dueRuleColumns)
    .where((eb) =>
      agencyIds.length > 0
        ? eb.or([eb('agency_id', 'is', null), eb('agency_id', 'in', [...new Set(agencyIds)])])
        : eb('agency_id', 'is', null),
    );

/** The due-date rules in force for each agency: the defaults, replaced key by key by the agency's own. */
export function dueRulesByAgency(agencyIds: string[], rows: DueRuleRow[]): Map<string, DueRule[]> {
  const toRule = (r: DueRuleRow) => ({
    key: r.key,
    statuses: r.statuses as CaseStatus[],
    anchor: r.anchor as DueAnchor,
    days: r.days,
    active: r.active,
  });
  const defaults = rows.filter((r) => r.agency_id === null).map(toRule);
  const result = new Map<string, DueRule[]>();
  for (const agencyId of new Set(agencyIds)) {
    const own = rows.filter((r) => r.agency_id === agencyId).map(toRule);
    result.set(
      agencyId,
      effectiveRules(defaults, own).filter((r) => r.active),
    );
  }
  return result;
}
