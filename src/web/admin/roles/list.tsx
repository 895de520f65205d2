import { scopeLabel } from '../../access/labels.ts';
import { useI18n } from '../../i18n/context.tsx';
import { useSession } from '../../session/session.tsx';
import { Badge, Empty, LoadError, Loading, Page, TableRegion } from '../../ui/page.tsx';
import { roleName, rolePurpose, useRoles } from '../lookups.ts';

export function RolesList() {
  const { t, locale } = useI18n();
  const session = useSession();
  const roles = useRoles();
  const items = roles.data?.items ?? [];

  return (
    <Page
      title={t('roles.list.title')}
      actions={
        session.can('role:manage') && (
          <a class="button primary" href="/admin/roles/new">
            {t('roles.list.create')}
          </a>
        )
      }
    >
      <p class="lead">{t('roles.list.intro')}</p>
      {roles.error && <LoadError error={roles.error} retry={roles.reload} />}
      {roles.loading && !roles.data && <Loading />}
      {roles.data && items.length === 0 && <Empty>{t('roles.list.empty')}</Empty>}
      {items.length > 0 && (
        <TableRegion label={t('roles.list.title')} busy={roles.loading}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('roles.field.name')}</th>
                <th scope="col">{t('roles.field.purpose')}</th>
                <th scope="col">{t('roles.field.scope')}</th>
                <th scope="col">{t('roles.field.traits')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((role) => (
                <tr key={role.id}>
                  <th scope="row">
                    <a href={`/admin/roles/${role.id}`}>{roleName(role, locale)}</a>
                    <br />
                    <code class="hint">{role.key}</code>
                  </th>
                  <td>{rolePurpose(role, locale)}</td>
                  <td>{scopeLabel(t, role.scope)}</td>
                  <td class="traits">
                    {role.requiresTwoFactor && <Badge kind="info">{t('roles.trait.twoFactor')}</Badge>}{' '}
                    {role.aggregatesOnly && <Badge kind="warn">{t('roles.trait.aggregatesOnly')}</Badge>}{' '}
                    {role.builtIn && <Badge kind="muted">{t('roles.trait.builtIn')}</Badge>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      )}
    </Page>
  );
}
