import type { Agency } from '../../api/types.ts';
import { orgTypeLabel } from '../../auth/org-types.ts';
import { useI18n } from '../../i18n/context.tsx';
import { useSession } from '../../session/session.tsx';
import { activeColumn } from '../../ui/data-table.tsx';
import { Badge } from '../../ui/page.tsx';
import { RecordListPage, usePagedList } from '../shared/list-page.tsx';

export function AgenciesList() {
  const { t } = useI18n();
  const session = useSession();
  const agencies = usePagedList<Agency>('/api/agencies');

  return (
    <RecordListPage
      path="/admin/agencies"
      title={t('agencies.list.title')}
      intro={t('agencies.list.intro')}
      create={{ label: t('agencies.list.create'), allowed: session.can('agency:manage') }}
      records={agencies}
      empty={t('agencies.list.empty')}
      columns={[
        {
          header: t('agencies.field.name'),
          rowHeader: true,
          cell: (agency) => (
            <>
              <a href={`/admin/agencies/${agency.id}`}>{agency.name}</a>
              {agency.id === session.me?.agency.id && (
                <>
                  {' '}
                  <Badge kind="info">{t('agencies.own')}</Badge>
                </>
              )}
            </>
          ),
        },
        { header: t('agencies.field.shortName'), cell: (agency) => agency.shortName ?? '—' },
        { header: t('agencies.field.orgType'), cell: (agency) => orgTypeLabel(t, agency.orgType) },
        activeColumn(t('agencies.field.status'), {
          active: t('agencies.status.active'),
          inactive: t('agencies.status.inactive'),
        }),
      ]}
    />
  );
}
