// The assessments API's shapes, taken from the server's schemas (types only).
import type { Localised } from '../../core/forms/definition.ts';
export type { AssessmentOut as Assessment, AssessmentSummary } from '../../server/assessments/schemas.ts';

/** GET /api/forms: the current version of each published form. */
export interface FormSummary {
  key: string;
  version: number;
  title: Localised;
  help?: Localised;
  publishedAt: string;
}
