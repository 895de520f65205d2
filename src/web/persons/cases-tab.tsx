import { useState } from 'preact/hooks';
import type { Page as PageOf } from '../api/types.ts';
import { useApi } from '../api/use-api.ts';
import { CaseCards } from '../cases/case-cards.tsx';
import { usePlacements } from '../cases/placements.ts';
import type { Case } from '../cases/types.ts';
import { useI18n } from '../i18n/context.tsx';
import { useSession } from '../session/session.tsx';
import { Empty, LoadError, Loading } from '../ui/page.tsx';
import { Pagination } from '../ui/widgets.tsx';
import type { PersonTabProps } from './person-tabs.ts';

/** The person's cases the user may see, and a way to open a new one. */
export function PersonCasesTab(props: PersonTabProps) {
  const personId = props.person.id;
  const { t } = useI18n();
  const session = useSession();
  const [page, setPage] = useState(1);
  const cases = useApi<PageOf<Case>>(session.can('case:read') ? '/api/cases' : null, {
    personId: personId,
    page,
    pageSize: 20,
  });
  const placements = usePlacements();
  const items = cases.data?.items ?? [];
  return (
    <section class="panel" aria-labelledby="person-cases-title">
      <div class="panel-head">
        <h2 id="person-cases-title">{t('persons.tab.cases')}</h2>
        {session.can('case:create') && (
          <a class="button secondary" href={`/cases/new?personId=${personId}`}>
            {t('persons.openCase')}
          </a>
        )}
      </div>
      {cases.error && <LoadError error={cases.error} retry={cases.reload} />}
      {cases.loading && !cases.data && <Loading />}
      {cases.data && items.length === 0 && <Empty>{t('persons.cases.none')}</Empty>}
      {items.length > 0 && (
        <>
          <CaseCards
            cases={items}
            busy={cases.loading}
            label={t('persons.tab.cases')}
            programmeName={placements.programmeName}
          />
          <Pagination
            page={cases.data!.page}
            pageSize={cases.data!.pageSize}
            total={cases.data!.total}
            onPage={setPage}
          />
        </>
      )}
    </section>
  );
}
