import { describe, expect, it } from 'vitest';
import { hasConsent, validConsent, type ConsentFact } from './has-consent.ts';

const AGENCY_X = 'agency-x';
const AGENCY_Y = 'agency-y';

const fact = (over: Partial<ConsentFact>): ConsentFact => ({
  purpose: 'services',
  agencyId: null,
  decision: 'granted',
  givenOn: '2026-01-10',
  withdrawnOn: null,
  ...over,
});

describe('hasConsent', () => {
  it('counts a grant of the purpose from the day it was given', () => {
    const consents = [fact({})];
    expect(hasConsent(consents, 'services', { at: '2026-01-10' })).toBe(true);
    expect(hasConsent(consents, 'services', { at: '2026-03-01' })).toBe(true);
    expect(hasConsent(consents, 'services', { at: '2026-01-09' })).toBe(false);
    expect(hasConsent(consents, 'interview', { at: '2026-03-01' })).toBe(false);
    expect(hasConsent([], 'services', { at: '2026-03-01' })).toBe(false);
  });

  it('stops counting a withdrawn consent from the day of the withdrawal', () => {
    const consents = [fact({ withdrawnOn: '2026-02-01' })];
    expect(hasConsent(consents, 'services', { at: '2026-01-31' })).toBe(true);
    expect(hasConsent(consents, 'services', { at: '2026-02-01' })).toBe(false);
    expect(hasConsent(consents, 'services', { at: '2026-05-01' })).toBe(false);
  });

  it('never counts a refusal, and a later refusal undoes an earlier grant', () => {
    expect(hasConsent([fact({ decision: 'refused' })], 'services', { at: '2026-03-01' })).toBe(false);
    const consents = [fact({}), fact({ decision: 'refused', givenOn: '2026-02-01' })];
    expect(hasConsent(consents, 'services', { at: '2026-01-20' })).toBe(true);
    expect(hasConsent(consents, 'services', { at: '2026-02-01' })).toBe(false);
    // A refusal on the same day as a grant wins; a new grant after it counts again.
    expect(hasConsent([fact({}), fact({ decision: 'refused' })], 'services', { at: '2026-03-01' })).toBe(
      false,
    );
    expect(hasConsent([...consents, fact({ givenOn: '2026-03-01' })], 'services', { at: '2026-03-01' })).toBe(
      true,
    );
    // A withdrawn refusal no longer blocks the grant before it.
    const withdrawnRefusal = [
      fact({}),
      fact({ decision: 'refused', givenOn: '2026-02-01', withdrawnOn: '2026-02-10' }),
    ];
    expect(hasConsent(withdrawnRefusal, 'services', { at: '2026-02-05' })).toBe(false);
    expect(hasConsent(withdrawnRefusal, 'services', { at: '2026-02-10' })).toBe(true);
  });

  it('counts a referral consent only for the agency it names', () => {
    const consents = [fact({ purpose: 'referral_to_agency', agencyId: AGENCY_X })];
    expect(hasConsent(consents, 'referral_to_agency', { agencyId: AGENCY_X, at: '2026-03-01' })).toBe(true);
    expect(hasConsent(consents, 'referral_to_agency', { agencyId: AGENCY_Y, at: '2026-03-01' })).toBe(false);
    expect(hasConsent(consents, 'data_sharing', { agencyId: AGENCY_X, at: '2026-03-01' })).toBe(false);
  });

  it('counts a data-sharing consent naming no agency for any agency, one naming an agency only for it', () => {
    const general = [fact({ purpose: 'data_sharing' })];
    expect(hasConsent(general, 'data_sharing', { agencyId: AGENCY_X, at: '2026-03-01' })).toBe(true);
    expect(hasConsent(general, 'data_sharing', { agencyId: AGENCY_Y, at: '2026-03-01' })).toBe(true);
    const named = [fact({ purpose: 'data_sharing', agencyId: AGENCY_X })];
    expect(hasConsent(named, 'data_sharing', { agencyId: AGENCY_X, at: '2026-03-01' })).toBe(true);
    expect(hasConsent(named, 'data_sharing', { agencyId: AGENCY_Y, at: '2026-03-01' })).toBe(false);
    // A refusal naming one agency does not undo the general grant for the others.
    const mixed = [
      ...general,
      fact({ purpose: 'data_sharing', agencyId: AGENCY_Y, decision: 'refused', givenOn: '2026-02-01' }),
    ];
    expect(hasConsent(mixed, 'data_sharing', { agencyId: AGENCY_X, at: '2026-03-01' })).toBe(true);
    expect(hasConsent(mixed, 'data_sharing', { agencyId: AGENCY_Y, at: '2026-03-01' })).toBe(false);
  });

  it('returns the consent it rests on: the latest grant in force', () => {
    const consents = [
      fact({ id: 'old', givenOn: '2026-01-01' }),
      fact({ id: 'new', givenOn: '2026-02-01' }),
      fact({ id: 'gone', givenOn: '2026-02-15', withdrawnOn: '2026-02-20' }),
    ];
    expect(validConsent(consents, 'services', { at: '2026-03-01' })?.id).toBe('new');
    expect(validConsent(consents, 'services', { at: '2026-02-16' })?.id).toBe('gone');
  });
});
