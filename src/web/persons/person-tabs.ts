import type { ComponentType } from 'preact';
import type { Permission } from '../../core/access/catalogue.ts';
import type { Resource } from '../api/use-api.ts';
import { currentLocale, loadFeatures, type MessageKey } from '../i18n/i18n.ts';
import type { PersonRecord } from './types.ts';

export interface PersonTabProps {
  person: PersonRecord;
  /** The person as loaded: ETag, reload (e.g. after a no-contact change), replace with a PATCH response */
  record: Resource<PersonRecord>;
}

/** A section of the person record (`/persons/:id?tab=key`), its code fetched when the section is opened. */
export interface PersonTab {
  key: string;
  label: MessageKey;
  permission?: Permission;
  /** Not offered on a person another institution shared (what it shows is not shared). */
  ownAgencyOnly?: boolean;
  load: () => Promise<ComponentType<PersonTabProps>>;
}

export const PERSON_TABS: PersonTab[] = [
  {
    key: 'identity',
    label: 'persons.tab.identity',
    load: () => import('./identity-tab.tsx').then((m) => m.IdentityTab),
  },
  {
    key: 'family',
    label: 'persons.tab.family',
    load: () => import('./relations-tab.tsx').then((m) => m.RelationsTab),
  },
  {
    key: 'documents',
    label: 'persons.tab.documents',
    load: () => import('./documents-tab.tsx').then((m) => m.DocumentsTab),
  },
  {
    key: 'attachments',
    label: 'persons.tab.attachments',
    permission: 'attachment:read',
    load: () => import('./attachments-tab.tsx').then((m) => m.loadPersonAttachmentsTab()),
  },
  {
    key: 'cases',
    label: 'persons.tab.cases',
    permission: 'case:read',
    load: () => import('./cases-tab.tsx').then((m) => m.PersonCasesTab),
  },
  {
    key: 'history',
    label: 'persons.tab.history',
    load: () => import('./log-tabs.tsx').then((m) => m.PersonHistoryTab),
  },
  {
    key: 'merges',
    label: 'persons.tab.merges',
    // Its words are record linkage's (src/web/linkage), fetched with it.
    load: () =>
      Promise.all([import('../linkage/merges-tab.tsx'), loadFeatures(['linkage'], currentLocale())]).then(
        ([m]) => m.MergesTab,
      ),
  },
  {
    key: 'access',
    label: 'persons.tab.access',
    ownAgencyOnly: true,
    load: () => import('./log-tabs.tsx').then((m) => m.PersonAccessLogTab),
  },
  {
    key: 'restriction',
    label: 'persons.tab.restriction',
    permission: 'case:assign',
    load: () => import('./log-tabs.tsx').then((m) => m.PersonRestrictionTab),
  },
];
