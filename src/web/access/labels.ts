import {
  RESOURCE_ACTIONS,
  type Resource,
  type Scope,
  type SensitivityClass,
} from '../../core/access/catalogue.ts';
import type { MessageKey, MessageValues } from '../i18n/i18n.ts';

// Labels for the vocabulary of access control; they need the `access` catalogue.
type T = (key: MessageKey, values?: MessageValues) => string;
type Action = (typeof RESOURCE_ACTIONS)[Resource][number];

const RESOURCES: Record<Resource, MessageKey> = {
  user: 'access.resource.user',
  role: 'access.resource.role',
  agency: 'access.resource.agency',
  programme: 'access.resource.programme',
  team: 'access.resource.team',
  setting: 'access.resource.setting',
  audit: 'access.resource.audit',
  person: 'access.resource.person',
  case: 'access.resource.case',
  assessment: 'access.resource.assessment',
  case_plan: 'access.resource.case_plan',
  service: 'access.resource.service',
  case_note: 'access.resource.case_note',
  consent: 'access.resource.consent',
  referral: 'access.resource.referral',
  attachment: 'access.resource.attachment',
  report: 'access.resource.report',
};

const ACTIONS: Record<Action, MessageKey> = {
  read: 'access.action.read',
  create: 'access.action.create',
  update: 'access.action.update',
  deactivate: 'access.action.deactivate',
  reset_credentials: 'access.action.reset_credentials',
  manage: 'access.action.manage',
  write: 'access.action.write',
  assign: 'access.action.assign',
  approve: 'access.action.approve',
  close: 'access.action.close',
  respond: 'access.action.respond',
  merge: 'access.action.merge',
  trace: 'access.action.trace',
  share: 'access.action.share',
};

const SCOPES: Record<Scope, MessageKey> = {
  own: 'access.scope.own',
  team: 'access.scope.team',
  programme: 'access.scope.programme',
  agency: 'access.scope.agency',
  all: 'access.scope.all',
};

const CLEARANCES: Record<SensitivityClass, MessageKey> = {
  identity: 'access.clearance.identity',
  contact_location: 'access.clearance.contact_location',
  health: 'access.clearance.health',
  psychosocial: 'access.clearance.psychosocial',
  legal: 'access.clearance.legal',
  trafficking_experience: 'access.clearance.trafficking_experience',
};

const known = <K extends string>(map: Record<K, MessageKey>, value: string): value is K => value in map;

export const resourceLabel = (t: T, resource: string) =>
  known(RESOURCES, resource) ? t(RESOURCES[resource]) : resource;
export const actionLabel = (t: T, action: string) => (known(ACTIONS, action) ? t(ACTIONS[action]) : action);
export const scopeLabel = (t: T, scope: string) => (known(SCOPES, scope) ? t(SCOPES[scope]) : scope);
export const clearanceLabel = (t: T, value: string) =>
  known(CLEARANCES, value) ? t(CLEARANCES[value]) : value;

/** "Users: read" for "user:read" */
export function permissionLabel(t: T, permission: string): string {
  const [resource = '', action = ''] = permission.split(':');
  return t('access.permission', { resource: resourceLabel(t, resource), action: actionLabel(t, action) });
}

/** Permissions grouped by resource, in the catalogue's order. */
export function groupPermissions(permissions: string[]): { resource: string; actions: string[] }[] {
  const groups = new Map<string, string[]>();
  for (const permission of permissions) {
    const [resource = '', action = ''] = permission.split(':');
    const actions = groups.get(resource) ?? [];
    actions.push(action);
    groups.set(resource, actions);
  }
  return [...groups].map(([resource, actions]) => ({ resource, actions }));
}
