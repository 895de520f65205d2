import { SCOPE_RANK, type Permission, type Scope } from '../../../core/access/catalogue.ts';
import type { Actor, Grant } from '../auth/actor.ts';
import { ProblemError } from '../http/problem.ts';
import type { Policy } from './policy.ts';

export class ForbiddenError extends ProblemError {
  constructor(
    readonly permission: Permission | 'self',
    detail = 'No tiene permiso para esta acción.',
    /** The scope the permission was needed at, when the actor holds it only at a narrower one. */
    readonly scope?: Scope,
  ) {
    super('forbidden', detail);
  }
}

/**
 * The single authorization decision: may this actor do what the route's policy names? Returns the grant
 * (scope) the rest of the request must stay within; throws ForbiddenError otherwise.
 */
export function authorize(actor: Actor | undefined, policy: Policy): Grant | undefined {
  if ('public' in policy) return undefined;
  if (!actor) throw new ProblemError('unauthenticated', 'Inicie sesión para continuar.');
  if ('self' in policy) return { scope: 'own', programmeIds: [] };
  const grant = actor.grants.get(policy.permission);
  if (!grant) throw new ForbiddenError(policy.permission);
  if (policy.scope && SCOPE_RANK[grant.scope] < SCOPE_RANK[policy.scope])
    throw new ForbiddenError(
      policy.permission,
      policy.scope === 'all'
        ? 'Solo la administración de toda la instalación puede hacer esto.'
        : 'Su permiso no alcanza para esta acción.',
      policy.scope,
    );
  return grant;
}

/** Rows an actor may reach with a grant: the predicate every scoped store applies. */
export type RowScope =
  | { kind: 'all' }
  | { kind: 'agency'; agencyId: string }
  | { kind: 'programme'; agencyId: string; programmeIds: string[] }
  | { kind: 'team'; agencyId: string; teamIds: string[]; userId: string }
  | { kind: 'own'; agencyId: string; userId: string };

export function rowScope(actor: Actor, grant: Grant): RowScope {
  const scope: Scope = grant.scope;
  switch (scope) {
    case 'all':
      return { kind: 'all' };
    case 'agency':
      return { kind: 'agency', agencyId: actor.agencyId };
    case 'programme':
      return grant.programmeIds.length > 0
        ? { kind: 'programme', agencyId: actor.agencyId, programmeIds: grant.programmeIds }
        : { kind: 'agency', agencyId: actor.agencyId };
    case 'team':
      return { kind: 'team', agencyId: actor.agencyId, teamIds: actor.teamIds, userId: actor.userId };
    case 'own':
      return { kind: 'own', agencyId: actor.agencyId, userId: actor.userId };
  }
}

/** The agency a scope is confined to, or undefined for 'all'. Administrative records are scoped by agency. */
export const scopedAgency = (scope: RowScope): string | undefined =>
  scope.kind === 'all' ? undefined : scope.agencyId;
