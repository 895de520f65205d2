import { useI18n } from '../i18n/context.tsx';
import type { MessageKey } from '../i18n/i18n.ts';
import type { Translate } from '../persons/vocabulary.ts';
import { vocabularyLabel } from '../persons/vocabulary.ts';
import type { Explanation, Notice } from './types.ts';
import { TableRegion } from '../ui/page.tsx';
import './linkage.css';

/** A probability as a percentage in the user's language. */
export function usePercent(): (probability: number) => string {
  const { locale } = useI18n();
  const format = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  return (probability) => format.format(probability);
}

function useSigned(): (weight: number) => string {
  const { locale } = useI18n();
  const format = new Intl.NumberFormat(locale, { signDisplay: 'exceptZero', maximumFractionDigits: 1 });
  return (weight) => format.format(weight);
}

export const fieldLabel = (t: Translate, field: string) => vocabularyLabel(t, 'linkage.field', field);
export const levelLabel = (t: Translate, level: string) => vocabularyLabel(t, 'linkage.level', level);

/**
 * What agreed, what disagreed and how much each weighed: the terms of the score, as a table whose rows
 * say "for" or "against" in words as well as with the sign (not by colour alone).
 */
export function ExplanationTable(props: { explanation: Explanation; id: string }) {
  const { t } = useI18n();
  const signed = useSigned();
  const score = props.explanation.reduce((sum, term) => sum + term.weight, 0);
  return (
    <section class="explanation" aria-labelledby={`${props.id}-title`}>
      <h3 id={`${props.id}-title`}>{t('linkage.explanation.title')}</h3>
      <p class="hint">{t('linkage.explanation.intro', { score: signed(score) })}</p>
      <TableRegion label={t('linkage.explanation.label')}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('linkage.explanation.comparison')}</th>
              <th scope="col">{t('linkage.explanation.result')}</th>
              <th scope="col">{t('linkage.explanation.weight')}</th>
            </tr>
          </thead>
          <tbody>
            {props.explanation.map((term) => (
              <tr key={term.field} class={term.weight > 0 ? 'for' : term.weight < 0 ? 'against' : 'neutral'}>
                <th scope="row">{fieldLabel(t, term.field)}</th>
                <td>
                  {levelLabel(t, term.level)}
                  {term.termFrequencyAdjustment !== undefined && (
                    <span class="hint">
                      {' '}
                      (
                      {t('linkage.explanation.rareValue', {
                        adjustment: signed(term.termFrequencyAdjustment),
                      })}
                      )
                    </span>
                  )}
                </td>
                <td class="weight">
                  {signed(term.weight)}{' '}
                  {term.weight !== 0 && (
                    <span class="weight-word">
                      {t(term.weight > 0 ? 'linkage.explanation.for' : 'linkage.explanation.against')}
                    </span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableRegion>
    </section>
  );
}

/** Possible records the reader may not see: where they are and whom to contact, nothing else. */
export function ElsewhereNotices(props: { notices: Notice[] }) {
  const { t } = useI18n();
  if (props.notices.length === 0) return null;
  return (
    <section class="alert alert-info elsewhere" aria-labelledby="elsewhere-title" data-testid="elsewhere">
      <h2 id="elsewhere-title">{t('linkage.elsewhere.title')}</h2>
      <p>{t('linkage.elsewhere.intro')}</p>
      <ul>
        {props.notices.map((notice) => (
          <li key={notice.agency}>
            <strong>{t('linkage.elsewhere.entry', { agency: notice.agency })}</strong>
            <br />
            {notice.contact
              ? t('linkage.elsewhere.contact', { contact: notice.contact })
              : t('linkage.elsewhere.noContact')}
          </li>
        ))}
      </ul>
    </section>
  );
}

export const statusLabel = (t: Translate, status: string) =>
  vocabularyLabel(t, 'linkage.status', status as MessageKey);
