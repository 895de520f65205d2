import { describe, expect, it } from 'vitest';
import {
  allowedTransitions,
  CASE_STATUSES,
  checkTransition,
  htcdsStatus,
  transitionKind,
  type CaseStatus,
} from './status.ts';

describe('case status cycle', () => {
  it('moves forward one step at a time through the cycle', () => {
    for (let i = 0; i + 1 < CASE_STATUSES.length; i++) {
      const from = CASE_STATUSES[i]!;
      const to = CASE_STATUSES[i + 1]!;
      expect(allowedTransitions(from)).toContain(to);
    }
    expect(checkTransition({ from: 'registration', to: 'assessment' })).toEqual([]);
    expect(checkTransition({ from: 'case_plan', to: 'implementation' })).toEqual([]);
  });

  it('refuses skipping steps and staying put', () => {
    expect(checkTransition({ from: 'registration', to: 'case_plan' })).toEqual(['not_allowed']);
    expect(checkTransition({ from: 'assessment', to: 'follow_up' })).toEqual(['not_allowed']);
    expect(checkTransition({ from: 'closure', to: 'implementation', reason: 'x' })).toEqual(['not_allowed']);
    expect(checkTransition({ from: 'assessment', to: 'assessment' })).toEqual(['same_status']);
  });

  it('closes from every open status, only with a reason and a kind of closure', () => {
    for (const from of CASE_STATUSES.filter((s) => s !== 'closure')) {
      expect(checkTransition({ from, to: 'closure' })).toEqual(['reason_required', 'closure_kind_required']);
      expect(
        checkTransition({ from, to: 'closure', reason: 'Metas cumplidas', closureKind: 'goals_met' }),
      ).toEqual([]);
    }
    expect(
      checkTransition({ from: 'implementation', to: 'closure', reason: '   ', closureKind: 'other' }),
    ).toEqual(['reason_required']);
  });

  it('reopens a closed case at assessment with a reason', () => {
    expect(allowedTransitions('closure')).toEqual(['assessment']);
    expect(transitionKind('closure', 'assessment')).toBe('reopen');
    expect(checkTransition({ from: 'closure', to: 'assessment' })).toEqual(['reason_required']);
    expect(
      checkTransition({ from: 'closure', to: 'assessment', reason: 'Nueva situación de riesgo' }),
    ).toEqual([]);
  });

  it('requires a reason to go back a step, and refuses a closure kind outside closing', () => {
    expect(transitionKind('implementation', 'case_plan')).toBe('back');
    expect(checkTransition({ from: 'implementation', to: 'case_plan' })).toEqual(['reason_required']);
    expect(checkTransition({ from: 'follow_up', to: 'implementation', reason: 'Recaída' })).toEqual([]);
    expect(checkTransition({ from: 'registration', to: 'assessment', closureKind: 'goals_met' })).toEqual([
      'closure_kind_unexpected',
    ]);
  });

  it('derives the HTCDS case status', () => {
    const open: CaseStatus[] = ['registration', 'assessment', 'case_plan', 'implementation'];
    for (const status of open) expect(htcdsStatus(status)).toBe('Active');
    expect(htcdsStatus('follow_up')).toBe('FollowUp');
    expect(htcdsStatus('closure', 'goals_met')).toBe('Closed');
    expect(htcdsStatus('closure', 'referred')).toBe('ClosedReferred');
    expect(htcdsStatus('closure', 'transferred')).toBe('ClosedReferred');
  });
});
