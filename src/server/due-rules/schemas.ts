import { z } from 'zod';
import { DUE_ANCHORS } from '../../core/cases/due-dates.ts';
import { CASE_STATUSES } from '../../core/cases/status.ts';

/** Work falls due only while a case is open: a rule names statuses of the cycle before closure. */
export const RULE_STATUSES = CASE_STATUSES.filter((status) => status !== 'closure');

export const MAX_DAYS = 3650;

export const ruleKeyParams = z.object({ key: z.string().regex(/^[a-z][a-z0-9_]{1,62}$/) });

export const agencyQuery = z.object({
  /** Only for actors whose grant reaches every agency; others act on their own agency's rules. */
  agencyId: z.uuid().optional(),
});

export const ruleBody = z.strictObject({
  statuses: z
    .array(z.enum(RULE_STATUSES as [string, ...string[]]))
    .min(1)
    .refine((statuses) => new Set(statuses).size === statuses.length, 'Cada estado una sola vez.'),
  anchor: z.enum(DUE_ANCHORS),
  days: z.number().int().min(0).max(MAX_DAYS),
  active: z.boolean(),
});
export type RuleBody = z.infer<typeof ruleBody>;

export const ruleSchema = z.object({
  statuses: z.array(z.string()),
  anchor: z.enum(DUE_ANCHORS),
  days: z.number().int(),
  active: z.boolean(),
  version: z.number().int(),
  updatedAt: z.string(),
});
export type RuleOut = z.infer<typeof ruleSchema>;

export const ruleItemSchema = z.object({
  key: z.string(),
  /** The installation's rule. */
  default: ruleSchema,
  /** The agency's own rule replacing it, if any. */
  override: ruleSchema.nullable(),
  /** The one in force for the agency's cases. */
  effective: ruleSchema,
});
export type RuleItem = z.infer<typeof ruleItemSchema>;

export const ruleListSchema = z.object({
  agencyId: z.uuid(),
  /** Whether the caller may change the installation defaults (setting:manage at scope `all`). */
  defaultsEditable: z.boolean(),
  items: z.array(ruleItemSchema),
});
