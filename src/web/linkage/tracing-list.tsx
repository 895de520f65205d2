import { useLocation } from 'preact-iso';
import { listUrl, pageFrom } from '../admin/lookups.ts';
import type { Page as ApiPage } from '../api/types.ts';
import { useApi } from '../api/use-api.ts';
import { useI18n } from '../i18n/context.tsx';
import { Restricted } from '../persons/display.tsx';
import { vocabularyLabel } from '../persons/vocabulary.ts';
import { ResourceTable } from '../ui/data-table.tsx';
import { Badge, Page } from '../ui/page.tsx';
import type { TracingSummary } from './types.ts';

const PATH = '/tracing';

export const relationLabel = (t: Parameters<typeof vocabularyLabel>[0], relation: string) =>
  relation === 'institution'
    ? t('linkage.tracing.relationInstitution')
    : vocabularyLabel(t, 'persons.relationship', relation);

/** The agency's family-tracing requests, newest first. */
export function TracingList() {
  const { t, date } = useI18n();
  const { query, route } = useLocation();
  const page = pageFrom(query.page);
  const requests = useApi<ApiPage<TracingSummary>>('/api/tracing-requests', { page, pageSize: 25 });
  return (
    <Page
      title={t('linkage.tracing.title')}
      actions={
        <a class="button primary" href="/tracing/new">
          {t('linkage.tracing.new')}
        </a>
      }
    >
      <p class="lead">{t('linkage.tracing.intro')}</p>
      <ResourceTable
        resource={requests}
        label={t('linkage.tracing.tableLabel')}
        empty={t('linkage.tracing.empty')}
        onPage={(next) => route(listUrl(PATH, { page: next }))}
        columns={[
          {
            header: t('linkage.tracing.sought'),
            rowHeader: true,
            cell: (r) =>
              r.soughtName === undefined ? (
                <Restricted fieldClass="identity" />
              ) : (
                <a href={`/tracing/${r.id}`}>{r.soughtName}</a>
              ),
          },
          {
            header: t('linkage.tracing.requester'),
            cell: (r) =>
              [r.requesterName, relationLabel(t, r.requesterRelation), r.requesterInstitution]
                .filter(Boolean)
                .join(' · '),
          },
          { header: t('linkage.tracing.date'), cell: (r) => date(r.createdAt) },
          {
            header: t('linkage.tracing.status'),
            cell: (r) =>
              r.status === 'open' ? (
                <Badge kind="info">{t('linkage.tracing.statusOpen')}</Badge>
              ) : (
                <Badge kind="muted">{t('linkage.tracing.statusClosed')}</Badge>
              ),
          },
        ]}
      />
    </Page>
  );
}
