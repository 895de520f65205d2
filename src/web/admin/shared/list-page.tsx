import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import type { Page as PageOf } from '../../api/types.ts';
import { useApi, type Resource } from '../../api/use-api.ts';
import { ResourceTable, type Column } from '../../ui/data-table.tsx';
import { SearchForm } from '../../ui/form.tsx';
import { Page } from '../../ui/page.tsx';
import { listUrl, pageFrom } from '../lookups.ts';
import { useValues, type Setter } from './record-form.tsx';

const PAGE_SIZE = 25;

/** The page of records the screen's ?page= asks for, with the filters applied (see useListFilters). */
export function usePagedList<T>(apiPath: string, filters?: Record<string, string>): Resource<PageOf<T>> {
  const { query } = useLocation();
  return useApi<PageOf<T>>(apiPath, { ...filters, page: pageFrom(query.page), pageSize: PAGE_SIZE });
}

/**
 * A list screen's filters, kept in its address (`?q=…&area=…`) so that paging, going back and sharing the
 * link keep them: those applied (empty when absent), and a draft the filter form edits until it is sent.
 */
export interface ListFilters<K extends string> {
  applied: Record<K, string>;
  draft: Record<K, string>;
  set: Setter<Record<K, string>>;
}

export function useListFilters<K extends string>(names: readonly K[]): ListFilters<K> {
  const { query } = useLocation();
  const applied = Object.fromEntries(names.map((name) => [name, query[name] ?? ''])) as Record<K, string>;
  const { values: draft, set, setValues } = useValues(applied);
  const key = JSON.stringify(applied);
  useEffect(() => setValues(applied), [key]);
  return { applied, draft, set };
}

/** An administration list screen: the title with its "create" action, an introduction, the paged records. */
export function RecordListPage<T extends { id: string }>(props: {
  /** The screen's own path, which pagination adds ?page= to. */
  path: string;
  title: string;
  intro: string;
  /** Shown only to those who may create. */
  create: { label: string; allowed: boolean };
  records: Resource<PageOf<T>>;
  empty: string;
  columns: (Column<T> | false)[];
  /** A search form above the list: its fields edit `filters.draft`; sending it applies them. */
  filters?: { state: ListFilters<string>; label: string; fields: ComponentChildren };
}) {
  const { route } = useLocation();
  const applied = props.filters?.state.applied;
  const apply = (event: Event) => {
    event.preventDefault();
    const draft = props.filters!.state.draft;
    route(listUrl(props.path, Object.fromEntries(Object.entries(draft).map(([k, v]) => [k, v.trim()]))));
  };
  return (
    <Page
      title={props.title}
      actions={
        props.create.allowed && (
          <a class="button primary" href={`${props.path}/new`}>
            {props.create.label}
          </a>
        )
      }
    >
      <p class="lead">{props.intro}</p>
      {props.filters && (
        <SearchForm label={props.filters.label} onSubmit={apply}>
          {props.filters.fields}
        </SearchForm>
      )}
      <ResourceTable
        resource={props.records}
        label={props.title}
        columns={props.columns}
        empty={props.empty}
        onPage={(next) => route(listUrl(props.path, { ...applied, page: next }))}
      />
    </Page>
  );
}
