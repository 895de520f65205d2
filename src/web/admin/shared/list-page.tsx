import { useLocation } from 'preact-iso';
import type { Page as PageOf } from '../../api/types.ts';
import { useApi, type Resource } from '../../api/use-api.ts';
import { ResourceTable, type Column } from '../../ui/data-table.tsx';
import { Page } from '../../ui/page.tsx';
import { listUrl, pageFrom } from '../lookups.ts';

const PAGE_SIZE = 25;

/** The page of records the screen's ?page= asks for. */
export function usePagedList<T>(apiPath: string): Resource<PageOf<T>> {
  const { query } = useLocation();
  return useApi<PageOf<T>>(apiPath, { page: pageFrom(query.page), pageSize: PAGE_SIZE });
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
}) {
  const { route } = useLocation();
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
      <ResourceTable
        resource={props.records}
        label={props.title}
        columns={props.columns}
        empty={props.empty}
        onPage={(next) => route(listUrl(props.path, { page: next }))}
      />
    </Page>
  );
}
