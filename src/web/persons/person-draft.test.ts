import { describe, expect, it } from 'vitest';
import { creationInput, draftOf, emptyDraft, matchInput, updateInput } from './person-draft.ts';
import type { Person } from './types.ts';

const person: Person = {
  id: '00000000-0000-4000-8000-000000000001',
  agencyId: '00000000-0000-4000-8000-000000000002',
  givenNames: 'María José',
  firstSurname: 'Pérez',
  secondSurname: null,
  otherNames: ['Majo'],
  sex: 'female',
  gender: null,
  dateOfBirth: { precision: 'age_range', ageMin: 12, ageMax: 14, asOf: '2026-03-01' },
  citizenships: ['GTM'],
  pueblo: 'maya',
  linguisticCommunity: "Q'eqchi'",
  languages: { primary: 'kek', others: ['spa'], interpreterNeeded: true },
  origin: { departmentCode: '16', municipalityCode: '1601', community: 'Chisec centro' },
  educationLevel: 'PrimaryEducation',
  disabilities: [],
  restricted: false,
  registeredBy: null,
  version: 3,
  createdAt: '2026-03-01T10:00:00.000Z',
  updatedAt: '2026-03-01T10:00:00.000Z',
  noContact: [],
  redacted: [],
};

const all = () => true;

describe('the person form and the API input', () => {
  it('sends nothing when nothing changed, whatever the form did with empty values', () => {
    expect(updateInput(person, draftOf(person))).toEqual({});
    const unknownBirth = { ...person, dateOfBirth: { precision: 'unknown' as const }, origin: null };
    expect(updateInput(unknownBirth, draftOf(unknownBirth))).toEqual({});
  });

  it('sends only the changed fields, and a re-estimated age without its old date', () => {
    const draft = { ...draftOf(person), secondSurname: ' Cux ', ageMin: '13', ageAsOf: '' };
    expect(updateInput(person, draft)).toEqual({
      secondSurname: 'Cux',
      dateOfBirth: { precision: 'age_range', ageMin: 13, ageMax: 14 },
    });
  });

  it('never sends a field the server withheld from this reader', () => {
    const withheld: Person = {
      ...person,
      redacted: ['disabilities', 'origin'],
      origin: undefined,
      disabilities: undefined,
    };
    const draft = { ...draftOf(withheld), sex: 'male' };
    expect(updateInput(withheld, draft)).toEqual({ sex: 'male' });
  });

  it('registers with the filled fields the user may write, leaving out the rest', () => {
    const draft = {
      ...emptyDraft(),
      givenNames: 'Ixchel',
      firstSurname: 'Cux',
      dobPrecision: 'year' as const,
      dobYear: '2012',
      disabilities: ['hearing'],
    };
    expect(creationInput(draft, all)).toEqual({
      givenNames: 'Ixchel',
      firstSurname: 'Cux',
      dateOfBirth: { precision: 'year', year: 2012 },
      disabilities: ['hearing'],
    });
    expect(creationInput(draft, (c) => c !== 'health')).not.toHaveProperty('disabilities');
  });

  it('matches on the name and what is known of the birth', () => {
    const draft = {
      ...emptyDraft(),
      givenNames: 'José',
      secondSurname: 'López',
      dobPrecision: 'exact' as const,
      dobDate: '2012-05-04',
    };
    expect(matchInput(draft)).toEqual({
      givenNames: 'José',
      secondSurname: 'López',
      dateOfBirth: { precision: 'exact', date: '2012-05-04' },
    });
  });
});
