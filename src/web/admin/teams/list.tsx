import type { Team } from '../../api/types.ts';
import { useI18n } from '../../i18n/context.tsx';
import { useSession } from '../../session/session.tsx';
import { activeColumn } from '../../ui/data-table.tsx';
import { byId, useProgrammes } from '../lookups.ts';
import { RecordListPage, usePagedList } from '../shared/list-page.tsx';

export function TeamsList() {
  const { t } = useI18n();
  const session = useSession();
  const teams = usePagedList<Team>('/api/teams');
  const programmes = byId(useProgrammes().data?.items);

  return (
    <RecordListPage
      path="/admin/teams"
      title={t('teams.list.title')}
      intro={t('teams.list.intro')}
      create={{ label: t('teams.list.create'), allowed: session.can('team:manage') }}
      records={teams}
      empty={t('teams.list.empty')}
      columns={[
        {
          header: t('teams.field.name'),
          rowHeader: true,
          cell: (team) => <a href={`/admin/teams/${team.id}`}>{team.name}</a>,
        },
        {
          header: t('teams.field.programme'),
          cell: (team) =>
            team.programmeId
              ? (programmes.get(team.programmeId)?.name ?? t('teams.programmeUnknown'))
              : t('teams.noProgramme'),
        },
        {
          header: t('teams.field.members'),
          cell: (team) => t('teams.memberCount', { count: team.members.length }),
        },
        activeColumn(t('teams.field.status'), {
          active: t('teams.status.active'),
          inactive: t('teams.status.inactive'),
        }),
      ]}
    />
  );
}
