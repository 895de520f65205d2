import type { Permission } from '../../core/access/catalogue.ts';
import type { MessageKey } from '../i18n/i18n.ts';

/** The sections a signed-in person may reach, each behind the permission that opens it. */
export const SECTIONS: {
  path: string;
  permission: Permission;
  label: MessageKey;
  description: MessageKey;
}[] = [
  {
    path: '/my-work',
    permission: 'case:read',
    label: 'common.nav.myWork',
    description: 'common.nav.myWorkDescription',
  },
  {
    path: '/persons',
    permission: 'person:read',
    label: 'common.nav.persons',
    description: 'common.nav.personsDescription',
  },
  {
    path: '/cases',
    permission: 'case:read',
    label: 'common.nav.cases',
    description: 'common.nav.casesDescription',
  },
  {
    path: '/linkage/review',
    permission: 'person:merge',
    label: 'common.nav.duplicates',
    description: 'common.nav.duplicatesDescription',
  },
  {
    path: '/tracing',
    permission: 'person:trace',
    label: 'common.nav.tracing',
    description: 'common.nav.tracingDescription',
  },
  {
    path: '/referrals',
    permission: 'referral:read',
    label: 'common.nav.referrals',
    description: 'common.nav.referralsDescription',
  },
  {
    path: '/approvals',
    permission: 'case:approve',
    label: 'common.nav.approvals',
    description: 'common.nav.approvalsDescription',
  },
  {
    path: '/service-providers',
    permission: 'service:write',
    label: 'common.nav.serviceProviders',
    description: 'common.nav.serviceProvidersDescription',
  },
  {
    path: '/admin/users',
    permission: 'user:read',
    label: 'common.nav.users',
    description: 'common.nav.usersDescription',
  },
  {
    path: '/admin/teams',
    permission: 'team:read',
    label: 'common.nav.teams',
    description: 'common.nav.teamsDescription',
  },
  {
    path: '/admin/roles',
    permission: 'role:read',
    label: 'common.nav.roles',
    description: 'common.nav.rolesDescription',
  },
  {
    path: '/admin/agencies',
    permission: 'agency:read',
    label: 'common.nav.agencies',
    description: 'common.nav.agenciesDescription',
  },
  {
    path: '/admin/programmes',
    permission: 'programme:read',
    label: 'common.nav.programmes',
    description: 'common.nav.programmesDescription',
  },
  {
    path: '/admin/due-rules',
    permission: 'setting:read',
    label: 'common.nav.dueRules',
    description: 'common.nav.dueRulesDescription',
  },
  {
    path: '/admin/reference',
    permission: 'setting:read',
    label: 'common.nav.reference',
    description: 'common.nav.referenceDescription',
  },
  {
    path: '/audit',
    permission: 'audit:read',
    label: 'common.nav.audit',
    description: 'common.nav.auditDescription',
  },
];
