// The case plan API's shapes, taken from the server's schemas (types only).
export type { PlanOut as Plan, PlanInput } from '../../server/case-plans/schemas.ts';
import type { PlanOut } from '../../server/case-plans/schemas.ts';

export type PlanGoal = PlanOut['goals'][number];
export type PlanAction = PlanGoal['actions'][number];
export type PlanReview = PlanOut['reviews'][number];
