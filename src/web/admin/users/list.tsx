import type { Page as PageOf, User } from '../../api/types.ts';
import { useApi } from '../../api/use-api.ts';
import { useI18n } from '../../i18n/context.tsx';
import { useSession } from '../../session/session.tsx';
import { SelectField, TextField } from '../../ui/fields.tsx';
import { activeColumn, ResourceTable } from '../../ui/data-table.tsx';
import { SearchForm } from '../../ui/form.tsx';
import { Page } from '../../ui/page.tsx';
import { roleName, useRoles } from '../lookups.ts';
import { useSearchWithStatus } from '../shared/search-filter.ts';

const PATH = '/admin/users';

export function UsersList() {
  const { t, locale } = useI18n();
  const session = useSession();
  const { q, apiQuery, search, setSearch, status, setStatus, go, onSearch } = useSearchWithStatus(
    PATH,
    'true',
  );
  const users = useApi<PageOf<User>>('/api/users', apiQuery);
  const roles = useRoles();
  const roleByKey = new Map((roles.data?.items ?? []).map((role) => [role.key, role]));

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
      <SearchForm label={t('users.list.searchLabel')} onSubmit={onSearch}>
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
      </SearchForm>

      <ResourceTable
        resource={users}
        label={t('users.list.title')}
        empty={q ? t('users.list.noMatches', { q }) : t('users.list.empty')}
        onPage={(next) => go({ page: next })}
        columns={[
          {
            header: t('users.field.username'),
            rowHeader: true,
            cell: (user) => (
              <a href={`/admin/users/${user.id}`}>
                <code>{user.username}</code>
              </a>
            ),
          },
          { header: t('users.field.displayName'), cell: (user) => user.displayName },
          {
            header: t('users.field.roles'),
            cell: (user) =>
              user.roles
                .map((assigned) => {
                  const role = roleByKey.get(assigned.key);
                  return role ? roleName(role, locale) : assigned.key;
                })
                .join(', '),
          },
          activeColumn(t('users.field.status'), {
            active: t('users.status.active'),
            inactive: t('users.status.inactive'),
          }),
          {
            header: t('users.field.twoFactor'),
            cell: (user) => (user.twoFactorEnabled ? t('users.twoFactor.on') : t('users.twoFactor.off')),
          },
        ]}
      />
    </Page>
  );
}
