import { useLocation } from 'preact-iso';
import type { Agency, Page as PageOf } from '../../api/types.ts';
import { useApi } from '../../api/use-api.ts';
import { orgTypeLabel } from '../../auth/org-types.ts';
import { useI18n } from '../../i18n/context.tsx';
import { useSession } from '../../session/session.tsx';
import { Badge, Empty, LoadError, Loading, Page, TableRegion } from '../../ui/page.tsx';
import { Pagination } from '../../ui/widgets.tsx';
import { listUrl, pageFrom } from '../lookups.ts';

const PAGE_SIZE = 25;

export function AgenciesList() {
  const { t } = useI18n();
  const session = useSession();
  const { query, route } = useLocation();
  const page = pageFrom(query.page);
  const agencies = useApi<PageOf<Agency>>('/api/agencies', { page, pageSize: PAGE_SIZE });
  const items = agencies.data?.items ?? [];

  return (
    <Page
      title={t('agencies.list.title')}
      actions={
        session.can('agency:manage') && (
          <a class="button primary" href="/admin/agencies/new">
            {t('agencies.list.create')}
          </a>
        )
      }
    >
      <p class="lead">{t('agencies.list.intro')}</p>
      {agencies.error && <LoadError error={agencies.error} retry={agencies.reload} />}
      {agencies.loading && !agencies.data && <Loading />}
      {agencies.data && items.length === 0 && <Empty>{t('agencies.list.empty')}</Empty>}
      {items.length > 0 && (
        <>
          <TableRegion label={t('agencies.list.title')} busy={agencies.loading}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('agencies.field.name')}</th>
                  <th scope="col">{t('agencies.field.shortName')}</th>
                  <th scope="col">{t('agencies.field.orgType')}</th>
                  <th scope="col">{t('agencies.field.status')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((agency) => (
                  <tr key={agency.id}>
                    <th scope="row">
                      <a href={`/admin/agencies/${agency.id}`}>{agency.name}</a>
                      {agency.id === session.me?.agency.id && (
                        <>
                          {' '}
                          <Badge kind="info">{t('agencies.own')}</Badge>
                        </>
                      )}
                    </th>
                    <td>{agency.shortName ?? '—'}</td>
                    <td>{orgTypeLabel(t, agency.orgType)}</td>
                    <td>
                      {agency.active ? (
                        <Badge kind="ok">{t('agencies.status.active')}</Badge>
                      ) : (
                        <Badge kind="muted">{t('agencies.status.inactive')}</Badge>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableRegion>
          <Pagination
            page={agencies.data!.page}
            pageSize={agencies.data!.pageSize}
            total={agencies.data!.total}
            onPage={(next) => route(listUrl('/admin/agencies', { page: next }))}
          />
        </>
      )}
    </Page>
  );
}
