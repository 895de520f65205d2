import type { CaseStatus } from './status.ts';

/**
 * Due dates of case work come from rules (table case_due_rule: defaults for every agency, which an agency may
 * override by key). A rule applies while the case is in one of its statuses and falls due `days` after its
 * anchor: the date the case was opened, the date it entered its current status, or the review date of the
 * judicial protection measure (days = how long before the hearing the work is due).
 */
export const DUE_ANCHORS = ['opened_at', 'status_changed_at', 'protection_review_date'] as const;
export type DueAnchor = (typeof DUE_ANCHORS)[number];

export interface DueRule {
  key: string;
  statuses: CaseStatus[];
  anchor: DueAnchor;
  days: number;
}

/** The defaults shipped in migration 0005 (kept here so tests and the web can show them). */
export const DEFAULT_DUE_RULES: DueRule[] = [
  { key: 'initial_assessment', statuses: ['registration'], anchor: 'opened_at', days: 3 },
  { key: 'case_plan', statuses: ['registration', 'assessment'], anchor: 'opened_at', days: 14 },
  { key: 'plan_review', statuses: ['implementation'], anchor: 'status_changed_at', days: 90 },
  { key: 'follow_up', statuses: ['follow_up'], anchor: 'status_changed_at', days: 30 },
  {
    key: 'protection_review',
    statuses: ['registration', 'assessment', 'case_plan', 'implementation', 'follow_up'],
    anchor: 'protection_review_date',
    days: 7,
  },
];

export interface CaseTimeline {
  status: CaseStatus;
  openedAt: Date;
  statusChangedAt: Date;
  /** ISO date (YYYY-MM-DD) of the next review hearing of the protection measure, if any. */
  protectionReviewDate?: string | null;
}

export interface DueItem {
  key: string;
  dueAt: string;
  overdue: boolean;
}

const DAY_MS = 86_400_000;

function anchorOf(rule: DueRule, timeline: CaseTimeline): Date | undefined {
  switch (rule.anchor) {
    case 'opened_at':
      return timeline.openedAt;
    case 'status_changed_at':
      return timeline.statusChangedAt;
    case 'protection_review_date':
      return timeline.protectionReviewDate
        ? new Date(`${timeline.protectionReviewDate}T00:00:00Z`)
        : undefined;
  }
}

/** The due items of one case now, soonest first. */
export function dueItems(timeline: CaseTimeline, rules: readonly DueRule[], now: Date): DueItem[] {
  const items: DueItem[] = [];
  for (const rule of rules) {
    if (!rule.statuses.includes(timeline.status)) continue;
    const anchor = anchorOf(rule, timeline);
    if (!anchor) continue;
    const sign = rule.anchor === 'protection_review_date' ? -1 : 1;
    const due = new Date(anchor.getTime() + sign * rule.days * DAY_MS);
    items.push({ key: rule.key, dueAt: due.toISOString(), overdue: due.getTime() < now.getTime() });
  }
  // ISO instants in UTC: their text order is their time order.
  return items.sort((a, b) => (a.dueAt < b.dueAt ? -1 : a.dueAt > b.dueAt ? 1 : 0));
}

/** Agency rules replace the defaults of the same key. */
export function effectiveRules<R extends DueRule>(defaults: readonly R[], agencyRules: readonly R[]): R[] {
  const byKey = new Map(defaults.map((r) => [r.key, r]));
  for (const rule of agencyRules) byKey.set(rule.key, rule);
  return [...byKey.values()];
}
