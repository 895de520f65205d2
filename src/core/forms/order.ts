/**
 * The order assessment forms are offered in, as the work goes: the intake first, then the risk and
 * psychosocial assessments, the best-interest assessment last. The definitions carry no order of their own
 * (a published definition never changes), so this list is the one place that decides it; forms not in it
 * (added later by an installation) follow, by key.
 */
export const FORM_ORDER: readonly string[] = [
  'initial_assessment',
  'risk_assessment',
  'psychosocial_assessment',
  'best_interest_assessment',
];

const rank = (key: string) => {
  const index = FORM_ORDER.indexOf(key);
  return index < 0 ? FORM_ORDER.length : index;
};

/** A copy of `forms` in the order they are offered. */
export const inFormOrder = <T extends { key: string }>(forms: readonly T[]): T[] =>
  [...forms].sort((a, b) => rank(a.key) - rank(b.key) || a.key.localeCompare(b.key));
