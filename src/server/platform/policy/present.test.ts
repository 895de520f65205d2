import { describe, expect, it } from 'vitest';
import type { Actor } from '../auth/actor.ts';
import { present } from './present.ts';

const actor = (clearances: Actor['clearances']) => ({ clearances }) as Actor;

describe('present', () => {
  const record = { id: 'p1', givenNames: 'Ixchel', healthNotes: 'asma', address: 'Cobán', status: 'active' };
  const classes = { givenNames: 'identity', healthNotes: 'health', address: 'contact_location' } as const;

  it('removes the fields the actor is not cleared for and lists them', () => {
    const out = present(actor(new Set(['identity'])), record, classes);
    expect(out).toEqual({
      id: 'p1',
      givenNames: 'Ixchel',
      status: 'active',
      redacted: ['healthNotes', 'address'],
    });
    expect('healthNotes' in out).toBe(false);
  });

  it('keeps general fields for an actor with no clearance at all', () => {
    expect(present(actor(new Set()), record, classes)).toEqual({
      id: 'p1',
      status: 'active',
      redacted: ['givenNames', 'healthNotes', 'address'],
    });
  });
});
