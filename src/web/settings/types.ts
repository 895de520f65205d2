import type { DueAnchor } from '../../core/cases/due-dates.ts';

/** GET /api/case-due-rules (src/server/due-rules/schemas.ts). */
export interface DueRule {
  statuses: string[];
  anchor: DueAnchor;
  days: number;
  active: boolean;
  version: number;
  updatedAt: string;
}

export interface DueRuleItem {
  key: string;
  default: DueRule;
  override: DueRule | null;
  effective: DueRule;
}

export interface DueRuleList {
  agencyId: string;
  defaultsEditable: boolean;
  items: DueRuleItem[];
}

export const REFERENCE_LISTS = ['places', 'languages', 'pueblos', 'countries'] as const;
export type ReferenceList = (typeof REFERENCE_LISTS)[number];
/** The lists an entry can be added to (countries: ISO 3166 ships complete). */
export const EXTENSIBLE_LISTS = ['places', 'languages', 'pueblos'] as const;
export type ExtensibleList = (typeof EXTENSIBLE_LISTS)[number];

export const LANGUAGE_FAMILIES = ['mayan', 'arawakan', 'xinkan', 'indo_european', 'other'] as const;

/** An entry of any list (GET /api/reference/:list/entries); the fields after `editedAt` depend on the list. */
export interface ReferenceEntry {
  code: string;
  nameEs: string;
  nameEn: string;
  active: boolean;
  version: number;
  editedAt: string | null;
  kind?: 'department' | 'municipality' | 'lake';
  departmentCode?: string | null;
  family?: string;
  comunidad?: string | null;
  pueblo?: string | null;
  alpha3?: string;
}

export interface ReferencePage {
  items: ReferenceEntry[];
  total: number;
  page: number;
  pageSize: number;
  editable: boolean;
}
