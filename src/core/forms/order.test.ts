import { describe, expect, it } from 'vitest';
import { FORM_ORDER, inFormOrder } from './order.ts';
import { loadShippedForms } from './shipped.ts';

describe('the order of assessment forms', () => {
  it('places every shipped form', () => {
    expect([...FORM_ORDER].sort()).toEqual(
      loadShippedForms()
        .map((form) => form.key)
        .sort(),
    );
  });

  it('offers the intake first and the best-interest assessment last, whatever order they come in', () => {
    const byKey = [
      'best_interest_assessment',
      'initial_assessment',
      'psychosocial_assessment',
      'risk_assessment',
    ];
    expect(inFormOrder(byKey.map((key) => ({ key }))).map((form) => form.key)).toEqual([
      'initial_assessment',
      'risk_assessment',
      'psychosocial_assessment',
      'best_interest_assessment',
    ]);
  });

  it('puts forms it does not know after the shipped ones, by key, and leaves its input as it was', () => {
    const input = [{ key: 'zeta_local' }, { key: 'risk_assessment' }, { key: 'alfa_local' }];
    expect(inFormOrder(input).map((form) => form.key)).toEqual([
      'risk_assessment',
      'alfa_local',
      'zeta_local',
    ]);
    expect(input.map((form) => form.key)).toEqual(['zeta_local', 'risk_assessment', 'alfa_local']);
  });
});
