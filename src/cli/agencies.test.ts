import { describe, expect, it } from 'vitest';
import { agencyNamed } from './agencies.ts';

const agencies = [
  { id: '3f2b8c1e-6a4d-4e2f-9b1a-0c5d7e8f9a01', name: "Asociación Nim Ja'" },
  { id: '7a9c0d2e-1b3f-4c5d-8e6f-a7b8c9d0e1f2', name: 'Refugio Xela' },
];

describe('agencyNamed', () => {
  it('finds an agency by its id, in any case', () => {
    expect(agencyNamed(agencies, '7A9C0D2E-1B3F-4C5D-8E6F-A7B8C9D0E1F2')?.name).toBe('Refugio Xela');
  });

  it('finds an agency by its name, ignoring case and surrounding spaces', () => {
    expect(agencyNamed(agencies, "  asociación nim ja'  ")?.id).toBe(agencies[0]!.id);
  });

  it('finds nothing for another name, a part of a name or an unknown id', () => {
    expect(agencyNamed(agencies, 'Otra')).toBeUndefined();
    expect(agencyNamed(agencies, 'Refugio')).toBeUndefined();
    expect(agencyNamed(agencies, '00000000-0000-4000-8000-000000000000')).toBeUndefined();
  });
});
