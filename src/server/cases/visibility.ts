import { expressionBuilder, sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import { SENSITIVITY_CLASSES, type SensitivityClass } from '../../core/access/catalogue.ts';
import type { Actor } from '../platform/auth/actor.ts';
import type { Database } from '../platform/db/database.ts';
import type { Context } from '../platform/http/route.ts';
import { rowScope, type RowScope } from '../platform/policy/authorize.ts';
import './tables.ts';
import '../referrals/tables.ts';
import '../linkage/tables.ts';
import '../sharing/tables.ts';

/**
 * THE row predicates of persons and cases: every query on these records applies one of them. Referrals,
 * transfers and sharing decisions widen visibility here and nowhere else.
 *
 * A case is visible when it is not restricted to other users, and either its programme/team/owner falls
 * within the actor's scope or the actor holds an unexpired emergency access to it (same agency only).
 * A person is visible when not restricted to other users, and a visible case references it, or the actor's
 * scope covers the whole agency, or the actor registered the person and no case exists for them yet
 * (between registering a child and opening the case).
 *
 * Restriction is absolute: it hides the record from every scope, coordinators' and emergency access included.
 *
 * Sharing decisions (src/server/sharing): a case another agency shared with the viewer's agency, in force (not
 * revoked, not expired), is visible — with its person — to the viewer when their case:read reaches the whole
 * agency, but only to requests that read (GET/HEAD): nothing reached through sharing can be written. The
 * stores opt in (`shared: true`) where the record is presented with the classes shared (readThroughSharing);
 * lists that cannot (search, my work, approvals) never see shared records.
 */

/** A case shared with the viewer's agency by the decisions in force, and the classes they share together. */
export interface SharedCase {
  caseId: string;
  personId: string;
  fromAgencyId: string;
  classes: SensitivityClass[];
  decisionIds: string[];
}

export interface Viewer {
  scope: RowScope;
  userId: string;
  agencyId: string;
  /**
   * Cases the viewer holds an unexpired emergency access to (loaded with the actor): a literal list keeps
   * the predicate indexable (an OR with a correlated EXISTS would scan every case of the agency).
   */
  emergencyCaseIds: string[];
  /** Cases shared with the viewer's agency (empty unless the request only reads: see sharedWith). */
  shared: SharedCase[];
}

const viewers = new WeakMap<Context, Promise<Viewer>>();

const READ_METHODS = new Set(['GET', 'HEAD']);

async function loadViewer(ctx: Context): Promise<Viewer> {
  return {
    scope: ctx.scope,
    userId: ctx.actor.userId,
    agencyId: ctx.actor.agencyId,
    emergencyCaseIds: ctx.actor.emergencyRecordIds,
    shared: READ_METHODS.has(ctx.request.method) ? await sharedWith(ctx) : [],
  };
}

/**
 * The cases shared with the actor's agency by decisions in force today, for an actor whose case:read covers
 * the whole agency — an agency scope, or a programme role given without a programme, as a coordinator of the
 * whole agency holds it (a narrower scope, or none, receives nothing). The case must still belong to the
 * agency that shared it.
 */
export async function sharedWith(ctx: Context): Promise<SharedCase[]> {
  const grant = ctx.actor.grants.get('case:read');
  if (!grant || rowScope(ctx.actor, grant).kind !== 'agency') return [];
  const rows = await ctx.db
    .selectFrom('sharing_decision')
    .innerJoin('case_file', 'case_file.id', 'sharing_decision.case_id')
    .select([
      'sharing_decision.id',
      'sharing_decision.case_id',
      'sharing_decision.agency_id',
      'sharing_decision.classes',
      'case_file.person_id',
    ])
    .where('sharing_decision.to_agency_id', '=', ctx.actor.agencyId)
    .where('sharing_decision.revoked_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb('sharing_decision.expires_on', 'is', null),
        eb('sharing_decision.expires_on', '>=', sql<string>`current_date`),
      ]),
    )
    .whereRef('case_file.agency_id', '=', 'sharing_decision.agency_id')
    .execute();
  return sharedCasesOf(rows);
}

interface SharingRow {
  id: string;
  case_id: string;
  agency_id: string;
  classes: string[];
  person_id: string;
}

/** The decisions' rows gathered by case: the union of the classes each case is shared with. */
function sharedCasesOf(rows: SharingRow[]): SharedCase[] {
  const byCase = new Map<string, SharedCase>();
  for (const row of rows) {
    const entry = byCase.get(row.case_id) ?? {
      caseId: row.case_id,
      personId: row.person_id,
      fromAgencyId: row.agency_id,
      classes: [],
      decisionIds: [],
    };
    entry.classes = SENSITIVITY_CLASSES.filter((c) => entry.classes.includes(c) || row.classes.includes(c));
    entry.decisionIds.push(row.id);
    byCase.set(row.case_id, entry);
  }
  return [...byCase.values()];
}

/** The same viewer, with the cases shared with its agency even on a request that is not a GET (linkage checks). */
export async function readingViewer(ctx: Context): Promise<Viewer> {
  const viewer = await viewerOf(ctx);
  return READ_METHODS.has(ctx.request.method) ? viewer : { ...viewer, shared: await sharedWith(ctx) };
}

/** The request's viewer (memoised per request context). */
export function viewerOf(ctx: Context): Promise<Viewer> {
  let viewer = viewers.get(ctx);
  if (!viewer) {
    viewer = loadViewer(ctx);
    viewers.set(ctx, viewer);
  }
  return viewer;
}

type CaseEb = ExpressionBuilder<Database, 'case_file'>;
type PersonEb = ExpressionBuilder<Database, 'person'>;

const TRUE = sql<SqlBool>`true`;
const FALSE = sql<SqlBool>`false`;

/** Cases within the scope alone (programme, team, ownership), ignoring restriction and emergency access. */
export function caseInScope(eb: CaseEb, scope: RowScope): Expression<SqlBool> {
  switch (scope.kind) {
    case 'all':
      return TRUE;
    case 'agency':
      return eb('case_file.agency_id', '=', scope.agencyId);
    case 'programme':
      return eb.and([
        eb('case_file.agency_id', '=', scope.agencyId),
        eb('case_file.programme_id', 'in', scope.programmeIds),
      ]);
    case 'team': {
      const own = eb('case_file.owner_user_id', '=', scope.userId);
      return eb.and([
        eb('case_file.agency_id', '=', scope.agencyId),
        scope.teamIds.length > 0 ? eb.or([eb('case_file.team_id', 'in', scope.teamIds), own]) : own,
      ]);
    }
    case 'own':
      return eb.and([
        eb('case_file.agency_id', '=', scope.agencyId),
        eb('case_file.owner_user_id', '=', scope.userId),
      ]);
  }
}

export function caseNotRestricted(eb: CaseEb, viewer: Viewer): Expression<SqlBool> {
  return eb.or([
    eb('case_file.restricted', '=', false),
    eb.exists(
      eb
        .selectFrom('record_restriction')
        .select(sql`1`.as('one'))
        .whereRef('record_restriction.record_id', '=', 'case_file.id')
        .where('record_restriction.user_id', '=', viewer.userId),
    ),
  ]);
}

/** An unexpired emergency access of the viewer to the case. */
export function caseByEmergency(eb: CaseEb, viewer: Viewer): Expression<SqlBool> {
  if (viewer.emergencyCaseIds.length === 0) return FALSE;
  return eb.and([
    eb('case_file.agency_id', '=', viewer.agencyId),
    eb('case_file.id', 'in', viewer.emergencyCaseIds),
  ]);
}

/** A case shared with the viewer's agency by a decision in force (literal ids, like emergency accesses). */
export function caseByShare(eb: CaseEb, viewer: Viewer): Expression<SqlBool> {
  if (viewer.shared.length === 0) return FALSE;
  return eb(
    'case_file.id',
    'in',
    viewer.shared.map((s) => s.caseId),
  );
}

/**
 * `emergency: false` leaves emergency accesses out: whether a row is in the viewer's scope proper.
 * `shared: true` adds the cases shared with the viewer's agency (read-only; present them through
 * readThroughSharing).
 */
export function caseVisible(
  eb: CaseEb,
  viewer: Viewer,
  { emergency = true, shared = false } = {},
): Expression<SqlBool> {
  const reach = [caseInScope(eb, viewer.scope)];
  if (emergency) reach.push(caseByEmergency(eb, viewer));
  if (shared) reach.push(caseByShare(eb, viewer));
  return eb.and([caseNotRestricted(eb, viewer), reach.length === 1 ? reach[0]! : eb.or(reach)]);
}

/** Not restricted to other users, and not merged into another person (src/server/linkage/merge.ts). */
function personNotRestricted(eb: PersonEb, viewer: Viewer): Expression<SqlBool> {
  return eb.and([eb('person.merged_into', 'is', null), personNotRestrictedToOthers(eb, viewer)]);
}

function personNotRestrictedToOthers(eb: PersonEb, viewer: Viewer): Expression<SqlBool> {
  return eb.or([
    eb('person.restricted', '=', false),
    eb.exists(
      eb
        .selectFrom('record_restriction')
        .select(sql`1`.as('one'))
        .whereRef('record_restriction.record_id', '=', 'person.id')
        .where('record_restriction.user_id', '=', viewer.userId),
    ),
  ]);
}

/**
 * The ids of the persons a programme, team or own scope reaches: those of its visible cases, plus those the
 * viewer registered who have no case yet. A team scope's cases are taken as its teams', its own and those of
 * an emergency access, each read from one index alone, rather than in one scan that visits every case row.
 */
export function visiblePersonIds(viewer: Viewer, { emergency = true } = {}) {
  const eb = expressionBuilder<Database, never>();
  const { scope } = viewer;
  const cases = (where: (inner: CaseEb) => Expression<SqlBool>) =>
    eb.selectFrom('case_file').select('case_file.person_id').where(where);
  const parts =
    scope.kind === 'team'
      ? [
          ...(scope.teamIds.length > 0
            ? [
                cases((inner) =>
                  inner.and([
                    caseNotRestricted(inner, viewer),
                    inner('case_file.agency_id', '=', scope.agencyId),
                    inner('case_file.team_id', 'in', scope.teamIds),
                  ]),
                ),
              ]
            : []),
          cases((inner) =>
            inner.and([
              caseNotRestricted(inner, viewer),
              inner('case_file.agency_id', '=', scope.agencyId),
              inner('case_file.owner_user_id', '=', scope.userId),
            ]),
          ),
          ...(emergency && viewer.emergencyCaseIds.length > 0
            ? [
                cases((inner) =>
                  inner.and([caseNotRestricted(inner, viewer), caseByEmergency(inner, viewer)]),
                ),
              ]
            : []),
        ]
      : [cases((inner) => caseVisible(inner, viewer, { emergency }))];
  const registeredWithoutCase = eb
    .selectFrom('person as registered')
    .select('registered.id as person_id')
    .where('registered.agency_id', '=', viewer.agencyId)
    .where('registered.registered_by', '=', viewer.userId)
    .where((inner) =>
      inner.not(
        inner.exists(
          inner
            .selectFrom('case_file')
            .select(sql`1`.as('one'))
            .whereRef('case_file.person_id', '=', 'registered.id'),
        ),
      ),
    );
  let union = parts[0]!;
  for (const part of parts.slice(1)) union = union.union(part);
  return union.union(registeredWithoutCase);
}

/**
 * For an agency-wide (or wider) scope the agency decides; otherwise the persons of visible cases, plus those
 * the viewer registered who have no case yet, as one IN over a union so that the planner can start from the
 * few cases in scope instead of scanning every person of the agency.
 */
export function personVisible(
  eb: PersonEb,
  viewer: Viewer,
  { emergency = true, shared = false } = {},
): Expression<SqlBool> {
  const { scope } = viewer;
  if (scope.kind === 'all') return personNotRestricted(eb, viewer);
  const reach =
    scope.kind === 'agency'
      ? eb('person.agency_id', '=', scope.agencyId)
      : eb('person.id', 'in', visiblePersonIds(viewer, { emergency }));
  const sharedIds = shared ? viewer.shared.map((s) => s.personId) : [];
  return eb.and([
    personNotRestricted(eb, viewer),
    sharedIds.length > 0 ? eb.or([reach, eb('person.id', 'in', sharedIds)]) : reach,
  ]);
}

/**
 * What a record reached through sharing may show: the classes shared with the viewer's agency for this case
 * (or, for a person of another agency, for any of their shared cases). Undefined when the record is not
 * reached through sharing (it is the viewer's own agency's, or not shared at all).
 */
export function sharedClassesOf(
  viewer: Viewer,
  record: { caseId: string } | { personId: string; agencyId: string },
): SensitivityClass[] | undefined {
  const matches =
    'caseId' in record
      ? viewer.shared.filter((s) => s.caseId === record.caseId)
      : record.agencyId === viewer.agencyId
        ? []
        : viewer.shared.filter((s) => s.personId === record.personId);
  if (matches.length === 0) return undefined;
  return SENSITIVITY_CLASSES.filter((c) => matches.some((m) => m.classes.includes(c)));
}

const throughSharing = new WeakSet<Actor>();

/** The actor with their clearances narrowed to the classes a sharing decision opens. */
export function actorWithin(actor: Actor, classes: readonly SensitivityClass[]): Actor {
  const narrowed = {
    ...actor,
    clearances: new Set([...actor.clearances].filter((c) => classes.includes(c))),
  };
  throughSharing.add(narrowed);
  return narrowed;
}

/** Whether the actor reads through a sharing decision: only what it opened, not even records of class general. */
export const readsThroughSharing = (actor: Actor) => throughSharing.has(actor);

/**
 * After a store found one record reached through sharing: the rest of the request acts with the classes
 * shared (intersected with the actor's own clearances), so every presenter — record, notes, attachments,
 * history, PDF — shows no more than the decision opened.
 */
export async function readThroughSharing(
  ctx: Context,
  record: { caseId: string } | { personId: string; agencyId: string },
): Promise<void> {
  const classes = sharedClassesOf(await viewerOf(ctx), record);
  if (classes) ctx.actor = actorWithin(ctx.actor, classes);
}

/**
 * The same persons as personVisible, decided person by person (through the index of each person's cases):
 * for checking the few persons a search found, where a broad scope's whole set would cost far more.
 */
export function personVisibleEach(eb: PersonEb, viewer: Viewer): Expression<SqlBool> {
  const { scope } = viewer;
  if (scope.kind === 'all' || scope.kind === 'agency') return personVisible(eb, viewer);
  const casesOf = () =>
    eb
      .selectFrom('case_file')
      .select(sql`1`.as('one'))
      .whereRef('case_file.person_id', '=', 'person.id');
  return eb.and([
    personNotRestricted(eb, viewer),
    eb.or([
      eb.exists(casesOf().where((inner) => caseVisible(inner, viewer))),
      eb.and([
        eb('person.agency_id', '=', viewer.agencyId),
        eb('person.registered_by', '=', viewer.userId),
        eb.not(eb.exists(casesOf())),
      ]),
    ]),
  ]);
}

/**
 * The receiving side of referrals: those addressed to the viewer's agency as a whole, or to a programme the
 * viewer's scope covers. It opens only the referral's deliberately narrow view (src/server/referrals); it
 * never widens which persons or cases the viewer sees.
 */
export function referralReceivedBy(
  eb: ExpressionBuilder<Database, 'referral'>,
  viewer: Viewer,
): Expression<SqlBool> {
  const { scope } = viewer;
  if (scope.kind === 'all') return TRUE;
  const toAgency = eb('referral.to_agency_id', '=', scope.agencyId);
  if (scope.kind === 'agency') return toAgency;
  const toProgramme =
    scope.kind === 'programme' ? eb('referral.to_programme_id', 'in', scope.programmeIds) : FALSE;
  return eb.and([toAgency, eb.or([eb('referral.to_programme_id', 'is', null), toProgramme])]);
}
