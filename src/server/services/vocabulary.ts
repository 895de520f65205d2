import type { FieldClass } from '../../core/access/catalogue.ts';

/** Areas of the services a child receives (the protection centre's six, plus family and livelihood). */
export const SERVICE_AREAS = [
  'medical',
  'psychosocial',
  'educational',
  'lodging',
  'recreation',
  'legal',
  'family',
  'livelihood',
] as const;
export type ServiceArea = (typeof SERVICE_AREAS)[number];

/** The class protecting a service's notes: medical notes are health data, psychosocial and legal their own. */
export const SERVICE_AREA_CLASSES: Record<ServiceArea, FieldClass> = {
  medical: 'health',
  psychosocial: 'psychosocial',
  educational: 'general',
  lodging: 'general',
  recreation: 'general',
  legal: 'legal',
  family: 'general',
  livelihood: 'general',
};

export const SERVICE_OUTCOMES = [
  'completed',
  'partial',
  'ongoing',
  'not_delivered',
  'declined',
  'referred_on',
] as const;
