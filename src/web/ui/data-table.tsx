import type { ComponentChildren } from 'preact';
import type { Page } from '../api/types.ts';
import type { Resource } from '../api/use-api.ts';
import { useT } from '../i18n/context.tsx';
import { Badge, Empty, LoadError, Loading, TableRegion } from './page.tsx';
import { Pagination } from './widgets.tsx';

export interface Column<T> {
  header: ComponentChildren;
  cell: (item: T) => ComponentChildren;
  /** The cell that names the row (a <th scope="row">). */
  rowHeader?: boolean;
  class?: string;
  title?: (item: T) => string | undefined;
}

/** A column of buttons: its header is read by screen readers only. */
export function actionsColumn<T>(cell: (item: T) => ComponentChildren): Column<T> {
  return { header: <ActionsHeader />, cell };
}

function ActionsHeader() {
  const t = useT();
  return <span class="visually-hidden">{t('common.actions')}</span>;
}

/** A column showing whether a record is active. */
export function activeColumn<T extends { active: boolean }>(
  header: string,
  labels: { active: string; inactive: string },
): Column<T> {
  return {
    header,
    cell: (item) =>
      item.active ? <Badge kind="ok">{labels.active}</Badge> : <Badge kind="muted">{labels.inactive}</Badge>,
  };
}

/** A table in a labelled, scrollable region; columns given as `false` are left out. */
export function DataTable<T>(props: {
  label: string;
  items: T[];
  columns: (Column<T> | false)[];
  rowKey: (item: T) => string | number;
  busy?: boolean;
  class?: string;
}) {
  const columns = props.columns.filter((column): column is Column<T> => column !== false);
  return (
    <TableRegion label={props.label} busy={props.busy}>
      <table class={props.class}>
        <thead>
          <tr>
            {columns.map((column, index) => (
              <th key={index} scope="col">
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.items.map((item) => (
            <tr key={props.rowKey(item)}>
              {columns.map((column, index) => {
                const Cell = column.rowHeader ? 'th' : 'td';
                return (
                  <Cell
                    key={index}
                    scope={column.rowHeader ? 'row' : undefined}
                    class={column.class}
                    title={column.title?.(item)}
                  >
                    {column.cell(item)}
                  </Cell>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </TableRegion>
  );
}

const isPage = <T,>(data: { items: T[] }): data is Page<T> => 'total' in data;

/**
 * A list fetched from the API, in each of its states: the error (with retry), loading, empty, and the
 * table (with `intro` above it, and pagination when the answer is a page). Without `empty`, an empty
 * list still shows the table.
 */
export function ResourceTable<T>(props: {
  resource: Pick<Resource<{ items: T[] } | Page<T>>, 'data' | 'error' | 'loading' | 'reload'>;
  label: string;
  columns: (Column<T> | false)[];
  empty?: ComponentChildren;
  intro?: ComponentChildren;
  onPage?: (page: number) => void;
  /** By default the item's id. */
  rowKey?: (item: T) => string | number;
  class?: string;
}) {
  const { resource } = props;
  const data = resource.data;
  const items = data?.items ?? [];
  const showTable = data !== undefined && (props.empty === undefined || items.length > 0);
  return (
    <>
      {resource.error && <LoadError error={resource.error} retry={resource.reload} />}
      {resource.loading && !data && <Loading />}
      {data && !showTable && <Empty>{props.empty}</Empty>}
      {showTable && (
        <>
          {props.intro}
          <DataTable
            label={props.label}
            items={items}
            columns={props.columns}
            rowKey={props.rowKey ?? ((item) => (item as { id: string }).id)}
            busy={resource.loading}
            class={props.class}
          />
          {props.onPage && isPage(data) && (
            <Pagination
              page={data.page}
              pageSize={data.pageSize}
              total={data.total}
              totalCapped={data.totalCapped}
              itemCount={items.length}
              onPage={props.onPage}
            />
          )}
        </>
      )}
    </>
  );
}
