import type { StoredAction, StoredGoal } from '../../server/case-plans/schemas.ts';

/**
 * What changed in the case plan from one version to the next, in words a reader follows: the plan's history
 * stores each version's goals whole (GET …/plan/history), so the changes are found here by the ids goals
 * and actions keep across versions.
 */

export const ACTION_FIELDS = ['description', 'responsibleUserId', 'dueDate', 'status'] as const;
export type ActionField = (typeof ACTION_FIELDS)[number];

export type PlanChange =
  | { kind: 'goal_added' | 'goal_removed'; domain: string; objective: string }
  | { kind: 'goal_reworded'; domain: string; from: string; to: string }
  | { kind: 'goal_moved'; objective: string; from: string; to: string }
  | { kind: 'action_added' | 'action_removed'; goal: string; action: string }
  | { kind: 'action_changed'; action: string; field: ActionField; from: string; to: string };

/** The goals of a history value (anything but a list of goals, e.g. before the plan existed, is none). */
function goalsOf(value: unknown): StoredGoal[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (goal): goal is StoredGoal =>
      typeof goal === 'object' && goal !== null && typeof goal.id === 'string' && Array.isArray(goal.actions),
  );
}

function actionChanges(before: StoredGoal, after: StoredGoal): PlanChange[] {
  const earlier = new Map(before.actions.map((action) => [action.id, action]));
  const later = new Set(after.actions.map((action) => action.id));
  const changes: PlanChange[] = [];
  for (const action of after.actions) {
    const previous = earlier.get(action.id);
    if (!previous) {
      changes.push({ kind: 'action_added', goal: after.objective, action: action.description });
      continue;
    }
    for (const field of ACTION_FIELDS)
      if (previous[field] !== action[field])
        changes.push({
          kind: 'action_changed',
          action: action.description,
          field,
          from: String(previous[field] ?? ''),
          to: String(action[field] ?? ''),
        });
  }
  for (const action of before.actions as StoredAction[])
    if (!later.has(action.id))
      changes.push({ kind: 'action_removed', goal: after.objective, action: action.description });
  return changes;
}

/** The changes from `before` to `after` (history values: lists of goals, or null for a new plan). */
export function planChanges(before: unknown, after: unknown): PlanChange[] {
  const earlier = new Map(goalsOf(before).map((goal) => [goal.id, goal]));
  const laterGoals = goalsOf(after);
  const later = new Set(laterGoals.map((goal) => goal.id));
  const changes: PlanChange[] = [];
  for (const goal of laterGoals) {
    const previous = earlier.get(goal.id);
    if (!previous) {
      changes.push({ kind: 'goal_added', domain: goal.domain, objective: goal.objective });
      for (const action of goal.actions)
        changes.push({ kind: 'action_added', goal: goal.objective, action: action.description });
      continue;
    }
    if (previous.objective !== goal.objective)
      changes.push({
        kind: 'goal_reworded',
        domain: goal.domain,
        from: previous.objective,
        to: goal.objective,
      });
    if (previous.domain !== goal.domain)
      changes.push({ kind: 'goal_moved', objective: goal.objective, from: previous.domain, to: goal.domain });
    changes.push(...actionChanges(previous, goal));
  }
  for (const goal of earlier.values())
    if (!later.has(goal.id))
      changes.push({ kind: 'goal_removed', domain: goal.domain, objective: goal.objective });
  return changes;
}
