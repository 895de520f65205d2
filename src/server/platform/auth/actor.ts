import type { Permission, Scope, SensitivityClass } from '../../../core/access/catalogue.ts';

export interface Grant {
  scope: Scope;
  /** Programmes the grant is limited to (roles held within a programme); empty: all the agency's. */
  programmeIds: string[];
}

/** The authenticated person (or integration) behind a request. */
export interface Actor {
  userId: string;
  agencyId: string;
  username: string;
  displayName: string;
  locale: 'es-GT' | 'en';
  roleKeys: string[];
  /** Each permission the actor holds, with the widest scope any of their roles grants it at. */
  grants: Map<Permission, Grant>;
  clearances: Set<SensitivityClass>;
  teamIds: string[];
  /** The cases this user holds an unexpired emergency access to (src/server/cases/emergency.ts). */
  emergencyRecordIds: string[];
  aggregatesOnly: boolean;
  twoFactorEnabled: boolean;
  twoFactorRequired: boolean;
  via:
    | { kind: 'session'; sessionId: Buffer; csrfToken: string; fullyAuthenticated: boolean }
    | { kind: 'token'; tokenId: string };
}

export const hasPermission = (actor: Actor, permission: Permission) => actor.grants.has(permission);
