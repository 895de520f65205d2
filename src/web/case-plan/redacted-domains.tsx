import { useI18n } from '../i18n/context.tsx';
import { vocabularyLabel } from '../persons/vocabulary.ts';
import type { Plan } from './types.ts';

/** Says which areas have goals the reader may not see (they are kept when the plan is changed). */
export function RedactedDomains(props: { plan: Plan }) {
  const { t } = useI18n();
  if (props.plan.redactedDomains.length === 0) return null;
  return (
    <p class="hint" data-testid="plan-redacted">
      {t('casePlan.redactedDomains', {
        domains: props.plan.redactedDomains.map((d) => vocabularyLabel(t, 'casePlan.domain', d)).join(', '),
      })}
    </p>
  );
}
