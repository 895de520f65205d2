import { describe, expect, it } from 'vitest';
import { DEFAULT_DUE_RULES, dueItems, effectiveRules } from './due-dates.ts';

const opened = new Date('2026-03-01T10:00:00Z');
const day = (n: number) => new Date(opened.getTime() + n * 86_400_000);

describe('due dates of case work', () => {
  it('gives a new case its initial assessment and plan dates, overdue once passed', () => {
    const timeline = { status: 'registration' as const, openedAt: opened, statusChangedAt: opened };
    expect(dueItems(timeline, DEFAULT_DUE_RULES, day(1))).toEqual([
      { key: 'initial_assessment', dueAt: day(3).toISOString(), overdue: false },
      { key: 'case_plan', dueAt: day(14).toISOString(), overdue: false },
    ]);
    const later = dueItems(timeline, DEFAULT_DUE_RULES, day(5));
    expect(later.map((i) => [i.key, i.overdue])).toEqual([
      ['initial_assessment', true],
      ['case_plan', false],
    ]);
  });

  it('follows the status: no assessment due once assessed, review counted from implementation', () => {
    const implementation = { status: 'implementation' as const, openedAt: opened, statusChangedAt: day(20) };
    expect(dueItems(implementation, DEFAULT_DUE_RULES, day(30))).toEqual([
      { key: 'plan_review', dueAt: day(110).toISOString(), overdue: false },
    ]);
    const closed = { status: 'closure' as const, openedAt: opened, statusChangedAt: day(20) };
    expect(dueItems(closed, DEFAULT_DUE_RULES, day(400))).toEqual([]);
  });

  it('prepares the protection-measure review hearing a week ahead', () => {
    const timeline = {
      status: 'implementation' as const,
      openedAt: opened,
      statusChangedAt: opened,
      protectionReviewDate: '2026-04-15',
    };
    const items = dueItems(timeline, DEFAULT_DUE_RULES, day(1));
    expect(items[0]).toEqual({ key: 'protection_review', dueAt: '2026-04-08T00:00:00.000Z', overdue: false });
  });

  it('lets an agency rule replace a default of the same key', () => {
    const rules = effectiveRules(DEFAULT_DUE_RULES, [
      { key: 'initial_assessment', statuses: ['registration'], anchor: 'opened_at', days: 1 },
    ]);
    expect(rules.filter((r) => r.key === 'initial_assessment')).toHaveLength(1);
    const items = dueItems(
      { status: 'registration', openedAt: opened, statusChangedAt: opened },
      rules,
      day(2),
    );
    expect(items[0]).toEqual({ key: 'initial_assessment', dueAt: day(1).toISOString(), overdue: true });
  });
});
