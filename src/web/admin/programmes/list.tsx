import type { Programme } from '../../api/types.ts';
import { useI18n } from '../../i18n/context.tsx';
import { useSession } from '../../session/session.tsx';
import { activeColumn } from '../../ui/data-table.tsx';
import { byId, useAgencies } from '../lookups.ts';
import { RecordListPage, usePagedList } from '../shared/list-page.tsx';
import { kindLabel } from './kinds.ts';

export function ProgrammesList() {
  const { t } = useI18n();
  const session = useSession();
  const programmes = usePagedList<Programme>('/api/programmes');
  const agencies = useAgencies();
  const agencyById = byId(agencies.data?.items);
  const showAgency = (agencies.data?.items.length ?? 0) > 1;

  return (
    <RecordListPage
      path="/admin/programmes"
      title={t('programmes.list.title')}
      intro={t('programmes.list.intro')}
      create={{ label: t('programmes.list.create'), allowed: session.can('programme:manage') }}
      records={programmes}
      empty={t('programmes.list.empty')}
      columns={[
        {
          header: t('programmes.field.name'),
          rowHeader: true,
          cell: (programme) => <a href={`/admin/programmes/${programme.id}`}>{programme.name}</a>,
        },
        { header: t('programmes.field.kind'), cell: (programme) => kindLabel(t, programme.kind) },
        showAgency && {
          header: t('programmes.field.agency'),
          cell: (programme) => agencyById.get(programme.agencyId)?.name ?? '—',
        },
        activeColumn(t('programmes.field.status'), {
          active: t('programmes.status.active'),
          inactive: t('programmes.status.inactive'),
        }),
      ]}
    />
  );
}
