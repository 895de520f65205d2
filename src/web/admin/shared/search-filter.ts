import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { listUrl, pageFrom } from '../lookups.ts';

const PAGE_SIZE = 25;

/** Active records only ('true'), inactive only ('false'), or all ('all'). */
export type StatusFilter = 'true' | 'false' | 'all';

/**
 * A list screen's search text and active/inactive filter, kept in its address (?q=&active=&page=, the
 * screen's default status left out): the applied values and the API query they make, a draft the search
 * form edits (reset whenever the address changes), `go` to another page or filter, and `onSearch` to apply
 * the draft from page 1. `fixed` are other parameters the address keeps first (e.g. ?tab=).
 */
export function useSearchWithStatus(
  path: string,
  defaultStatus: StatusFilter,
  fixed?: Record<string, string>,
) {
  const { query, route } = useLocation();
  const page = pageFrom(query.page);
  const q = query.q ?? '';
  const active = query.active ?? defaultStatus;
  const [search, setSearch] = useState(q);
  const [status, setStatus] = useState(active);
  useEffect(() => {
    setSearch(q);
    setStatus(active);
  }, [q, active]);

  const inAddress = (value: string) => (value === defaultStatus ? undefined : value);
  const go = (next: { q?: string; active?: string; page?: number }) =>
    route(listUrl(path, { ...fixed, q, active: inAddress(active), page, ...next }));
  const onSearch = (event: Event) => {
    event.preventDefault();
    go({ q: search.trim(), active: inAddress(status), page: 1 });
  };
  const apiQuery = { q, active: active === 'all' ? undefined : active, page, pageSize: PAGE_SIZE };
  return { q, apiQuery, search, setSearch, status, setStatus, go, onSearch };
}
