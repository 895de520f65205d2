import { useLocation } from 'preact-iso';
import type { Page as PageOf, Team } from '../../api/types.ts';
import { useApi } from '../../api/use-api.ts';
import { useI18n } from '../../i18n/context.tsx';
import { useSession } from '../../session/session.tsx';
import { Badge, Empty, LoadError, Loading, Page, TableRegion } from '../../ui/page.tsx';
import { Pagination } from '../../ui/widgets.tsx';
import { byId, listUrl, pageFrom, useProgrammes } from '../lookups.ts';

const PAGE_SIZE = 25;

export function TeamsList() {
  const { t } = useI18n();
  const session = useSession();
  const { query, route } = useLocation();
  const page = pageFrom(query.page);
  const teams = useApi<PageOf<Team>>('/api/teams', { page, pageSize: PAGE_SIZE });
  const programmes = byId(useProgrammes().data?.items);
  const items = teams.data?.items ?? [];

  return (
    <Page
      title={t('teams.list.title')}
      actions={
        session.can('team:manage') && (
          <a class="button primary" href="/admin/teams/new">
            {t('teams.list.create')}
          </a>
        )
      }
    >
      <p class="lead">{t('teams.list.intro')}</p>
      {teams.error && <LoadError error={teams.error} retry={teams.reload} />}
      {teams.loading && !teams.data && <Loading />}
      {teams.data && items.length === 0 && <Empty>{t('teams.list.empty')}</Empty>}
      {items.length > 0 && (
        <>
          <TableRegion label={t('teams.list.title')} busy={teams.loading}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('teams.field.name')}</th>
                  <th scope="col">{t('teams.field.programme')}</th>
                  <th scope="col">{t('teams.field.members')}</th>
                  <th scope="col">{t('teams.field.status')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((team) => (
                  <tr key={team.id}>
                    <th scope="row">
                      <a href={`/admin/teams/${team.id}`}>{team.name}</a>
                    </th>
                    <td>
                      {team.programmeId
                        ? (programmes.get(team.programmeId)?.name ?? t('teams.programmeUnknown'))
                        : t('teams.noProgramme')}
                    </td>
                    <td>{t('teams.memberCount', { count: team.members.length })}</td>
                    <td>
                      {team.active ? (
                        <Badge kind="ok">{t('teams.status.active')}</Badge>
                      ) : (
                        <Badge kind="muted">{t('teams.status.inactive')}</Badge>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableRegion>
          <Pagination
            page={teams.data!.page}
            pageSize={teams.data!.pageSize}
            total={teams.data!.total}
            onPage={(next) => route(listUrl('/admin/teams', { page: next }))}
          />
        </>
      )}
    </Page>
  );
}
