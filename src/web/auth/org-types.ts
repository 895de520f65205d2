import type { OrganisationType } from '../../core/access/catalogue.ts';
import type { MessageKey, MessageValues } from '../i18n/i18n.ts';

const LABELS: Record<OrganisationType, MessageKey> = {
  NGO: 'orgTypes.NGO',
  LawEnforcement: 'orgTypes.LawEnforcement',
  HealthServiceOrganisation: 'orgTypes.HealthServiceOrganisation',
  CentralGovernmentOrganisation: 'orgTypes.CentralGovernmentOrganisation',
  LocalGovernmentOrganisation: 'orgTypes.LocalGovernmentOrganisation',
  ImmigrationService: 'orgTypes.ImmigrationService',
  LegalService: 'orgTypes.LegalService',
  CorporateBusiness: 'orgTypes.CorporateBusiness',
  SchoolOrCollege: 'orgTypes.SchoolOrCollege',
};

/** The translated name of an HTCDS organisation type (needs the `orgTypes` catalogue). */
export const orgTypeLabel = (t: (key: MessageKey, values?: MessageValues) => string, type: string) =>
  type in LABELS ? t(LABELS[type as OrganisationType]) : type;
