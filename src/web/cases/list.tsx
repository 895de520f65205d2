import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { CASE_STATUSES } from '../../core/cases/status.ts';
import { listUrl, pageFrom } from '../admin/lookups.ts';
import type { Page as PageOf } from '../api/types.ts';
import { useApi } from '../api/use-api.ts';
import { useI18n } from '../i18n/context.tsx';
import { useSession } from '../session/session.tsx';
import { namedOptions, SelectField } from '../ui/fields.tsx';
import { SearchForm } from '../ui/form.tsx';
import { Empty, LoadError, Loading, Page } from '../ui/page.tsx';
import { Pagination } from '../ui/widgets.tsx';
import { CaseCards } from './case-cards.tsx';
import { usePlacements } from './placements.ts';
import type { Case } from './types.ts';
import { caseLabel } from './vocabulary.ts';
import '../persons/persons.css';
import './cases.css';

const PAGE_SIZE = 20;
const PATH = '/cases';
const FILTERS = ['open', 'status', 'owner', 'programmeId'] as const;
type Filters = Record<(typeof FILTERS)[number], string>;

/** The cases the user may see, filtered by state, status, owner and programme. */
export function CaseList() {
  const { t } = useI18n();
  const session = useSession();
  const { query, route } = useLocation();
  const placements = usePlacements();
  const page = pageFrom(query.page);
  const applied: Filters = {
    open: query.open ?? 'true',
    status: query.status ?? '',
    owner: query.owner ?? '',
    programmeId: query.programmeId ?? '',
  };
  const [draft, setDraft] = useState<Filters>(applied);
  const key = FILTERS.map((name) => applied[name]).join('\u0000');
  useEffect(() => setDraft(applied), [key]);
  const me = session.me!;

  const cases = useApi<PageOf<Case>>('/api/cases', {
    open: applied.open === 'all' ? undefined : applied.open,
    status: applied.status || undefined,
    ownerUserId: applied.owner === 'me' ? me.id : applied.owner || undefined,
    programmeId: applied.programmeId || undefined,
    page,
    pageSize: PAGE_SIZE,
  });
  const go = (filters: Filters, nextPage = 1) =>
    route(
      listUrl(PATH, { ...filters, open: filters.open === 'true' ? undefined : filters.open, page: nextPage }),
    );
  const set = (name: keyof Filters) => (value: string) => setDraft({ ...draft, [name]: value });
  const items = cases.data?.items ?? [];
  const staff = placements.data?.staff ?? [];

  return (
    <Page
      title={t('cases.list.title')}
      actions={
        session.can('case:assign') && (
          <a class="button secondary" href="/cases/reassign">
            {t('cases.reassign.title')}
          </a>
        )
      }
    >
      <SearchForm
        label={t('cases.list.filters')}
        submitLabel={t('cases.list.apply')}
        onSubmit={(event) => {
          event.preventDefault();
          go(draft);
        }}
      >
        <SelectField
          id="filter-open"
          label={t('cases.list.state')}
          value={draft.open}
          onValue={set('open')}
          options={[
            { value: 'true', label: t('cases.list.openOnly') },
            { value: 'false', label: t('cases.list.closedOnly') },
            { value: 'all', label: t('cases.list.all') },
          ]}
          filter
        />
        <SelectField
          id="filter-status"
          label={t('cases.list.status')}
          value={draft.status}
          onValue={set('status')}
          options={CASE_STATUSES.map((status) => ({
            value: status,
            label: caseLabel(t, 'cases.status', status),
          }))}
          placeholder={t('cases.list.anyStatus')}
          filter
        />
        <SelectField
          id="filter-owner"
          label={t('cases.field.owner')}
          value={draft.owner}
          onValue={set('owner')}
          options={[
            { value: 'me', label: t('cases.list.mine') },
            ...staff
              .filter((person) => person.id !== me.id)
              .map((person) => ({ value: person.id, label: person.displayName })),
          ]}
          placeholder={t('cases.list.anyOwner')}
          filter
        />
        <SelectField
          id="filter-programme"
          label={t('cases.field.programme')}
          value={draft.programmeId}
          onValue={set('programmeId')}
          options={namedOptions(placements.data?.programmes ?? [])}
          placeholder={t('cases.list.anyProgramme')}
          filter
        />
      </SearchForm>

      {cases.error && <LoadError error={cases.error} retry={cases.reload} />}
      {cases.loading && !cases.data && <Loading />}
      {cases.data && items.length === 0 && <Empty>{t('cases.list.none')}</Empty>}
      {items.length > 0 && (
        <>
          <p class="list-total">
            {cases.data!.totalCapped
              ? t('cases.list.countCapped', { total: cases.data!.total })
              : t('cases.list.count', { total: cases.data!.total })}
          </p>
          <CaseCards
            cases={items}
            showPerson
            busy={cases.loading}
            label={t('cases.list.title')}
            programmeName={placements.programmeName}
          />
          <Pagination
            page={cases.data!.page}
            pageSize={cases.data!.pageSize}
            total={cases.data!.total}
            totalCapped={cases.data!.totalCapped}
            itemCount={items.length}
            onPage={(next) => go(applied, next)}
          />
        </>
      )}
    </Page>
  );
}
