import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ADULT_ROLES, CHILD_ROLES, CONSENT_WARNINGS } from '../../core/consent/age-bands.ts';
import {
  CONSENT_CHECKLIST,
  CONSENT_DECISIONS,
  CONSENT_GIVERS,
  CONSENT_PURPOSES,
} from '../../core/consent/vocabulary.ts';
import { NOTE_TYPES } from '../../server/notes/vocabulary.ts';
import { REFERRAL_KINDS, REFERRAL_STATUSES, URGENCIES } from '../../server/referrals/schemas.ts';
import { SERVICE_AREAS, SERVICE_OUTCOMES } from '../../server/services/vocabulary.ts';
import { REFERRAL_STATUSES as SHOWN_STATUSES } from '../referrals/shared.tsx';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'i18n', 'messages');
const catalogue = (feature: string, locale: string): Record<string, string> =>
  JSON.parse(fs.readFileSync(path.join(dir, `${feature}.${locale}.json`), 'utf8'));

/** Each closed vocabulary of the case-work API, by the prefix of its labels. */
const VOCABULARIES: Record<string, readonly string[]> = {
  'services.area': SERVICE_AREAS,
  'services.outcome': SERVICE_OUTCOMES,
  'notes.type': NOTE_TYPES,
  'consent.purpose': CONSENT_PURPOSES,
  'consent.decision': CONSENT_DECISIONS,
  'consent.giver': CONSENT_GIVERS,
  'consent.checklist': CONSENT_CHECKLIST,
  'consent.form': ['consent', 'assent'],
  'consent.childRole': CHILD_ROLES,
  'consent.adultRole': ADULT_ROLES,
  'consent.warning': Object.keys(CONSENT_WARNINGS),
  'referrals.kind': REFERRAL_KINDS,
  'referrals.status': REFERRAL_STATUSES,
  'referrals.urgency': URGENCIES,
  'referrals.action': ['accept', 'reject', 'complete'],
  'referrals.actionTitle': ['accept', 'reject', 'complete'],
  'referrals.done': ['accept', 'reject', 'complete'],
  'myWork.referralKind': REFERRAL_KINDS,
};

describe('labels of the case-work vocabularies', () => {
  for (const locale of ['es-GT', 'en']) {
    it(`names every value the services, notes, consent and referrals APIs use in ${locale}`, () => {
      const messages = Object.assign(
        {},
        ...['services', 'notes', 'consent', 'referrals', 'myWork'].map((f) => catalogue(f, locale)),
      );
      const missing = Object.entries(VOCABULARIES).flatMap(([prefix, values]) =>
        values.map((value) => `${prefix}.${value}`).filter((key) => !(key in messages)),
      );
      expect(missing).toEqual([]);
    });
  }

  it('offers every referral status as a filter', () => {
    expect([...SHOWN_STATUSES].sort()).toEqual([...REFERRAL_STATUSES].sort());
  });
});
