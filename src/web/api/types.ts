import type { OrganisationType, ProgrammeKind, Scope } from '../../core/access/catalogue.ts';
import type { Locale } from '../i18n/i18n.ts';

export interface Page<T> {
  items: T[];
  total: number;
  /** Lists that count only up to a cap (cases, persons): true when there are more than `total`. */
  totalCapped?: boolean;
  page: number;
  pageSize: number;
}

export interface Me {
  id: string;
  username: string;
  displayName: string;
  locale: Locale;
  agency: { id: string; name: string };
  roles: { key: string; nameEs: string; nameEn: string; programmeId: string | null }[];
  permissions: string[];
  clearances: string[];
  twoFactor: { enabled: boolean; required: boolean };
  fullyAuthenticated: boolean;
  csrfToken: string;
  sessionExpiresAt: string;
}

export interface SignInResult {
  csrfToken: string;
  twoFactorEnrolmentRequired: boolean;
}

export interface SessionInfo {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  ip: string | null;
  userAgent: string | null;
  current: boolean;
}

export interface ApiToken {
  id: string;
  name: string;
  scopes: string[];
  createdAt: string;
  expiresAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface Agency {
  id: string;
  name: string;
  shortName: string | null;
  orgType: OrganisationType;
  active: boolean;
  version: number;
}

export interface Programme {
  id: string;
  agencyId: string;
  kind: ProgrammeKind;
  name: string;
  active: boolean;
  version: number;
}

export interface Team {
  id: string;
  agencyId: string;
  programmeId: string | null;
  name: string;
  active: boolean;
  version: number;
  members: { id: string; username: string; displayName: string }[];
}

export type Localised = { 'es-GT': string; en: string };

export interface Role {
  id: string;
  key: string;
  name: Localised;
  purpose: Localised;
  scope: Scope;
  permissions: string[];
  clearances: string[];
  requiresTwoFactor: boolean;
  aggregatesOnly: boolean;
  builtIn: boolean;
  agencyId: string | null;
  version: number;
}

export interface RoleCatalogue {
  permissions: string[];
  scopes: Scope[];
  sensitivityClasses: string[];
}

export interface RoleAssignment {
  key: string;
  programmeId?: string | null;
}

export interface User {
  id: string;
  username: string;
  displayName: string;
  agencyId: string;
  locale: Locale;
  active: boolean;
  deactivatedAt: string | null;
  twoFactorEnabled: boolean;
  roles: RoleAssignment[];
  teamIds: string[];
  createdAt: string;
  version: number;
}

export interface OneTimeLink {
  url: string;
  expiresAt: string;
}

export type AuditOutcome = 'success' | 'denied' | 'failure';

export interface AuditEvent {
  seq: number;
  occurredAt: string;
  actor: { id: string; username: string | null; displayName: string | null } | null;
  action: string;
  outcome: AuditOutcome;
  resourceType: string | null;
  resourceIds: string[];
  requestId: string | null;
  ip: string | null;
  details: Record<string, unknown>;
}

export interface AuditVerification {
  ok: boolean;
  events: number;
  firstBad?: { seq: number; code?: string; reason: string } | null;
}
