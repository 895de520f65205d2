import { planGoalsDomain } from '../../core/cases/field-classes.ts';
import { Disclosure } from '../case-work/section.tsx';
import { usePlacements } from '../cases/placements.ts';
import { HistoryEntries } from '../cases/change-log.tsx';
import { useI18n } from '../i18n/context.tsx';
import { useDay } from '../persons/display.tsx';
import { vocabularyLabel } from '../persons/vocabulary.ts';
import type { HistoryEntry } from '../persons/types.ts';
import { planChanges, type PlanChange } from './plan-changes.ts';
import type { Plan } from './types.ts';

/** The plan's change history (GET …/plan/history), read when the reader opens it: what each version changed. */
export function PlanHistory(props: { caseId: string; plan: Plan }) {
  const { t } = useI18n();
  return (
    <Disclosure summary={t('casePlan.history.title')} testId="plan-history">
      {() => (
        <HistoryEntries
          path={`/api/cases/${props.caseId}/plan/history`}
          describe={(entry) => <Changes entry={entry} plan={props.plan} />}
        />
      )}
    </Disclosure>
  );
}

function Changes(props: { entry: HistoryEntry; plan: Plan }) {
  const { t } = useI18n();
  const day = useDay();
  const placements = usePlacements();
  const domain = (value: string) => vocabularyLabel(t, 'casePlan.domain', value);
  if (props.entry.redacted.length > 0)
    return (
      <p class="muted">
        {t('casePlan.history.reserved', { domain: domain(planGoalsDomain(props.entry.field)) })}
      </p>
    );
  const changes = planChanges(props.entry.from, props.entry.to);
  if (changes.length === 0) return <p class="muted">{t('casePlan.history.none')}</p>;

  const person = (id: string) =>
    placements.staffName(id) ??
    props.plan.goals.flatMap((g) => g.actions).find((a) => a.responsible?.id === id)?.responsible
      ?.displayName ??
    t('casePlan.history.someone');
  const value = (change: Extract<PlanChange, { kind: 'action_changed' }>, raw: string) => {
    if (change.field === 'status') return vocabularyLabel(t, 'casePlan.actionStatus', raw);
    if (change.field === 'dueDate') return day(raw);
    if (change.field === 'responsibleUserId') return person(raw);
    return raw;
  };
  const sentence = (change: PlanChange): string => {
    switch (change.kind) {
      case 'goal_added':
        return t('casePlan.history.goalAdded', { ...change, domain: domain(change.domain) });
      case 'goal_removed':
        return t('casePlan.history.goalRemoved', { ...change, domain: domain(change.domain) });
      case 'goal_reworded':
        return t('casePlan.history.goalReworded', { ...change, domain: domain(change.domain) });
      case 'goal_moved':
        return t('casePlan.history.goalMoved', {
          objective: change.objective,
          from: domain(change.from),
          to: domain(change.to),
        });
      case 'action_added':
        return t('casePlan.history.actionAdded', change);
      case 'action_removed':
        return t('casePlan.history.actionRemoved', change);
      case 'action_changed':
        return t('casePlan.history.actionChanged', {
          field: change.field,
          action: change.action,
          from: value(change, change.from),
          to: value(change, change.to),
        });
    }
  };
  return (
    <ul class="plan-changes">
      {changes.map((change, index) => (
        <li key={index}>{sentence(change)}</li>
      ))}
    </ul>
  );
}
