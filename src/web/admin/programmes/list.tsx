import { useLocation } from 'preact-iso';
import type { Page as PageOf, Programme } from '../../api/types.ts';
import { useApi } from '../../api/use-api.ts';
import { useI18n } from '../../i18n/context.tsx';
import { useSession } from '../../session/session.tsx';
import { Badge, Empty, LoadError, Loading, Page, TableRegion } from '../../ui/page.tsx';
import { Pagination } from '../../ui/widgets.tsx';
import { byId, listUrl, pageFrom, useAgencies } from '../lookups.ts';
import { kindLabel } from './kinds.ts';

const PAGE_SIZE = 25;

export function ProgrammesList() {
  const { t } = useI18n();
  const session = useSession();
  const { query, route } = useLocation();
  const page = pageFrom(query.page);
  const programmes = useApi<PageOf<Programme>>('/api/programmes', { page, pageSize: PAGE_SIZE });
  const agencies = useAgencies();
  const agencyById = byId(agencies.data?.items);
  const showAgency = (agencies.data?.items.length ?? 0) > 1;
  const items = programmes.data?.items ?? [];

  return (
    <Page
      title={t('programmes.list.title')}
      actions={
        session.can('programme:manage') && (
          <a class="button primary" href="/admin/programmes/new">
            {t('programmes.list.create')}
          </a>
        )
      }
    >
      <p class="lead">{t('programmes.list.intro')}</p>
      {programmes.error && <LoadError error={programmes.error} retry={programmes.reload} />}
      {programmes.loading && !programmes.data && <Loading />}
      {programmes.data && items.length === 0 && <Empty>{t('programmes.list.empty')}</Empty>}
      {items.length > 0 && (
        <>
          <TableRegion label={t('programmes.list.title')} busy={programmes.loading}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('programmes.field.name')}</th>
                  <th scope="col">{t('programmes.field.kind')}</th>
                  {showAgency && <th scope="col">{t('programmes.field.agency')}</th>}
                  <th scope="col">{t('programmes.field.status')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((programme) => (
                  <tr key={programme.id}>
                    <th scope="row">
                      <a href={`/admin/programmes/${programme.id}`}>{programme.name}</a>
                    </th>
                    <td>{kindLabel(t, programme.kind)}</td>
                    {showAgency && <td>{agencyById.get(programme.agencyId)?.name ?? '—'}</td>}
                    <td>
                      {programme.active ? (
                        <Badge kind="ok">{t('programmes.status.active')}</Badge>
                      ) : (
                        <Badge kind="muted">{t('programmes.status.inactive')}</Badge>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableRegion>
          <Pagination
            page={programmes.data!.page}
            pageSize={programmes.data!.pageSize}
            total={programmes.data!.total}
            onPage={(next) => route(listUrl('/admin/programmes', { page: next }))}
          />
        </>
      )}
    </Page>
  );
}
