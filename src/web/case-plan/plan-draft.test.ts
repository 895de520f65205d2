import { describe, expect, it } from 'vitest';
import { draftOf, missingFields, newGoal, planBody, updated, without } from './plan-draft.ts';
import type { Plan } from './types.ts';

const USER = '6f1c1f4e-8a36-4f7b-9a55-0d7c3c1f2b10';
const plan = {
  goals: [
    {
      id: 'a1f0c9f4-61c4-4b8c-9a5e-2a0f1b7e9d01',
      domain: 'safety',
      objective: 'Segura en el hogar',
      actions: [
        {
          id: 'b2e1d8c3-52b5-4a7d-8b4f-3b1e2c6d8e02',
          description: 'Plan de seguridad',
          responsible: { id: USER, displayName: 'Lucía' },
          dueDate: '2026-04-01',
          status: 'in_progress',
          overdue: false,
        },
      ],
    },
  ],
} as unknown as Plan;

describe('plan draft', () => {
  it('sends back the ids of saved goals and actions, and none for new ones', () => {
    const goals = [
      ...draftOf(plan),
      { ...newGoal(USER), domain: 'education' as const, objective: ' Escuela ' },
    ];
    goals[1]!.actions[0] = { ...goals[1]!.actions[0]!, description: 'Inscribirla', dueDate: '2026-05-01' };
    const body = planBody(goals);
    expect(body.goals[0]).toEqual({
      id: plan.goals[0]!.id,
      domain: 'safety',
      objective: 'Segura en el hogar',
      actions: [
        {
          id: plan.goals[0]!.actions[0]!.id,
          description: 'Plan de seguridad',
          responsibleUserId: USER,
          dueDate: '2026-04-01',
          status: 'in_progress',
        },
      ],
    });
    expect(body.goals[1]).toEqual({
      domain: 'education',
      objective: 'Escuela',
      actions: [
        { description: 'Inscribirla', responsibleUserId: USER, dueDate: '2026-05-01', status: 'pending' },
      ],
    });
  });

  it('names what is missing by the paths the API uses', () => {
    const goals = [newGoal(), ...draftOf(plan)];
    expect(missingFields(goals)).toEqual([
      'goals.0.domain',
      'goals.0.objective',
      'goals.0.actions.0.description',
      'goals.0.actions.0.responsibleUserId',
      'goals.0.actions.0.dueDate',
    ]);
    expect(missingFields(draftOf(plan))).toEqual([]);
    expect(missingFields(updated(draftOf(plan), 0, { objective: '  ' }))).toEqual(['goals.0.objective']);
    expect(without(goals, 0)).toHaveLength(1);
  });
});
