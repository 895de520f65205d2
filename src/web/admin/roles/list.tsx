import { scopeLabel } from '../../access/labels.ts';
import { useI18n } from '../../i18n/context.tsx';
import { useSession } from '../../session/session.tsx';
import { ResourceTable } from '../../ui/data-table.tsx';
import { Badge, Page } from '../../ui/page.tsx';
import { roleName, rolePurpose, useRoles } from '../lookups.ts';

export function RolesList() {
  const { t, locale } = useI18n();
  const session = useSession();
  const roles = useRoles();

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
      <ResourceTable
        resource={roles}
        label={t('roles.list.title')}
        empty={t('roles.list.empty')}
        columns={[
          {
            header: t('roles.field.name'),
            rowHeader: true,
            cell: (role) => (
              <>
                <a href={`/admin/roles/${role.id}`}>{roleName(role, locale)}</a>
                <br />
                <code class="hint">{role.key}</code>
              </>
            ),
          },
          { header: t('roles.field.purpose'), cell: (role) => rolePurpose(role, locale) },
          { header: t('roles.field.scope'), cell: (role) => scopeLabel(t, role.scope) },
          {
            header: t('roles.field.traits'),
            class: 'traits',
            cell: (role) => (
              <>
                {role.requiresTwoFactor && <Badge kind="info">{t('roles.trait.twoFactor')}</Badge>}{' '}
                {role.aggregatesOnly && <Badge kind="warn">{t('roles.trait.aggregatesOnly')}</Badge>}{' '}
                {role.builtIn && <Badge kind="muted">{t('roles.trait.builtIn')}</Badge>}
              </>
            ),
          },
        ]}
      />
    </Page>
  );
}
