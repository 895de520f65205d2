import { PLAN_DOMAINS } from '../../core/forms/domains.ts';
import { useI18n } from '../i18n/context.tsx';
import { useDay } from '../persons/display.tsx';
import { vocabularyLabel } from '../persons/vocabulary.ts';
import { Badge } from '../ui/page.tsx';
import type { Plan, PlanAction } from './types.ts';
import './case-plan.css';

const STATUS_BADGE = { pending: 'info', in_progress: 'warn', done: 'ok', cancelled: 'muted' } as const;

/** The plan's goals grouped by domain, in the order of the domains, each with its actions. */
export function PlanGoals(props: { plan: Plan }) {
  const { t } = useI18n();
  return (
    <div class="plan-goals" data-testid="plan-goals">
      {PLAN_DOMAINS.map((domain) => {
        const goals = props.plan.goals.filter((goal) => goal.domain === domain);
        if (goals.length === 0) return null;
        const id = `plan-domain-${domain}`;
        return (
          <section key={domain} aria-labelledby={id} class="plan-domain">
            <h3 id={id}>{vocabularyLabel(t, 'casePlan.domain', domain)}</h3>
            {goals.map((goal) => (
              <article key={goal.id} class="plan-goal" data-testid="plan-goal">
                <h4>{goal.objective}</h4>
                {goal.actions.length === 0 ? (
                  <p class="muted">{t('casePlan.noActions')}</p>
                ) : (
                  <ul class="plan-actions">
                    {goal.actions.map((action) => (
                      <ActionItem key={action.id} action={action} />
                    ))}
                  </ul>
                )}
              </article>
            ))}
          </section>
        );
      })}
    </div>
  );
}

function ActionItem(props: { action: PlanAction }) {
  const { t } = useI18n();
  const day = useDay();
  const { action } = props;
  return (
    <li class={action.overdue ? 'overdue' : undefined} data-testid="plan-action">
      <p class="plan-action-text">{action.description}</p>
      <p class="plan-action-meta">
        <span>{t('casePlan.action.responsible', { name: action.responsible?.displayName ?? '—' })}</span>
        <span>
          {t(action.overdue ? 'casePlan.action.overdue' : 'casePlan.action.due', {
            date: day(action.dueDate),
          })}
        </span>
        <Badge kind={STATUS_BADGE[action.status]}>
          {vocabularyLabel(t, 'casePlan.actionStatus', action.status)}
        </Badge>
      </p>
    </li>
  );
}
