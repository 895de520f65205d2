import type { PlanActionStatus, PlanDomain } from '../../core/forms/domains.ts';
import type { Plan, PlanInput } from './types.ts';

/**
 * The plan as the editor holds it: goals and actions in order, each with a key for the screen and, once
 * saved, the id the server gave it (sent back so the server knows it is the same goal or action).
 */

export interface ActionDraft {
  key: string;
  id?: string;
  description: string;
  responsibleUserId: string;
  dueDate: string;
  status: PlanActionStatus;
}

export interface GoalDraft {
  key: string;
  id?: string;
  domain: PlanDomain | '';
  objective: string;
  actions: ActionDraft[];
}

let counter = 0;
const nextKey = () => `new-${++counter}`;

export const newAction = (responsibleUserId = ''): ActionDraft => ({
  key: nextKey(),
  description: '',
  responsibleUserId,
  dueDate: '',
  status: 'pending',
});

export const newGoal = (responsibleUserId = ''): GoalDraft => ({
  key: nextKey(),
  domain: '',
  objective: '',
  actions: [newAction(responsibleUserId)],
});

export function draftOf(plan: Plan | undefined): GoalDraft[] {
  if (!plan) return [];
  return plan.goals.map((goal) => ({
    key: goal.id,
    id: goal.id,
    domain: goal.domain,
    objective: goal.objective,
    actions: goal.actions.map((action) => ({
      key: action.id,
      id: action.id,
      description: action.description,
      responsibleUserId: action.responsible?.id ?? '',
      dueDate: action.dueDate,
      status: action.status,
    })),
  }));
}

/** The body of POST/PUT /api/cases/:id/plan. Empty choices are sent as they are: the server says what is missing. */
export function planBody(goals: GoalDraft[]): PlanInput {
  return {
    goals: goals.map((goal) => ({
      ...(goal.id && { id: goal.id }),
      domain: goal.domain as PlanDomain,
      objective: goal.objective.trim(),
      actions: goal.actions.map((action) => ({
        ...(action.id && { id: action.id }),
        description: action.description.trim(),
        responsibleUserId: action.responsibleUserId,
        dueDate: action.dueDate,
        status: action.status,
      })),
    })),
  };
}

/** Replaces the item at `index` with `change` applied. */
export const updated = <T>(list: T[], index: number, change: Partial<T>): T[] =>
  list.map((item, i) => (i === index ? { ...item, ...change } : item));

export const without = <T>(list: T[], index: number): T[] => list.filter((_, i) => i !== index);

/**
 * What is missing before the plan can be sent, by the field path the API uses (goals.0.actions.1.dueDate),
 * so local and server errors land on the same fields.
 */
export function missingFields(goals: GoalDraft[]): string[] {
  const missing: string[] = [];
  goals.forEach((goal, g) => {
    if (!goal.domain) missing.push(`goals.${g}.domain`);
    if (!goal.objective.trim()) missing.push(`goals.${g}.objective`);
    goal.actions.forEach((action, a) => {
      const path = `goals.${g}.actions.${a}`;
      if (!action.description.trim()) missing.push(`${path}.description`);
      if (!action.responsibleUserId) missing.push(`${path}.responsibleUserId`);
      if (!action.dueDate) missing.push(`${path}.dueDate`);
    });
  });
  return missing;
}
