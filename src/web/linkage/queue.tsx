import { useLocation } from 'preact-iso';
import { listUrl, pageFrom } from '../admin/lookups.ts';
import { useApi } from '../api/use-api.ts';
import { useI18n } from '../i18n/context.tsx';
import { fullName, PersonName } from '../persons/display.tsx';
import { RecordTabs } from '../cases/record-tabs.tsx';
import { ResourceTable } from '../ui/data-table.tsx';
import { Page } from '../ui/page.tsx';
import { vocabularyLabel } from '../persons/vocabulary.ts';
import { usePercent } from './explanation.tsx';
import type { PairSummary } from './types.ts';
import type { Page as ApiPage } from '../api/types.ts';

const PATH = '/linkage/review';

/** The review queue: pairs of possible duplicates of the coordinator's agency, the most likely first. */
export function ReviewQueue() {
  const { t } = useI18n();
  const { query, route } = useLocation();
  const status = query.tab === 'not_same' ? 'not_same' : 'pending';
  const page = pageFrom(query.page);
  const pairs = useApi<ApiPage<PairSummary>>('/api/linkage/pairs', { status, page, pageSize: 25 });
  const percent = usePercent();
  const name = (person: PairSummary['persons'][number]) => fullName(person) ?? '—';
  return (
    <Page title={t('linkage.queue.title')}>
      <p class="lead">{t('linkage.queue.intro')}</p>
      <RecordTabs
        label={t('linkage.queue.title')}
        path={PATH}
        current={status}
        tabs={[
          { key: 'pending', label: t('linkage.queue.pending') },
          { key: 'not_same', label: t('linkage.queue.notSame') },
        ]}
      />
      <ResourceTable
        resource={pairs}
        label={t('linkage.queue.tableLabel')}
        empty={t(status === 'pending' ? 'linkage.queue.empty' : 'linkage.queue.emptyNotSame')}
        onPage={(next) => route(listUrl(PATH, { tab: status, page: next }))}
        columns={[
          {
            header: t('linkage.queue.records'),
            rowHeader: true,
            cell: (pair) => (
              <ul class="plain-list">
                {pair.persons.map((person) => (
                  <li key={person.id}>
                    <PersonName person={person} />
                  </li>
                ))}
              </ul>
            ),
          },
          {
            header: t('linkage.queue.probability'),
            cell: (pair) => (
              <>
                {percent(pair.probability)}{' '}
                <span class="hint">{t('linkage.queue.modelVersion', { version: pair.modelVersion })}</span>
              </>
            ),
          },
          {
            header: t('linkage.queue.foundBy'),
            cell: (pair) => vocabularyLabel(t, 'linkage.foundBy', pair.foundBy),
          },
          {
            header: <span class="visually-hidden">{t('common.actions')}</span>,
            cell: (pair) => (
              <a
                class="button secondary"
                href={`/linkage/pairs/${pair.id}`}
                aria-label={t('linkage.queue.reviewPair', {
                  first: name(pair.persons[0]!),
                  second: name(pair.persons[1]!),
                })}
              >
                {t('linkage.queue.review')}
              </a>
            ),
          },
        ]}
      />
    </Page>
  );
}
