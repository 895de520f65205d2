import { describe, expect, it } from 'vitest';
import { caseCreationInput, caseDraftOf, caseUpdateInput, emptyCaseDraft } from './case-draft.ts';
import type { Case } from './types.ts';

const kase = {
  id: '00000000-0000-4000-8000-000000000010',
  caseType: 'residential_trafficking_victim',
  referralSource: { orgType: 'LawEnforcement', organisationName: 'PNC Cobán', referredOn: '2026-01-10' },
  riskLevel: 'high',
  riskReasons: ['self_harm'],
  riskNotes: null,
  protectionMeasure: null,
  redacted: [],
} as unknown as Case;

describe('the case form and the API input', () => {
  it('sends nothing when nothing changed', () => {
    expect(caseUpdateInput(kase, caseDraftOf(kase))).toEqual({});
  });

  it('sends a whole protection measure once one is recorded, and only what changed', () => {
    const draft = {
      ...caseDraftOf(kase),
      riskLevel: 'critical',
      hasMeasure: true,
      court: 'Juzgado de la Niñez de Cobán',
      fileNumber: '16001-2026-00123',
      measureType: 'temporary_shelter',
      orderDate: '2026-01-15',
    };
    expect(caseUpdateInput(kase, draft)).toEqual({
      riskLevel: 'critical',
      protectionMeasure: {
        court: 'Juzgado de la Niñez de Cobán',
        fileNumber: '16001-2026-00123',
        pgnOffice: null,
        measureType: 'temporary_shelter',
        orderDate: '2026-01-15',
        reviewDate: null,
        endDate: null,
      },
    });
  });

  it('never writes a field the server withheld, nor one of a class the user is not cleared for', () => {
    const withheld = { ...kase, redacted: ['riskReasons', 'riskNotes'], riskReasons: undefined } as Case;
    expect(caseUpdateInput(withheld, { ...caseDraftOf(withheld), riskReasons: [] })).toEqual({});
    const draft = { ...emptyCaseDraft(), caseType: 'legal_assistance_only', riskReasons: ['pregnancy'] };
    expect(caseCreationInput(draft, (c) => c !== 'trafficking_experience')).toEqual({
      caseType: 'legal_assistance_only',
    });
    expect(caseCreationInput(draft, () => true)).toEqual({
      caseType: 'legal_assistance_only',
      riskReasons: ['pregnancy'],
    });
  });
});
