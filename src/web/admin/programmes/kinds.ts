import type { ProgrammeKind } from '../../../core/access/catalogue.ts';
import type { MessageKey, MessageValues } from '../../i18n/i18n.ts';

const KINDS: Record<ProgrammeKind, MessageKey> = {
  protection_centre: 'programmes.kind.protection_centre',
  returnee_reintegration: 'programmes.kind.returnee_reintegration',
  community_prevention: 'programmes.kind.community_prevention',
  legal_assistance: 'programmes.kind.legal_assistance',
  capacity_building: 'programmes.kind.capacity_building',
  monitoring_evaluation: 'programmes.kind.monitoring_evaluation',
};

export const kindLabel = (t: (key: MessageKey, values?: MessageValues) => string, kind: string) =>
  kind in KINDS ? t(KINDS[kind as ProgrammeKind]) : kind;
