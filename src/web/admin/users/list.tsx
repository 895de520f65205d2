import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import type { Page as PageOf, User } from '../../api/types.ts';
import { useApi } from '../../api/use-api.ts';
import { useI18n } from '../../i18n/context.tsx';
import { useSession } from '../../session/session.tsx';
import { SelectField, TextField } from '../../ui/fields.tsx';
import { Badge, Empty, LoadError, Loading, Page, TableRegion } from '../../ui/page.tsx';
import { Pagination } from '../../ui/widgets.tsx';
import { listUrl, pageFrom, roleName, useRoles } from '../lookups.ts';

const PAGE_SIZE = 25;
const PATH = '/admin/users';

export function UsersList() {
  const { t, locale } = useI18n();
  const session = useSession();
  const { query, route } = useLocation();
  const page = pageFrom(query.page);
  const q = query.q ?? '';
  const active = query.active ?? 'true';
  const users = useApi<PageOf<User>>('/api/users', {
    q,
    active: active === 'all' ? undefined : active,
    page,
    pageSize: PAGE_SIZE,
  });
  const roles = useRoles();
  const roleByKey = new Map((roles.data?.items ?? []).map((role) => [role.key, role]));

  const [search, setSearch] = useState(q);
  const [status, setStatus] = useState(active);
  useEffect(() => {
    setSearch(q);
    setStatus(active);
  }, [q, active]);

  const go = (next: { q?: string; active?: string; page?: number }) =>
    route(listUrl(PATH, { q, active: active === 'true' ? undefined : active, page, ...next }));

  const onSearch = (event: Event) => {
    event.preventDefault();
    go({ q: search.trim(), active: status === 'true' ? undefined : status, page: 1 });
  };

  const items = users.data?.items ?? [];
  return (
    <Page
      title={t('users.list.title')}
      actions={
        session.can('user:create') && (
          <a class="button primary" href="/admin/users/new">
            {t('users.list.create')}
          </a>
        )
      }
    >
      <form class="filters" role="search" onSubmit={onSearch} aria-label={t('users.list.searchLabel')}>
        <TextField
          id="user-search"
          type="search"
          label={t('users.list.search')}
          value={search}
          onValue={setSearch}
          filter
          spellcheck={false}
        />
        <SelectField
          id="user-active"
          label={t('users.list.status')}
          value={status}
          onValue={setStatus}
          options={[
            { value: 'true', label: t('users.list.statusActive') },
            { value: 'false', label: t('users.list.statusInactive') },
            { value: 'all', label: t('users.list.statusAll') },
          ]}
        />
        <div class="form-actions">
          <button type="submit" class="button secondary">
            {t('common.search')}
          </button>
        </div>
      </form>

      {users.error && <LoadError error={users.error} retry={users.reload} />}
      {users.loading && !users.data && <Loading />}
      {users.data && items.length === 0 && (
        <Empty>{q ? t('users.list.noMatches', { q }) : t('users.list.empty')}</Empty>
      )}
      {items.length > 0 && (
        <>
          <TableRegion label={t('users.list.title')} busy={users.loading}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('users.field.username')}</th>
                  <th scope="col">{t('users.field.displayName')}</th>
                  <th scope="col">{t('users.field.roles')}</th>
                  <th scope="col">{t('users.field.status')}</th>
                  <th scope="col">{t('users.field.twoFactor')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((user) => (
                  <tr key={user.id}>
                    <th scope="row">
                      <a href={`/admin/users/${user.id}`}>
                        <code>{user.username}</code>
                      </a>
                    </th>
                    <td>{user.displayName}</td>
                    <td>
                      {user.roles
                        .map((assigned) => {
                          const role = roleByKey.get(assigned.key);
                          return role ? roleName(role, locale) : assigned.key;
                        })
                        .join(', ')}
                    </td>
                    <td>
                      {user.active ? (
                        <Badge kind="ok">{t('users.status.active')}</Badge>
                      ) : (
                        <Badge kind="muted">{t('users.status.inactive')}</Badge>
                      )}
                    </td>
                    <td>{user.twoFactorEnabled ? t('users.twoFactor.on') : t('users.twoFactor.off')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableRegion>
          <Pagination
            page={users.data!.page}
            pageSize={users.data!.pageSize}
            total={users.data!.total}
            onPage={(next) => go({ page: next })}
          />
        </>
      )}
    </Page>
  );
}
