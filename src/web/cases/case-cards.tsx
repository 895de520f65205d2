import { useI18n } from '../i18n/context.tsx';
import { PersonName } from '../persons/display.tsx';
import { NoContactWarning } from '../persons/no-contact.tsx';
import { Badge } from '../ui/page.tsx';
import type { Case } from './types.ts';
import { caseLabel } from './vocabulary.ts';
import './cases.css';
import '../persons/persons.css';

/** Where a case stands in the cycle, as a badge. */
export function StatusBadge(props: { kase: Pick<Case, 'status' | 'htcdsStatus'> }) {
  const { t } = useI18n();
  return (
    <Badge kind={props.kase.status === 'closure' ? 'muted' : 'info'}>
      {caseLabel(t, 'cases.status', props.kase.status)}
    </Badge>
  );
}

/** Cases as cards (readable at 360 px): number, child, type, status, owner, what falls due. */
export function CaseCards(props: {
  cases: Case[];
  showPerson?: boolean;
  ownerName?: (kase: Case) => string | undefined;
  programmeName?: (id: string) => string | undefined;
  busy?: boolean;
  label: string;
}) {
  const { t, date } = useI18n();
  return (
    <ul class="result-list" aria-busy={props.busy} aria-label={props.label}>
      {props.cases.map((kase) => {
        const next = kase.due[0];
        const overdue = kase.due.filter((item) => item.overdue);
        return (
          <li key={kase.id} class="result" data-testid="case-card">
            <div class="result-main">
              <p class="result-name">
                <a href={`/cases/${kase.id}`}>{kase.number}</a> <StatusBadge kase={kase} />{' '}
                {kase.restricted && <Badge kind="warn">{t('cases.restrictedRecord')}</Badge>}{' '}
                {kase.access === 'emergency' && <Badge kind="warn">{t('cases.emergency.badge')}</Badge>}
              </p>
              {kase.access === 'shared' && (
                <p class="hint" data-testid="shared-by">
                  {t('cases.shared.badge', { agency: kase.sharedBy?.name ?? '' })}
                </p>
              )}
              {props.showPerson && (
                <p>
                  <a href={`/persons/${kase.personId}`}>
                    <PersonName person={kase.person} />
                  </a>
                </p>
              )}
              <p class="result-facts">
                <span>{caseLabel(t, 'cases.caseType', kase.caseType)}</span>
                {props.programmeName?.(kase.programmeId) && (
                  <span>{props.programmeName(kase.programmeId)}</span>
                )}
                <span>
                  {t('cases.field.owner')}: {props.ownerName?.(kase) ?? kase.ownerName ?? t('cases.noOwner')}
                </span>
              </p>
              {overdue.length > 0 ? (
                <p class="overdue">
                  {t('cases.due.overdueList', {
                    items: overdue.map((item) => caseLabel(t, 'cases.due', item.key)).join(', '),
                  })}
                </p>
              ) : (
                next && (
                  <p class="hint">
                    {t('cases.due.next', {
                      item: caseLabel(t, 'cases.due', next.key),
                      date: date(next.dueAt),
                    })}
                  </p>
                )
              )}
              {props.showPerson && <NoContactWarning entries={kase.person.noContact} />}
            </div>
          </li>
        );
      })}
    </ul>
  );
}
