import { describe, expect, it } from 'vitest';
import type { StoredGoal } from '../../server/case-plans/schemas.ts';
import { planChanges } from './plan-changes.ts';

const LUCIA = '6f1c1f4e-8a36-4f7b-9a55-0d7c3c1f2b10';
const MARCO = '7a2d2e5f-9b47-4c8a-8b66-1e8d4d2a3c21';

const safety: StoredGoal = {
  id: 'a1f0c9f4-61c4-4b8c-9a5e-2a0f1b7e9d01',
  domain: 'safety',
  objective: 'Segura en el hogar',
  actions: [
    {
      id: 'b2e1d8c3-52b5-4a7d-8b4f-3b1e2c6d8e02',
      description: 'Plan de seguridad',
      responsibleUserId: LUCIA,
      dueDate: '2026-04-01',
      status: 'pending',
    },
  ],
};
const school: StoredGoal = {
  id: 'c3a2e7b6-43d6-4e9f-9c1a-4c2f3d7e9f03',
  domain: 'education',
  objective: 'Retomar la primaria',
  actions: [
    {
      id: 'd4b3f6a5-34e7-4f0a-8d2b-5d3a4e8f0a04',
      description: 'Inscribirla',
      responsibleUserId: LUCIA,
      dueDate: '2026-05-15',
      status: 'pending',
    },
  ],
};

describe('changes of the case plan between versions', () => {
  it('lists every goal and action of a new plan as added', () => {
    expect(planChanges(null, [safety, school])).toEqual([
      { kind: 'goal_added', domain: 'safety', objective: 'Segura en el hogar' },
      { kind: 'action_added', goal: 'Segura en el hogar', action: 'Plan de seguridad' },
      { kind: 'goal_added', domain: 'education', objective: 'Retomar la primaria' },
      { kind: 'action_added', goal: 'Retomar la primaria', action: 'Inscribirla' },
    ]);
  });

  it('finds progress, reassignment and new dates of an action by its id, even when it is reworded', () => {
    const later: StoredGoal = {
      ...safety,
      actions: [
        {
          ...safety.actions[0]!,
          description: 'Plan de seguridad con ella',
          responsibleUserId: MARCO,
          dueDate: '2026-04-15',
          status: 'done',
        },
      ],
    };
    expect(planChanges([safety, school], [later, school])).toEqual([
      {
        kind: 'action_changed',
        action: 'Plan de seguridad con ella',
        field: 'description',
        from: 'Plan de seguridad',
        to: 'Plan de seguridad con ella',
      },
      {
        kind: 'action_changed',
        action: 'Plan de seguridad con ella',
        field: 'responsibleUserId',
        from: LUCIA,
        to: MARCO,
      },
      {
        kind: 'action_changed',
        action: 'Plan de seguridad con ella',
        field: 'dueDate',
        from: '2026-04-01',
        to: '2026-04-15',
      },
      {
        kind: 'action_changed',
        action: 'Plan de seguridad con ella',
        field: 'status',
        from: 'pending',
        to: 'done',
      },
    ]);
  });

  it('tells goals reworded, moved to another domain and removed, and actions added and removed', () => {
    const reworded: StoredGoal = {
      ...school,
      domain: 'livelihood',
      objective: 'Formación técnica',
      actions: [
        {
          id: 'e5c4a7b6-25f8-4a1b-9e3c-6e4b5f9a1b05',
          description: 'Curso de panadería',
          responsibleUserId: LUCIA,
          dueDate: '2026-06-01',
          status: 'pending',
        },
      ],
    };
    expect(planChanges([safety, school], [reworded])).toEqual([
      { kind: 'goal_reworded', domain: 'livelihood', from: 'Retomar la primaria', to: 'Formación técnica' },
      { kind: 'goal_moved', objective: 'Formación técnica', from: 'education', to: 'livelihood' },
      { kind: 'action_added', goal: 'Formación técnica', action: 'Curso de panadería' },
      { kind: 'action_removed', goal: 'Formación técnica', action: 'Inscribirla' },
      { kind: 'goal_removed', domain: 'safety', objective: 'Segura en el hogar' },
    ]);
  });

  it('says nothing changed for identical versions, and reads a value that is not a list of goals as none', () => {
    expect(planChanges([safety], [safety])).toEqual([]);
    expect(planChanges('restricted', { goals: 1 })).toEqual([]);
    expect(planChanges([{ id: 1 }, null, safety], [safety])).toEqual([]);
  });
});
